"""CI keeps the benchmark working: one quick run, every figure present. The times are not judged here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "bench.py"


def test_the_benchmark_runs_and_reports_every_figure(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    done = subprocess.run(
        [sys.executable, str(BENCH), "--quick", "--json", str(out)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "cold start ratio" in done.stdout
    report = json.loads(out.read_text())
    cold = report["cold_start"]
    for kind in ("late_mcp", "bare_mcpserver"):
        for step in ("initialize", "tools_list"):
            assert cold[kind][step]["median_ms"] > 0
    assert cold["ratio_initialize"] > 0
    assert report["tools_list"]["all"]["tools"] >= report["tools_list"]["default"]["tools"] >= 19
    assert report["tools_list"]["default"]["bytes"] > 0
    warm = report["warm_read"]
    assert warm["through_server"]["p95_ms"] >= warm["through_server"]["median_ms"] > 0
    assert warm["sandbox_alone"]["median_ms"] > 0
    assert report["concurrent_reads"]["errors"] == 0
    (retry,) = report["retry_all_failed"]
    assert (retry["found"], retry["succeeded"], retry["is_error"]) == (20, 20, False)
    assert report["peak_rss_mb"]["late_mcp_session"] > 0
    assert report["stdout_bad_lines"] == 0
    assert report["machine"]["cpus"] >= 1


def test_the_cost_of_asking_benchmark_runs_every_call() -> None:
    done = subprocess.run(
        [sys.executable, str(BENCH.with_name("asking.py")), "--latency", "0"],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines()[2:] if line.strip()]
    assert len(rows) == 15
    assert not [row for row in rows if "error:" in row]
    assert all(" POST posts" in row for row in rows if row.startswith("publish "))

"""Fault injection (in process and under a real uvicorn) and the runner."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest

from late_mcp.sandbox.faults import ConnectionDropped, FaultRule, Faults
from late_mcp.sandbox.runner import default_data_dir, start_sandbox

from .helpers import ROOT, future, target


def test_rules_parse_from_json_and_validate() -> None:
    faults = Faults.from_json('[{"path": "/v1/posts", "method": "post", "fail_count": 2}]')
    [rule] = faults.rules()
    assert (rule.path, rule.method, rule.status, rule.fail_count) == ("/api/v1/posts", "POST", 500, 2)
    with pytest.raises(ValueError, match="unknown"):
        FaultRule.from_dict({"path": "/api/v1/posts", "sttaus": 500})
    with pytest.raises(ValueError, match="path"):
        FaultRule.from_dict({"status": 500})
    assert Faults.from_json("").rules() == []
    assert faults.decide("POST", "/upload/abc") is None  # only /api/ paths


async def test_fail_count_then_recovers(client: httpx.AsyncClient) -> None:
    added = await client.post(
        f"{ROOT}/_sandbox/faults", json={"path": "/api/v1/accounts", "fail_count": 2, "status": 503, "retry_after": 7}
    )
    assert added.status_code == 201
    codes = []
    for _ in range(3):
        response = await client.get("/v1/accounts")
        codes.append(response.status_code)
        if response.status_code == 503:
            assert response.headers["retry-after"] == "7"
            assert "error" in response.json()
            assert "x-ratelimit-limit" in response.headers
    assert codes == [503, 503, 200]
    assert (await client.get("/v1/profiles")).status_code == 200  # other paths unaffected


async def test_a_rule_whose_failures_are_used_up_lets_the_next_rule_match(client: httpx.AsyncClient) -> None:
    """A counted rule that has failed its N times no longer hides the rules after it (it still counts hits)."""
    rules = [
        {"path": "/api/v1/accounts", "fail_count": 1, "status": 503},
        {"path": "/api/v1/accounts", "fail_count": 1, "status": 502},
        {"path": "/api/v1/*"},  # a do-nothing rule: counts, never hides what follows
        {"path": "/api/v1/accounts", "fail_count": 1, "status": 504},
    ]
    await client.post(f"{ROOT}/_sandbox/faults", json=rules)
    codes = [(await client.get("/v1/accounts")).status_code for _ in range(4)]
    assert codes == [503, 502, 504, 200]
    listed = (await client.get(f"{ROOT}/_sandbox/faults")).json()["rules"]
    assert [r["hits"] for r in listed] == [4, 3, 2, 2]


async def test_a_failure_after_the_work_is_done(client: httpx.AsyncClient) -> None:
    """`after` with a status: the post is created (and its answer stored under its key), the client gets a 502."""
    await client.post(
        f"{ROOT}/_sandbox/faults",
        json={"path": "/api/v1/posts", "method": "POST", "status": 502, "after": True, "fail_count": 1},
    )
    body = {"content": "done, answer lost", "platforms": [target("twitter")], "scheduledFor": future()}
    failed = await client.post("/v1/posts", json=body, headers={"Idempotency-Key": "k-after"})
    assert failed.status_code == 502
    listed = (await client.get("/v1/posts", params={"limit": 100})).json()["posts"]
    [made] = [p for p in listed if p["content"] == "done, answer lost"]
    again = await client.post("/v1/posts", json=body, headers={"Idempotency-Key": "k-after"})
    assert (again.status_code, again.headers["idempotent-replayed"]) == (201, "true")
    assert again.json()["post"]["_id"] == made["_id"]
    with pytest.raises(ValueError, match="after needs"):
        FaultRule.from_dict({"path": "/api/v1/posts", "after": True})


async def test_a_timeout_after_the_work_is_done_answers_late(client: httpx.AsyncClient) -> None:
    await client.post(
        f"{ROOT}/_sandbox/faults",
        json={"path": "/api/v1/posts", "method": "POST", "timeout": True, "timeout_s": 0.2, "after": True},
    )
    body = {"content": "slow answer", "platforms": [target("twitter")], "scheduledFor": future()}
    started = time.monotonic()
    response = await client.post("/v1/posts", json=body)
    assert response.status_code == 201
    assert time.monotonic() - started >= 0.19


async def test_glob_method_and_429_rules(client: httpx.AsyncClient) -> None:
    await client.post(
        f"{ROOT}/_sandbox/faults",
        json=[
            {"path": "/api/v1/posts/*", "method": "DELETE", "status": 429, "retry_after": 3},
        ],
    )
    assert (await client.get(f"/v1/posts/{'f' * 24}")).status_code == 404
    limited = await client.delete(f"/v1/posts/{'f' * 24}")
    assert limited.status_code == 429
    assert limited.headers["retry-after"] == "3"
    listed = (await client.get(f"{ROOT}/_sandbox/faults")).json()["rules"]
    assert listed[0]["hits"] == 1
    cleared = await client.delete(f"{ROOT}/_sandbox/faults")
    assert cleared.json() == {"rules": []}
    assert (await client.delete(f"/v1/posts/{'f' * 24}")).status_code == 404


async def test_latency(client: httpx.AsyncClient) -> None:
    await client.post(f"{ROOT}/_sandbox/faults", json={"path": "/api/v1/profiles", "latency_ms": 200})
    started = time.monotonic()
    assert (await client.get("/v1/profiles")).status_code == 200
    assert time.monotonic() - started >= 0.19


async def test_drop_in_process_raises_a_transport_error(client: httpx.AsyncClient) -> None:
    await client.post(
        f"{ROOT}/_sandbox/faults", json={"path": "/api/v1/posts", "method": "POST", "drop": True, "fail_count": 1}
    )
    with pytest.raises(httpx.RemoteProtocolError):
        await client.post(
            "/v1/posts", json={"content": "lost", "platforms": [target("twitter")], "scheduledFor": future()}
        )
    listed = (await client.get("/v1/posts", params={"limit": 100})).json()["posts"]
    assert all(p["content"] != "lost" for p in listed)  # dropped before processing


async def test_timeout_sleeps_then_processes(client: httpx.AsyncClient) -> None:
    await client.post(
        f"{ROOT}/_sandbox/faults", json={"path": "/api/v1/profiles", "timeout": True, "timeout_s": 0.2, "fail_count": 1}
    )
    started = time.monotonic()
    assert (await client.get("/v1/profiles")).status_code == 200
    assert time.monotonic() - started >= 0.19


def test_start_sandbox_drop_under_uvicorn_and_lost_response() -> None:
    faults = Faults(
        [FaultRule.from_dict({"path": "/api/v1/posts", "method": "POST", "drop": True, "after": True, "fail_count": 1})]
    )
    with start_sandbox(data_dir=":memory:", faults=faults) as running:
        assert running.base_url == f"{running.root_url}/api"
        assert running.root_url.startswith("http://127.0.0.1:")
        headers = {"Authorization": f"Bearer {running.api_key}"}
        body = {"content": "did it post?", "platforms": [target("twitter")], "publishNow": True}
        with pytest.raises(httpx.TransportError):
            httpx.post(f"{running.base_url}/v1/posts", json=body, headers=headers, timeout=5)
        posts = httpx.get(
            f"{running.base_url}/v1/posts", params={"status": "published", "limit": 100}, headers=headers, timeout=5
        ).json()["posts"]
        assert any(p["content"] == "did it post?" for p in posts)  # processed, then the response was lost
        retry = httpx.post(f"{running.base_url}/v1/posts", json=body, headers=headers, timeout=5)
        assert retry.status_code == 409  # a blind replay is caught as a duplicate

        running.faults.add({"path": "/api/v1/profiles", "drop": True, "fail_count": 1})
        with pytest.raises(httpx.TransportError):
            httpx.get(f"{running.base_url}/v1/profiles", headers=headers, timeout=5)
        assert httpx.get(f"{running.base_url}/v1/profiles", headers=headers, timeout=5).status_code == 200


def test_start_sandbox_on_disk_keeps_the_key(tmp_path: Path) -> None:
    with start_sandbox(data_dir=tmp_path) as first:
        key = first.api_key
        created = httpx.post(
            f"{first.base_url}/v1/profiles",
            json={"name": "Kept"},
            headers={"Authorization": f"Bearer {key}"},
            timeout=5,
        )
        assert created.status_code == 201
    with start_sandbox(data_dir=tmp_path) as second:
        assert second.api_key == key
        names = [
            p["name"]
            for p in httpx.get(
                f"{second.base_url}/v1/profiles", headers={"Authorization": f"Bearer {key}"}, timeout=5
            ).json()["profiles"]
        ]
        assert "Kept" in names
    with start_sandbox(data_dir=tmp_path, reset=True) as fresh:
        assert fresh.api_key != key
        assert (
            httpx.get(
                f"{fresh.base_url}/v1/profiles", headers={"Authorization": f"Bearer {key}"}, timeout=5
            ).status_code
            == 401
        )


def test_default_data_dir_follows_xdg(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    if sys.platform in ("win32", "darwin"):
        pytest.skip("XDG applies on Linux")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_data_dir() == tmp_path / "late-mcp" / "sandbox"


def test_cli_prints_only_to_stderr_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path)}
    proc = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from late_mcp.sandbox.runner import main; sys.exit(main(sys.argv[1:]))",
            "--port",
            "0",
            "--data-dir",
            ":memory:",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert proc.stderr is not None
    # Read the whole banner, however slow the start (a deadline here once cut the banner short on a busy
    # machine); a watchdog bounds a start that never comes.
    watchdog = threading.Timer(120, proc.kill)
    watchdog.start()
    lines = []
    for line in proc.stderr:
        lines.append(line)
        if "Ctrl-C" in line:
            break
    watchdog.cancel()
    text = "".join(lines)
    try:
        assert "LATE_BASE_URL=http://127.0.0.1:" in text
        assert "LATE_API_KEY=sk_" in text
        assert "upload-token" in text
        base = text.split("LATE_BASE_URL=", 1)[1].split()[0]
        key = text.split("LATE_API_KEY=", 1)[1].split()[0]
        assert (
            httpx.get(f"{base}/v1/accounts", headers={"Authorization": f"Bearer {key}"}, timeout=5).status_code == 200
        )
    finally:
        proc.send_signal(signal.SIGINT)
        out, _ = proc.communicate(timeout=20)
    assert proc.returncode == 0
    assert out == ""


def test_connection_dropped_is_an_httpx_transport_error() -> None:
    assert issubclass(ConnectionDropped, httpx.TransportError)

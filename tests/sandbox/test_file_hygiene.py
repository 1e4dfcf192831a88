"""The sandbox's files on disk: private from the moment they exist, served safely, and a bad data dir is one line.

The data dir holds the demo key and everything the user uploaded, so other local users must not read it, and not
even for the moment between creating a file and tightening its mode: that is why chmod is switched off below.
"""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from late_mcp.sandbox.app import create_app
from late_mcp.sandbox.seed import seeded_store

from .conftest import ROOT

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


@pytest.fixture
def loose_umask(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The usual umask (022: new files readable by everyone), and no way to tighten a file after creating it."""
    monkeypatch.setattr(os, "chmod", lambda *args, **kwargs: None)
    monkeypatch.setattr(Path, "chmod", lambda *args, **kwargs: None)
    old = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(old)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


async def test_everything_is_created_private(tmp_path: Path, loose_umask: None) -> None:
    data = tmp_path / "sandbox"
    store = seeded_store(data)
    try:
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=create_app(store)),
            base_url=f"{ROOT}/api",
            headers={"Authorization": f"Bearer {store.api_key}"},
        ) as client:
            presigned = (
                await client.post("/v1/media/presign", json={"filename": "a.png", "contentType": "image/png"})
            ).json()
            put = await client.put(presigned["uploadUrl"], content=PNG, headers={"Content-Type": "image/png"})
            assert put.status_code == 200
            served = await client.get(presigned["publicUrl"])
        assert served.status_code == 200
        assert served.headers["x-content-type-options"] == "nosniff"
        files = {p.name: _mode(p) for p in data.iterdir() if p.is_file()}
        assert {"api_key", "sandbox.sqlite3", "sandbox.sqlite3-wal"} <= set(files)
        assert files == dict.fromkeys(files, 0o600), files
        assert _mode(data) == 0o700
        assert _mode(data / "media") == 0o700
        [uploaded] = list((data / "media").iterdir())
        assert _mode(uploaded) == 0o600
    finally:
        store.close()


def test_files_left_readable_by_an_older_version_are_tightened(tmp_path: Path) -> None:
    data = tmp_path / "sandbox"
    seeded_store(data).close()
    for path in [data / "api_key", data / "sandbox.sqlite3", data / "media"]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    store = seeded_store(data)
    try:
        assert _mode(data / "api_key") == 0o600
        assert _mode(data / "sandbox.sqlite3") == 0o600
        assert _mode(data / "media") == 0o700
    finally:
        store.close()


@pytest.mark.parametrize(
    ("argv", "where"), [(["sandbox", "--port", "0"], "/proc/nope"), (["--sandbox"], "under-a-file")]
)
def test_a_bad_data_dir_is_a_one_line_error(tmp_path: Path, argv: list[str], where: str) -> None:
    if where == "under-a-file":
        (tmp_path / "plain").write_text("not a directory")
        where = str(tmp_path / "plain" / "sandbox")
    exe = Path(sys.executable).parent / "late-mcp"
    env = {k: v for k, v in os.environ.items() if not k.startswith("LATE_")}
    done = subprocess.run(
        [str(exe), *argv, "--data-dir", where],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        env=env,
    )
    assert done.returncode == 2, done.stderr
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    lines = done.stderr.strip().splitlines()
    assert len(lines) == 1, done.stderr
    assert where in lines[0]
    assert "data dir" in lines[0]

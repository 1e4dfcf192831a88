"""The Late API reference (seed 002 of the API documentation), for the tests that compare what we commit with it.

The seeds are not part of this repository: they sit beside the checkout (../shared/seeds) or where `LATE_SEEDS`
points. Only the comparison with the reference needs them; what the repository holds (the coverage table, the
documented tool parameters) is checked on every run. A comparison skips, saying why, when no seeds are beside the
checkout; it fails when `LATE_SEEDS` names a folder without the reference, because then the run asked for it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SEEDS = Path(os.environ.get("LATE_SEEDS") or Path(__file__).resolve().parents[2] / "shared" / "seeds")


def reference_text(*, required: bool = False) -> str:
    """The full API reference (seed 002). Where it is missing the calling test skips, or fails when the run asked
    for it: `LATE_SEEDS` is set, or `required` (rewriting a committed file from the reference)."""
    files = sorted(SEEDS.glob("002_*.txt"))
    if not files:
        reason = f"the API documentation seeds are not at {SEEDS}: the comparison with the API reference did not run"
        if required or os.environ.get("LATE_SEEDS"):
            pytest.fail(reason + " (this run asks for it)")
        pytest.skip(reason + " (point LATE_SEEDS at them to run it)")
    return files[0].read_text(encoding="utf-8")

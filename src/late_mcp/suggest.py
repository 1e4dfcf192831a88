"""Did-you-mean for names a person types: commands, hosts, platforms."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` Did you mean X?`` for the closest choice, or an empty string when none is close."""
    close = difflib.get_close_matches(word.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""

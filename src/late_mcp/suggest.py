"""Did-you-mean for names a person types: commands, hosts, platforms, time zones."""

from __future__ import annotations

import difflib
from collections.abc import Iterable


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` Did you mean X?`` for the closest choice, or an empty string when none is close."""
    close = difflib.get_close_matches(word.strip().lower(), list(choices), n=1, cutoff=0.6)
    return f" Did you mean {close[0]}?" if close else ""


def nearest(word: str, choices: Iterable[str], *, n: int = 3, cutoff: float = 0.75) -> list[str]:
    """The choices nearest `word` whatever their case, best first: only those about as near as the best one, so a
    clear typo ('Europe/Berln') gets its one answer and not every name that shares its letters."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word.strip().casefold())  # the side SequenceMatcher studies once
    scored = []
    for choice in choices:
        matcher.set_seq1(choice.casefold())
        if matcher.real_quick_ratio() >= cutoff and matcher.quick_ratio() >= cutoff:  # upper bounds, cheap first
            scored.append((matcher.ratio(), choice))
    scored.sort(key=lambda pair: -pair[0])
    if not scored or scored[0][0] < cutoff:
        return []
    best = scored[0][0]
    return [choice for score, choice in scored[:n] if score >= max(cutoff, best - 0.05)]

"""A series' `every` as models and people write it: "week", "Weekly", "every week", "daily", "2 weeks",
"biweekly", "every other month", "mondays", "weekdays".

The schema offers day, week and month; a model often sends the adjective or a phrase instead, and refusing
"weekly" costs a turn while refusing "biweekly" invites a retry with "week" (twice the posts asked for). So the
words are read here into a unit and an interval, and whatever the words, the result's description ("every 2
weeks on Monday") says what was made. Words that are days ("mondays", "weekdays") are the days of a weekly
series, as `on` would give them. "Bimonthly" and "twice a month" are refused: people mean either one of two
rhythms by the first, and the second is no single day of the month.
"""

from __future__ import annotations

import re
from typing import get_args

from ...errors import InputError
from ..slots import days_of
from .series import Every

#: the longest gap between two dates, a year: a series reaches at most two years ahead (platforms schedule no
#: further), so a longer gap would leave it one date
MAX_INTERVAL: dict[str, int] = {"day": 365, "week": 52, "month": 12}
_NAMED: dict[str, tuple[Every, int]] = {
    "daily": ("day", 1),
    "weekly": ("week", 1),
    "monthly": ("month", 1),
    "biweekly": ("week", 2),
    "fortnightly": ("week", 2),
    "fortnight": ("week", 2),
}
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "other": 2, "second": 2}
#: "every third week", "every 2nd day": an ordinal before a unit is the gap (before a weekday it is ambiguous)
_ORDINALS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
_PHRASE = re.compile(
    rf"^(?:every )?(?:(\d+|\d+(?:st|nd|rd|th)|{'|'.join([*_NUMBERS, *_ORDINALS])}) )?(day|week|month)s?$"
)
_NTH = re.compile(rf"^(?:every )?(\d+|{'|'.join(_NUMBERS)}) (\D+)$")
#: ordinals people use for a weekday of the month ("the 2nd Tuesday", "last Friday"): no rhythm of this tool
_OF_MONTH = re.compile(r"\b(?:\d+(?:st|nd|rd|th)|first|third|fourth|fifth|last)\b|\bof (?:the|each|every) month")
_AMBIGUOUS = ("bimonthly", "semimonthly", "twice a month", "semiweekly", "twice a week", "biannually")
_KINDS = get_args(Every)


def read_every(every: str, on: str | list[str]) -> tuple[Every, int, str | list[str]]:
    """The unit, how many of them from one date to the next, and the days (`on`, or the days `every` named)."""
    text = re.sub(r"[\s_-]+", " ", every.strip().casefold()).removesuffix(".")
    text = re.sub(r"^each ", "every ", text)  # "each monday" as "every monday"
    squeezed = text.replace(" ", "")
    if not squeezed:  # left empty: the default, as every other empty argument
        return "week", 1, on
    if squeezed in _NAMED:
        return (*_NAMED[squeezed], on)
    if any(squeezed == word.replace(" ", "") for word in _AMBIGUOUS):
        raise InputError(
            f"every={every!r} is not one rhythm (bimonthly is every two months to some, twice a month to others): "
            "say 'every 2 months' or 'every 2 weeks'; for two days a week use every='week' with on (e.g. "
            "on='mon,thu')."
        )
    found = _PHRASE.match(text)
    if found and found.group(1) not in ("1st", "first"):  # "every 1st week" may be the month's first: refused below
        return (found.group(2), _interval(found.group(1), every, found.group(2)), on)  # type: ignore[return-value]
    if _OF_MONTH.search(text):
        raise InputError(
            f"every={every!r}: a series does not repeat on the first, second or last weekday of a month; a monthly "
            "one keeps the start's day of the month. For every other Monday say every='every 2 weeks' with on='mon'."
        )
    nth = _NTH.match(text)  # "every other friday", "every 2 mondays": one weekday, every n weeks
    if nth and len(days_of(_days(nth.group(2), every, on))) == 1:
        return "week", _interval(nth.group(1), every, "week"), nth.group(2)
    return "week", 1, _days(text, every, on)


def _interval(word: str | None, every: str, unit: str) -> int:
    digits = (word or "").rstrip("stndrh")  # "2nd", "3rd", "14th": the number
    count = 1 if word is None else int(digits) if digits.isdigit() else {**_NUMBERS, **_ORDINALS}[word]
    if not 1 <= count <= MAX_INTERVAL[unit]:
        raise InputError(
            f"every={every!r}: the gap between dates is 1 to {MAX_INTERVAL[unit]} {unit}s (a year at most: a series "
            "reaches two years ahead at most, as far as platforms schedule)."
        )
    return count


def _days(text: str, every: str, on: str | list[str]) -> str | list[str]:
    """`every` that names days ("mondays", "every weekday"): the days of a weekly series."""
    words = text.removeprefix("every ").removeprefix("on ")
    try:
        if any(ch.isdigit() for ch in words):  # days_of reads 0-6 as day numbers: "2 mondays" is no Tuesday
            raise InputError(words)
        days_of(words, "every")
    except InputError:
        raise InputError(
            f"every={every!r} is not a rhythm: use {', '.join(_KINDS)} (or e.g. 'every 2 weeks'), and the weekdays "
            "in on (e.g. on='mon,thu')."
        ) from None
    if (on if isinstance(on, str) else "".join(on)).strip():
        raise InputError(f"every={every!r} names days and on={on!r} does too: give the days in on only.")
    return words

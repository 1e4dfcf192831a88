"""The gap between two dates as people write it: "weekly", "every other week", "fortnightly", "every 3 months",
"every 2nd day", "quarterly", read into a unit and how many of it.

Two tools read these words: a series' `every` (planner/every.py, which also takes weekdays and weekdays of the
month) and Late's recycling (posts/recycle.py, which has weeks and months only). The words mean the same in
both; each applies its own limits to the result.
"""

from __future__ import annotations

import re
from typing import Literal

Unit = Literal["day", "week", "month"]

NAMED: dict[str, tuple[Unit, int]] = {
    "daily": ("day", 1),
    "weekly": ("week", 1),
    "monthly": ("month", 1),
    "biweekly": ("week", 2),
    "fortnightly": ("week", 2),
    "quarterly": ("month", 3),
    "yearly": ("month", 12),
    "annually": ("month", 12),
}
#: words for a count before a unit or a weekday ("every other week", "every other Monday"; "second" before a
#: weekday is its place in the month: planner/every.py)
NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "other": 2, "second": 2}
#: "every third week", "every 2nd day": an ordinal before a unit is the gap (before a weekday it is ambiguous)
ORDINALS = {"third": 3, "fourth": 4, "fifth": 5, "sixth": 6}
#: a count as a regex group: digits, an ordinal in digits ("2nd"), or one of the words above
COUNT = rf"\d+|\d+(?:st|nd|rd|th)|{'|'.join([*NUMBERS, *ORDINALS])}"
#: units that are a whole number of another: a fortnight is 2 weeks, a quarter 3 months, a year 12
_UNITS: dict[str, tuple[Unit, int]] = {
    "day": ("day", 1),
    "week": ("week", 1),
    "month": ("month", 1),
    "fortnight": ("week", 2),
    "quarter": ("month", 3),
    "year": ("month", 12),
}
_GAP = re.compile(rf"^(?:every )?(?:({COUNT}) )?({'|'.join(_UNITS)})s?$")
#: words with two readings (bimonthly: every two months, or twice a month): never guessed
AMBIGUOUS = ("bimonthly", "semimonthly", "twice a month", "semiweekly", "twice a week", "biannually")


def normal(text: str) -> str:
    """Lower case, one space between words ("bi-weekly", "every_week"), no final period, "each" as "every"."""
    said = re.sub(r"[\s_-]+", " ", text.strip().casefold()).removesuffix(".").strip()
    return re.sub(r"^each ", "every ", said)


def ambiguous(text: str) -> bool:
    """Whether `text` (normal) holds a word with two readings, such as "bimonthly"."""
    squeezed = text.replace(" ", "")
    return any(word.replace(" ", "") in squeezed for word in AMBIGUOUS)


def count_of(word: str | None) -> int:
    """'2', '2nd', 'other', 'third' as a number; no word is one."""
    if word is None:
        return 1
    digits = word.rstrip("stndrh")  # "2nd", "3rd", "14th": the number
    return int(digits) if digits.isdigit() else {**NUMBERS, **ORDINALS}[word]


def read_gap(text: str) -> tuple[Unit, int] | None:
    """`text` (normal) as a unit and a count ("every other week": week, 2), or None when it is not a plain gap.
    "every first week" is None: it may mean the first week of each month."""
    squeezed = text.replace(" ", "")
    if squeezed in NAMED:
        return NAMED[squeezed]
    found = _GAP.match(text)
    if found is None or found.group(1) in ("1st", "first"):
        return None
    unit, times = _UNITS[found.group(2)]
    return unit, count_of(found.group(1)) * times

"""fitting_page: the page and limit a `more` names start at the very next post, and a walk never settles at one
post a call (the API pages by page and limit only)."""

from __future__ import annotations

import pytest
from pydantic import BaseModel

from late_mcp.tools._shared import ROWS_BUDGET, fitting_page


class Row(BaseModel):
    text: str


def rows(count: int, size: int = 10) -> list[Row]:
    return [Row(text="x" * size) for _ in range(count)]


@pytest.mark.parametrize(("page", "limit"), [(1, 1), (2, 1), (3, 2), (2, 5), (7, 3), (2, 9), (2, 10), (3, 20)])
def test_a_whole_page_goes_on_at_the_next_post(page: int, limit: int) -> None:
    size, after, step = fitting_page(rows(limit), page, limit)
    assert size == limit
    assert (after - 1) * step == page * limit  # the next page starts right after this one
    assert step == limit if limit >= 10 else limit <= step <= 10


def test_a_narrow_step_that_fits_is_followed_by_wider_ones() -> None:
    """posts_list_failed names "page=2 limit=1" for a status it showed one post of; that page fits, and kept,
    limit=1 walked the rest one post a call. Walked as each answer says, 59 posts after the first take 9 calls."""
    total, page, limit, shown, calls = 60, 2, 1, 1, 0
    while shown < total:
        count = min(limit, total - (page - 1) * limit)
        size, page_after, limit_after = fitting_page(rows(count), page, limit)
        assert (page - 1) * limit == shown  # each call starts at the very next row
        shown, page, limit, calls = shown + size, page_after, limit_after, calls + 1
    assert shown == total
    assert calls == 9  # 1, 2, 4, 8, 8, 8, 8, 10, 10


def test_a_cut_page_goes_on_at_the_next_post_whatever_it_is() -> None:
    """Page 2 of 13 cut after 10 rows goes on at row 23: only page 2 of 23 (or 24 of 1) starts there."""
    big = rows(13, 300)  # about 312 bytes a row: 10 fit the budget
    assert 13 * 312 > ROWS_BUDGET >= 10 * 313
    assert fitting_page(big, 2, 13) == (10, 2, 23)


def test_the_last_short_page_names_nothing_new() -> None:
    assert fitting_page(rows(3), 3, 5) == (3, 4, 5)

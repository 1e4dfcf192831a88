"""The bulk upload's row codes and warnings as sentences a model can act on: what is wrong, in which row, what to
send instead. The codes are the API's (BulkUploadResult `results[].errors`, machine-readable: `profiles_missing`,
`unknown_profile:<id>`, `rate_limited:<platform>:@<username>:<remaining>`...); each sentence ends with its code in
brackets, so the code can still be looked up. A code not known here is shown as the API sent it."""

from __future__ import annotations

from collections.abc import Callable

from ...errors import clause
from .bulk_csv import SHOWN

#: the schedule a row may give, for the sentences that ask for one
SCHEDULE = (
    "a schedule_time such as 2027-03-01T09:00 (with a tz column, e.g. Europe/Berlin), or publish_now, use_queue or "
    "is_draft set to true"
)

#: the codes whose sentence names no tool
FIXED = {
    "platforms_missing": "platforms is empty: give the platform names, e.g. 'twitter,linkedin'",
    "content_missing": "nothing to post: fill post_content, title or media_urls",
    "schedule_time_missing": f"no time to post at: give {SCHEDULE}",
}


def row_error(code: str, row: int | None, via: Callable[[str], str]) -> str:
    """One row's error code as a sentence naming the row (1 = the first after the header)."""
    where = f"row {row}" if row is not None else "a row"
    name, _, detail = code.partition(":")
    if code in FIXED:
        said = FIXED[code]
    elif code == "profiles_missing":
        said = "profiles is empty: give the id of the profile whose accounts post it; look the ids up "
        said += via("profiles_list")
    elif name == "unknown_profile":
        said = f"profiles names {detail!r}, which is no profile of this account: look the ids up {via('profiles_list')}"
    elif name == "no_account_for_platform":
        said = (
            f"the profiles it names have no connected {detail} account: drop {detail} from platforms, or name a "
            f"profile that has one; the accounts are listed {via('accounts_list')}"
        )
    elif name == "unknown_platform":
        said = f"platforms names {detail!r}, which Late does not post to"
    elif name == "rate_limited":
        platform, _, rest = detail.partition(":")
        who, _, left = rest.partition(":")
        said = (
            f"{platform} {who} is in a publishing cooldown ({left} left): send this row again after it, or drop "
            f"{platform} from platforms"
        )
    elif name.isdigit() and detail:  # a status the create of the row's post was answered with
        said, code = f"Late refused it: {detail}", f"HTTP {name}"
    elif name == "invalid" and detail:  # the message is the code's detail: not said twice
        said, code = f"Late refused it: {detail.replace(':', ': ', 1)}", name
    else:
        return f"{where}: {code}"
    return f"{where}: {clause(said)} ({code})."


def warning(code: str) -> str:
    """A top-level warning as a sentence; our own (already sentences) and unknown ones as they are."""
    name, _, detail = code.partition(":")
    if name == "unknown_columns":
        return (
            f"Late ignored the columns {detail.replace(',', ', ')}: not bulk CSV columns (it reads {SHOWN}) ({code})."
        )
    if name == "not_added_to_caption":
        return (
            f"{detail.replace(',', ' and ')} are stored on the posts, not added to their captions: put them in "
            f"post_content to show them ({code})."
        )
    if name == "rows_exceed_advisory_limit":
        return f"More than {detail} rows: Late advises at most {detail} per upload; split the file ({code})."
    return code

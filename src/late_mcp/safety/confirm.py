"""Asking the person before a write: which writes need it under each policy, and the words they are shown.

MCP-free: the tool layer turns `Question` into an elicitation and the answer back into go / stop.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import BaseModel, Field

from ..errors import LateError

#: LATE_CONFIRM values: confirm what goes live or destroys; also scheduled creates and updates; never
POLICIES = ("live", "all", "off")
Policy = Literal["live", "all", "off"]
#: what a write does: goes out or destroys something now; goes out later; changes nothing public; always asks
#: (approving a post for publication: the point of approval is that a person decides)
Reach = Literal["live", "scheduled", "quiet", "always"]

NOT_SUPPORTED = (
    "This host cannot ask you to confirm actions (no MCP elicitation support), so this went ahead without asking; "
    "set LATE_CONFIRM_REQUIRED=true to refuse such actions instead."
)
#: over stateless HTTP the host may well support elicitation, but only the 2026-07-28 protocol's input-required
#: rounds can carry a question there: the handshake era's `elicitation/create` needs a session to travel on
NOT_SUPPORTED_HTTP = (
    "This connection cannot ask you to confirm actions (over stateless HTTP only a client of the MCP 2026-07-28 "
    "protocol with elicitation can be asked), so this went ahead without asking; the server's operator can set "
    "LATE_CONFIRM_REQUIRED=true to refuse such actions instead."
)
#: the next step of a refusal by LATE_CONFIRM_REQUIRED over stateless HTTP, where the settings are the operator's
UNAVAILABLE_HTTP = (
    "Use a client of the MCP 2026-07-28 protocol that supports elicitation, or the server's operator sets "
    "LATE_CONFIRM_REQUIRED=false (or LATE_CONFIRM=off). Do not look for a way round it."
)
PREVIEW = 280


def needs_confirm(policy: str, reach: Reach) -> bool:
    if reach == "always":
        return True
    if policy == "off" or reach == "quiet":
        return False
    return reach == "live" or policy == "all"


class Confirm(BaseModel):
    """The form the person answers (primitive fields only, as elicitation requires)."""

    confirm: bool = Field(description="Yes, do it")


class Declined(LateError):
    """The person said no (or closed the question): nothing was sent."""

    hint = "That is their decision: do not retry or work round it. Ask them what they want changed, if anything."


class ConfirmUnavailable(LateError):
    """LATE_CONFIRM_REQUIRED=true and the host cannot ask the person."""

    hint = (
        "Use a host that supports MCP elicitation, or the person sets LATE_CONFIRM_REQUIRED=false (or "
        "LATE_CONFIRM=off). Do not look for a way round it."
    )


@dataclass(frozen=True)
class Line:
    """One account and what it gets."""

    platform: str
    account: str  # "@name", or the id when the name is unknown, or "" when the server picks the only one
    text: str


def describe(verb: str, lines: Sequence[Line], *, media: Sequence[str] = (), when: str = "") -> str:
    """The question: what will happen, where, with which text and media, and when. Deterministic for the same
    arguments (the SDK asks again when the words change between rounds), so no clock reading goes in it."""
    parts = [f"{verb}{(' ' + when) if when else ''}:"]
    for line in lines:
        who = f"{line.platform} {line.account}".strip()
        text = line.text if len(line.text) <= PREVIEW else line.text[: PREVIEW - 1] + "…"
        parts.append(f"- {who}: {text!r}" if text else f"- {who}")
    if media:
        kinds = ", ".join(f"{media.count(kind)} {kind}" for kind in dict.fromkeys(media))
        parts.append(f"Media: {len(media)} ({kinds})")
    parts.append("Confirm to go ahead.")
    return "\n".join(parts)


def declined(action: str) -> Declined:
    return Declined(f"The person declined ({action}): nothing was sent")


def closed(tool: str) -> Declined:
    """The question dismissed (the host's cancel): no answer, which is no yes; said as what happened, not as a no."""
    return Declined(f"The person closed the question without answering ({tool}): nothing was sent")

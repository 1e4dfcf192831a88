"""Reading and describing an API key without ever showing it.

The server strips stray whitespace and quotes (`Settings.from_env`), which hides the mistake from the
user; doctor and `config --with-key` read the raw value here so they can point it out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from ..config import ENV_VARS, PLACEHOLDER_KEYS

KEY_VAR = "LATE_API_KEY"
#: the variable and its aliases, in the order the server reads them
KEY_VARS: tuple[str, ...] = (KEY_VAR, *ENV_VARS[KEY_VAR][0])
KEY_PATTERN = re.compile(r"sk_[0-9a-fA-F]{64}")
#: what generated configs carry instead of a real key; doctor recognises these as "not filled in"
PLACEHOLDER = "sk_your_key_here"
PLACEHOLDERS = PLACEHOLDER_KEYS
#: what the server strips (Settings.from_env); curly quotes from word processors it does not
_QUOTES = "'\""
_ALL_QUOTES = "'\"“”‘’`"


def raw_key(env: Mapping[str, str]) -> tuple[str | None, str | None]:
    """(variable name, raw value) of the first non-blank key variable, as the server picks it."""
    for name in KEY_VARS:
        value = env.get(name)
        if value is not None and value.strip():
            return name, value
    return None, None


def clean_key(raw: str) -> str:
    """The key exactly as the server will use it (surrounding whitespace and straight quotes removed)."""
    return raw.strip().strip(_QUOTES).strip()


def is_well_formed(key: str) -> bool:
    return KEY_PATTERN.fullmatch(key) is not None


def preview(key: str) -> str:
    """`sk_a1b2…e1f2`: enough to tell keys apart, never enough to use one."""
    key = clean_key(key)
    if len(key) < 20:
        return f"({len(key)} characters)"
    return f"{key[:7]}…{key[-4:]}"


def flaws(raw: str) -> list[str]:
    """Human descriptions of what is wrong with a raw key value; empty when it is a clean key."""
    found: list[str] = []
    if raw != raw.strip():
        found.append("has spaces or line breaks around it")
    stripped = raw.strip()
    if stripped and (stripped[0] in _ALL_QUOTES or stripped[-1] in _ALL_QUOTES):
        found.append("is wrapped in quotes")
    key = clean_key(raw)
    if any(ch.isspace() for ch in key):
        found.append("has a space inside it")
    if not is_well_formed(key):
        if not key.startswith("sk_"):
            found.append("does not start with sk_")
        else:
            body = key[3:]
            if len(body) != 64:
                found.append(f"has {len(body)} characters after sk_ (a key has 64)")
            if any(ch not in "0123456789abcdefABCDEF" for ch in body if not ch.isspace()):
                found.append("has characters other than 0-9 and a-f after sk_")
    return found

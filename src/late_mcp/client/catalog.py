"""Every API operation the client's methods declare, for the README's coverage table and its tests.

Apart from :mod:`late_mcp.client._ops`, which every client module imports to declare its operations: listing them
all means importing every client module, which only a module above them all may do without an import cycle.
"""

from __future__ import annotations

import importlib
import pkgutil

from .. import client
from ._ops import OPERATIONS, Operation


def operations() -> list[Operation]:
    """Every declared operation, after importing every client module (some load only on first use)."""
    for module in pkgutil.iter_modules(client.__path__):
        importlib.import_module(f"{client.__name__}.{module.name}")
    return list(OPERATIONS)

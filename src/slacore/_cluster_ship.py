# Definitions on their way to cluster workers: policies, priority rules and
# agreements travel as one pickle of their definitions (calendars leave their
# compiled open time out of pickles), with a digest. A worker process unpickles a
# shipment once and keeps it, and equal calendars share one compiled engine per
# process (`_engine.engine_for`), so the first query on a worker compiles what it
# needs, once, and every later partition reuses it.

from __future__ import annotations

import hashlib
import pickle
import threading
from collections import OrderedDict
from typing import Any, Final, final

import attrs

#: How many shipments a process keeps unpickled (the last ones used).
KEPT: Final = 16

_LOADED: OrderedDict[str, Any] = OrderedDict()
_LOCK = threading.Lock()
_COUNTS = {"loads": 0}


@final
@attrs.frozen(repr=False)
class Shipment:
    """The pickled definitions a cluster job's partitions need, and their digest.

    Attributes:
        key: The SHA-256 of `blob`, naming the definitions in a worker's cache.
        blob: The pickle of the definitions.

    Examples:
        >>> shipment = Shipment.of(("policies", 1))
        >>> shipment.load() == ("policies", 1), shipment.size > 0
        (True, True)
    """

    key: str
    blob: bytes

    @classmethod
    def of(cls, value: object) -> Shipment:
        """The shipment of `value` (pickled now, on the driver)."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        return cls(hashlib.sha256(blob).hexdigest(), blob)

    @property
    def size(self) -> int:
        """The bytes one copy of the shipment takes on the wire."""
        return len(self.blob) + len(self.key)

    def load(self) -> Any:
        """The definitions, unpickled once per process and kept."""
        with _LOCK:
            found = _LOADED.get(self.key)
            if found is not None:
                _LOADED.move_to_end(self.key)
                return found
        value = pickle.loads(self.blob)  # noqa: S301 - the driver's own pickle
        with _LOCK:
            _COUNTS["loads"] += 1
            _LOADED[self.key] = value
            while len(_LOADED) > KEPT:
                _LOADED.popitem(last=False)
        return value

    def __repr__(self) -> str:
        return f"Shipment({self.key[:12]}, {len(self.blob)} bytes)"


def loads_so_far() -> int:
    """How many shipments this process has unpickled (each at most once, if kept).

    Examples:
        >>> before = loads_so_far()
        >>> shipment = Shipment.of("loads_so_far example")
        >>> _ = shipment.load(), shipment.load()
        >>> loads_so_far() - before
        1
    """
    return _COUNTS["loads"]

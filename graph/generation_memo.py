"""Values computed once per served store generation, with one builder per value at a time.

After a start or a load every cache is cold; many concurrent requests then ask for the same value.
:func:`per_generation` lets the first build it while the others wait for that result (single
flight), instead of each building its own copy. Values of older generations are dropped.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
MEMO_SIZE = 64

_memo: dict[tuple, object] = {}
_building: dict[tuple, threading.Lock] = {}
_lock = threading.Lock()


def per_generation(store, key: tuple, compute: Callable) -> T:
    """``compute(store.reader())`` for the generation ``store`` (a GraphStore) serves, computed once.

    Raises :class:`graph.store.StoreEmpty` when nothing is loaded.
    """
    generation = store.generation()
    reader = store.reader()  # raises StoreEmpty; opened before waiting so that a switch is seen
    full = (str(store.root), generation, *key)
    with _lock:
        if full in _memo:
            return _memo[full]
        building = _building.setdefault(full, threading.Lock())
    with building:
        with _lock:
            if full in _memo:
                return _memo[full]
        try:
            value = compute(reader)
        except BaseException:
            with _lock:
                _building.pop(full, None)
            raise
        with _lock:
            for old in [k for k in _memo if k[0] == full[0] and k[1] != generation]:
                del _memo[old]
            while len(_memo) >= MEMO_SIZE:
                del _memo[next(iter(_memo))]  # oldest first
            _memo[full] = value
            _building.pop(full, None)
    return value

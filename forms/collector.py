"""When Python's cyclic garbage collector may run: not while bulk work builds hundreds of thousands of objects.

An import, an export, a check and a sync batch each keep a whole county's rows alive, as small tuples, dicts and
strings that form no cycles; every pass of the collector walks them all again (a quarter of a 200,000-row
re-import's time). What they make is freed by reference counting, so they pause the collector (`paused`).

Pauses may overlap: the desktop app runs such work on its task threads while another runs. The collector comes
back on when the last pause ends, and only if it was on when the first began: a pause that restored what it alone
saw switched it back on under another still running, and switched on one the desktop app keeps off
(`desktop.collector`, which collects on the GUI thread instead and skips while a pause holds, `is_paused`).
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic collection in the block (nor in any other thread's, meanwhile), however it ends."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def is_paused() -> bool:
    """Whether bulk work holds the collector off now."""
    return _pauses > 0

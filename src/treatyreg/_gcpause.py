"""Pausing the cyclic garbage collector while many objects are built at once."""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["gc_paused"]


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a registry or its indexes are built.

    A load makes millions of small objects and no reference cycles; with the collector on,
    it walks them again and again, and an index built after the load makes it walk the
    whole registry again. Garbage is still freed by reference counting meanwhile. (After a
    load, `treatyreg.load` also freezes the registry's objects: `gc.freeze`.)

    >>> with gc_paused():
    ...     gc.isenabled()
    False
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()

"""The reader's limits against hostile input: a small module, so that what needs only the
limits (the CLI's options, the cache's key) does not import the YAML reader."""

from __future__ import annotations

import attrs

__all__ = ["Limits"]


@attrs.frozen
class Limits:
    """Bounds no honest registry reaches; past them a file is refused with TR008.

    >>> Limits().max_depth
    64
    """

    max_bytes: int = 64 * 1024 * 1024  # per file
    max_total_bytes: int = 256 * 1024 * 1024  # all files of one load together
    max_depth: int = 64
    max_alias_nodes: int = 100_000  # nodes reachable through aliases, counted as expanded
    max_problems: int = 10_000  # per file: past it, reading the file stops
    max_total_problems: int = 100_000  # all files: past it, no more files are read

"""A cache of validated registries, so that a load whose files are unchanged skips YAML.

An entry is keyed by what the registry was built from: every file's path and *content*
(BLAKE2b of its bytes, not its modification time), the reader's limits, and the code that
built it (the size and modification time of each of treatyreg's own modules, so that an
upgrade or an edit of the code is a miss). The value is the pickled `Registry`.

Pickle runs code when it is read, so an entry must be impossible to plant. The cache lives
only in the user's own cache directory (platformdirs' `user_cache_dir`, or an absolute
`TREATYREG_CACHE_DIR`), never in a registry's folder or the working directory; the
directory is created 0700 and refused unless it is owned by the user and closed to group
and others; each entry is refused unless it is a regular file owned by the user and
closed to others. Another user, or a checkout, can therefore neither write an entry nor
replace one. Anything else (a truncated, corrupted or foreign entry) is a miss, never an
error: the registry is then read from its files as usual.

Entries are written atomically (a temporary file renamed into place, so two processes
filling the same entry at once both leave a whole one), and the directory is kept under
`TREATYREG_CACHE_MAX_BYTES` (256 MiB unless set) by removing the least recently used.
`TREATYREG_NO_CACHE=1`, `load(..., cache=False)` or `--no-cache` turn it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from treatyreg._limits import Limits
    from treatyreg.registry import Registry

__all__ = ["Key", "cache_dir", "digest", "enabled", "get", "key", "put"]

_MAGIC: Final = b"treatyreg-cache-1\n"
_DEFAULT_MAX: Final = 256 * 1024 * 1024

Key = str


def enabled() -> bool:
    """Whether loads use the cache (not when `TREATYREG_NO_CACHE` is set to a true value)."""
    return os.environ.get("TREATYREG_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def cache_dir() -> Path | None:
    """The private directory of entries, created 0700 if missing; None when it cannot be
    used safely (a relative `TREATYREG_CACHE_DIR`, or a directory that is not the user's
    own or is open to group or others)."""
    chosen = os.environ.get("TREATYREG_CACHE_DIR")
    if chosen:
        path = Path(chosen)
        if not path.is_absolute():
            return None  # relative: it would follow the working directory (a checkout)
    else:
        try:
            import platformdirs
        except ImportError:  # pragma: no cover - a dependency
            return None
        path = Path(platformdirs.user_cache_dir("treatyreg", appauthor=False)) / "registries"
    try:
        path.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(path)
    except OSError:
        return None
    if not _private(st, directory=True):
        return None
    return path


def _private(st: os.stat_result, directory: bool) -> bool:
    """Owned by the user, of the right type (a symlink is not), closed to group and others
    for writing (and reading, for a directory)."""
    kind = stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)
    if not kind or (hasattr(os, "getuid") and st.st_uid != os.getuid()):
        return False
    closed = 0o077 if directory else 0o022
    return st.st_mode & closed == 0


def _code_fingerprint() -> bytes:
    """The code that builds registries: each module's name, size and modification time."""
    here = Path(__file__).parent
    parts = []
    for module in sorted(here.glob("*.py")):
        with contextlib.suppress(OSError):
            st = module.stat()
            parts.append(f"{module.name}:{st.st_size}:{st.st_mtime_ns}")
    return "\n".join(parts).encode()


def digest(data: bytes) -> bytes:
    """A file's content, as the key counts it."""
    return hashlib.blake2b(data, digest_size=32).digest()


def key(files: Iterable[tuple[str, bytes]], limits: Limits) -> Key:
    """The entry's name for these files (each path and `digest` of its content, in the
    order read), the limits and the code."""
    h = hashlib.blake2b(digest_size=20)
    h.update(_MAGIC)
    h.update(_code_fingerprint())
    h.update(repr(limits).encode())
    for name, content in files:
        h.update(b"\0file\0" + os.fsencode(name) + b"\0" + content)
    return h.hexdigest()


def get(entry: Key, outside: Iterable[Path] = ()) -> Registry | None:
    """The cached registry, or None (a miss: absent, not private, truncated, corrupted, or
    the cache directory lies inside one of the `outside` folders)."""
    folder = _usable(outside)
    if folder is None:
        return None
    path = folder / f"{entry}.pickle"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    try:
        with os.fdopen(fd, "rb") as handle:
            if not _private(os.fstat(handle.fileno()), directory=False):
                return None
            data = handle.read()
    except OSError:
        return None
    if not data.startswith(_MAGIC + entry.encode() + b"\n"):
        return None
    import pickle

    try:
        found = pickle.loads(data[len(_MAGIC) + len(entry) + 1 :])
    except Exception:  # truncated or corrupted: a miss, never an error
        with contextlib.suppress(OSError):
            path.unlink()
        return None
    from treatyreg.registry import Registry

    if not isinstance(found, Registry):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # recently used
    return found


def put(entry: Key, registry: Registry, outside: Iterable[Path] = ()) -> None:
    """Store the registry under `entry` (atomically), then keep the cache under its size."""
    folder = _usable(outside)
    if folder is None:
        return
    import pickle
    import tempfile

    try:
        payload = pickle.dumps(registry, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # not picklable: no entry
        return
    fd, name = tempfile.mkstemp(prefix=".tmp-", dir=folder)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(_MAGIC + entry.encode() + b"\n" + payload)
        os.chmod(name, 0o600)
        os.replace(name, folder / f"{entry}.pickle")
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(name)
        return
    _evict(folder)


def _usable(outside: Iterable[Path]) -> Path | None:
    folder = cache_dir()
    if folder is None:
        return None
    real = Path(os.path.realpath(folder))
    if real == Path(os.path.realpath(os.getcwd())):
        return None  # never the working directory
    for top in outside:  # never inside the registry's own folder
        top_real = Path(os.path.realpath(top))
        if real == top_real or top_real in real.parents:
            return None
    return folder


def _limit() -> int:
    try:
        return int(os.environ.get("TREATYREG_CACHE_MAX_BYTES", _DEFAULT_MAX))
    except ValueError:
        return _DEFAULT_MAX


def _evict(folder: Path) -> None:
    """Remove the least recently used entries until the cache fits its limit."""
    entries: list[tuple[float, int, Path]] = []
    for path in folder.glob("*.pickle"):
        with contextlib.suppress(OSError):
            st = path.stat()
            entries.append((st.st_mtime, st.st_size, path))
    total = sum(size for _, size, _ in entries)
    limit = _limit()
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            path.unlink()
            total -= size

"""A cache of validated registries, so that a load whose files are unchanged skips YAML.

An entry is keyed by what the registry was built from: every file's path and *content*
(BLAKE2b of its bytes, not its modification time), the reader's limits, and the code that
built it (the content of each of treatyreg's own modules, the Python version and Unicode
data, and which installed files of PyYAML and attrs are there: a rewrite changes a file's
inode or change time), so that an upgrade or an edit is a miss. The value is
the pickled `Registry`, after a checksum of it (SHA-256, bound to the key and to the cache
folder's inode): the checksum is checked before anything is unpickled, and an entry whose
bytes do not match it (one byte changed anywhere; an entry renamed, copied from another
folder or committed to a repository) is a miss and is removed. The checksum is no
signature: the user's own processes could compute it, so what keeps entries from being
planted are the rules below.

Pickle runs code when it is read, so an entry must be impossible to plant:

- The cache lives only in the user's own cache directory (platformdirs' `user_cache_dir`,
  from `XDG_CACHE_HOME` or `HOME`), or in an absolute `TREATYREG_CACHE_DIR`; wherever the
  path comes from, never a relative path (it would follow the working directory), a folder
  inside the working directory, or a folder inside a registry's folder (the folders named,
  and the folders of the files named). `/` and the home folder (the password database's,
  not `HOME`) are exempt, since they hold everything: there only the folder itself is
  refused (a registry file kept in the home folder; a job run from `/` or from home).
- The path is opened one component at a time from `/`, following no symlink; every folder
  on the way must belong to root or the user and be writable by no one else (unless it is
  sticky, as `/tmp` is); the cache folder itself must belong to the user and be closed to
  group and others (it is created 0700). Every later step goes through that open folder,
  so the path cannot be swapped underneath.
- An entry is read only if it is a regular file (not a symlink) that belongs to the user
  and is writable by no one else.

Anything else (a truncated, corrupted or foreign entry, a cache folder that cannot be used,
any error at all) is a miss, never an error: the registry is then read from its files.
Entries are written atomically (a temporary file renamed into place); the folder is kept
under `TREATYREG_CACHE_MAX_BYTES` (256 MiB unless set) by removing the least recently used
entries (only files named as entries, and temporary files left by a killed process); an
entry larger than that is not written at all.
`TREATYREG_NO_CACHE=1`, `load(..., cache=False)` or `--no-cache` turn it off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from treatyreg._limits import Limits
    from treatyreg.registry import Registry

__all__ = ["Key", "cache_dir", "clear", "digest", "enabled", "get", "info", "key", "put", "refused"]

_MAGIC: Final = b"treatyreg-cache-3\n"
_DEFAULT_MAX: Final = 256 * 1024 * 1024
_ENTRY: Final = re.compile(r"[0-9a-f]{40}\.pickle")
_TEMPORARY: Final = re.compile(r"\.tmp-[0-9]+-[0-9a-f]{16}")
_STALE_TEMPORARY: Final = 3600  # seconds after which a temporary file was left by a crash

Key = str


# Why the cache folder was refused since `refused` was last called.
_REFUSED: list[str] = []


def enabled() -> bool:
    """Whether loads use the cache (not when `TREATYREG_NO_CACHE` is set to a true value)."""
    return os.environ.get("TREATYREG_NO_CACHE", "").strip().lower() not in ("1", "true", "yes")


def cache_dir() -> Path | None:
    """Where the entries are: an absolute `TREATYREG_CACHE_DIR`, else the user's cache
    directory; None when there is none (a relative override, no home directory)."""
    chosen = os.environ.get("TREATYREG_CACHE_DIR")
    if chosen:
        path = Path(chosen)
        return Path(os.path.normpath(path)) if path.is_absolute() else None
    try:
        import platformdirs

        base = Path(platformdirs.user_cache_dir("treatyreg", appauthor=False))
    except Exception:  # no home directory to put it in
        return None
    return Path(os.path.normpath(base / "registries")) if base.is_absolute() else None


def _home() -> list[Path]:
    """The user's home folder (its real path) as the password database has it, when there
    is one: not `HOME`, which a checkout's tooling may point into the checkout."""
    try:
        import pwd

        home = pwd.getpwuid(os.getuid()).pw_dir
    except (ImportError, KeyError, OSError):  # not POSIX; a user with no entry
        return []
    return [Path(os.path.realpath(home))] if os.path.isabs(home) else []


def _uid() -> int:
    return os.getuid() if hasattr(os, "getuid") else -1


def _safe_ancestor(st: os.stat_result) -> bool:
    """A folder on the way: root's or the user's, writable by no one else unless sticky."""
    if _uid() >= 0 and st.st_uid not in (0, _uid()):
        return False
    return not (st.st_mode & 0o022) or bool(st.st_mode & stat.S_ISVTX)


def _private(st: os.stat_result, directory: bool) -> bool:
    """The user's own, of the right type, closed to others for writing (and, for the
    folder, for reading)."""
    kind = stat.S_ISDIR(st.st_mode) if directory else stat.S_ISREG(st.st_mode)
    if not kind or (_uid() >= 0 and st.st_uid != _uid()):
        return False
    return st.st_mode & (0o077 if directory else 0o022) == 0


@contextlib.contextmanager
def _opened(outside: Iterable[Path], why: list[str] | None = None) -> Iterator[int | None]:
    """The cache folder, opened safely (see the module's notes), or None (and, in `why`,
    the reason)."""
    said = why if why is not None else _REFUSED
    path = cache_dir()
    if path is None:
        said.append("no cache folder (TREATYREG_CACHE_DIR is not absolute, or no home folder)")
        yield None
        return
    if not hasattr(os, "O_NOFOLLOW") or not hasattr(os, "O_DIRECTORY"):
        said.append("this system cannot open folders without following links")
        yield None
        return
    try:
        cwd = Path(os.path.realpath(os.getcwd()))
    except OSError:  # the working directory was removed
        cwd = None
    forbidden = [Path(os.path.realpath(p)) for p in outside]
    if cwd is not None:  # wherever the path came from: `TREATYREG_CACHE_DIR`,
        forbidden.append(cwd)  # `XDG_CACHE_HOME` or `HOME`, never under the working dir
    # `/` and the home folder hold everything (a job run from `/` or from home, a registry
    # file kept in the home folder): only the folder itself is refused there, not what is
    # inside it
    broad = {Path("/"), *_home()}
    if path == cwd or any(path == f or (f in path.parents and f not in broad) for f in forbidden):
        said.append(
            f"its folder {path} is inside the working directory or a registry's folder, "
            "where a checkout could plant entries (set TREATYREG_CACHE_DIR elsewhere)"
        )
        yield None
        return
    flags = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
    fd = os.open("/", os.O_RDONLY | os.O_DIRECTORY)
    try:
        parts = path.parts[1:]
        for i, part in enumerate(parts):
            last = i == len(parts) - 1
            try:
                child = os.open(part, flags, dir_fd=fd)
            except FileNotFoundError:
                os.mkdir(part, 0o700, dir_fd=fd)
                child = os.open(part, flags, dir_fd=fd)
            os.close(fd)
            fd = child
            st = os.fstat(fd)
            if not (_private(st, directory=True) if last else _safe_ancestor(st)):
                where = Path("/", *parts[: i + 1])
                said.append(
                    f"{where} is not the user's own and closed to others"
                    if last
                    else f"{where}, on the way to it, is writable by others or not root's or "
                    "the user's"
                )
                yield None
                return
        if not _private(os.fstat(fd), directory=True):  # also when the path is "/"
            said.append(f"{path} is not the user's own and closed to others")
            yield None
            return
        yield fd
    finally:
        os.close(fd)


def refused() -> str | None:
    """Why a load since the last call could not use the cache (its folder refused), or None
    when it could or the cache was off on purpose; and forget it. A command says it once."""
    found = _REFUSED[0] if _REFUSED else None
    _REFUSED.clear()
    return found


def info() -> dict[str, object]:
    """The cache as `treatyreg cache info` shows it: its folder, whether it is on (and
    why not), its entries and their bytes, and its limit."""
    where = cache_dir()
    found: dict[str, object] = {
        "folder": None if where is None else str(where),
        "on": enabled(),
        "why_off": None if enabled() else "TREATYREG_NO_CACHE is set",
        "entries": 0,
        "bytes": 0,
        "limit": _limit(),
    }
    why: list[str] = []
    try:
        with _opened((), why) as folder:
            if folder is None:
                found["why_off"] = found["why_off"] or (why[0] if why else "unknown")
                return found
            sizes = []
            for name in os.listdir(folder):
                with contextlib.suppress(OSError):
                    st = os.stat(name, dir_fd=folder, follow_symlinks=False)
                    if _ENTRY.fullmatch(name) and stat.S_ISREG(st.st_mode):
                        sizes.append(st.st_size)
            found.update(entries=len(sizes), bytes=sum(sizes))
    except OSError as error:
        found["why_off"] = f"its folder cannot be opened ({error.strerror or error})"
    return found


def clear() -> int:
    """Remove every entry (and temporary file) of the cache; the number of entries removed.
    Nothing else in the folder is touched."""
    removed = 0
    with _opened(()) as folder:
        if folder is None:
            return 0
        for name in os.listdir(folder):
            if _ENTRY.fullmatch(name) or _TEMPORARY.fullmatch(name):
                with contextlib.suppress(OSError):
                    st = os.stat(name, dir_fd=folder, follow_symlinks=False)
                    if stat.S_ISREG(st.st_mode):
                        os.unlink(name, dir_fd=folder)
                        removed += bool(_ENTRY.fullmatch(name))
    return removed


def digest(data: bytes) -> bytes:
    """A file's content, as the key counts it."""
    return hashlib.blake2b(data, digest_size=32).digest()


_FINGERPRINT: list[bytes] = []


def _identity(st: os.stat_result) -> str:
    """An installed file as it is now: any rewrite (an upgrade, an edit) changes its inode
    or its change time, which no program can set back. Reading PyYAML's compiled reader
    (2.7 MB) to hash its content took 11 ms of every warm command."""
    return f"{st.st_dev}:{st.st_ino}:{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}"


def _code_fingerprint(package: Path | None = None) -> bytes:
    """What builds a registry: the content of treatyreg's modules and data files, the
    Python version and Unicode data, and the installed files of PyYAML and attrs (found
    without importing them; each by its `_identity`). Computed once per process for the
    installed package."""
    if package is None and _FINGERPRINT:
        return _FINGERPRINT[0]
    import importlib.util
    import unicodedata

    h = hashlib.blake2b(digest_size=32)
    here = package or Path(__file__).parent
    for module in sorted([*here.glob("*.py"), *here.glob("*.json")]):
        with contextlib.suppress(OSError):
            h.update(module.name.encode() + b"\0" + digest(module.read_bytes()))
    h.update(f"{sys.version}\0{unicodedata.unidata_version}".encode())
    for name in ("yaml", "attr"):  # their files, found without importing them
        with contextlib.suppress(Exception):
            spec = importlib.util.find_spec(name)
            if spec is not None and spec.origin is not None:
                for found in sorted(Path(spec.origin).parent.iterdir()):
                    st = found.stat()
                    if stat.S_ISREG(st.st_mode):
                        h.update(f"{found.name}\0{_identity(st)}\0".encode())
    h.update(os.environb.get(b"PYYAML_FORCE_LIBYAML", b"") if os.name != "nt" else b"")
    value = h.digest()
    if package is None:
        _FINGERPRINT.append(value)
    return value


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
    """The cached registry, or None (a miss: absent, not private, truncated, corrupted,
    a cache folder that cannot be used safely, or any error)."""
    try:
        with _opened(outside) as folder:
            if folder is None:
                return None
            return _get(folder, entry)
    except Exception:  # a miss, never an error
        return None


def _checksum(entry: Key, folder: int, payload: bytes | memoryview) -> bytes:
    """What an entry carries before its payload: SHA-256 (hardware-assisted on most CPUs,
    twice BLAKE2b's speed here) of the payload, bound to the entry's key (an entry renamed
    is a miss) and to the inode of the cache folder it is in (`folder`): an entry written
    anywhere else, such as one committed to a repository (a clone makes a new folder, whose
    inode its writer cannot know), or the cache folder copied, is a miss. It is not a
    signature: a process of the user's that writes into the cache folder itself can compute
    it, which is why the folder's rules matter."""
    h = hashlib.sha256(_MAGIC + entry.encode() + b"\0" + str(folder).encode() + b"\0")
    h.update(payload)
    return h.hexdigest().encode()


def _framed(entry: Key, folder: int, payload: bytes) -> bytes:
    """An entry as it is written in the cache folder whose inode is `folder`: the magic
    line, the key, the checksum, the payload."""
    checksum = _checksum(entry, folder, payload)
    return _MAGIC + entry.encode() + b"\n" + checksum + b"\n" + payload


def _discard(folder: int, name: str, st: os.stat_result) -> None:
    """Remove a damaged entry, if the name still is the file that was read."""
    with contextlib.suppress(OSError):
        now = os.stat(name, dir_fd=folder, follow_symlinks=False)
        if (now.st_dev, now.st_ino) == (st.st_dev, st.st_ino):
            os.unlink(name, dir_fd=folder)


def _get(folder: int, entry: Key) -> Registry | None:
    name = f"{entry}.pickle"
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=folder)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        st = os.fstat(handle.fileno())
        if not _private(st, directory=False) or st.st_nlink != 1:
            return None
        data = handle.read()
    head = _MAGIC + entry.encode() + b"\n"
    start = len(head) + 65  # the checksum's 64 hex digits and a newline
    payload = memoryview(data)[start:]  # not a copy
    # checked before anything is unpickled: one changed byte anywhere is a miss
    if not (
        data.startswith(head)
        and data[start - 1 : start] == b"\n"
        and data[len(head) : start - 1] == _checksum(entry, os.fstat(folder).st_ino, payload)
    ):
        _discard(folder, name, st)
        return None
    import pickle

    from treatyreg.registry import Registry

    try:
        found = pickle.loads(payload)
    except Exception:  # not what this version wrote: a miss
        return None
    if not isinstance(found, Registry):
        return None
    with contextlib.suppress(OSError):  # recently used, to the nanosecond
        now = time.time_ns()
        os.utime(name, ns=(now, now), dir_fd=folder, follow_symlinks=False)
    return found


def put(entry: Key, registry: Registry, outside: Iterable[Path] = ()) -> None:
    """Store the registry under `entry` (atomically), then keep the cache under its size;
    any failure leaves the cache as it was."""
    try:
        with _opened(outside) as folder:
            if folder is not None:
                _put(folder, entry, registry)
    except Exception:  # not picklable, a full or read-only disk: no entry
        return


def _put(folder: int, entry: Key, registry: Registry) -> None:
    import pickle

    payload = pickle.dumps(registry, protocol=pickle.HIGHEST_PROTOCOL)
    framed = _framed(entry, os.fstat(folder).st_ino, payload)
    if len(framed) > _limit():  # it could only evict every entry, then itself
        _evict(folder, entries=False)
        return
    temporary = f".tmp-{os.getpid()}-{os.urandom(8).hex()}"
    fd = os.open(
        temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600, dir_fd=folder
    )
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(framed)
            now = time.time_ns()  # the same clock as a hit's, for the LRU order
            os.utime(handle.fileno(), ns=(now, now))
        os.replace(temporary, f"{entry}.pickle", src_dir_fd=folder, dst_dir_fd=folder)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary, dir_fd=folder)
    _evict(folder)


def _limit() -> int:
    """`TREATYREG_CACHE_MAX_BYTES`, or 256 MiB when it is unset, not a number or negative."""
    try:
        limit = int(os.environ.get("TREATYREG_CACHE_MAX_BYTES", _DEFAULT_MAX))
    except ValueError:
        return _DEFAULT_MAX
    return limit if limit >= 0 else _DEFAULT_MAX


def _evict(folder: int, entries: bool = True) -> None:
    """Remove temporary files a crash left, then (unless `entries` is false) the least
    recently used entries until the cache fits its limit; nothing else in the folder is
    touched."""
    found: list[tuple[int, int, str]] = []
    now = time.time()
    for name in os.listdir(folder):
        with contextlib.suppress(OSError):
            st = os.stat(name, dir_fd=folder, follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode):
                continue
            if _TEMPORARY.fullmatch(name) and now - st.st_mtime > _STALE_TEMPORARY:
                os.unlink(name, dir_fd=folder)
            elif _ENTRY.fullmatch(name):
                found.append((st.st_mtime_ns, st.st_size, name))
    if not entries:
        return
    total = sum(size for _, size, _ in found)
    limit = _limit()
    for _, size, name in sorted(found):
        if total <= limit:
            break
        with contextlib.suppress(OSError):
            os.unlink(name, dir_fd=folder)
            total -= size

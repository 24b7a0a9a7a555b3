"""Loading a registry: find the files, read, convert, check, and build the Registry."""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import stat
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Final

import attrs

from treatyreg import _cache
from treatyreg._gcpause import gc_paused
from treatyreg._limits import Limits
from treatyreg.diagnostics import Diagnostic, Severity, ValidationError, sort_key
from treatyreg.errors import RegistryNotFoundError
from treatyreg.registry import Registry

if TYPE_CHECKING:
    from treatyreg._convert import Converted

# The YAML reader, the converter and the checks are imported when a file is read: a load
# from the cache of validated registries needs none of them.

__all__ = [
    "Checked",
    "default_path",
    "find_files",
    "load",
    "load_default",
    "loads",
    "validate",
    "validation",
]

_SUFFIXES = (".yaml", ".yml")  # matched whatever their case: `b.YAML` is read too
PathLike = str | os.PathLike[str]
_READ_FLAGS: Final = (
    os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOCTTY", 0)
)
_NOFOLLOW: Final = getattr(os, "O_NOFOLLOW", 0)


def _problem(path: str, code: str, message: str, hint: str | None = None) -> Diagnostic:
    return Diagnostic.of(path, 1, 1, code, message, hint)


def _is_registry_name(name: str) -> bool:
    return name.lower().endswith(_SUFFIXES) and not name.startswith(".")


def _inside(real: str, root: str) -> bool:
    return real == root or real.startswith(root.rstrip(os.sep) + os.sep)


@attrs.frozen
class _Entry:
    """A file to read: `follow` when it may be opened through a symlink (a path named by
    the user, or a link found to stay inside the folder)."""

    path: Path
    follow: bool


def _walk(top: Path, problems: list[Diagnostic]) -> list[_Entry]:
    """The registry files under folder `top`, sorted, depth first; without following any
    symlink out of it, and with every entry refused or unreadable reported."""
    root = os.path.realpath(top)
    found: list[_Entry] = []
    seen: set[tuple[int, int]] = set()
    stack = [str(top)]  # an explicit stack: a deep tree of folders cannot overflow Python's
    while stack:
        folder = stack.pop()
        try:
            st = os.stat(folder)
            if (st.st_dev, st.st_ino) in seen:  # reached again through a symlink inside
                continue
            seen.add((st.st_dev, st.st_ino))
            with os.scandir(folder) as scan:
                entries = sorted(scan, key=lambda e: e.name)
        except OSError as error:
            problems.append(
                _problem(folder, "TR001", f"cannot read folder {folder!r}: {error.strerror}")
            )
            continue
        subfolders: list[str] = []
        for entry in entries:
            name = entry.name
            if name.startswith("."):  # .git, .github, editors' files: not the registry
                continue
            try:
                if entry.is_symlink():
                    _symlink(entry, root, name, found, subfolders, problems)
                elif entry.is_dir(follow_symlinks=False):
                    subfolders.append(entry.path)
                elif _is_registry_name(name):
                    if entry.is_file(follow_symlinks=False):
                        found.append(_Entry(Path(entry.path), follow=False))
                    else:
                        problems.append(_not_regular(entry.path))
            except OSError as error:
                problems.append(
                    _problem(entry.path, "TR001", f"cannot read {entry.path!r}: {error.strerror}")
                )
        stack.extend(reversed(subfolders))
    return found


def _symlink(
    entry: os.DirEntry[str],
    root: str,
    name: str,
    found: list[_Entry],
    subfolders: list[str],
    problems: list[Diagnostic],
) -> None:
    """A symlink in a folder is followed only when it stays inside the folder."""
    try:
        st = os.stat(entry.path)
    except OSError as error:  # broken, or a loop
        if _is_registry_name(name):
            why = "loops" if error.errno == errno.ELOOP else "is broken"
            problems.append(
                _problem(entry.path, "TR011", f"symlink {entry.path!r} {why}; not read")
            )
        return
    is_dir = stat.S_ISDIR(st.st_mode)
    if not is_dir and not _is_registry_name(name):
        return
    if not _inside(os.path.realpath(entry.path), root):
        what = "folder" if is_dir else "file"
        problems.append(
            _problem(
                entry.path,
                "TR011",
                f"symlink {entry.path!r} leads out of the folder; refused",
                f"a registry's files are read only inside it; copy the {what} in if it belongs",
            )
        )
    elif is_dir:
        subfolders.append(entry.path)
    elif stat.S_ISREG(st.st_mode):
        found.append(_Entry(Path(entry.path), follow=True))
    else:
        problems.append(_not_regular(entry.path))


def _not_regular(path: str) -> Diagnostic:
    return _problem(
        path,
        "TR011",
        f"{path!r} is not a regular file (a FIFO, device or socket); refused",
    )


def _entries(paths: Iterable[PathLike]) -> tuple[list[_Entry], list[Diagnostic]]:
    files: list[_Entry] = []
    problems: list[Diagnostic] = []
    for raw in paths:
        path = Path(raw)
        try:
            is_dir = stat.S_ISDIR(os.stat(path).st_mode)
        except FileNotFoundError:
            problems.append(_problem(str(raw), "TR001", f"{str(raw)!r} does not exist"))
            continue
        except OSError as error:  # a folder on the way that cannot be searched, a long name
            problems.append(
                _problem(str(raw), "TR001", f"cannot read {str(raw)!r}: {error.strerror}")
            )
            continue
        if is_dir:
            before = len(problems)
            found = _walk(path, problems)
            if not found and len(problems) == before:
                problems.append(
                    _problem(str(raw), "TR001", f"no registry file (*.yaml, *.yml) in {str(raw)!r}")
                )
            files += found
        else:  # a file named on purpose is read, whatever its name
            files.append(_Entry(path, follow=True))
    return files, problems


def find_files(paths: Iterable[PathLike]) -> tuple[list[Path], list[Diagnostic]]:
    """The registry files named, or found under folders (recursively, sorted; `*.yaml` and
    `*.yml` in any case; hidden entries such as `.git` skipped); a path that does not
    exist, a folder with no registry file, or one that cannot be read is a TR001
    diagnostic, and a symlink that leaves its folder, is broken or loops, or an entry that
    is not a regular file (FIFO, device, socket) is a TR011 one.

    >>> files, problems = find_files([default_path()])
    >>> [f.name for f in files], problems
    (['agreements.yaml'], [])
    """
    entries, problems = _entries(paths)
    return [e.path for e in entries], problems


class _Budget:
    """What is left of `Limits.max_total_bytes` for the files still to read."""

    def __init__(self, limits: Limits) -> None:
        self.left = limits.max_total_bytes


def _read(
    entry: _Entry, limits: Limits, budget: _Budget, seen: set[tuple[int, int]]
) -> bytes | Diagnostic | None:
    """The bytes of one file, read without blocking and without reading past the limits;
    None when the same file was read already (through another path or a link)."""
    name = str(entry.path)
    flags = _READ_FLAGS if entry.follow else _READ_FLAGS | _NOFOLLOW
    try:
        fd = os.open(entry.path, flags)
    except OSError as error:
        if error.errno == errno.ELOOP:
            return _problem(name, "TR011", f"symlink {name!r} loops or appeared; not read")
        return _problem(name, "TR001", f"cannot read {name!r}: {error.strerror}")
    with os.fdopen(fd, "rb", buffering=0) as handle:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISDIR(st.st_mode):
                return _problem(name, "TR001", f"{name!r} is a folder where a file was expected")
            return _not_regular(name)
        if (st.st_dev, st.st_ino) in seen:
            return None
        seen.add((st.st_dev, st.st_ino))
        if st.st_size > limits.max_bytes:
            return _too_big(name, st.st_size, limits)
        if st.st_size > budget.left:
            return _over_budget(name, limits)
        try:  # at most one byte past the limits, even if the file grows while read
            data = _read_at_most(handle, min(limits.max_bytes, budget.left) + 1)
        except OSError as error:
            return _problem(name, "TR001", f"cannot read {name!r}: {error.strerror}")
    if len(data) > limits.max_bytes:
        return _too_big(name, len(data), limits)
    if len(data) > budget.left:
        return _over_budget(name, limits)
    budget.left -= len(data)
    return data


def _read_at_most(handle: BinaryIO, size: int) -> bytes:
    """Up to `size` bytes, however many reads the system needs to give them."""
    chunks: list[bytes] = []
    while size > 0:
        chunk = handle.read(size)
        if not chunk:
            break
        chunks.append(chunk)
        size -= len(chunk)
    return b"".join(chunks)


def _too_big(name: str, size: int, limits: Limits) -> Diagnostic:
    return _problem(
        name,
        "TR008",
        f"file is {size} bytes, over the limit of {limits.max_bytes}",
        "split the registry into several files",
    )


def _over_budget(name: str, limits: Limits) -> Diagnostic:
    return _problem(
        name,
        "TR008",
        f"not read: the files read before it reach the limit of {limits.max_total_bytes} bytes"
        " for one registry",
        "raise it with --max-total-bytes if the registry really is this large",
    )


def _read_all(
    paths: Sequence[PathLike],
    limits: Limits | None,
    digests: list[tuple[str, bytes]] | None = None,
) -> tuple[list[Converted], list[Diagnostic]]:
    """Read and convert every file, then check them together; `digests` (when given)
    collects each file's path and content digest as it is read, for the cache's key."""
    limits = limits or Limits()
    entries, problems = _entries(paths)
    budget = _Budget(limits)
    seen: set[tuple[int, int]] = set()

    def texts() -> Iterator[tuple[str, bytes]]:  # one file in memory at a time
        for entry in entries:
            data = _read(entry, limits, budget, seen)
            if isinstance(data, Diagnostic):
                problems.append(data)
            elif data is not None:
                if digests is not None:
                    digests.append((str(entry.path), _cache.digest(data)))
                yield str(entry.path), data

    converted, found = _convert_all(texts(), limits, problems)
    return converted, problems + found


def _convert_all(
    texts: Iterable[tuple[str, bytes]],
    limits: Limits | None,
    unread: Sequence[Diagnostic] = (),
) -> tuple[list[Converted], list[Diagnostic]]:
    """Convert each file, then check them together; `unread` holds the problems of files
    that could not be read (filled while `texts` is consumed): with any, no id can be said
    to be unknown."""
    from treatyreg._checks import check
    from treatyreg._convert import convert
    from treatyreg._reading import yaml_problem

    limits = limits or Limits()
    problems: list[Diagnostic] = []
    converted: list[Converted] = []
    cap = limits.max_total_problems
    name = ""
    for name, data in texts:
        if len(problems) >= cap:  # this file and those after it are not read
            break
        result = convert(data, name, limits)
        problems.extend(result.diagnostics)
        converted.append(result)
    if len(problems) >= cap:  # no room left for the checks either
        problems.append(yaml_problem("too many in all", name, 1, 1, limit=cap))
    else:
        problems.extend(check(converted, complete=not unread, room=cap - len(problems)))
    return converted, problems


def _registry(
    converted: list[Converted], problems: list[Diagnostic], name: str | None = None
) -> Registry:
    if any(p.severity is Severity.ERROR for p in problems):
        raise ValidationError(problems)
    # files reviewed on different days: the registry as a whole was reviewed by the latest
    as_of = max((f.as_of for f in converted if f.as_of is not None), default=None)
    return Registry(
        agreements=[a for f in converted for a in f.agreements],
        parties=[p for f in converted for p in f.parties],
        sources=[s for f in converted for s in f.sources],
        reported_totals=[t for f in converted for t in f.reported_totals],
        as_of=as_of,
        name=name,
    )


def _name(paths: Sequence[PathLike]) -> str:
    """A registry's name: the file or folder it was loaded from (its last part)."""
    names = [Path(p).name or str(p) for p in paths]
    # bytes of a file name that are not UTF-8 (lone surrogates) cannot be written to a
    # database, a JSON file or a picture: shown as U+FFFD there
    name = ", ".join(names) if names else "(no files)"
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _paths(path: PathLike | Sequence[PathLike]) -> Sequence[PathLike]:
    if isinstance(path, (str, os.PathLike)):
        return [path]
    return list(path)


@attrs.frozen
class Checked:
    """What a validation looked at: the files read, and the records of each kind they hold
    (records that could not be built included), so that a run can say what it covered.

    >>> checked = validation(default_path())
    >>> len(checked.files), checked.records["agreements"] > 5, checked.diagnostics
    (1, True, ())
    >>> checked.summary().startswith("valid: 1 file, ")   # "…, 10 agreements, 3 parties, …"
    True
    """

    files: tuple[str, ...]
    records: dict[str, int]
    diagnostics: tuple[Diagnostic, ...]

    def summary(self) -> str:
        """One line: the verdict, then what was checked."""
        errors = sum(d.severity is Severity.ERROR for d in self.diagnostics)
        warnings = len(self.diagnostics) - errors
        files = _count(len(self.files), "file", "files")
        counts = ", ".join(
            _count(n, _SINGULAR[kind].replace("_", " "), kind.replace("_", " "))
            for kind, n in self.records.items()
            if n
        )
        what = f"{files}, {counts}" if counts else files
        if not self.diagnostics:
            return f"valid: {what}"
        return f"{errors} error(s), {warnings} warning(s) in {what}"


# The top-level records of a registry: the key that lists them -> their record name.
_SINGULAR: Final = {
    "agreements": "agreement",
    "parties": "party",
    "sources": "source",
    "reported_totals": "reported_total",
}


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def validation(path: PathLike | Sequence[PathLike], *, limits: Limits | None = None) -> Checked:
    """`validate`, with what was checked: the files read and their records."""
    with gc_paused():
        converted, problems = _read_all(_paths(path), limits)
    records = {  # broken records count too: they were checked
        kind: sum(len(getattr(f, kind)) + sum(b.name == name for b in f.broken) for f in converted)
        for kind, name in _SINGULAR.items()
    }
    return Checked(
        files=tuple(f.path for f in converted),
        records=records,
        diagnostics=tuple(sorted(problems, key=sort_key)),
    )


def validate(
    path: PathLike | Sequence[PathLike], *, limits: Limits | None = None
) -> list[Diagnostic]:
    """Every problem in a registry file or folder (or several), in file order; never raises
    on bad data.

    >>> validate(default_path())
    []
    """
    return list(validation(path, limits=limits).diagnostics)


def load(
    path: PathLike | Sequence[PathLike],
    *,
    limits: Limits | None = None,
    cache: bool | None = None,
) -> Registry:
    """Load a registry from a file or a folder of *.yaml/*.yml files.

    Raises `ValidationError` carrying every error found; warnings do not stop a load.

    A registry whose files (their content), limits and treatyreg's code are unchanged comes
    from the user's private cache of validated registries instead of being read again
    (`treatyreg._cache`; `cache=False` or `TREATYREG_NO_CACHE=1` turn it off). Either way,
    the loaded objects are then frozen out of the cyclic garbage collector's work
    (`gc.freeze`): they live as long as the registry, and later collections need not walk
    them again.

    A path that does not exist raises `RegistryNotFoundError` (a `FileNotFoundError`).

    >>> reg = load(default_path())
    >>> len(reg) > 5
    True
    >>> load("no/such/registry.yaml")
    Traceback (most recent call last):
      ...
    treatyreg.errors.RegistryNotFoundError: no registry file or folder at 'no/such/registry.yaml'
    """
    paths = _paths(path)
    for p in paths:
        if not os.path.lexists(p):
            raise RegistryNotFoundError(
                errno.ENOENT, f"no registry file or folder at {str(p)!r}", str(p)
            )
    limits = limits or Limits()
    use = _cache.enabled() if cache is None else cache
    folders = registry_folders(paths)
    with gc_paused():
        if use:
            found = _cached(paths, limits, folders)
            if found is not None:
                found.name = _name(paths)
                gc.freeze()
                return found
        digests: list[tuple[str, bytes]] = []
        reg = _registry(*_read_all(paths, limits, digests), name=_name(paths))
        if use:  # keyed by the bytes that were converted, not by a first look
            with contextlib.suppress(Exception):  # the cache never fails a load
                _cache.put(_cache.key(digests, limits), reg, folders)
    gc.freeze()
    return reg


def registry_folders(paths: Sequence[PathLike]) -> list[Path]:
    """The registry's folders (those named, and the folders of the files named): a cache
    inside one of them is never used."""
    return [Path(p) if os.path.isdir(p) else Path(os.path.realpath(p)).parent for p in paths]


def _cached(paths: Sequence[PathLike], limits: Limits, folders: list[Path]) -> Registry | None:
    """The cached registry of these files as they are now, or None (a miss, or a file
    that cannot be read as it is: the full read reports it)."""
    entries, problems = _entries(paths)
    if problems:
        return None
    budget = _Budget(limits)
    seen: set[tuple[int, int]] = set()
    digests = []
    for entry in entries:
        data = _read(entry, limits, budget, seen)
        if isinstance(data, Diagnostic):
            return None
        if data is not None:
            digests.append((str(entry.path), _cache.digest(data)))
    try:
        return _cache.get(_cache.key(digests, limits), folders)
    except Exception:  # the cache never fails a load
        return None


def loads(text: str | bytes, *, path: str = "<string>", limits: Limits | None = None) -> Registry:
    """Load a registry from YAML text; `path` names it in diagnostics.

    >>> loads("treatyreg: 1\\nparties:\\n  - {id: RU, name: Russian Federation}\\n").parties[0].id
    'RU'
    """
    # a lone surrogate passes through, to be reported as not UTF-8 (TR002)
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    with gc_paused():
        return _registry(*_convert_all([(path, data)], limits), name=path)


def default_path() -> Path:
    """Where the bundled dataset is: inside the installed package, or in the source tree."""
    here = Path(__file__).resolve().parent
    for found in (here / "_data", here.parents[1] / "data"):  # installed as files; sources
        if (found / "agreements.yaml").is_file():
            return found / "agreements.yaml"
    from importlib import resources  # 8 ms to import: only for other kinds of install

    return Path(str(resources.files("treatyreg") / "_data" / "agreements.yaml"))


def load_default(*, cache: bool | None = None) -> Registry:
    """The dataset shipped with treatyreg (Russia, South Ossetia, Abkhazia agreements).

    >>> load_default().party("Russia").id
    'RUS'
    """
    reg = load(default_path(), cache=cache)
    reg.name = "bundled"
    return reg

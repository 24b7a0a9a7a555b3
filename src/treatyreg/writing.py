"""Registry -> canonical YAML text, and atomic writes of it.

Canonical: keys in the order of `treatyreg._fileformat`, records in the registry's stable
order, short lists in flow style, text quoted only where a YAML 1.1 or 1.2 reader could take
it for something else. `load(dumps(reg))` equals `reg`.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Final

from treatyreg._fileformat import FORMAT_VERSION, LIST_ITEMS, RECORDS, ValueKind
from treatyreg.dates import FuzzyDate
from treatyreg.registry import Registry

__all__ = ["dump", "dumps"]

# Text that reads back as itself when written plain, in block and in flow context.
_SAFE_PLAIN: Final = re.compile(
    r"[A-Za-z0-9(][A-Za-z0-9 ._/()'\u2019,;+&-]*[A-Za-z0-9.)'\u2019]|[A-Za-z0-9]"
)
_SAFE_FLOW: Final = re.compile(
    r"[A-Za-z0-9(][A-Za-z0-9 ._/()'\u2019+&-]*[A-Za-z0-9.)'\u2019]|[A-Za-z0-9]"
)
_DATE_PLAIN: Final = re.compile(r"(\.\./)?[0-9X][0-9X./?~%-]*")
# What YAML 1.1 (PyYAML) or 1.2 (editors) would not read as a string.
_RESOLVES: Final = re.compile(
    r"(?i:y|n|yes|no|true|false|on|off|null|~)"
    r"|[-+]?[0-9][0-9_:.eE+-]*|[-+]?\.[0-9].*|\.(?i:inf|nan)|0[xob][0-9a-fA-F_]+"
)


# Characters YAML does not allow raw (DEL, C1 controls, BOM, non-characters) or reads as
# line breaks (NEL, LS, PS): written as escapes, which JSON leaves raw.
_YAML_ESCAPE: Final = re.compile("[\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def _text(value: str, flow: bool = False) -> str:
    pattern = _SAFE_FLOW if flow else _SAFE_PLAIN
    if pattern.fullmatch(value) and not _RESOLVES.fullmatch(value) and "  " not in value:
        return value
    # A JSON string is a YAML double-quoted one, once YAML's own exclusions are escaped.
    quoted = json.dumps(value, ensure_ascii=False)
    return _YAML_ESCAPE.sub(lambda m: f"\\u{ord(m[0]):04x}", quoted)


def _date(value: FuzzyDate) -> str:
    return value.text if _DATE_PLAIN.fullmatch(value.text) else json.dumps(value.text)


def _record(obj: Any, name: str, indent: str, out: list[str]) -> None:
    first = True
    for field in RECORDS[name].fields:
        value = getattr(obj, field.key)
        if value is None or value == () or (field.kind is ValueKind.BOOL and value is False):
            continue
        lead = indent[:-2] + "- " if first else indent
        first = False
        kind = field.kind
        if kind is ValueKind.RECORD_LIST:
            out.append(f"{lead}{field.key}:")
            assert field.record is not None
            for item in value:
                _record(item, field.record, indent + "    ", out)
            continue
        if kind in LIST_ITEMS:
            rendered = f"[{', '.join(_text(v, flow=True) for v in value)}]"
        elif kind is ValueKind.TEXT_BY_LANGUAGE:
            pairs = (f"{_text(tag, flow=True)}: {_text(text, flow=True)}" for tag, text in value)
            rendered = f"{{{', '.join(pairs)}}}"
        elif kind is ValueKind.DATE:
            rendered = _date(value)
        elif kind is ValueKind.BOOL:
            rendered = "true" if value else "false"
        elif kind is ValueKind.COUNT:
            rendered = str(value)
        else:
            rendered = _text(str(value))
        out.append(f"{lead}{field.key}: {rendered}")


def dumps(registry: Registry) -> str:
    """The registry as canonical YAML text (format version 1).

    >>> from treatyreg import load_default, loads
    >>> reg = load_default()
    >>> loads(dumps(reg)) == reg
    True
    """
    out = [f"treatyreg: {FORMAT_VERSION}"]
    if registry.as_of is not None:
        out.append(f"as_of: {registry.as_of.isoformat()}")
    for key, items, name in (
        ("parties", registry.parties, "party"),
        ("sources", registry.sources, "source"),
        ("agreements", registry.agreements, "agreement"),
        ("reported_totals", registry.reported_totals, "reported_total"),
    ):
        if not items:
            continue
        out.append(f"{key}:")
        for item in items:
            _record(item, name, "    ", out)
    return "\n".join(out) + "\n"


def dump(registry: Registry, path: str | os.PathLike[str]) -> None:
    """Write `dumps(registry)` to `path` atomically: a temporary file in the target's folder,
    flushed to disk, renamed over the target, then the folder flushed, so a crash leaves either
    the old file or the new one, never half a file.

    A symbolic link (or chain of links) is written through: the file it finally names is
    replaced, or created if it is missing, and the links stay links. A replaced file keeps its
    permissions, and its owner and group where the OS allows it (giving a file away needs
    privilege; otherwise the writer owns the new file). Raises `FileNotFoundError` if the
    target's folder does not exist and `OSError` (``errno.ELOOP``) on a loop of links.

    >>> import tempfile
    >>> from pathlib import Path
    >>> from treatyreg import load, load_default
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     dump(load_default(), Path(folder, "registry.yaml"))
    ...     load(Path(folder, "registry.yaml")) == load_default()
    True
    """
    target = _final_target(Path(path))
    folder = target.parent
    try:  # any other trouble with the folder (a loop, no access) raises as itself
        os.stat(folder)
    except FileNotFoundError:
        msg = f"No folder to write {os.fspath(path)!r} into"
        raise FileNotFoundError(errno.ENOENT, msg, os.fspath(folder)) from None
    text = dumps(registry)
    try:  # keep the file's permissions; a new file gets the usual ones (umask applied)
        old: os.stat_result | None = os.stat(target)
    except FileNotFoundError:
        old = None
    if old is not None:
        mode = stat.S_IMODE(old.st_mode)
    else:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:  # closes fd always
            if old is not None:
                _keep_owner(tmp, old)
            os.chmod(tmp, mode)  # after chown, which may clear the set-id bits
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    _sync_folder(folder)


# Links followed before giving up, as Linux does (MAXSYMLINKS).
_MAX_LINKS: Final = 40


def _final_target(path: Path) -> Path:
    """The file `path` names once its symbolic links are followed (it need not exist)."""
    target = path
    for _ in range(_MAX_LINKS):
        if not target.is_symlink():
            return target
        # Joined unnormalised, so the OS resolves ".." in a link's text as it would.
        target = target.parent / os.readlink(target)
    raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), os.fspath(path))


def _keep_owner(tmp: str, old: os.stat_result) -> None:
    """Give the temporary file the owner and group of the file it replaces, as far as the OS
    allows: only a privileged process may give a file to another user."""
    new = os.stat(tmp)
    if (new.st_uid, new.st_gid) == (old.st_uid, old.st_gid):
        return
    try:
        os.chown(tmp, old.st_uid, old.st_gid)
    except PermissionError:  # not allowed to give it away: keep at least the group if we may
        with contextlib.suppress(PermissionError):
            os.chown(tmp, -1, old.st_gid)


def _sync_folder(folder: Path) -> None:
    """Flush the folder, so the rename itself survives a crash, where the platform allows."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # e.g. Windows, or a folder we may write to but not read
        return
    try:
        with contextlib.suppress(OSError):  # some platforms and filesystems refuse it
            os.fsync(fd)
    finally:
        os.close(fd)

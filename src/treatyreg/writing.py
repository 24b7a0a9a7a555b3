"""Registry -> canonical YAML text, and atomic writes of it.

Canonical: keys in the order of `treatyreg.fileformat`, records in the registry's stable
order, short lists in flow style, text quoted only where a YAML 1.1 or 1.2 reader could take
it for something else. `load(dumps(reg))` equals `reg`.
"""

from __future__ import annotations

import json
import os
import re
import stat
import tempfile
from pathlib import Path
from typing import Any, Final

from treatyreg.dates import FuzzyDate
from treatyreg.fileformat import FORMAT_VERSION, RECORDS, ValueKind
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
        if kind in (ValueKind.TEXT_LIST, ValueKind.ID_LIST, ValueKind.TOPIC_LIST):
            rendered = f"[{', '.join(_text(v, flow=True) for v in value)}]"
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
    """Write `dumps(registry)` to `path` atomically: a temporary file in the same folder,
    flushed to disk, then renamed over the target, so a crash never leaves half a file."""
    target = Path(path)
    text = dumps(registry)
    try:  # keep the file's permissions; a new file gets the usual ones (umask applied)
        mode = stat.S_IMODE(os.stat(target).st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        mode = 0o666 & ~umask
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.chmod(tmp, mode)
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

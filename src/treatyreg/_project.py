"""A project's own settings: `[tool.treatyreg]` in the nearest `pyproject.toml`.

`treatyreg validate` with no path validates the paths a project names there, as ruff and
mypy read theirs::

    [tool.treatyreg]
    paths = ["data/"]

The search goes up from the working directory to the first `pyproject.toml`, and stops at the
top of the repository (a folder holding `.git`): a file above the checkout is not the
project's. Paths are relative to the `pyproject.toml`'s folder and may not leave it (a
checkout that anyone can shape must not make `validate` read `/etc`). Without such a file or
table there is no default: never the bundled data, so a CI step that forgets its path fails.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Final

import attrs

from treatyreg.errors import TreatyregError

__all__ = ["ProjectError", "Settings", "settings"]

_MAX_BYTES: Final = 1 << 20  # a pyproject.toml larger than this is not read
_MAX_PATHS: Final = 1_000


class ProjectError(TreatyregError, ValueError):
    """A `[tool.treatyreg]` table that cannot be used (unreadable, not TOML, wrong shape)."""


@attrs.frozen
class Settings:
    """What `[tool.treatyreg]` says, and the file it was read from."""

    file: Path
    paths: tuple[Path, ...]


def _find(start: Path) -> Path | None:
    folder = start
    while True:
        candidate = folder / "pyproject.toml"
        if candidate.is_file():
            return candidate
        if (folder / ".git").exists() or folder.parent == folder:
            return None
        folder = folder.parent


def settings(start: str | os.PathLike[str] | None = None) -> Settings | None:
    """The settings of the project around `start` (the working directory by default);
    None when no `pyproject.toml` up to the repository's top has `[tool.treatyreg]`.

    >>> import tempfile
    >>> with tempfile.TemporaryDirectory() as top:
    ...     _ = (Path(top) / "pyproject.toml").write_text('[tool.treatyreg]\\npaths = ["data/"]\\n')
    ...     [p.name for p in settings(top).paths]
    ['data']
    """
    here = Path(os.getcwd() if start is None else start).absolute()
    found = _find(here)
    if found is None:
        return None
    try:
        with found.open("rb") as handle:
            raw = handle.read(_MAX_BYTES + 1)
    except OSError as error:
        raise ProjectError(f"cannot read {found}: {error.strerror or error}") from None
    if len(raw) > _MAX_BYTES:
        raise ProjectError(f"{found} is larger than {_MAX_BYTES} bytes: not read")
    try:
        table = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProjectError(f"{found} is not valid TOML: {error}") from None
    except RecursionError:
        raise ProjectError(f"{found} is nested too deep to read") from None
    tool = table.get("tool")
    ours = tool.get("treatyreg") if isinstance(tool, dict) else None
    if ours is None:
        return None
    if not isinstance(ours, dict):
        raise ProjectError(f"{found}: [tool.treatyreg] must be a table")
    unknown = sorted(set(ours) - {"paths"})
    if unknown:
        raise ProjectError(f"{found}: unknown key {unknown[0]!r} in [tool.treatyreg]")
    paths = ours.get("paths")
    if (
        not isinstance(paths, list)
        or not paths
        or len(paths) > _MAX_PATHS
        or not all(isinstance(p, str) and p and "\0" not in p for p in paths)
    ):
        raise ProjectError(
            f'{found}: [tool.treatyreg] paths must be a list of paths, e.g. paths = ["data/"]'
        )
    root = found.parent
    resolved = []
    for text in paths:
        path = root / text
        inside = os.path.normpath(path)
        real, real_root = os.path.realpath(path), os.path.realpath(root)
        if (
            Path(text).is_absolute()
            or os.path.commonpath([inside, root]) != str(root)
            or os.path.commonpath([real, real_root]) != real_root
        ):
            raise ProjectError(f"{found}: path {text!r} leaves the project's folder")
        resolved.append(Path(os.path.relpath(inside)))  # as a CI annotation wants it
    return Settings(found, tuple(resolved))

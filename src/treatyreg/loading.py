"""Loading a registry: find the files, read, convert, check, and build the Registry."""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from pathlib import Path

from treatyreg._gcpause import gc_paused
from treatyreg.checks import check
from treatyreg.convert import Converted, convert
from treatyreg.diagnostics import Diagnostic, Severity, ValidationError, sort_key
from treatyreg.reading import Limits
from treatyreg.registry import Registry

__all__ = ["default_path", "find_files", "load", "load_default", "loads", "validate"]

_SUFFIXES = (".yaml", ".yml")
PathLike = str | os.PathLike[str]


def find_files(paths: Iterable[PathLike]) -> tuple[list[Path], list[Diagnostic]]:
    """The YAML files named or found (recursively, sorted) under folders, each once however
    it is reached; symlink loops are skipped; a path that cannot be read, or a folder with no
    registry file, becomes a TR001 diagnostic."""
    files: list[Path] = []
    problems: list[Diagnostic] = []
    seen_dirs: set[tuple[int, int]] = set()
    seen_files: set[Path] = set()

    def add(file: Path) -> bool:
        real = file.resolve()
        if real in seen_files:
            return False
        seen_files.add(real)
        files.append(file)
        return True

    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            before = len(files)
            for root, dirs, names in os.walk(path, followlinks=True):
                st = os.stat(root)
                if (st.st_dev, st.st_ino) in seen_dirs:  # a symlink loop, or seen before
                    dirs[:] = []
                    continue
                seen_dirs.add((st.st_dev, st.st_ino))
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for n in sorted(names):
                    if n.endswith(_SUFFIXES) and not n.startswith("."):
                        add(Path(root) / n)
            if len(files) == before and not any(
                f.resolve().is_relative_to(path.resolve()) for f in files
            ):
                problems.append(
                    Diagnostic(
                        str(raw),
                        1,
                        1,
                        "TR001",
                        Severity.ERROR,
                        f"no registry file (*.yaml, *.yml) in {str(raw)!r}",
                    )
                )
        elif path.is_file():
            add(path)
        else:
            what = "does not exist" if not path.exists() else "is not a file or folder"
            problems.append(
                Diagnostic(str(raw), 1, 1, "TR001", Severity.ERROR, f"{str(raw)!r} {what}")
            )
    return files, problems


def _read_all(
    paths: Sequence[PathLike], limits: Limits | None
) -> tuple[list[Converted], list[Diagnostic]]:
    files, problems = find_files(paths)
    texts: list[tuple[str, bytes]] = []
    for file in files:
        name = str(file)
        try:
            texts.append((name, file.read_bytes()))
        except OSError as error:
            problems.append(
                Diagnostic(
                    name, 1, 1, "TR001", Severity.ERROR, f"cannot read {name!r}: {error.strerror}"
                )
            )
    converted, found = _convert_all(texts, limits)
    return converted, problems + found


def _convert_all(
    texts: Iterable[tuple[str, bytes]], limits: Limits | None
) -> tuple[list[Converted], list[Diagnostic]]:
    problems: list[Diagnostic] = []
    converted: list[Converted] = []
    for name, data in texts:
        result = convert(data, name, limits)
        problems.extend(result.diagnostics)
        converted.append(result)
    problems.extend(check(converted))
    return converted, problems


def _registry(converted: list[Converted], problems: list[Diagnostic]) -> Registry:
    if any(p.severity is Severity.ERROR for p in problems):
        raise ValidationError(problems)
    return Registry(
        agreements=[a for f in converted for a in f.agreements],
        parties=[p for f in converted for p in f.parties],
        sources=[s for f in converted for s in f.sources],
        reported_totals=[t for f in converted for t in f.reported_totals],
    )


def _paths(path: PathLike | Sequence[PathLike]) -> Sequence[PathLike]:
    if isinstance(path, (str, os.PathLike)):
        return [path]
    return list(path)


def validate(
    path: PathLike | Sequence[PathLike], *, limits: Limits | None = None
) -> list[Diagnostic]:
    """Every problem in a registry file or folder (or several), in file order; never raises
    on bad data.

    >>> validate(default_path())
    []
    """
    with gc_paused():
        _, problems = _read_all(_paths(path), limits)
    return sorted(problems, key=sort_key)


def load(path: PathLike | Sequence[PathLike], *, limits: Limits | None = None) -> Registry:
    """Load a registry from a file or a folder of *.yaml/*.yml files.

    Raises `ValidationError` carrying every error found; warnings do not stop a load.

    >>> reg = load(default_path())
    >>> len(reg) > 5
    True
    """
    with gc_paused():
        return _registry(*_read_all(_paths(path), limits))


def loads(text: str | bytes, *, path: str = "<string>", limits: Limits | None = None) -> Registry:
    """Load a registry from YAML text; `path` names it in diagnostics.

    >>> loads("treatyreg: 1\\nparties:\\n  - {id: RU, name: Russian Federation}\\n").parties[0].id
    'RU'
    """
    # a lone surrogate passes through, to be reported as not UTF-8 (TR002)
    data = text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text
    with gc_paused():
        return _registry(*_convert_all([(path, data)], limits))


def default_path() -> Path:
    """Where the bundled dataset is: inside the installed package, or in the source tree."""
    from importlib import resources  # only those who ask for the bundled data pay for it

    bundled = resources.files("treatyreg") / "_data" / "agreements.yaml"
    if bundled.is_file():
        return Path(str(bundled))
    return Path(__file__).resolve().parents[2] / "data" / "agreements.yaml"


def load_default() -> Registry:
    """The dataset shipped with treatyreg (Russia, South Ossetia, Abkhazia agreements).

    >>> load_default().party("Russia").id
    'RU'
    """
    return load(default_path())

"""Tests for treatyreg.loading: files, folders, the bundled dataset."""

from __future__ import annotations

from pathlib import Path

import pytest

import treatyreg
from treatyreg.loading import default_path, find_files

from .conftest import MINIMAL

SPLIT = {
    "parties.yaml": MINIMAL.split("sources:")[0],
    "more/sources.yml": "treatyreg: 1\nsources:"
    + MINIMAL.split("sources:")[1].split("agreements:")[0],
    "more/agreements.yaml": "treatyreg: 1\nagreements:" + MINIMAL.split("agreements:")[1],
}


def write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_folder_equals_single_file(tmp_path: Path, minimal_file: Path) -> None:
    """A registry split over a folder's files loads equal to the same records in one file."""
    folder = tmp_path / "reg"
    write(folder, SPLIT)
    assert treatyreg.load(folder) == treatyreg.load(minimal_file)


def test_find_files_sorted_and_filtered(tmp_path: Path) -> None:
    """Only *.yaml/*.yml, hidden ones skipped, in a stable sorted order."""
    write(
        tmp_path,
        {
            "b.yaml": "",
            "a.yml": "",
            "c.txt": "",
            ".hidden.yaml": "",
            "sub/d.yaml": "",
            ".git/e.yaml": "",
        },
    )
    files, problems = find_files([tmp_path])
    assert [f.relative_to(tmp_path).as_posix() for f in files] == ["a.yml", "b.yaml", "sub/d.yaml"]
    assert problems == []


def test_missing_path() -> None:
    """A path that does not exist is a TR001 diagnostic, not an exception."""
    [problem] = treatyreg.validate("/nonexistent/registry.yaml")
    assert problem.code == "TR001"


def test_load_raises_validation_error(tmp_path: Path) -> None:
    """load() raises ValidationError for a broken file."""
    bad = tmp_path / "bad.yaml"
    bad.write_text("treatyreg: 1\nparties: {}\n")
    with pytest.raises(treatyreg.ValidationError):
        treatyreg.load(bad)


def test_several_paths(tmp_path: Path) -> None:
    """load() and validate() take several paths at once."""
    write(tmp_path, SPLIT)
    paths = [tmp_path / name for name in SPLIT]
    assert treatyreg.validate(paths) == []
    assert len(treatyreg.load(paths)) == 1


def test_default_dataset() -> None:
    """The bundled dataset is data/agreements.yaml in a source checkout, and valid."""
    assert default_path().name == "agreements.yaml"
    assert treatyreg.validate(default_path()) == []
    assert len(treatyreg.load_default()) >= 9


def test_loads_names_the_text() -> None:
    """loads() uses `path` in its diagnostics."""
    with pytest.raises(treatyreg.ValidationError) as info:
        treatyreg.loads("treatyreg: 3\n", path="inline.yaml")
    assert info.value.diagnostics[0].path == "inline.yaml"


def test_a_file_reached_twice_is_read_once(tmp_path: Path, minimal_file: Path) -> None:
    """A folder and a file in it, or a symlink to a file, do not make duplicate ids."""
    (tmp_path / "link.yaml").symlink_to(minimal_file)
    assert treatyreg.validate([tmp_path, minimal_file]) == []
    assert len(treatyreg.load([tmp_path, minimal_file])) == 1


def test_folder_without_registry_files(tmp_path: Path) -> None:
    """A folder with no *.yaml/*.yml is a TR001 problem: a wrong path must not pass CI."""
    (tmp_path / "notes.txt").write_text("x")
    [problem] = treatyreg.validate(tmp_path)
    assert problem.code == "TR001"
    assert "no registry file" in problem.message


def test_loads_text_with_a_lone_surrogate() -> None:
    """A str that cannot be UTF-8 is reported like bytes that are not (TR002)."""
    with pytest.raises(treatyreg.ValidationError) as caught:
        treatyreg.loads("treatyreg: 1\nx: \ud800\n")
    assert [d.code for d in caught.value.diagnostics] == ["TR002"]

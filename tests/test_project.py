"""`[tool.treatyreg]` in pyproject.toml: where `treatyreg validate` with no path looks."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from treatyreg._project import ProjectError, settings


def _project(top: Path, table: str) -> Path:
    top.mkdir(parents=True, exist_ok=True)
    (top / "pyproject.toml").write_text(f"[project]\nname = 'x'\n\n{table}")
    return top


def test_paths_are_the_projects_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    top = _project(tmp_path / "repo", '[tool.treatyreg]\npaths = ["data/", "more/x.yaml"]\n')
    (top / ".git").mkdir()
    (top / "sub").mkdir()
    monkeypatch.chdir(top / "sub")
    found = settings()
    assert found is not None
    assert found.file == top / "pyproject.toml"
    assert [str(p) for p in found.paths] == [os.path.join("..", "data"), "../more/x.yaml"]


def test_no_table_no_file_no_default(tmp_path: Path) -> None:
    assert settings(_project(tmp_path / "a", "[tool.ruff]\nline-length = 90\n")) is None
    (tmp_path / "b" / ".git").mkdir(parents=True)
    assert settings(tmp_path / "b") is None


def test_the_search_stops_at_the_repository(tmp_path: Path) -> None:
    """A pyproject.toml above the checkout is not the project's."""
    _project(tmp_path, '[tool.treatyreg]\npaths = ["data/"]\n')
    (tmp_path / "checkout" / ".git").mkdir(parents=True)
    assert settings(tmp_path / "checkout") is None
    (tmp_path / "plain").mkdir()
    assert settings(tmp_path / "plain") is not None  # no repository: up to the file


@pytest.mark.parametrize(
    ("table", "said"),
    [
        ('[tool.treatyreg]\npaths = ["/etc"]\n', "leaves the project's folder"),
        ('[tool.treatyreg]\npaths = ["data/../../x"]\n', "leaves the project's folder"),
        ('[tool.treatyreg]\npaths = "data/"\n', "must be a list"),
        ("[tool.treatyreg]\npaths = []\n", "must be a list"),
        ('[tool.treatyreg]\npaths = ["data/", 3]\n', "must be a list"),
        ('[tool.treatyreg]\npath = ["data/"]\n', "unknown key 'path'"),
        ("[tool]\ntreatyreg = 3\n", "must be a table"),
        ("[tool.treatyreg\n", "not valid TOML"),
        ('[tool.treatyreg]\npaths = ["a\\u0000b"]\n', "must be a list"),
        ("x = " + "[" * 3000, "nested too deep|not valid TOML"),
    ],
)
def test_bad_settings_are_errors(tmp_path: Path, table: str, said: str) -> None:
    with pytest.raises(ProjectError, match=said):
        settings(_project(tmp_path, table))


def test_a_symlink_out_of_the_project_is_refused(tmp_path: Path) -> None:
    top = _project(tmp_path / "repo", '[tool.treatyreg]\npaths = ["data"]\n')
    (top / "data").symlink_to(tmp_path)
    with pytest.raises(ProjectError, match="leaves"):
        settings(top)


def test_not_utf8_and_huge_are_errors(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_bytes(b"[tool.treatyreg]\npaths = ['\xff']\n")
    with pytest.raises(ProjectError, match="not valid TOML"):
        settings(tmp_path)
    (tmp_path / "pyproject.toml").write_text("#" * (2 << 20))
    with pytest.raises(ProjectError, match="larger than"):
        settings(tmp_path)

"""Tests for treatyreg.loading: files, folders, the bundled dataset."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
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


# -- a folder is read contained: only regular files inside it, bounded ----------------------
def codes_of(paths: object, limits: treatyreg.Limits | None = None) -> list[tuple[str, str]]:
    """(file name, code) of each problem `validate` reports."""
    return [(Path(p.path).name, p.code) for p in treatyreg.validate(paths, limits=limits)]  # type: ignore[arg-type]


def test_fifo_in_a_folder_is_refused_not_waited_on(tmp_path: Path, minimal_file: Path) -> None:
    """A FIFO named a.yaml is TR011 (it used to hang validate and load forever)."""
    os.mkfifo(tmp_path / "a.yaml")
    assert codes_of(tmp_path) == [("a.yaml", "TR011")]
    with pytest.raises(treatyreg.ValidationError):
        treatyreg.load(tmp_path)
    # named on the command line, too
    assert codes_of(tmp_path / "a.yaml") == [("a.yaml", "TR011")]


def test_devices_are_refused(tmp_path: Path, minimal_file: Path) -> None:
    """A link to /dev/zero in a folder leaves it (TR011); /dev/zero named is not a file."""
    (tmp_path / "z.yaml").symlink_to("/dev/zero")
    assert codes_of(tmp_path) == [("z.yaml", "TR011")]
    assert codes_of("/dev/zero") == [("zero", "TR011")]


def test_symlinks_out_of_the_folder_are_refused(tmp_path: Path) -> None:
    """A link to a file or a folder outside is refused, and nothing of it reaches the output
    (a secrets file's keys used to be printed as unknown keys)."""
    secret = tmp_path / "secret.yaml"
    secret.write_text("db_password: hunter2\n")
    reg = tmp_path / "reg"
    write(reg, {"a.yaml": MINIMAL})
    (reg / "leak.yaml").symlink_to(secret)
    (reg / "evil").symlink_to("/")
    problems = treatyreg.validate(reg)
    assert sorted((Path(p.path).name, p.code) for p in problems) == [
        ("evil", "TR011"),
        ("leak.yaml", "TR011"),
    ]
    assert not any("db_password" in str(p) or "hunter2" in str(p) for p in problems)


def test_symlinks_inside_the_folder_are_followed_once(tmp_path: Path) -> None:
    """A link to a file or a folder inside the registry is read, and read once."""
    write(tmp_path, SPLIT)
    (tmp_path / "again.yaml").symlink_to(tmp_path / "parties.yaml")
    (tmp_path / "alias-of-more").symlink_to(tmp_path / "more")
    (tmp_path / "more" / "loop").symlink_to(tmp_path / "more")
    assert treatyreg.validate(tmp_path) == []
    assert len(treatyreg.load(tmp_path)) == 1


def test_broken_and_looping_symlinks(tmp_path: Path, minimal_file: Path) -> None:
    """A dangling link and a link to itself are TR011, not a traceback."""
    (tmp_path / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    (tmp_path / "self.yaml").symlink_to(tmp_path / "self.yaml")
    assert codes_of(tmp_path) == [("gone.yaml", "TR011"), ("self.yaml", "TR011")]


def test_upper_case_suffixes_are_read(tmp_path: Path) -> None:
    """b.YAML and c.Yml are registry files too (they used to be skipped in silence)."""
    write(tmp_path, {"b.YAML": "treatyreg: 1\nparties: []\nbad: 1\n", "c.Yml": "x: 1\n"})
    assert sorted(codes_of(tmp_path)) == [
        ("b.YAML", "TR100"),
        ("c.Yml", "TR100"),
        ("c.Yml", "TR101"),
    ]


def test_size_checked_before_reading(tmp_path: Path) -> None:
    """A 1 GiB (sparse) file over the limit is refused from its size: nothing is read."""
    import tracemalloc

    big = tmp_path / "big.yaml"
    with big.open("wb") as handle:
        handle.truncate(1 << 30)
    tracemalloc.start()
    try:
        found = codes_of(big, treatyreg.Limits(max_bytes=1 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert found == [("big.yaml", "TR008")]
    assert peak < 1 << 20


def test_total_size_budget(tmp_path: Path) -> None:
    """Files past the budget of bytes for one registry are refused with TR008, by name."""
    write(tmp_path, SPLIT)
    total = sum(len(t.encode()) for t in SPLIT.values())
    limits = treatyreg.Limits(max_total_bytes=total - 1)
    assert codes_of(tmp_path, limits) == [("sources.yml", "TR008")]
    assert treatyreg.validate(tmp_path, limits=treatyreg.Limits(max_total_bytes=total)) == []


def test_deep_folders(tmp_path: Path) -> None:
    """A tree of 1,500 nested folders is walked without recursion."""
    deep = tmp_path
    for _ in range(1_500):
        deep = deep / "d"
        deep.mkdir()
    (deep / "r.yaml").write_text(MINIMAL)
    try:
        assert treatyreg.validate(tmp_path) == []
    finally:  # shutil.rmtree (pytest's clean-up) recurses too deep for this tree
        (deep / "r.yaml").unlink()
        while deep != tmp_path:
            deep.rmdir()
            deep = deep.parent


def test_unreadable_folder_is_reported(tmp_path: Path) -> None:
    """A subfolder that cannot be read is TR001, not skipped in silence. Root reads any
    folder, so as root the check runs in a child process that becomes user nobody."""
    top = Path(tempfile.mkdtemp(prefix="treatyreg-perm-"))
    try:
        top.chmod(0o755)
        write(top, {"a.yaml": MINIMAL, "locked/b.yaml": MINIMAL})
        (top / "locked").chmod(0o000)
        read, write_end = os.pipe()
        child = os.fork()
        if child == 0:  # pragma: no cover - runs in the child
            try:
                if os.geteuid() == 0:
                    os.setgid(65534)
                    os.setuid(65534)
                found = [(Path(p.path).name, p.code) for p in treatyreg.validate(top)]
                os.write(write_end, json.dumps(found).encode())
            finally:
                os._exit(0)
        os.close(write_end)
        with os.fdopen(read, "rb") as pipe:
            output = pipe.read()
        os.waitpid(child, 0)
        assert json.loads(output) == [["locked", "TR001"]]
    finally:
        (top / "locked").chmod(0o755)
        shutil.rmtree(top)

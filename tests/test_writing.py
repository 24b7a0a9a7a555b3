"""Tests for treatyreg.writing: canonical YAML that loads back equal, written atomically."""

from __future__ import annotations

import errno
import functools
import os
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given

import treatyreg
from treatyreg import Registry, strategies

from .conftest import MINIMAL

ROOT_ONLY = pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0, reason="giving files away needs root"
)
LINUX_FDS = pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")

# Audit events (sys.addaudithook) seen while a test listens: real calls, nothing replaced.
Event = tuple[str, str]
_listeners: list[list[Event]] = []


def _on_audit(event: str, args: tuple[Any, ...]) -> None:
    if _listeners and event in ("open", "os.rename") and isinstance(args[0], str | os.PathLike):
        names = [os.fspath(a) for a in args[:2] if isinstance(a, str | os.PathLike)]
        _listeners[-1].append((event, " -> ".join(names)))


@functools.cache
def _install_audit_hook() -> None:
    sys.addaudithook(_on_audit)  # cannot be removed; idle while no test listens


@pytest.fixture
def audit() -> Iterator[list[Event]]:
    """(event, path) for each real os.open and os.replace/rename while the test runs."""
    _install_audit_hook()
    events: list[Event] = []
    _listeners.append(events)
    yield events
    _listeners.remove(events)


def open_fds() -> set[str]:
    """The file descriptors this process has open."""
    return set(os.listdir("/proc/self/fd"))


@given(strategies.registries())
def test_round_trip(reg: Registry) -> None:
    """Every valid registry, written and read back, is equal to itself."""
    assert treatyreg.loads(treatyreg.dumps(reg)) == reg


@given(strategies.registries())
def test_canonical(reg: Registry) -> None:
    """Writing is a fixed point: dumps(loads(dumps(r))) == dumps(r)."""
    text = treatyreg.dumps(reg)
    assert treatyreg.dumps(treatyreg.loads(text)) == text


def test_bundled_dataset_round_trips() -> None:
    """The shipped dataset survives a round trip unchanged."""
    reg = treatyreg.load_default()
    assert treatyreg.loads(treatyreg.dumps(reg)) == reg


@pytest.mark.parametrize(
    "title",
    [
        "NO",
        "yes",
        "2009",
        "1:30",
        "~",
        "null",
        "- dash",
        "a: b",
        "x # y",
        "'quoted'",
        '"dq"',
        "[list]",
        "{map}",
        "&anchor",
        "*alias",
        "!tag",
        "%percent",
        "@at",
        "`tick`",
        "trailing ",
        " leading",
        "two\nlines",
        "tab\there",
        "0x1F",
        ".inf",
        "Ünïcödé ✓",
        "ends with colon:",
        "?",
        "|",
        ">",
        "x\x80y",
        "nel\x85here",
        "del\x7f",
        "ls\u2028ps\u2029",
        "\ufeffbom",
    ],
)
def test_tricky_text(title: str) -> None:
    """Text a YAML reader could mistake for something else is quoted, and reads back."""
    reg = treatyreg.loads(MINIMAL)
    a = reg["units"]
    changed = Registry([attrs.evolve(a, title=title)], reg.parties, reg.sources)
    assert treatyreg.loads(treatyreg.dumps(changed))["units"].title == title


def test_plain_where_safe() -> None:
    """Ids, dates and ordinary titles are written plain, as a person would."""
    text = treatyreg.dumps(treatyreg.loads(MINIMAL))
    assert "    parties: [RU, XSO]\n" in text
    assert "        date: 2017-03-31\n" in text
    assert "        date: ../2019-12-17\n" in text
    assert "    title: Agreement on the entry of units\n" in text


class TestDump:
    def test_writes_file(self, tmp_path: Path) -> None:
        """dump() writes what dumps() returns."""
        reg = treatyreg.loads(MINIMAL)
        target = tmp_path / "out.yaml"
        treatyreg.dump(reg, target)
        assert target.read_text(encoding="utf-8") == treatyreg.dumps(reg)
        assert treatyreg.load(target) == reg

    def test_crash_leaves_old_file(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        """A failure before the rename leaves the old file whole and no temporary file."""
        target = tmp_path / "out.yaml"
        target.write_text("old content\n")

        def fail(*args: object) -> None:
            raise OSError("disk on fire")

        monkeypatch.setattr(os, "replace", fail)
        with pytest.raises(OSError, match="disk on fire"):
            treatyreg.dump(treatyreg.loads(MINIMAL), target)
        assert target.read_text() == "old content\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]

    def test_writes_through_symlink(self, tmp_path: Path) -> None:
        """Dumping to a symlink replaces the file it names; the link stays a link."""
        reg = treatyreg.loads(MINIMAL)
        real = tmp_path / "real.yaml"
        real.write_text("old\n")
        link = tmp_path / "link.yaml"
        link.symlink_to("real.yaml")
        treatyreg.dump(reg, link)
        assert link.is_symlink()
        assert os.readlink(link) == "real.yaml"
        assert real.read_text(encoding="utf-8") == treatyreg.dumps(reg)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["link.yaml", "real.yaml"]

    def test_writes_through_chain_of_links(self, tmp_path: Path, audit: list[Event]) -> None:
        """A chain of links is followed to the end; the temporary file is made beside the
        final target (so the rename stays in one folder) and every link stays a link."""
        reg = treatyreg.loads(MINIMAL)
        data = tmp_path / "data"
        data.mkdir()
        real = data / "real.yaml"
        real.write_text("old\n")
        (tmp_path / "second.yaml").symlink_to("data/real.yaml")
        first = tmp_path / "first.yaml"
        first.symlink_to(tmp_path / "second.yaml")  # absolute, then relative
        treatyreg.dump(reg, first)
        assert os.readlink(first) == str(tmp_path / "second.yaml")
        assert os.readlink(tmp_path / "second.yaml") == "data/real.yaml"
        assert real.read_text(encoding="utf-8") == treatyreg.dumps(reg)
        assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "first.yaml", "second.yaml"]
        assert [p.name for p in data.iterdir()] == ["real.yaml"]
        [rename] = [path for event, path in audit if event == "os.rename"]
        source, destination = rename.split(" -> ")
        assert Path(source).parent.resolve() == data
        assert Path(destination).resolve() == real

    def test_dangling_link_creates_target(self, tmp_path: Path) -> None:
        """A link to a file not there yet creates that file, and the link stays a link."""
        reg = treatyreg.loads(MINIMAL)
        link = tmp_path / "link.yaml"
        link.symlink_to("new.yaml")
        treatyreg.dump(reg, link)
        assert link.is_symlink()
        assert (tmp_path / "new.yaml").read_text(encoding="utf-8") == treatyreg.dumps(reg)
        assert treatyreg.load(link) == reg

    def test_dangling_link_without_folder(self, tmp_path: Path) -> None:
        """A link into a folder that does not exist is a clear error; the link is untouched."""
        link = tmp_path / "link.yaml"
        link.symlink_to("nowhere/new.yaml")
        with pytest.raises(FileNotFoundError, match="No folder to write") as info:
            treatyreg.dump(treatyreg.loads(MINIMAL), link)
        assert info.value.filename == str(tmp_path / "nowhere")
        assert os.readlink(link) == "nowhere/new.yaml"
        assert [p.name for p in tmp_path.iterdir()] == ["link.yaml"]

    def test_link_loop(self, tmp_path: Path) -> None:
        """A loop of links is an OSError (ELOOP), not RuntimeError, and changes nothing."""
        (tmp_path / "a.yaml").symlink_to("b.yaml")
        (tmp_path / "b.yaml").symlink_to("a.yaml")
        with pytest.raises(OSError, match="symbolic links") as info:
            treatyreg.dump(treatyreg.loads(MINIMAL), tmp_path / "a.yaml")
        assert info.value.errno == errno.ELOOP
        assert os.readlink(tmp_path / "a.yaml") == "b.yaml"
        assert sorted(p.name for p in tmp_path.iterdir()) == ["a.yaml", "b.yaml"]

    @ROOT_ONLY
    def test_keeps_owner_and_mode(self, tmp_path: Path) -> None:
        """Replacing another user's file keeps its owner, group and mode (set-id bits too,
        which a chown after the chmod would clear)."""
        reg = treatyreg.loads(MINIMAL)
        target = tmp_path / "out.yaml"
        target.write_text("old\n")
        os.chown(target, 1234, 1234)
        target.chmod(0o6754)
        treatyreg.dump(reg, target)
        after = target.stat()
        assert (after.st_uid, after.st_gid) == (1234, 1234)
        assert after.st_mode & 0o7777 == 0o6754
        assert target.read_text(encoding="utf-8") == treatyreg.dumps(reg)

    @ROOT_ONLY
    def test_owner_refused_keeps_going(self) -> None:
        """A writer not allowed to give the file away still writes it (owning it), and
        keeps its group if the writer belongs to it: real refusals, by a non-root child."""
        reg = treatyreg.loads(MINIMAL)
        with tempfile.TemporaryDirectory() as name:  # tmp_path's parents are root's only
            folder = Path(name)
            os.chown(folder, 1234, 1234)
            target = folder / "out.yaml"
            target.write_text("old\n")
            os.chown(target, 0, 4321)
            target.chmod(0o644)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                code = 1
                try:
                    os.setgroups([4321])
                    os.setgid(1234)
                    os.setuid(1234)
                    treatyreg.dump(reg, target)
                    code = 0
                finally:
                    os._exit(code)
            _, status = os.waitpid(pid, 0)
            assert os.waitstatus_to_exitcode(status) == 0
            after = target.stat()
            assert (after.st_uid, after.st_gid) == (1234, 4321)
            assert after.st_mode & 0o7777 == 0o644
            assert target.read_text(encoding="utf-8") == treatyreg.dumps(reg)
            assert [p.name for p in folder.iterdir()] == ["out.yaml"]

    @LINUX_FDS
    @pytest.mark.parametrize(
        "calls",
        [
            pytest.param(("chmod", "fchmod"), id="chmod"),
            pytest.param(("chown", "fchown"), id="chown", marks=ROOT_ONLY),
        ],
    )
    def test_failure_leaks_nothing(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, calls: tuple[str, ...]
    ) -> None:
        """If setting the mode or owner fails, no file descriptor or temporary file is left
        and the old file is whole. (Mocked: root's chmod and chown cannot be made to fail.)"""
        target = tmp_path / "out.yaml"
        target.write_text("old content\n")
        if "chown" in calls:
            os.chown(target, 1234, 1234)

        def fail(*args: object, **kwargs: object) -> None:
            raise OSError(errno.EIO, "simulated failure")

        for call in calls:
            monkeypatch.setattr(os, call, fail)
        reg = treatyreg.loads(MINIMAL)
        before = open_fds()
        with pytest.raises(OSError, match="simulated failure"):
            treatyreg.dump(reg, target)
        assert open_fds() == before
        assert target.read_text() == "old content\n"
        assert [p.name for p in tmp_path.iterdir()] == ["out.yaml"]

    @LINUX_FDS
    def test_folder_synced_after_rename(self, tmp_path: Path, audit: list[Event]) -> None:
        """After the rename the folder itself is opened (to fsync it) and closed again."""
        reg = treatyreg.loads(MINIMAL)
        target = tmp_path / "out.yaml"
        before = open_fds()
        treatyreg.dump(reg, target)
        assert open_fds() == before
        renames = [i for i, (event, path) in enumerate(audit) if event == "os.rename"]
        assert len(renames) == 1
        assert audit[renames[0]][1].endswith(f" -> {target}")
        assert ("open", str(tmp_path)) in audit[renames[0] + 1 :]
        assert treatyreg.load(target) == reg


def test_dump_keeps_permissions(tmp_path: Path) -> None:
    """Replacing a file keeps its permissions; a new file gets the usual ones."""
    reg = treatyreg.loads(MINIMAL)
    existing = tmp_path / "existing.yaml"
    existing.write_text("old\n")
    existing.chmod(0o640)
    treatyreg.dump(reg, existing)
    assert existing.stat().st_mode & 0o777 == 0o640
    umask = os.umask(0o022)
    try:
        fresh = tmp_path / "fresh.yaml"
        treatyreg.dump(reg, fresh)
    finally:
        os.umask(umask)
    assert fresh.stat().st_mode & 0o777 == 0o644

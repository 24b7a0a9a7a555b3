"""Tests for treatyreg.writing: canonical YAML that loads back equal, written atomically."""

from __future__ import annotations

import os
from pathlib import Path

import attrs
import pytest
from hypothesis import given

import treatyreg
from treatyreg import Registry, strategies

from .conftest import MINIMAL


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
    assert "    parties: [RU, SO]\n" in text
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

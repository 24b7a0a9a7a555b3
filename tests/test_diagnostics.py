"""Tests for treatyreg.diagnostics: the diagnostic record, its codes and their docs."""

from __future__ import annotations

import re
from pathlib import Path

import treatyreg
from treatyreg import Diagnostic, Severity, ValidationError
from treatyreg.diagnostics import CODES, codes_table, quote

ROOT = Path(__file__).resolve().parents[1]


def test_str_is_file_line_col() -> None:
    """str(diagnostic) is the `path:line:col: severity CODE message (hint)` line."""
    d = Diagnostic("a.yaml", 3, 5, "TR100", Severity.ERROR, "unknown key 'acton'", "did you?")
    assert str(d) == "a.yaml:3:5: error TR100 unknown key 'acton' (did you?)"
    assert d.to_dict()["severity"] == "error"


def test_validation_error_sorts_and_counts() -> None:
    """ValidationError keeps every diagnostic in file order and counts only errors."""
    w = Diagnostic("b.yaml", 1, 1, "TR107", Severity.WARNING, "twice")
    e2 = Diagnostic("a.yaml", 9, 1, "TR100", Severity.ERROR, "second")
    e1 = Diagnostic("a.yaml", 2, 1, "TR100", Severity.ERROR, "first")
    err = ValidationError([w, e2, e1])
    assert list(err.diagnostics) == [e1, e2, w]
    assert str(err).startswith("2 error(s) in registry: a.yaml:2:1: error TR100 first")
    assert isinstance(err, ValueError)
    assert isinstance(err, treatyreg.TreatyregError)


def test_quote_bounds_long_input() -> None:
    """Quoted input is shortened in the middle, so a 5 MB value makes a short message."""
    assert quote("short") == "'short'"
    long = quote("a" * 1000 + "z" * 1000)
    assert len(long) < 100
    assert long.startswith("'aaa")
    assert "(2000 characters)" in long


def test_codes_are_stable_and_documented() -> None:
    """Every code is TRnnn, and docs/validation.md carries the current table."""
    assert all(re.fullmatch(r"TR\d{3}", code) for code in CODES)
    text = (ROOT / "docs" / "validation.md").read_text()
    block = text.split("<!-- codes:start -->\n")[1].split("\n<!-- codes:end -->")[0]
    assert block == codes_table()


def test_every_code_is_used() -> None:
    """Each documented code is raised somewhere in the source (no dead codes)."""
    source = "".join(
        p.read_text()
        for p in (ROOT / "src" / "treatyreg").glob("*.py")
        if p.name != "diagnostics.py"
    )
    unused = [code for code in CODES if f'"{code}"' not in source]
    assert unused == []


def test_html_of_one_diagnostic() -> None:
    """A diagnostic shows in Jupyter as a one-row table with its place, escaped."""
    d = Diagnostic("a.yaml", 3, 5, "TR100", Severity.ERROR, "unknown key '<acton>'")
    html = d._repr_html_()
    assert "a.yaml:3:5" in html
    assert "&lt;acton&gt;" in html
    assert "<acton>" not in html

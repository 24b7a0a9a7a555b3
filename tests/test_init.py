"""Tests for the package's public surface: every name resolves, and importing is cheap."""

from __future__ import annotations

import subprocess
import sys

import pytest

import treatyreg


@pytest.mark.parametrize("name", treatyreg.__all__)
def test_every_public_name_resolves(name: str) -> None:
    """Each name in __all__ is importable from the package and documented."""
    value = getattr(treatyreg, name)
    assert value.__doc__
    assert name in dir(treatyreg)


def test_unknown_name() -> None:
    """A name the package does not have is an AttributeError, as usual."""
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        treatyreg.nope  # type: ignore[attr-defined]  # noqa: B018


def test_import_is_lazy() -> None:
    """`import treatyreg` loads no YAML parser, attrs, pandas, matplotlib or numpy."""
    code = (
        "import sys, treatyreg; print(sorted(m for m in ('yaml', 'attrs', 'pandas', "
        "'matplotlib', 'numpy', 'treatyreg.registry') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_first_use_loads_what_it_needs() -> None:
    """Using a name imports its module on demand; heavy optional libraries stay out."""
    code = (
        "import sys, treatyreg; treatyreg.load_default(); "
        "print(sorted(m for m in ('yaml', 'pandas', 'matplotlib', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['yaml']"

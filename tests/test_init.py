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
        "import sys, treatyreg; treatyreg.load_default(cache=False); "
        "print(sorted(m for m in ('yaml', 'pandas', 'matplotlib', 'numpy') "
        "if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['yaml']"


_CORE = (
    "dates",
    "diagnostics",
    "errors",
    "lifecycle",
    "derive",
    "model",
    "_fileformat",
    "_reading",
    "_convert",
    "_checks",
    "registry",
    "selection",
    "evidence",
    "loading",
)
_OUTPUTS = ("display", "plot", "frames", "graph", "export", "cli", "writing", "_schema", "_card")


@pytest.mark.parametrize("module", _CORE)
def test_the_core_imports_no_output_module(module: str) -> None:
    """Data flows one way: no core module imports an output module at its top level, and
    inside functions only the lazy delegations of notebooks (`_repr_html_`, DataFrames)."""
    import ast
    from pathlib import Path

    source = Path(treatyreg.__file__).with_name(f"{module}.py").read_text()
    allowed = {
        "_repr_html_",
        "to_dataframe",
        "events_dataframe",
        "participation_dataframe",
        "phases_dataframe",
    }

    def outputs(node: ast.AST) -> set[str]:
        names = set()
        for child in ast.walk(node):
            if isinstance(child, ast.ImportFrom) and child.module:
                names.add(child.module)
            elif isinstance(child, ast.Import):
                names.update(a.name for a in child.names)
        return {n for n in names if n.removeprefix("treatyreg.") in _OUTPUTS}

    tree = ast.parse(source)
    inside = {
        f.name: outputs(f)
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef | ast.AsyncFunctionDef) and outputs(f)
    }
    top = outputs(tree) - set().union(*inside.values())
    assert top == set()
    assert set(inside) <= allowed, inside


def test_loading_and_querying_import_no_output_module() -> None:
    """A load, a validation and queries leave every output module unimported."""
    code = (
        "import sys, treatyreg; reg = treatyreg.load_default(); treatyreg.validate("
        "treatyreg.loading.default_path()); reg.filter(party='Russia', status='in_force');"
        " reg['ru-so-2017-units-entry'].status_on('2020-01-01');"
        f" print(sorted(m for m in sys.modules if m.split('.')[-1] in {_OUTPUTS!r}"
        " and m.startswith('treatyreg.')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


_CORE = (
    "treatyreg.loading",
    "treatyreg.registry",
    "treatyreg.selection",
    "treatyreg.evidence",
    "treatyreg.model",
    "treatyreg.dates",
    "treatyreg.lifecycle",
    "treatyreg.diagnostics",
    "treatyreg.errors",
    "treatyreg.writing",
)


def test_every_documented_name_of_the_core_is_importable_from_treatyreg() -> None:
    """docs/api.md documents each core module (its `members`, else its `__all__`); every
    one of those names is in `treatyreg.__all__` and is the module's own object. The
    optional modules (frames, plot, display, graph, publish, strategies) keep theirs."""
    import importlib
    import re
    from pathlib import Path

    text = (Path(__file__).parents[1] / "docs" / "api.md").read_text(encoding="utf-8")
    documented: dict[str, str] = {}
    for module, options in re.findall(r"^::: (\S+)\n((?:    .*\n)*)", text, re.MULTILINE):
        if module not in _CORE:
            continue
        listed = re.search(r"members: \[(.*)\]", options)
        names = (
            [n.strip() for n in listed[1].split(",")]
            if listed
            else list(importlib.import_module(module).__all__)
        )
        documented.update(dict.fromkeys(names, module))
    assert set(documented.values()) == set(_CORE)  # every core module has its page
    missing = sorted(set(documented) - set(treatyreg.__all__))
    assert missing == []
    for name, module in documented.items():
        assert getattr(treatyreg, name) is getattr(importlib.import_module(module), name)

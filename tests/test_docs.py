"""Tests for the docs: generated pages are current, examples run, the site builds, the
tutorial notebook executes."""

from __future__ import annotations

import datetime as dt
import doctest
import importlib.util
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from treatyreg import FuzzyDate

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
# Pages in the nav that others write; the site build gets a placeholder while one is missing.
OTHERS = ("validation.md", "data.md", "performance.md")


def _script(name: str) -> ModuleType:
    """A generator script from docs/, imported as a module."""
    spec = importlib.util.spec_from_file_location(f"docs_{name}", DOCS / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestGeneratedPages:
    def test_cli_reference_is_current(self) -> None:
        """docs/cli.md is what `python docs/gen_cli.py` writes from the current --help."""
        gen = _script("gen_cli")
        assert (DOCS / "cli.md").read_text(encoding="utf-8") == gen.render(), (
            "docs/cli.md is stale: run python docs/gen_cli.py"
        )

    def test_cli_reference_covers_every_command(self) -> None:
        """Every subcommand has a section."""
        gen = _script("gen_cli")
        from treatyreg.cli import build_parser

        names = list(gen.subcommands(build_parser()))
        assert names
        text = (DOCS / "cli.md").read_text(encoding="utf-8")
        assert all(f"## `treatyreg {name}`" in text for name in names)

    def test_tables_are_current(self) -> None:
        """The generated tables are what `python docs/gen_tables.py` writes."""
        for path, text in _script("gen_tables").render().items():
            assert path.read_text(encoding="utf-8") == text, (
                f"{path.name} is stale: run python docs/gen_tables.py"
            )


def _md_table(page: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header starts with `header`."""
    lines = (DOCS / page).read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(header))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip().strip("`") for cell in line.strip("|").split("|")])
    return rows


def test_dates_table_matches_the_parser() -> None:
    """Every row of the table of date forms gives the bounds FuzzyDate.parse gives."""
    rows = _md_table("dates.md", "| EDTF |")
    assert len(rows) >= 10
    for text, _meaning, lower, upper in rows:
        date = FuzzyDate.parse(text)
        assert (lower, upper) == (
            "open" if date.lower == dt.date.min else date.lower.isoformat(),
            "open" if date.upper == dt.date.max else date.upper.isoformat(),
        ), text


BLOCK = re.compile(r"^```(pycon|python)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
SHELL = re.compile(r"^```(?:sh|console)\n(.*?)^```$", re.MULTILINE | re.DOTALL)
PAGES = [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def _pages_with_examples() -> list[Path]:
    return [p for p in PAGES if BLOCK.search(p.read_text(encoding="utf-8"))]


@pytest.mark.parametrize("page", _pages_with_examples(), ids=lambda p: p.name)
def test_examples_run(page: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The Python examples of each page run, in order, sharing their names: `pycon` ones
    as doctests (the results shown are compared), `python` ones as code that must not
    raise; in a folder with the repository's data and examples, so files they write stay
    there."""
    text = page.read_text(encoding="utf-8")
    if "pandas" in text or "to_dataframe" in text or page.name == "notebooks.md":
        pytest.importorskip("pandas")
    if "matplotlib" in text or "timeline(" in text:
        pytest.importorskip("matplotlib")
        monkeypatch.setenv("MPLBACKEND", "Agg")
    for folder in ("data", "examples", "tests"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    runner = doctest.DocTestRunner(
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE, verbose=False
    )
    globs: dict[str, Any] = {}
    out = io.StringIO()
    ran = 0
    for match in BLOCK.finditer(text):
        line = text.count("\n", 0, match.start(2))
        if match[1] == "python":
            code = compile(match[2], f"{page.name}, line {line + 1}", "exec")
            exec(code, globs)
            ran += 1
            continue
        test = parser.get_doctest(match[2], globs, page.name, str(page), line)
        runner.run(test, out=out.write, clear_globs=False)
        globs = test.globs  # a DocTest copies its globals: carry them to the next block
    assert runner.failures == 0, out.getvalue()
    assert runner.tries + ran > 0
    if "matplotlib" in text or "timeline(" in text:
        import matplotlib.pyplot as plt

        plt.close("all")


def _shell_examples() -> list[tuple[str, str]]:
    """Every `treatyreg` command line of the pages' `sh` and `console` blocks."""
    found: list[tuple[str, str]] = []
    for page in PAGES:
        for block in SHELL.findall(page.read_text(encoding="utf-8")):
            for line in block.splitlines():
                command = line.removeprefix("$ ")
                if not command.startswith("treatyreg "):
                    continue
                found.append((page.name, command))
    return found


@pytest.mark.slow
@pytest.mark.parametrize(("page", "command"), _shell_examples())
def test_shell_examples_run(page: str, command: str, tmp_path: Path) -> None:
    """Each `treatyreg` command the README and the docs show runs as shown (in bash, in a
    folder with the repository's data and examples) and exits 0, with no traceback; where a
    `console` block shows what it prints, that is what it prints."""
    for folder in ("data", "examples", "tests"):
        (tmp_path / folder).symlink_to(ROOT / folder)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    env.update(MPLBACKEND="Agg", COLUMNS="100")
    done = subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    text = (ROOT / page if page == "README.md" else DOCS / page).read_text(encoding="utf-8")
    shown = text.split(f"$ {command}\n", 1)
    expected = shown[1].split("```", 1)[0] if len(shown) == 2 else None
    invalid = expected is not None and " error TR" in expected  # a broken file, on purpose
    assert done.returncode == (1 if invalid else 0), (page, command, done.stderr)
    assert "Traceback" not in done.stderr
    if expected is not None:
        assert done.stdout == expected, (page, command)


def test_nav_lists_every_page() -> None:
    """The nav names every page in docs/, and every page it names exists or is written
    elsewhere."""
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = re.findall(r"^\s+- (?:[^:\n]+: )?([\w-]+\.md)\s*$", config, re.MULTILINE)
    pages = {p.name for p in DOCS.glob("*.md")}
    assert pages <= set(nav)
    assert set(nav) - pages <= set(OTHERS)


@pytest.mark.slow  # runs mkdocs
def test_site_builds_strict(tmp_path: Path) -> None:
    """`mkdocs build --strict` succeeds with no warning; examples render as code."""
    for module in ("mkdocs", "material", "mkdocstrings_handlers.python"):
        pytest.importorskip(module)
    work = tmp_path / "project"
    work.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", work / "mkdocs.yml")
    shutil.copytree(DOCS, work / "docs")
    (work / "src").symlink_to(ROOT / "src")
    for page in OTHERS:  # written elsewhere; a stand-in keeps this build independent
        if not (work / "docs" / page).exists():
            (work / "docs" / page).write_text(f"# {page}\n", encoding="utf-8")
    site = tmp_path / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)],
        cwd=work,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    log = result.stdout + result.stderr
    assert result.returncode == 0, log
    assert "WARNING" not in log, log
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    assert "treatyreg.frames.to_dataframe" in api
    assert '<span class="gp">&gt;&gt;&gt; </span>' in api  # examples as highlighted code
    assert not re.search(r"<blockquote>\s*<blockquote>", api)  # >>> taken as quotes
    assert (site / "img" / "timeline.png").exists()
    assert (site / "tutorial.ipynb").exists()


def test_timeline_image_is_a_picture() -> None:
    """The committed picture exists and is a PNG of a sensible size."""
    data = (DOCS / "img" / "timeline.png").read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    assert width >= 800
    assert height >= 400


@pytest.mark.slow  # starts a notebook kernel
def test_tutorial_notebook_executes() -> None:
    """docs/tutorial.ipynb runs without error and shows a table, pictures and a card."""
    for module in ("nbclient", "nbformat", "ipykernel", "pandas", "matplotlib"):
        pytest.importorskip(module)
    import nbclient
    import nbformat

    nb = nbformat.read(DOCS / "tutorial.ipynb", as_version=4)
    assert all(not cell.get("outputs") for cell in nb.cells if cell.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    client = nbclient.NotebookClient(
        nb, timeout=180, kernel_name="python3", resources={"metadata": {"path": str(DOCS)}}
    )
    client.execute()
    outputs = [
        [o for o in cell.outputs if o.output_type in ("execute_result", "display_data")]
        for cell in nb.cells
        if cell.cell_type == "code"
    ]
    kinds = [{key for o in cell for key in o.get("data", {})} for cell in outputs]
    assert "text/html" in kinds[0]  # the DataFrame of the five-line start
    assert "image/png" in kinds[1]  # the timeline
    assert sum("data" in o and "image/png" in o.data for o in outputs[1]) == 1  # once
    assert sum("image/png" in k for k in kinds) >= 2
    selection = [o.data["text/html"] for o in outputs[2] if "text/html" in o.data]
    assert any("treatyreg-registry" in h and "last evidence" in h for h in selection)
    saved = [o.data.get("text/plain", "") for cell in outputs for o in cell]
    assert any("'defence.png'" in text and "'registry.db'" in text for text in saved)
    html = [o.data["text/html"] for cell in outputs for o in cell if "text/html" in o.data]
    assert any("treatyreg-agreement" in h for h in html)  # an agreement's card
    assert any("treatyreg-diagnostics" in h for h in html)  # a ValidationError's table


def test_file_format_example_is_valid_and_clean(tmp_path: Path) -> None:
    """The registry docs/file-format.md opens with validates without a diagnostic, warnings
    included (its South Ossetia once had the id SO, Somalia's ISO code)."""
    import treatyreg

    text = (DOCS / "file-format.md").read_text(encoding="utf-8")
    example = re.search(r"^```yaml\n(.*?)^```$", text, re.MULTILINE | re.DOTALL)
    assert example is not None
    path = tmp_path / "example.yaml"
    path.write_text(example[1], encoding="utf-8")
    assert treatyreg.validate(path) == []


def test_the_stated_size_of_the_dataset_is_true() -> None:
    """README.md and docs/index.md say how many agreements the bundled data holds."""
    import treatyreg

    held = len(treatyreg.load_default())
    for page in (ROOT / "README.md", ROOT / "docs" / "index.md"):
        said = re.findall(r"bundled dataset holds (\d+)", page.read_text(encoding="utf-8"))
        assert said, page
        assert {int(n) for n in said} == {held}, page

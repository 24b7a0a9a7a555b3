"""Tests for treatyreg.cli, run as a user runs it: the installed `treatyreg` command."""

from __future__ import annotations

import csv
import io
import json
import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import treatyreg
from treatyreg._reading import Limits
from treatyreg.cli import _COMMANDS, build_parser

from .conftest import MINIMAL

pytestmark = pytest.mark.slow  # runs the installed command in subprocesses

DATA = Path(__file__).parent / "data"
EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], capture_output=True, text=True, timeout=60, cwd=cwd, check=False
    )


def shell(command: str) -> subprocess.CompletedProcess[str]:
    """A bash command line, as a user types it (pipes, redirections)."""
    return subprocess.run(
        ["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False
    )


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr
    assert "Traceback" not in result.stdout


class TestList:
    def test_bundled_table(self) -> None:
        """`treatyreg list` shows every bundled agreement with a status."""
        result = run("list")
        assert result.returncode == 0, result.stderr
        assert "ru-so-2017-units-entry" in result.stdout
        assert "ru-so-2023-military-technical-cooperation" in result.stdout
        as_of = treatyreg.load_default().as_of
        assert as_of is not None
        assert f"agreements; status on {as_of} (the registry's as-of day)" in result.stdout

    def test_filters_and_json(self) -> None:
        """Filters narrow the list; json carries the status on --on."""
        result = run(
            "list",
            "--party",
            "tskhinvali region",
            "--status",
            "in_force",
            "--on",
            "2019-12-17",
            "--format",
            "json",
        )
        assert result.returncode == 0, result.stderr
        rows = json.loads(result.stdout)
        ids = {r["id"] for r in rows}
        assert "ru-so-2017-units-entry" in ids
        assert all(r["status"] == "in_force" for r in rows)
        assert "ru-ab-2017-medical-insurance" not in ids

    def test_csv(self, minimal_file: Path) -> None:
        """csv output has a header and one row per agreement."""
        result = run("list", "--data", str(minimal_file), "--format", "csv", "--on", "2020-01-01")
        rows = list(csv.DictReader(io.StringIO(result.stdout)))
        assert [(r["id"], r["status"], r["signed"]) for r in rows] == [
            ("units", "in_force", "2017-03-31")
        ]

    @pytest.mark.parametrize(
        ("args", "message", "code"),
        [
            (["--on", "03/04/2017"], "ambiguous", 2),
            (["--party", "Atlantis"], "no party is called 'Atlantis'", 1),
            (["--status", "in_farce"], "no status 'in_farce'; did you mean 'in_force'?", 1),
            (["--data", "/nonexistent/x.yaml"], "no registry file or folder at", 2),
            (["--data", ""], "--data is empty", 2),
        ],
    )
    def test_errors_are_one_line(self, args: list[str], message: str, code: int) -> None:
        """A bad argument or a library error is one clear line on stderr, never a traceback."""
        result = run("list", *args)
        assert result.returncode == code
        assert message in result.stderr
        assert_no_traceback(result)


class TestShow:
    def test_timeline_with_conflicts(self) -> None:
        """`show` prints the sourced timeline and every conflicting claim."""
        result = run("show", "ru-so-2017-units-entry")
        assert result.returncode == 0, result.stderr
        out = result.stdout
        assert "2017-03-31" in out
        assert "conflicting claim: 2017-07-21" in out
        assert "Sources:" in out

    def test_json(self, minimal_file: Path) -> None:
        """`show --format json` gives the agreement with its events and bounds."""
        result = run("show", "units", "--data", str(minimal_file), "--format", "json")
        data = json.loads(result.stdout)
        assert data["signed"] == {
            "edtf": "2017-03-31",
            "lower": "2017-03-31",
            "upper": "2017-03-31",
        }
        assert data["events"][2]["date"] == {
            "edtf": "../2019-12-17",
            "lower": None,
            "upper": "2019-12-17",
        }

    def test_unknown_id(self) -> None:
        """An unknown id is an error with a suggestion."""
        result = run("show", "ru-so-2017-units-entri")
        assert result.returncode == 1
        assert "did you mean 'ru-so-2017-units-entry'" in result.stderr
        assert_no_traceback(result)

    def test_invalid_registry(self, tmp_path: Path) -> None:
        """Showing from an invalid registry says so in a line and points to validate."""
        bad = tmp_path / "bad.yaml"
        bad.write_text(MINIMAL.replace("kind: agreement", "kind: agrement"))
        result = run("show", "units", "--data", str(bad))
        assert result.returncode == 1
        assert "invalid registry" in result.stderr
        assert_no_traceback(result)


class TestValidate:
    def test_valid(self, minimal_file: Path) -> None:
        """A valid registry exits 0."""
        result = run("validate", str(minimal_file))
        assert result.returncode == 0
        assert "valid" in result.stderr

    def test_every_mistake_text(self) -> None:
        """Each mistake is a `path:line:col: error CODE message` line; exit 1."""
        result = run("validate", str(DATA / "dozen-mistakes.yaml"))
        assert result.returncode == 1
        lines = result.stdout.strip().splitlines()
        assert len(lines) == 15
        assert all(": error TR" in line for line in lines)
        assert lines[0].endswith("unknown key 'nmae' in a party (did you mean 'name'?)")

    def test_usage_error(self) -> None:
        """A path that does not exist is a usage error: exit 2."""
        result = run("validate", "/nonexistent/registry.yaml")
        assert result.returncode == 2
        assert "does not exist" in result.stderr


def test_help_has_an_example_per_command() -> None:
    """Every command's --help ends with an example, as the README promises."""
    parser = build_parser()
    sub = next(a for a in parser._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        result = run(name, "--help")
        assert result.returncode == 0
        assert f"example:\n  treatyreg {name}" in result.stdout


def test_no_command_prints_help() -> None:
    """Without a command, the help is shown and the exit code is 2."""
    result = run()
    assert result.returncode == 2
    assert "examples:" in result.stdout


def test_coverage() -> None:
    """`treatyreg coverage` prints the reported totals and what the registry holds."""
    result = run("coverage", "--format", "json")
    rows = json.loads(result.stdout)
    assert {(r["as_of"], r["reported"]) for r in rows} >= {("2017-11-14", 100), ("2023-12-28", 130)}
    assert all(0 < r["held"] <= r["reported"] for r in rows)
    # the share is a number (its text, with ~ or ≤, beside it)
    assert all(r["share"] == round(r["held"] / r["reported"], 4) for r in rows)
    assert all(r["share_text"].endswith(f"{r['share']:.0%}") for r in rows)


def test_runs_outside_the_repository(tmp_path: Path) -> None:
    """The bundled data is found whatever the working folder."""
    result = run("list", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0
    assert len(json.loads(result.stdout)) >= 9


class TestValidateFormats:
    def test_json(self) -> None:
        """`--format json` is a list of diagnostic objects with the documented keys."""
        result = run("validate", str(DATA / "dozen-mistakes.yaml"), "--format", "json")
        assert result.returncode == 1
        items = json.loads(result.stdout)
        assert len(items) == 15
        assert set(items[0]) == {"path", "line", "column", "code", "severity", "message", "hint"}
        assert (items[0]["line"], items[0]["column"], items[0]["code"]) == (10, 5, "TR100")

    def test_json_valid_is_empty_list(self, minimal_file: Path) -> None:
        """A valid registry in json is `[]`, so tools can always parse the output."""
        result = run("validate", str(minimal_file), "--format", "json")
        assert (result.returncode, json.loads(result.stdout)) == (0, [])

    def test_github(self) -> None:
        """`--format github` prints workflow commands GitHub turns into annotations."""
        result = run("validate", str(DATA / "dozen-mistakes.yaml"), "--format", "github")
        lines = result.stdout.splitlines()
        assert len(lines) == 15
        assert lines[0] == (
            f"::error file={DATA / 'dozen-mistakes.yaml'},line=10,col=5,title=TR100::"
            "unknown key 'nmae' in a party (did you mean 'name'?)"
        )

    def test_github_escapes(self, tmp_path: Path) -> None:
        """%, newlines, and in properties ':' and ',', are escaped as GitHub requires."""
        path = tmp_path / "a,b:c.yaml"
        path.write_text('treatyreg: 1\nparties:\n  - {id: XR, name: "100% \\nx", nmae: 1}\n')
        result = run("validate", str(path), "--format", "github")
        lines = result.stdout.splitlines()
        assert len(lines) == 2  # the line break in the name (TR222) and the unknown key
        for line in lines:
            assert "file=" + str(tmp_path).replace(":", "%3A").replace(",", "%2C") in line
            assert "a%2Cb%3Ac.yaml" in line
        result = run("validate", str(path), "--format", "json")
        assert [d["code"] for d in json.loads(result.stdout)] == ["TR222", "TR100"]

    def test_strict_makes_warnings_errors(self, tmp_path: Path) -> None:
        """A warning alone passes; with --strict it fails."""
        path = tmp_path / "w.yaml"
        path.write_text(MINIMAL.replace("topics: [defence]", "topics: [defence, defence]"))
        assert run("validate", str(path)).returncode == 0
        strict = run("validate", str(path), "--strict")
        assert strict.returncode == 1
        assert ": error TR107 " in strict.stdout

    def test_folder_with_symlink_loop(self, tmp_path: Path, minimal_file: Path) -> None:
        """A folder is searched recursively; a symlink loop does not hang it."""
        (tmp_path / "sub").mkdir()
        (tmp_path / "sub" / "loop").symlink_to(tmp_path, target_is_directory=True)
        (tmp_path / "sub" / "dup.yml").write_text(
            "treatyreg: 1\nsources:\n  - {id: s1, title: Again}\n"
        )
        result = run("validate", str(tmp_path))
        assert result.returncode == 1
        assert "TR200 duplicate id 's1' among sources" in result.stdout

    def test_configurable_limits(self, minimal_file: Path) -> None:
        """--max-depth makes the nesting limit stricter."""
        result = run("validate", str(minimal_file), "--max-depth", "3")
        assert result.returncode == 1
        assert "TR008" in result.stdout

    def test_hostile_input_subprocess(self, tmp_path: Path) -> None:
        """A 100 KB nesting bomb (a libyaml segfault) is one diagnostic, exit 1, quickly."""
        bomb = tmp_path / "bomb.yaml"
        bomb.write_bytes(b"[" * 50_000 + b"]" * 50_000)
        result = run("validate", str(bomb))
        assert result.returncode == 1
        assert "TR008 nesting deeper than 64 levels" in result.stdout
        assert_no_traceback(result)


def test_validate_empty_folder_is_a_usage_error(tmp_path: Path) -> None:
    """A folder with no registry file exits 2: a mistyped path must not pass CI."""
    result = run("validate", str(tmp_path))
    assert result.returncode == 2
    assert "no registry file" in result.stderr


def test_every_limit_is_an_option() -> None:
    """Each reading limit can be set on the command line, under its own name."""
    options = {
        a.dest for a in build_parser()._subparsers._group_actions[0].choices["validate"]._actions
    }  # type: ignore[union-attr]
    assert {f.name for f in attrs.fields(Limits)} <= options


def test_max_problems(tmp_path: Path) -> None:
    """`--max-problems N` stops reading a file after N problems, with TR008 saying so."""
    path = tmp_path / "many.yaml"
    path.write_text("treatyreg: 1\n" + "".join(f"k{i}: 1\n" for i in range(100)))
    done = run("validate", str(path), "--max-problems", "3", "--format", "json")
    assert done.returncode == 1
    found = json.loads(done.stdout)
    assert sorted(d["code"] for d in found) == ["TR008"] + ["TR100"] * 3
    assert "after 3 problems" in next(d["message"] for d in found if d["code"] == "TR008")


# -- no traceback, right exit, safe output ---------------------------------------------------
def _run_env(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        timeout=60,
        check=False,
        env={**os.environ, **env},
    )


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_output_in_any_encoding(tmp_path: Path, encoding: str) -> None:
    """A Cyrillic key reported on a cp1252 or ASCII console: replaced, not a traceback."""
    path = tmp_path / "r.yaml"
    path.write_text(MINIMAL + "соглашение: 1\n", encoding="utf-8")
    done = _run_env("validate", str(path), PYTHONIOENCODING=encoding)
    assert done.returncode == 1
    assert_no_traceback(done)
    assert "TR100 unknown key '??????????'" in done.stdout
    listed = _run_env("list", PYTHONIOENCODING=encoding)
    assert listed.returncode == 0, listed.stderr
    assert "ru-so-2017-units-entry" in listed.stdout


def test_broken_pipe_keeps_the_failure(tmp_path: Path) -> None:
    """`treatyreg validate BAD | head -1` fails the pipeline (it used to exit 0)."""
    path = tmp_path / "bad.yaml"
    path.write_text("treatyreg: 1\n" + "".join(f"unknown_key_{i}: 1\n" for i in range(5_000)))
    done = shell(f'set -o pipefail; "{EXE}" validate "{path}" | head -1')
    assert done.returncode == 1
    assert done.stdout.count("\n") == 1
    assert_no_traceback(done)
    assert "Exception ignored" not in done.stderr


def test_file_names_cannot_inject_ci_commands(tmp_path: Path) -> None:
    """A file name holding a line break and a workflow command is printed escaped, on one
    line, in every format."""
    name = "a\n::stop-commands::x\u202e.yaml"
    (tmp_path / name).write_text("treatyreg: 1\nbad: 1\n")
    for fmt in ("text", "github"):
        done = run("validate", str(tmp_path), "--format", fmt)
        assert done.returncode == 1
        lines = (done.stdout + done.stderr).splitlines()
        assert not any(line.startswith("::stop-commands") for line in lines)
        assert "\u202e" not in done.stdout + done.stderr or fmt == "github"
    done = run("validate", str(tmp_path))
    assert "a\\n::stop-commands::x\\u202e.yaml:2:1: error TR100" in done.stdout


def test_validate_says_what_it_checked(tmp_path: Path) -> None:
    """The last line names the files and records checked, so a file left out shows."""
    (tmp_path / "a.yaml").write_text(MINIMAL)
    (tmp_path / "b.yml").write_text("treatyreg: 1\nsources:\n  - {id: s2, title: B}\n")
    done = run("validate", str(tmp_path))
    assert done.returncode == 0
    assert done.stderr.strip() == "valid: 2 files, 1 agreement, 2 parties, 2 sources"
    (tmp_path / "b.yml").write_text("treatyreg: 1\nsources:\n  - {id: s2}\n")
    done = run("validate", str(tmp_path))
    assert (
        done.stderr.strip()
        == "1 error(s), 0 warning(s) in 2 files, 1 agreement, 2 parties, 2 sources"
    )


def test_closed_stdout(minimal_file: Path) -> None:
    """With stdout closed (`>&-`), a valid registry still exits 0, without a traceback."""
    done = shell(f'"{EXE}" validate "{minimal_file}" >&-')
    assert done.returncode == 0, done.stderr
    assert_no_traceback(done)


def test_file_names_that_are_not_utf8(tmp_path: Path) -> None:
    """A file name with bytes that are not UTF-8: valid UTF-8 output in every format."""
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"bad-\xff.yaml"), "wb") as handle:
        handle.write(b"treatyreg: 1\nbad: 1\n")
    for fmt in ("text", "json", "github"):
        done = subprocess.run(
            [EXE, "validate", str(tmp_path), "--format", fmt],
            capture_output=True,
            timeout=60,
            check=False,
        )
        assert done.returncode == 1
        out = done.stdout.decode("utf-8")  # raises if the output is not UTF-8
        assert "bad-\\udcff.yaml" in out
        if fmt == "json":
            assert json.loads(out)[0]["path"].endswith("bad-\udcff.yaml")


def test_an_unreadable_named_folder_is_a_usage_error_however_spelt(tmp_path: Path) -> None:
    """`reg/x` and `reg/x/` that cannot be read give the same exit; a path under a folder
    that cannot be searched is a diagnostic, not a traceback."""
    too_long = str(tmp_path / ("n" * 300) / "r.yaml")
    for path in (too_long, too_long + "/"):
        done = run("validate", path)
        assert done.returncode == 2
        assert_no_traceback(done)


def test_aliases_nested_past_the_recursion_limit(tmp_path: Path) -> None:
    """Chained aliases 1,500 levels deep with a raised --max-depth: diagnostics, no
    RecursionError."""
    lines = ["a0: &a0 x"]
    for i in range(1, 31):
        lines.append(f"a{i}: &a{i} " + "[" * 50 + f"*a{i - 1}" + "]" * 50)
    path = tmp_path / "deep.yaml"
    path.write_text("\n".join(lines) + "\n")
    done = run("validate", str(path), "--max-depth", "5000")
    assert done.returncode == 1
    assert_no_traceback(done)
    assert "TR101" in done.stdout or "TR100" in done.stdout


@pytest.mark.parametrize("entry", _COMMANDS, ids=[entry[0] for entry in _COMMANDS])
def test_a_command_alone_parses_as_with_all_of_them(entry: tuple[Any, ...]) -> None:
    """`main` builds the parser of the command it runs alone: its example (each command's
    `--help` shows it) must parse to the same arguments as with the whole parser, and the
    whole parser's help must name every command."""
    name, _, example = entry[:3]
    argv = shlex.split(example.split(" && ")[0].split(" | ")[0].split(" > ")[0])[1:]
    assert argv[0] == name
    alone, whole = build_parser(name).parse_args(argv), build_parser().parse_args(argv)
    assert vars(alone) == vars(whole)
    assert f"    {name}" in build_parser().format_help()


def test_an_unknown_option_after_a_command_is_a_usage_error() -> None:
    result = run("list", "--no-such-option")
    assert result.returncode == 2
    assert "unrecognized arguments: --no-such-option" in result.stderr


@pytest.mark.slow
def test_registry_text_never_reaches_the_terminal_raw(tmp_path: Path) -> None:
    """Escape sequences, a bell, a bidi override and line breaks in a title, an alias, a
    place, a note and a source's title are printed escaped by every command, as a user runs
    it; a line break in a title does not break the table; JSON keeps the value."""
    hostile = "\\x1b[31mRED\\x1b]0;owned\\x07 \\u202eevil\\nsecond line\\x9b2J"
    no_bidi = hostile.replace("\\u202e", "")  # in a party's name that is TR213, an error
    text = (
        MINIMAL.replace("title: Agreement on the entry of units", f'title: "Units {hostile}"')
        .replace("place: Moscow", f'place: "Moscow {hostile}"')
        .replace("title: A report", f'title: "A report {hostile}"')
        .replace("aliases: [Russia]", f'aliases: [Russia, "Rus {no_bidi}"]')
    ) + f'    notes: "N {hostile}"\n'  # the agreement's, last in the file
    path = tmp_path / "r.yaml"
    path.write_text(text)
    warned = run("validate", str(path))
    assert warned.returncode == 0
    assert warned.stdout.count("TR222") == 5
    for argv in (
        ["list"],
        ["list", "--party", "RU"],
        ["show", "units"],
        ["coverage"],
        ["graph", "--format", "dot", "--labels", "title"],
        ["list", "--format", "json"],
    ):
        result = run(*argv, "--data", str(path))
        assert result.returncode == 0, result.stderr
        out = result.stdout + result.stderr
        assert not set(out) & set("\x1b\x07\u202e\x9b\r"), argv
        if argv == ["list"]:
            assert len([line for line in result.stdout.splitlines() if "units" in line]) == 1
            assert "\\x1b[31mRED" in result.stdout
        if argv[-1] == "json":
            assert json.loads(result.stdout)[0]["title"] == f"Units {hostile}".encode().decode(
                "unicode_escape"
            )


class TestValidateWithoutPath:
    """No path: the paths of [tool.treatyreg], else exit 2; never the bundled data."""

    def test_no_settings_is_a_usage_error(self, tmp_path: Path) -> None:
        (tmp_path / ".git").mkdir()
        result = run("validate", cwd=tmp_path)
        assert result.returncode == 2
        assert "no path given" in result.stderr
        assert "75 agreements" not in result.stderr + result.stdout
        assert_no_traceback(result)

    def test_the_projects_paths(self, tmp_path: Path) -> None:
        (tmp_path / ".git").mkdir()
        (tmp_path / "reg").mkdir()
        (tmp_path / "reg" / "a.yaml").write_text(MINIMAL.replace("title: A report", "nmae: x"))
        (tmp_path / "pyproject.toml").write_text('[tool.treatyreg]\npaths = ["reg/"]\n')
        result = run("validate", "--format", "github", cwd=tmp_path)
        assert result.returncode == 1
        assert "file=reg/a.yaml,line=" in result.stdout  # relative, as annotations want
        assert "paths from" in result.stderr

    def test_bad_settings_exit_2(self, tmp_path: Path) -> None:
        (tmp_path / "pyproject.toml").write_text('[tool.treatyreg]\npaths = ["../elsewhere"]\n')
        result = run("validate", cwd=tmp_path)
        assert result.returncode == 2
        assert "leaves the project's folder" in result.stderr
        assert_no_traceback(result)


class TestOutputDash:
    """`--output -` is stdout for every output that is one file; never a file named `-`."""

    def test_json_and_sqlite_exports(self, tmp_path: Path) -> None:
        done = shell(f"cd {tmp_path} && {EXE} export --format json --output - > out.json")
        assert done.returncode == 0, done.stderr
        data = json.loads((tmp_path / "out.json").read_text())
        assert len(data["tables"]["agreements"]) == len(treatyreg.load_default())
        done = shell(f"cd {tmp_path} && {EXE} export --format sqlite --output - > out.db")
        assert done.returncode == 0, done.stderr
        import sqlite3

        with sqlite3.connect(tmp_path / "out.db") as db:
            [(count,)] = db.execute("select count(*) from agreements").fetchall()
        assert count == len(treatyreg.load_default())
        assert not (tmp_path / "-").exists()

    def test_a_folder_format_is_refused(self, tmp_path: Path) -> None:
        done = run("export", "--format", "csv", "--output", "-", cwd=tmp_path)
        assert done.returncode == 2
        assert "takes one file" in done.stderr
        assert list(tmp_path.iterdir()) == []

    @pytest.mark.parametrize("command", ["timeline", "coverage", "parties ru-so-2017-units-entry"])
    def test_pictures_as_png(self, tmp_path: Path, command: str) -> None:
        pytest.importorskip("matplotlib")
        done = subprocess.run(
            [EXE, *command.split(), "--output", "-"],
            capture_output=True,
            cwd=tmp_path,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith(b"\x89PNG\r\n\x1a\n")
        assert b"to stdout" in done.stderr
        assert list(tmp_path.iterdir()) == []


def test_python_m_treatyreg_is_the_command(minimal_file: Path) -> None:
    """`python -m treatyreg` runs the same command, for a Python whose scripts folder is
    not on PATH: its exit codes and output are the command's."""
    for args, code in (
        (["validate", str(minimal_file)], 0),
        (["validate"], 2),  # no input (no project here) is an error, never a silent pass
        (["--version"], 0),
    ):
        by_module = subprocess.run(
            [sys.executable, "-m", "treatyreg", *args],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=minimal_file.parent,
            check=False,
        )
        by_script = run(*args, cwd=minimal_file.parent)
        assert by_module.returncode == by_script.returncode == code, by_module.stderr
        assert (by_module.stdout, by_module.stderr) == (by_script.stdout, by_script.stderr)


def test_version_loads_nothing() -> None:
    """`treatyreg --version` prints the installed version without importing the CLI, the
    reader or the cache (so it is never slower than a command)."""
    from importlib.metadata import version

    done = subprocess.run(
        [EXE, "--version"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        env={**os.environ, "PYTHONPROFILEIMPORTTIME": "1"},
    )
    assert done.returncode == 0
    assert done.stdout == f"treatyreg {version('treatyreg')}\n"
    imported = {line.split("|")[-1].strip() for line in done.stderr.splitlines()}
    assert "treatyreg._version" in imported
    assert not imported & {"treatyreg.cli", "treatyreg.loading", "yaml", "importlib.metadata"}


class TestNothingRawAfterReview:
    """What an adversarial review found still raw, each as a user meets it."""

    HOSTILE = "\\x1b]0;owned\\x07\\x9b2J \\u202eevil"

    def _file(self, tmp_path: Path) -> Path:
        path = tmp_path / "r.yaml"
        path.write_text(
            MINIMAL.replace(
                "title: Agreement on the entry of units", f'title: "Units {self.HOSTILE}"'
            )
        )
        return path

    def test_argparse_errors_escape_what_was_typed(self) -> None:
        done = run("list", "\x1b]0;pwned\x07\u202e")
        assert done.returncode == 2
        assert "\\x1b]0;pwned\\x07\\u202e" in done.stderr
        assert not set(done.stderr) & set("\x1b\x07\u202e")

    def test_json_to_stdout_escapes_c1_and_bidi(self, tmp_path: Path) -> None:
        done = run(
            "export", "--data", str(self._file(tmp_path)), "--format", "json", "--output", "-"
        )
        assert done.returncode == 0, done.stderr
        assert not set(done.stdout) & set("\x1b\x07\x9b\u202e")
        titles = {r["title"] for r in json.loads(done.stdout)["tables"]["agreements"]}
        assert titles == {"Units \x1b]0;owned\x07\x9b2J \u202eevil"}  # the same value

    def test_csv_on_a_terminal_is_escaped(self, tmp_path: Path) -> None:
        from .test_honest_time import _in_terminal

        shown = _in_terminal("list", "--data", str(self._file(tmp_path)), "--format", "csv")
        assert "\\x1b]0;owned" in shown
        assert not set(shown) & set("\x07\x9b\u202e")
        piped = run("list", "--data", str(self._file(tmp_path)), "--format", "csv")
        assert "\x1b]0;owned\x07" in piped.stdout  # data, as it is, into a pipe or a file

    def test_library_warnings_are_escaped(self, tmp_path: Path) -> None:
        pytest.importorskip("matplotlib")
        data, out = str(self._file(tmp_path)), str(tmp_path / "t.png")
        done = run("timeline", "--data", data, "--output", out, "--labels", "title")
        assert done.returncode == 0, done.stderr
        assert "Glyph 27 (\\x1b) missing" in done.stderr  # matplotlib's, quoting the title
        assert not set(done.stderr) & set("\x1b\x07\x9b\u202e")

    def test_a_closed_stdout_is_an_error(self) -> None:
        for command in ("graph", "list --format csv", "export --format json --output -"):
            done = shell(f"{EXE} {command} >&-")
            assert done.returncode == 2, command
            assert "stdout is closed" in done.stderr
            assert_no_traceback(done)


@pytest.mark.parametrize("width", ["10000000", "-5", "0", "abc"])
def test_a_text_timeline_width_is_bounded(width: str) -> None:
    """`timeline --width` takes 40 to 1000: 10,000,000 once wrote 60 MB in 23 s."""
    done = run("timeline", "--width", width)
    assert done.returncode == 2
    assert "--width" in done.stderr
    assert done.stdout == ""


class TestCacheCommand:
    """`treatyreg cache info|clear`, and the one line that says the cache is off here."""

    def _env(self, folder: Path) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("TREATYREG_")}
        return {**env, "TREATYREG_CACHE_DIR": str(folder)}

    def _run(self, env: dict[str, str], *argv: str, cwd: Path | None = None) -> Any:
        return subprocess.run(
            [EXE, *argv], capture_output=True, text=True, env=env, cwd=cwd, timeout=60, check=False
        )

    def test_info_and_clear(self, tmp_path: Path) -> None:
        env = self._env(tmp_path / "cache")
        assert self._run(env, "list").returncode == 0  # one entry: the bundled data
        info = json.loads(self._run(env, "cache", "info", "--format", "json").stdout)
        assert info["folder"] == str(tmp_path / "cache")
        assert (info["on"], info["why_off"], info["entries"]) == (True, None, 1)
        assert info["bytes"] == sum(p.stat().st_size for p in (tmp_path / "cache").iterdir())
        (tmp_path / "cache" / "notes.txt").write_text("not an entry")
        cleared = self._run(env, "cache", "clear")
        assert cleared.returncode == 0
        assert "removed 1 entries" in cleared.stdout
        assert [p.name for p in (tmp_path / "cache").iterdir()] == ["notes.txt"]
        assert "entries: 0" in self._run(env, "cache", "info").stdout

    def test_a_cache_off_here_is_said_once(self, tmp_path: Path) -> None:
        env = self._env(tmp_path / "checkout" / ".cache")
        (tmp_path / "checkout").mkdir()
        done = self._run(env, "list", cwd=tmp_path / "checkout")
        assert done.returncode == 0
        notes = [line for line in done.stderr.splitlines() if "cache" in line]
        assert len(notes) == 1
        assert "inside the working directory" in notes[0]
        info = json.loads(
            self._run(env, "cache", "info", "--format", "json", cwd=tmp_path / "checkout").stdout
        )
        assert "inside the working directory" in info["why_off"]
        quiet = self._run({**env, "TREATYREG_NO_CACHE": "1"}, "list", cwd=tmp_path / "checkout")
        assert "cache" not in quiet.stderr  # turned off on purpose: nothing to say


def test_bash_completes_commands_options_and_values(tmp_path: Path) -> None:
    """argcomplete's real bash hook, as `eval "$(register-python-argcomplete treatyreg)"`
    installs it: a command, an option and an option's values are completed."""
    hook = shutil.which("register-python-argcomplete", path=str(Path(sys.executable).parent))
    if hook is None:
        pytest.skip("argcomplete is not installed (pip install '.[completion]')")

    def complete(*words: str) -> list[str]:
        line = " ".join(["treatyreg", *words])
        script = (
            f'eval "$({hook} treatyreg)"; COMP_WORDS=({shlex.join(["treatyreg", *words])});'
            f" COMP_CWORD={len(words)}; COMP_LINE={shlex.quote(line)}; COMP_POINT={len(line)};"
            f' _python_argcomplete treatyreg {shlex.quote(words[-1])} x; printf "%s\\n"'
            ' "${COMPREPLY[@]}"'
        )
        env = {**os.environ, "PATH": f"{Path(sys.executable).parent}:{os.environ['PATH']}"}
        done = subprocess.run(
            ["bash", "-c", script], capture_output=True, text=True, env=env, timeout=60
        )
        return sorted(w.strip() for w in done.stdout.splitlines() if w.strip())

    assert complete("li") == ["list"]
    assert complete("list", "--party-s") == ["--party-status"]
    assert complete("export", "--format", "") == ["csv", "datapackage", "json", "parquet", "sqlite"]
    # values that are the registry's own: statuses, party ids, agreement ids
    assert complete("list", "--status", "in_") == ["in_force", "in_ratification"]
    assert complete("list", "--party", "X") == ["XAB", "XSO"]
    assert complete("show", "ru-so-2017-u") == ["ru-so-2017-units-entry"]

"""`treatyreg diff`: the status periods against a day-by-day comparison of both registries,
renames, the git revision form in a real repository, the JSON against its schema, and the
CI recipe of docs/diff.md run as the page shows it."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import attrs
import jsonschema
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import treatyreg
from treatyreg import Action, Agreement, Event, FuzzyDate, Means, Registry, Status
from treatyreg.changes import AgreementChange, diff
from treatyreg.strategies import registries

from .conftest import MINIMAL, ROOT

EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"
SCHEMA = json.loads((ROOT / "schema" / "treatyreg-diff-1.schema.json").read_text("utf-8"))


def _shift(event: Event, days: int) -> Event:
    day = min(max(event.upper + dt.timedelta(days=days), dt.date(1, 1, 2)), dt.date(9998, 1, 1))
    return attrs.evolve(event, date=FuzzyDate.from_date(day), alternatives=())


@st.composite
def changed(draw: st.DrawFn) -> tuple[Registry, Registry, str]:
    """A registry and the same registry with one agreement changed: an event added,
    removed or moved, a party's consent changed, or an event's sources changed."""
    reg = draw(registries().filter(len))
    a = draw(st.sampled_from(list(reg)))
    events = list(a.events)
    kind = draw(st.sampled_from(["add", "remove", "move", "consent", "sources"]))
    if kind == "remove" and events:
        del events[draw(st.integers(0, len(events) - 1))]
    elif kind == "move" and events:
        i = draw(st.integers(0, len(events) - 1))
        events[i] = _shift(events[i], draw(st.integers(-800, 800)))
    elif kind == "consent":
        party = draw(st.sampled_from(a.parties))
        consents = [i for i, e in enumerate(events) if e.action is Action.RATIFIED]
        if consents and draw(st.booleans()):
            i = draw(st.sampled_from(consents))
            events[i] = attrs.evolve(
                events[i], party=party, means=draw(st.sampled_from([None, *Means]))
            )
        else:
            day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2090, 1, 1)))
            events.append(
                Event(Action.RATIFIED, FuzzyDate.from_date(day), party=party, sources=a.sources)
            )
    elif kind == "sources" and events:
        i = draw(st.integers(0, len(events) - 1))
        events[i] = attrs.evolve(events[i], sources=(draw(st.sampled_from(reg.sources)).id,))
    else:  # add
        action = draw(st.sampled_from(list(Action)))
        day = draw(st.dates(dt.date(1950, 1, 1), dt.date(2090, 1, 1)))
        party = draw(st.none() | st.sampled_from(a.parties))
        events.append(Event(action, FuzzyDate.from_date(day), party=party, sources=a.sources))
    new_a = attrs.evolve(a, events=tuple(events))
    new = Registry(
        [new_a if x is a else x for x in reg],
        reg.parties,
        reg.sources,
        reg.reported_totals,
        as_of=reg.as_of,
    )
    return reg, new, a.id


def _days_that_matter(*agreements: Agreement) -> list[dt.date]:
    """Every day a status can change on (each event's latest day), the day before it and
    the day after, and the first day."""
    found = {dt.date.min}
    for a in agreements:
        for e in a.events:
            for d in (-1, 0, 1):
                with contextlib.suppress(OverflowError):
                    found.add(e.upper + dt.timedelta(days=d))
    return sorted(found)


def _reported(change: AgreementChange | None, day: dt.date, party: str | None) -> Any:
    """What the diff says of `day`: (old, new) when the statuses differ, else None."""
    if change is None:
        return None
    for p in change.periods:
        if p.party == party and p.first <= day and (p.last is None or day <= p.last):
            return (p.old, p.new)
    return None


def _party(a: Agreement, party: str, day: dt.date) -> Status | None:
    return a.party_status(party, day) if party in a.parties else None


@settings(max_examples=max(settings().max_examples, 100))
@given(case=changed())
def test_status_periods_match_a_day_by_day_comparison(
    case: tuple[Registry, Registry, str],
) -> None:
    old, new, changed_id = case
    changes = diff(old, new)
    by_id = {c.id: c for c in changes}
    assert set(by_id) <= {changed_id}
    a, b = old[changed_id], new[changed_id]
    change = by_id.get(changed_id)
    if a != b:
        assert change is not None
        assert change.change == "changed"
    multilateral = len(a.parties) > 2
    for day in _days_that_matter(a, b):
        was, now = a.status_on(day), b.status_on(day)
        assert _reported(change, day, None) == ((was, now) if was != now else None), day
        if multilateral:
            for p in a.parties:
                was, now = _party(a, p, day), _party(b, p, day)
                assert _reported(change, day, p) == ((was, now) if was != now else None)
    if change is not None:
        on = old.day().day
        assert change.status.before == a.status_on(on)
        assert change.status.after == b.status_on(on)
        for p in change.periods:  # each period is maximal: its neighbours differ
            assert p.first <= (p.last or dt.date.max)
    counts = {c.status: (c.before, c.after) for c in changes.counts}
    on = old.day().day
    for status, (before, after) in counts.items():
        assert before == sum(x.status_on(on) == status for x in old)
        assert after == sum(x.status_on(on) == status for x in new)
    jsonschema.validate(changes.to_dict(), SCHEMA)


def test_no_change_when_only_the_text_moves(tmp_path: Path) -> None:
    old = tmp_path / "old.yaml"
    new = tmp_path / "new.yaml"
    old.write_text(MINIMAL, encoding="utf-8")
    new.write_text(
        "# a comment\n"
        + MINIMAL.replace("    topics: [defence]\n", "    topics:\n      - defence\n"),
        encoding="utf-8",
    )
    changes = diff(old, new)
    assert not changes
    assert len(changes) == 0
    assert list(changes) == []


def test_a_renamed_agreement_is_found() -> None:
    reg = treatyreg.load_default()
    a = reg["ru-so-2017-units-entry"]
    b = reg["ru-so-2008-friendship"]
    renamed = attrs.evolve(a, id="ru-so-2017-units")
    retitled = attrs.evolve(b, id="ru-so-2008-friendship-treaty", title="Friendship treaty")
    new = Registry(
        [renamed, retitled, *(x for x in reg if x not in (a, b))],
        reg.parties,
        reg.sources,
        reg.reported_totals,
        as_of=reg.as_of,
    )
    found = {c.id: c for c in diff(reg, new)}
    assert set(found) == {"ru-so-2017-units", "ru-so-2008-friendship-treaty"}
    assert found["ru-so-2017-units"].change == "renamed"
    assert found["ru-so-2017-units"].old_id == "ru-so-2017-units-entry"
    assert found["ru-so-2017-units"].periods == ()
    assert found["ru-so-2008-friendship-treaty"].old_id == "ru-so-2008-friendship"
    assert [f.key for f in found["ru-so-2008-friendship-treaty"].fields] == ["title"]


def test_an_unrelated_new_agreement_is_added_not_renamed() -> None:
    reg = treatyreg.load_default()
    a = reg["ru-so-2017-units-entry"]
    other = attrs.evolve(a, id="something-else", title="Another", events=a.events[:1])
    new = Registry(
        [other, *(x for x in reg if x is not a)], reg.parties, reg.sources, as_of=reg.as_of
    )
    found = {c.id: c.change for c in diff(reg, new)}
    assert found == {"something-else": "added", "ru-so-2017-units-entry": "removed"}


# -- the command, in a real git repository ---------------------------------------------
def _git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org"}
    env |= {"GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org"}
    done = subprocess.run(
        ["git", *args], cwd=cwd, env=env, capture_output=True, text=True, check=True
    )
    return done.stdout


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [EXE, *args], cwd=cwd, capture_output=True, text=True, timeout=120, check=False
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository with two commits of data/registry.yaml: the second moves the
    entry into force of `units` from ../2019-12-17 to 2019-12-20."""
    _git(tmp_path, "init", "-q", "-b", "main")
    (tmp_path / "data").mkdir()
    (tmp_path / "pyproject.toml").write_text('[tool.treatyreg]\npaths = ["data/"]\n')
    (tmp_path / "data" / "registry.yaml").write_text(MINIMAL, encoding="utf-8")
    _git(tmp_path, "add", "-A")
    _git(tmp_path, "commit", "-q", "-m", "first")
    moved = MINIMAL.replace("date: ../2019-12-17", "date: 2019-12-20")
    assert moved != MINIMAL
    (tmp_path / "data" / "registry.yaml").write_text(moved, encoding="utf-8")
    _git(tmp_path, "commit", "-q", "-am", "moved")
    return tmp_path


@pytest.mark.slow
def test_git_revisions_as_a_user_runs_them(repo: Path) -> None:
    new_text = (repo / "data" / "registry.yaml").read_text()
    for args in (
        ("HEAD~1:data/", "HEAD:data/"),
        ("HEAD~1:data/registry.yaml", "data/registry.yaml"),
        ("--base", "HEAD~1", "data/"),
        ("--base", "HEAD~1"),  # the paths of [tool.treatyreg]
    ):
        done = _run(repo, "diff", *args, "--format", "json")
        assert done.returncode == 1, (args, done.stderr)
        found = json.loads(done.stdout)
        jsonschema.validate(found, SCHEMA)
        (units,) = found["agreements"]
        assert units["id"] == "units"
        # the fold: in force from 2019-12-17 at the latest before, from 2019-12-20 now
        a, b = treatyreg.loads(MINIMAL)["units"], treatyreg.loads(new_text)["units"]
        was, now = a.status_on("2019-12-18"), b.status_on("2019-12-18")
        assert [(p["first"], p["last"], p["old"], p["new"]) for p in units["periods"]] == [
            ("2019-12-17", "2019-12-19", str(was), str(now))
        ]
    # the notice is at the changed event's line of NEW
    done = _run(repo, "diff", "--base", "HEAD~1", "data/", "--format", "github")
    assert done.returncode == 1
    line = int(re.search(r"line=(\d+)", done.stdout)[1])  # type: ignore[index]
    assert "entered_into_force" in new_text.splitlines()[line - 1]
    # NEW read at a revision: the notice names the file as checked out, where GitHub shows it
    done = _run(repo, "diff", "HEAD~1:data/", "HEAD:data/", "--format", "github")
    assert done.returncode == 1
    assert f"::notice file=data/registry.yaml,line={line}," in done.stdout
    # from a subfolder, `REV:./` and `REV:../` are git's paths from there: still the file
    # as GitHub names it, from the repository's root
    for old, new in (("HEAD~1:./", "HEAD:./"), ("HEAD~1:../data/", "HEAD:../data/")):
        done = _run(repo / "data", "diff", old, new, "--format", "github")
        assert done.returncode == 1, done.stderr
        assert f"::notice file=data/registry.yaml,line={line}," in done.stdout
    # a commit that changes only the text means nothing
    (repo / "data" / "registry.yaml").write_text("# reviewed\n" + new_text, encoding="utf-8")
    _git(repo, "commit", "-q", "-am", "comment")
    done = _run(repo, "diff", "--base", "HEAD~1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no change of meaning" in done.stdout


@pytest.mark.slow
def test_an_invalid_side_is_an_error_with_its_diagnostics(repo: Path) -> None:
    (repo / "data" / "registry.yaml").write_text(MINIMAL.replace("kind: agreement", "kind: 7"))
    done = _run(repo, "diff", "--base", "HEAD", "--format", "github")
    assert done.returncode == 2
    assert "::error file=data/registry.yaml,line=" in done.stdout
    # NEW at a revision that is not valid: its errors name the file as checked out
    _git(repo, "commit", "-q", "-am", "broken")
    done = _run(repo, "diff", "HEAD~1:data/", "HEAD:data/", "--format", "github")
    assert done.returncode == 2
    assert "::error file=data/registry.yaml,line=" in done.stdout
    done = _run(repo, "diff", "no-such-rev:data/", "data/")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    done = _run(repo, "diff", "data/")
    assert done.returncode == 2
    assert "give OLD and NEW" in done.stderr


def test_the_schema_is_current() -> None:
    from treatyreg._diffout import json_schema

    assert json_schema() == SCHEMA, (
        "run: treatyreg schema --diff > schema/treatyreg-diff-1.schema.json"
    )


def test_outputs_escape_what_the_data_holds() -> None:
    from treatyreg import _diffout

    reg = treatyreg.load_default()
    a = reg["ru-so-2017-units-entry"]
    hostile = attrs.evolve(a, title="Evil\x1b[31m title\u202e <b>|`x`")
    new = Registry(
        [hostile, *(x for x in reg if x is not a)], reg.parties, reg.sources, as_of=reg.as_of
    )
    changes = diff(reg, new)
    for said in (_diffout.text(changes), _diffout.markdown(changes), _diffout.github(changes)):
        assert "\x1b" not in said
        assert "\u202e" not in said
    assert "&lt;b&gt;|" in changes._repr_html_()
    assert "<b>|" not in changes._repr_html_()
    assert "\\<b\\>" in _diffout.markdown(changes)
    frame = changes.to_dataframe()
    assert list(frame["id"]) == ["ru-so-2017-units-entry"]


# -- the CI recipe of docs/diff.md -------------------------------------------------------
def _recipe() -> list[str]:
    """The `run:` steps of the workflow that docs/diff.md shows."""
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    block = re.search(r"^```yaml\n(.*?)^```$", page, re.MULTILINE | re.DOTALL)
    assert block is not None
    workflow = yaml.safe_load(block[1])
    (job,) = workflow["jobs"].values()
    return [step["run"] for step in job["steps"] if "run" in step]


@pytest.mark.slow
def test_the_ci_recipe_runs(repo: Path, tmp_path: Path) -> None:
    """The workflow's own steps, run in a repository whose pull request changes a date:
    the summary says what it means, and the step fails as the workflow expects."""
    steps = _recipe()
    assert any("validate" in s for s in steps)
    assert any("diff" in s for s in steps)
    _git(repo, "update-ref", "refs/remotes/origin/base", "HEAD~1")  # as a checkout fetches it
    summary = tmp_path / "summary.md"
    env = {**os.environ, "GITHUB_STEP_SUMMARY": str(summary), "GITHUB_BASE_REF": "base"}
    env["PATH"] = f"{Path(EXE).parent}{os.pathsep}{env['PATH']}"
    codes = []
    for step in steps:
        if step.strip().startswith("pip install"):
            continue  # treatyreg is installed here
        done = subprocess.run(
            ["bash", "-e", "-o", "pipefail", "-c", step],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        codes.append(done.returncode)
        assert "Traceback" not in done.stderr, done.stderr
    said = summary.read_text(encoding="utf-8")
    assert "units" in said
    assert "2019-12-17 … 2019-12-19" in said
    assert codes == [0] * len(codes)  # a change is reported, not a failure; errors fail


@pytest.mark.slow
def test_the_worked_example_is_what_the_command_prints() -> None:
    """docs/diff.md's example from the bundled data's history: each line it shows is
    printed, in that order (`…` marks lines left out)."""
    page = (ROOT / "docs" / "diff.md").read_text(encoding="utf-8")
    block = re.search(r"^```text\n\$ (treatyreg diff .*?)\n(.*?)^```$", page, re.M | re.S)
    assert block is not None
    if subprocess.run(
        ["git", "cat-file", "-e", "a62590b"], cwd=ROOT, capture_output=True, check=False
    ).returncode:
        pytest.skip("no git history here (a source distribution)")
    done = _run(ROOT, *block[1].split()[1:])
    assert done.returncode == 1, done.stderr
    printed = iter(done.stdout.splitlines())
    for line in block[2].splitlines():
        if line != "…":
            assert line in printed, line  # consumes the output up to the line


# -- review of issue 26: one test per finding --------------------------------------------
TWO_AGREEMENTS = """\
treatyreg: 1
as_of: 2025-01-01
parties:
  - {id: RU, name: Russia}
  - {id: XSO, name: South Ossetia}
sources:
  - {id: s, title: S}
  - {id: t, title: T}
agreements:
  - id: alpha
    title: Treaty on alpha
    kind: treaty
    parties: [RU, XSO]
    sources: [s, t]
    events:
      - {action: signed, date: 2010-01-01, sources: [s]}
      - {action: entered_into_force, date: 2011-01-01, sources: [s]}
  - id: beta
    title: Treaty on beta
    kind: treaty
    parties: [RU, XSO]
    sources: [s]
    events:
      - {action: signed, date: 2015-01-01, sources: [s]}
"""


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    code = (
        "import sys; from treatyreg._entry import main; "
        "sys.argv=['treatyreg', *sys.argv[1:]]; sys.exit(main())"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "NO_COLOR": "1"}
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def _commit_git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.email=r@e.v", "-c", "user.name=rev", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def _repo(tmp_path: Path, text: str = TWO_AGREEMENTS) -> Path:
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    (repo / "data" / "agreements.yaml").write_text(text, "utf-8")
    (repo / "pyproject.toml").write_text('[tool.treatyreg]\npaths = ["data"]\n', "utf-8")
    _commit_git(repo, "init", "-q")
    _commit_git(repo, "add", "-A")
    _commit_git(repo, "commit", "-qm", "one")
    return repo


# -- git revisions -----------------------------------------------------------------------
def test_base_from_a_subdirectory_reads_the_revision(tmp_path: Path) -> None:
    """The issue: `treatyreg diff --base REV [PATH]` compares PATH with PATH at REV.
    Run from inside the data folder (`cd data; treatyreg diff --base HEAD .`) with
    nothing changed, `git ls-tree` (run without --full-tree) limits its listing to the
    current directory's prefix *inside the revision's tree*, lists nothing, and OLD is
    read as an empty registry: every agreement is reported `added`, exit 1."""
    repo = _repo(tmp_path)
    done = _cli("diff", "--base", "HEAD", ".", cwd=repo / "data")
    assert "added" not in done.stdout, done.stdout
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_revision_folder_without_registry_files_is_an_error(tmp_path: Path) -> None:
    """The issue: either side invalid is an error (exit 2) with its diagnostics. A
    folder on disk with no registry file is TR001; the same folder at a revision
    (or a typo'd folder that holds other files) is read as an empty registry, so the
    diff says every agreement was added and exits 1."""
    repo = _repo(tmp_path)
    (repo / "docs").mkdir()
    (repo / "docs" / "README.md").write_text("not a registry\n", "utf-8")
    _commit_git(repo, "add", "-A")
    _commit_git(repo, "commit", "-qm", "docs")
    on_disk = _cli("diff", "docs", "data", cwd=repo)
    assert on_disk.returncode == 2  # TR001, as it should be
    done = _cli("diff", "HEAD:docs", "data", cwd=repo)
    assert done.returncode == 2, done.stdout
    assert "TR001" in done.stderr


def test_a_symlink_inside_the_folder_reads_as_on_disk(tmp_path: Path) -> None:
    """The issue: each side a folder or a git revision of one. A symbolic link that stays
    inside the registry's folder loads on disk, but at a revision every symlink is
    TR011 (_revisions.py: `mode not in _BLOB_MODES`), so with no change at all
    `diff --base HEAD data/` exits 2 ("not a valid registry") instead of 0."""
    repo = _repo(tmp_path)
    (repo / "data" / "sub").mkdir()
    os.replace(repo / "data" / "agreements.yaml", repo / "data" / "sub" / "agreements.yaml")
    os.symlink("sub/agreements.yaml", repo / "data" / "alias.yaml")
    _commit_git(repo, "add", "-A")
    _commit_git(repo, "commit", "-qm", "link")
    assert _cli("diff", "data", "data", cwd=repo).returncode == 0  # on disk: fine
    done = _cli("diff", "--base", "HEAD", "data/", cwd=repo)
    assert done.returncode == 0, done.stderr


def test_a_symlink_named_as_the_revision_file_is_not_read_as_yaml(tmp_path: Path) -> None:
    """`REV:PATH` where PATH is a symbolic link: `git cat-file -t` says `blob`, and the
    link's target path is parsed as the registry ("a registry must be a mapping of keys,
    not text '../other/real.yaml'"). On disk the link is followed (or refused as TR011);
    at a revision it should be TR011 too, not a YAML error about the target's name."""
    repo = _repo(tmp_path)
    os.symlink("agreements.yaml", repo / "data" / "link.yaml")
    _commit_git(repo, "add", "-A")
    _commit_git(repo, "commit", "-qm", "link")
    done = _cli("diff", "HEAD:data/link.yaml", "data/agreements.yaml", cwd=repo)
    assert "TR102" not in done.stderr, done.stderr
    assert "symlink" in done.stderr, done.stderr


def test_a_revision_starting_with_a_dash_is_not_a_git_option(tmp_path: Path) -> None:
    """A revision name starting with `-` (`treatyreg diff -- -p:data data/`) is passed to
    `git cat-file -t` as an option (no `--end-of-options`): the user is told
    "switch `p' is incompatible with -t", git's word about its own options. `--base`
    refuses such a name with "is not a git revision"; OLD/NEW should too (or pass it
    after --end-of-options so that git says the revision does not exist)."""
    repo = _repo(tmp_path)
    done = _cli("diff", "--", "-p:data", "data/", cwd=repo)
    assert done.returncode == 2
    assert "switch" not in done.stderr, done.stderr
    assert "incompatible" not in done.stderr, done.stderr


# -- meaning ---------------------------------------------------------------------------
def test_events_reordered_is_no_change_of_meaning(tmp_path: Path) -> None:
    """The issue: exit 0 with no change of meaning; a change of text only must be 0.
    Swapping two event lines changes no event, no status, no source, yet the agreement
    is reported `changed` with nothing under it and the exit status is 1: `_diff`
    (changes.py, `prior == a` else pairs) keeps every AgreementChange even when
    `_compare` finds no field, item, period or party change."""
    (tmp_path / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    lines = TWO_AGREEMENTS.splitlines(keepends=True)
    i = next(k for k, line in enumerate(lines) if "signed, date: 2010" in line)
    lines[i], lines[i + 1] = lines[i + 1], lines[i]
    (tmp_path / "new.yaml").write_text("".join(lines), "utf-8")
    assert not diff(tmp_path / "old.yaml", tmp_path / "new.yaml")
    done = _cli("diff", "old.yaml", "new.yaml", cwd=tmp_path)
    assert done.returncode == 0, done.stdout


def test_a_list_reordered_is_no_change_of_meaning(tmp_path: Path) -> None:
    """Reordering an agreement's `sources` ([s, t] -> [t, s]) adds and removes nothing,
    but `_fields` (changes.py, LIST_ITEMS branch: when no item is gone or came it keeps
    the whole lists) reports `sources: s, t → t, s` and exits 1."""
    (tmp_path / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    (tmp_path / "new.yaml").write_text(TWO_AGREEMENTS.replace("[s, t]", "[t, s]"), "utf-8")
    assert not diff(tmp_path / "old.yaml", tmp_path / "new.yaml")


def test_two_agreements_that_swapped_ids_are_renames(tmp_path: Path) -> None:
    """The issue: renamed agreements (an id changed with the rest the same). Two
    agreements that swapped ids (alpha <-> beta, all else equal) are matched by id
    only, so each is `changed`: titles swapped, events moved, and six status periods
    reported (alpha "in force → signed" from 2015 ...) that no fact supports."""
    (tmp_path / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    swapped = (
        TWO_AGREEMENTS.replace("id: alpha", "id: TMP")
        .replace("id: beta", "id: alpha")
        .replace("id: TMP", "id: beta")
    )
    (tmp_path / "new.yaml").write_text(swapped, "utf-8")
    changes = diff(tmp_path / "old.yaml", tmp_path / "new.yaml")
    assert {c.change for c in changes} == {"renamed"}, [str(c) for c in changes]
    assert not changes.status_changed


# -- output ----------------------------------------------------------------------------
def test_markdown_does_not_mention_people(tmp_path: Path) -> None:
    """The issue's markdown goes into a pull-request comment: nothing raw. A title or
    note holding `@someone` (or `@org/team`) is written as is by `_md` (_diffout.py,
    `_MD_SPECIAL` has no `@`), so posting the diff notifies that user or team."""
    (tmp_path / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    new = TWO_AGREEMENTS.replace("title: Treaty on alpha", "title: Treaty cc @octocat @org/team")
    (tmp_path / "new.yaml").write_text(new, "utf-8")
    done = _cli("diff", "old.yaml", "new.yaml", "--format", "markdown", cwd=tmp_path)
    assert done.returncode == 1, done.stderr
    assert not re.search(r"(^|[^\w`])@(octocat|org/team)\b", done.stdout), done.stdout


def test_markdown_shows_an_id_as_it_is(tmp_path: Path) -> None:
    """Ids may hold `_` and `.` (ID_PATTERN). The markdown heading puts `_md(id)` inside
    a code span (`#### \\`{name}\\``), where backslash escapes are literal: the id
    `alpha_1` is shown as `alpha\\_1` in the pull request."""
    (tmp_path / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    (tmp_path / "new.yaml").write_text(
        TWO_AGREEMENTS.replace("id: alpha", "id: alpha_1").replace("Treaty on alpha", "Other"),
        "utf-8",
    )
    done = _cli("diff", "old.yaml", "new.yaml", "--format", "markdown", cwd=tmp_path)
    assert "`alpha\\_1`" not in done.stdout, done.stdout
    assert "`alpha_1`" in done.stdout, done.stdout


def test_the_old_side_is_named_as_given(tmp_path: Path) -> None:
    """The header names the sides compared. OLD is read with `positions=False` through
    `loading.load`, whose name differs from the spec: `diff /abs/old.yaml new.yaml`
    prints `old.yaml → new.yaml` (and `diff data/ data/` prints `data → data/`), while
    NEW is named as given; JSON's `old.name` is wrong the same way."""
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "old.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    (tmp_path / "new.yaml").write_text(TWO_AGREEMENTS, "utf-8")
    given = str(tmp_path / "sub" / "old.yaml")
    changes = diff(given, tmp_path / "new.yaml")
    assert changes.old == given


# -- docs ------------------------------------------------------------------------------
def test_worked_example_line_count_is_true() -> None:
    """docs/diff.md: "A line diff of `data/agreements.yaml` shows 1,500 lines" for
    commit a62590b. `git diff --numstat a62590b~1 a62590b` says 2710 lines added and
    47 removed (2,757; the diff itself is ~2,900 lines)."""
    said = re.search(r"shows ([\d,]+) lines", (ROOT / "docs" / "diff.md").read_text("utf-8"))
    assert said is not None
    out = subprocess.run(
        ["git", "diff", "--numstat", "a62590b~1", "a62590b", "--", "data/agreements.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode != 0:
        pytest.skip("no history here")
    added, removed = map(int, out.stdout.split()[:2])
    claimed = int(said.group(1).replace(",", ""))
    assert abs(claimed - (added + removed)) < 0.1 * (added + removed), (claimed, added, removed)


def test_locating_changes_is_not_quadratic_in_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue: nothing quadratic. A registry kept one agreement per file (N files)
    with every agreement changed: `_Located.__call__` (changes.py, `for c in
    self.converted`) tries each file's `order` for each changed record, N x changes
    lookups (4,000 files: 16 million calls, 6.4 s against 1.5 s to validate; 2,000
    files: 1.9 s). Where a record is should be one lookup (a dict id -> file)."""
    from treatyreg import _convert

    calls = 0
    order = _convert.Converted.order

    def counted(self: object, obj: object) -> int | None:
        nonlocal calls
        calls += 1
        return order(self, obj)  # type: ignore[arg-type]

    monkeypatch.setattr(_convert.Converted, "order", counted)
    head = TWO_AGREEMENTS.split("agreements:")[0]
    n = 300
    for side, day in (("old", "2011-01-01"), ("new", "2011-02-01")):
        folder = tmp_path / side
        folder.mkdir()
        (folder / "_base.yaml").write_text(head, "utf-8")
        for k in range(n):
            (folder / f"a{k:04}.yaml").write_text(
                "treatyreg: 1\nagreements:\n"
                f"  - {{id: a{k}, title: T{k}, kind: treaty, parties: [RU, XSO], sources: [s],\n"
                f"     events: [{{action: signed, date: 2010-01-01, sources: [s]}},\n"
                f"              {{action: entered_into_force, date: {day}, sources: [s]}}]}}\n",
                "utf-8",
            )
    changes = diff(tmp_path / "old", tmp_path / "new")
    assert len(changes.agreements) == n
    assert calls < 20 * n, f"{calls} lookups for {n} changed agreements in {n} files"

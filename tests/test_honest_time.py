"""Honest time and a pleasant notebook: last evidence, the registry's as-of day, the
selection, folded keywords, terminal output that fits and colours, pictures that behave
as matplotlib users expect."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import select
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

import treatyreg
from treatyreg import Agreement, FuzzyDate, Registry, Status, strategies
from treatyreg.errors import AmbiguousNameError, TooManyLanesError, UnknownAgreementError
from treatyreg.evidence import STALE_AFTER_YEARS, AsOf, Assessment, last_evidence
from treatyreg.lifecycle import FINAL

from .conftest import MINIMAL

EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"
D = dt.date


@pytest.fixture(scope="module")
def reg() -> Registry:
    return treatyreg.load_default()


# -- last evidence ---------------------------------------------------------------------------
def _reference_last_evidence(
    a: Agreement, day: D, published: dict[str, FuzzyDate], party: str | None
) -> D | None:
    """By brute force: the latest upper day of every event (of the party, or
    agreement-wide) and every cited source's publication, certain by `day`."""
    events = [e for e in a.events if party is None or e.party in (None, party)]
    if party is None:
        cited = set(a.sources)
        for e in a.events:
            cited |= set(e.sources) | {s for c in e.alternatives for s in c.sources}
        for r in a.relations:
            cited |= set(r.sources)
    else:
        cited = set(a.sources) | {s for e in events for s in e.sources}
    days = [e.date.upper for e in events] + [published[s].upper for s in cited if s in published]
    certain = [d for d in days if d <= day]
    return max(certain, default=None)


@given(
    strategies.registries(),
    strategies.days(D(1990, 1, 1), D(2030, 1, 1)),
    st.data(),
)
@settings(max_examples=80)
def test_last_evidence_matches_a_scan(registry: Registry, day: D, data: st.DataObject) -> None:
    """The last evidence is the latest certain date among the events and the cited
    sources' publication, for the agreement and for each of its parties."""
    published = {s.id: data.draw(strategies.fuzzy_dates(), label=s.id) for s in registry.sources}
    for a in registry:
        found = last_evidence(a, day, published)
        assert (found.upper if found else None) == _reference_last_evidence(a, day, published, None)
        for p in a.parties:
            mine = last_evidence(a, day, published, p)
            assert (mine.upper if mine else None) == _reference_last_evidence(a, day, published, p)


@pytest.mark.parametrize("status", list(Status))
def test_stale_only_for_statuses_that_can_change(status: Status) -> None:
    """A status that can still change is stale when its evidence is more than
    STALE_AFTER_YEARS old; an ending never is."""
    on = AsOf(D(2026, 12, 1), "as_of")
    old = FuzzyDate.parse(f"{2026 - STALE_AFTER_YEARS}-11-30")
    recent = FuzzyDate.parse(f"{2026 - STALE_AFTER_YEARS}-12-01")
    assert Assessment(status, on, old).stale is (status not in FINAL)
    assert Assessment(status, on, recent).stale is False
    assert Assessment(None, on, old).stale is False
    label = Assessment(status, on, old).label
    assert label.startswith("last known: ") is (status not in FINAL)


def test_the_2009_border_agreement_says_what_it_rests_on(reg: Registry) -> None:
    """The issue's example: a status held for sixteen years is only the last known one.

    Issue 25's fifth round found the agreement applied provisionally from signature (it was
    'in ratification' before), still with no entry into force.
    """
    judged = reg.assess("ru-so-2009-border-protection")
    assert judged.status is Status.PROVISIONALLY_APPLIED
    assert judged.stale
    assert str(judged).startswith("last known: provisionally applied (last evidence ")
    assert judged.on.basis == "as_of"


# -- as of -----------------------------------------------------------------------------------
class TestAsOf:
    def test_given_then_registry_then_today(self) -> None:
        """The one rule, with the reason each output prints."""
        with_as_of = treatyreg.loads(
            MINIMAL.replace("treatyreg: 1\n", "treatyreg: 1\nas_of: 2018-01-01\n")
        )
        without = treatyreg.loads(MINIMAL)
        assert with_as_of.as_of == D(2018, 1, 1)
        assert str(with_as_of.day()) == "2018-01-01 (the registry's as-of day)"
        assert str(with_as_of.day("2020-05-05")) == "2020-05-05 (the day asked for)"
        assert without.day() == AsOf(D.today(), "today")
        # filter judges statuses on it: units was in ratification on 2018-01-01
        assert with_as_of.filter(status="in ratification").ids == ("units",)
        assert with_as_of.filter(status="in ratification", on="2020-01-01").ids == ()

    @pytest.mark.parametrize("bad", ["2018", "2018-01", "2018-01-01?", "../2018-01-01", "soon"])
    def test_as_of_must_be_one_day(self, tmp_path: Path, bad: str) -> None:
        """A year, a month, an uncertain or open date is refused at its line."""
        path = tmp_path / "r.yaml"
        path.write_text(MINIMAL.replace("treatyreg: 1\n", f"treatyreg: 1\nas_of: '{bad}'\n"))
        [problem] = treatyreg.validate(path)
        assert (problem.code, problem.line) == ("TR103", 2)

    def test_written_and_read_back(self) -> None:
        """dumps writes as_of; loads reads it back equal."""
        reg = treatyreg.loads(
            MINIMAL.replace("treatyreg: 1\n", "treatyreg: 1\nas_of: 2018-01-01\n")
        )
        again = treatyreg.loads(treatyreg.dumps(reg))
        assert again == reg
        assert again.as_of == D(2018, 1, 1)

    def test_files_reviewed_on_different_days(self, tmp_path: Path) -> None:
        """A folder's registry was reviewed by the latest file's as_of."""
        (tmp_path / "a.yaml").write_text("treatyreg: 1\nas_of: 2019-01-01\n")
        (tmp_path / "b.yaml").write_text(
            MINIMAL.replace("treatyreg: 1\n", "treatyreg: 1\nas_of: 2021-06-30\n")
        )
        assert treatyreg.load(tmp_path).as_of == D(2021, 6, 30)


# -- selection and keywords ------------------------------------------------------------------
class TestSelection:
    def test_html_table_says_its_day(self, reg: Registry) -> None:
        """In Jupyter a selection is a table whose statuses say their evidence and day."""
        html = reg.filter(topic="defence", on="2020-01-01")._repr_html_()
        assert html.count("<tr>") == len(reg.filter(topic="defence")) + 1
        assert "2020-01-01 (the day asked for)" in html
        assert "last evidence" in html

    def test_to_dataframe_keeps_the_day(self, reg: Registry) -> None:
        pytest.importorskip("pandas")
        df = reg.filter(kind="Treaty", on="2020-01-01").to_dataframe()
        assert df.id.tolist() == list(reg.filter(kind="treaty").ids)
        assert df.attrs["on"] == "2020-01-01"

    @given(st.lists(st.sampled_from(["RUS", "XSO", "XAB", "Russia", "Abkhazia"]), max_size=4))
    def test_party_lists_are_any_of(self, names: list[str]) -> None:
        reg = treatyreg.load_default()
        wanted = {reg.party(n).id for n in names}
        assert reg.filter(party=names).ids == tuple(a.id for a in reg if wanted & set(a.parties))


class TestAgreementByName:
    def test_id_title_alias(self, reg: Registry) -> None:
        units = reg["ru-so-2017-units-entry"]
        assert reg.agreement(units.id) is units
        assert reg.agreement(units.title.lower()) is units
        assert reg.agreement("  UNITS   agreement ") is units

    def test_ambiguous_names_the_candidates(self) -> None:
        text = MINIMAL + (
            "  - id: twin\n    title: Twin\n    kind: agreement\n    parties: [RU, XSO]\n"
            "    aliases: [units accord]\n    sources: [s1]\n"
        )
        reg = treatyreg.loads(
            text.replace(
                "title: Agreement on the entry of units",
                "title: Agreement on the entry of units\n    aliases: [units accord]",
            )
        )
        with pytest.raises(AmbiguousNameError, match=r"units, twin|twin, units") as caught:
            reg.agreement("Units Accord")
        assert set(caught.value.candidates) == {"units", "twin"}

    def test_unknown_suggests(self, reg: Registry) -> None:
        with pytest.raises(UnknownAgreementError, match="did you mean"):
            reg.agreement("Treaty of Alliance and Integratoin")


# -- pictures --------------------------------------------------------------------------------
def _pixels_vary(path: Path) -> bool:
    from matplotlib import image

    pixels = image.imread(str(path))
    return float(pixels.std()) > 0.01


def _scan(registry: Registry, day: D, party: str | None = None) -> dict[tuple[Status, bool], int]:
    """How many agreements (of `party`'s, with one) have each status, fresh or stale, as
    `Scope.assess` judges them on `day`: the reference for `status_counts`' sweep."""
    scope = registry.scope(day)
    found: dict[tuple[Status, bool], int] = {}
    for a in registry:
        if party is not None and party not in a.parties:
            continue
        judged = scope.assess(a, party)
        if judged.status is not None:
            key = (judged.status, judged.stale)
            found[key] = found.get(key, 0) + 1
    return found


class TestPictures:
    def test_plt_savefig_after_timeline_writes_the_picture(self, tmp_path: Path) -> None:
        """pyplot in use: the figure is current, so plt.savefig writes it (not a blank)."""
        code = (
            "import matplotlib; matplotlib.use('Agg')\n"
            "import matplotlib.pyplot as plt, treatyreg\n"
            "from treatyreg.plot import timeline\n"
            "fig = timeline(treatyreg.load_default())\n"
            "assert plt.gcf() is fig\n"
            f"plt.savefig({str(tmp_path / 't.png')!r})\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=120)
        assert _pixels_vary(tmp_path / "t.png")

    def test_without_pyplot_no_global_state(self) -> None:
        """pyplot not imported: the figure is made without it, and pyplot stays out."""
        code = (
            "import sys, treatyreg\n"
            "from treatyreg.plot import timeline\n"
            "fig = timeline(treatyreg.load_default())\n"
            "assert 'matplotlib.pyplot' not in sys.modules\n"
            "assert fig.canvas.manager is None\n"
        )
        subprocess.run([sys.executable, "-c", code], check=True, timeout=120)

    @pytest.mark.slow  # starts a notebook kernel
    def test_shown_once_in_a_notebook(self) -> None:
        """In a real Jupyter kernel (inline backend): a timeline returned by a cell shows
        once, with pyplot imported or not, as `fig` and as the cell's value."""
        nbformat = pytest.importorskip("nbformat")
        nbclient = pytest.importorskip("nbclient")
        pytest.importorskip("ipykernel")
        sources = [
            "import treatyreg\nfrom treatyreg.plot import timeline\n"
            "reg = treatyreg.load_default()\ntimeline(reg)",
            "import matplotlib.pyplot as plt\ntimeline(reg)",
            "fig = timeline(reg)\nfig",
            "timeline(reg)\nplt.savefig('/dev/null', format='png')",
        ]
        nb = nbformat.v4.new_notebook()
        nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
        nbclient.NotebookClient(nb, timeout=180, kernel_name="python3").execute()
        for cell in nb.cells:
            images = [o for o in cell.outputs if "image/png" in o.get("data", {})]
            assert len(images) == 1, cell.source

    def test_too_many_lanes_is_refused_with_what_to_do(self) -> None:
        registry = treatyreg.load_default()
        from treatyreg.plot import status_counts, timeline

        many = rf"{len(registry)} agreements .*at most 3.*status_counts"
        with pytest.raises(TooManyLanesError, match=many):
            timeline(registry, max_lanes=3)
        fig = status_counts(registry)  # the summary draws any number
        assert fig.legends

    def test_captions_name_the_day_and_the_registry(self, reg: Registry) -> None:
        from treatyreg.plot import participation, status_counts, timeline

        for fig in (timeline(reg), status_counts(reg)):
            caption = fig.get_supxlabel()
            assert f"as of {reg.as_of} (the registry's as-of day)" in caption
            assert "source: treatyreg registry bundled" in caption
        example = treatyreg.load("tests/data/example-convention.yaml")
        fig = participation(example["example-convention"], registry=example, on="2018-01-01")
        caption = fig.get_supxlabel()
        assert "as of 2018-01-01 (the day asked for)" in caption
        assert "example-convention.yaml" in caption

    @given(strategies.registries(), strategies.days(D(1990, 1, 1), D(2030, 1, 1)))
    @settings(max_examples=60)
    def test_status_counts_match_a_scan(self, registry: Registry, day: D) -> None:
        """On every day the summary's counts change (and on the day), each count is how
        many agreements have that status, fresh or stale, as `Scope.assess` judges them
        on that day: the sweep against a scan."""
        from treatyreg.plot import _count_series

        published = {s.id: s.published for s in registry.sources if s.published}
        axis, series = _count_series(list(registry), day, published)
        assert axis[-1] == day
        assert axis == sorted(axis)
        for i, d in enumerate(axis):
            if d != D.min:
                assert {s: c[i] for s, c in series.items() if c[i]} == _scan(registry, d)

    @given(strategies.registries(), strategies.days(D(1990, 1, 1), D(2030, 1, 1)), st.data())
    @settings(max_examples=60)
    def test_status_counts_as_a_party_stands_match_a_scan(
        self, registry: Registry, day: D, data: st.DataObject
    ) -> None:
        """The same, counted as one party stands (a selection made with one party)."""
        from treatyreg.plot import _count_series

        assume(registry.parties)
        party = data.draw(st.sampled_from([p.id for p in registry.parties]))
        published = {s.id: s.published for s in registry.sources if s.published}
        axis, series = _count_series(list(registry), day, published, party)
        for i, d in enumerate(axis):
            if d != D.min:
                assert {s: c[i] for s, c in series.items() if c[i]} == _scan(registry, d, party)


# -- the command line, as a user runs it -----------------------------------------------------
def _in_terminal(*args: str, env: dict[str, str] | None = None, columns: int = 80) -> str:
    """Run the CLI with stdout and stderr on a real pseudo-terminal; what it showed."""
    primary, secondary = pty.openpty()
    environ = {**os.environ, "COLUMNS": str(columns), "TERM": "xterm"}
    environ.pop("NO_COLOR", None)
    environ.pop("FORCE_COLOR", None)
    environ.update(env or {})
    process = subprocess.Popen(
        [EXE, *args], stdout=secondary, stderr=secondary, stdin=subprocess.DEVNULL, env=environ
    )
    os.close(secondary)
    chunks = []
    while True:
        ready, _, _ = select.select([primary], [], [], 60)
        if not ready:
            process.kill()
            break
        try:
            chunk = os.read(primary, 65536)
        except OSError:  # the other side closed
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
class TestTerminal:
    def test_colour_on_a_terminal(self) -> None:
        out = _in_terminal("list")
        assert "\x1b[32;1m" in out  # in force, in green
        assert "\x1b[0m" in out

    def test_no_colour_with_no_color_or_piped(self) -> None:
        assert "\x1b[" not in _in_terminal("list", env={"NO_COLOR": "1"})
        piped = subprocess.run([EXE, "list"], capture_output=True, text=True, check=True)
        assert "\x1b[" not in piped.stdout

    @pytest.mark.parametrize("columns", [80, 100, 120, 200])
    def test_the_table_fits_the_terminal(self, columns: int, reg: Registry) -> None:
        """Ids are never cut (the id is what a user types next); titles shorten, then
        optional columns go, then titles go on lines of their own, and a line says so."""
        out = _in_terminal("list", env={"NO_COLOR": "1"}, columns=columns)
        table = out.split("\r\n\r\n")[0].splitlines()
        firsts = {line.split()[0] for line in table[1:] if line and not line.startswith(" ")}
        assert {a.id for a in reg} <= firsts
        if columns >= 100:  # the longest id and status fit
            assert max(len(line) for line in table) <= columns
        said = " ".join(out.split())
        if any("…" in line for line in table):
            assert f"to fit {columns} columns:" in said
            assert "shortened title" in said or "titles below" in said

    def test_piped_titles_are_whole(self, reg: Registry) -> None:
        piped = subprocess.run(
            [EXE, "list"],
            capture_output=True,
            text=True,
            check=True,
            env={k: v for k, v in os.environ.items() if k != "COLUMNS"},
        )
        for a in reg:
            assert a.title in piped.stdout

    def test_a_long_load_says_so(self, tmp_path: Path) -> None:
        """On a terminal, a load of more than a second says what it reads."""
        big = tmp_path / "big.yaml"
        subprocess.run(
            [sys.executable, "benchmarks/generate.py", "15000", str(big)], check=True, timeout=120
        )
        out = _in_terminal("list", "--data", str(big), "--text", "zzzz")
        assert f"treatyreg: reading {big}…" in out
        assert f"treatyreg: read {big} in " in out

    def test_repeated_party_and_folded_words(self) -> None:
        one = json.loads(
            subprocess.run(
                [EXE, "list", "--party", "Abkhazia", "--format", "json"],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        both = json.loads(
            subprocess.run(
                [
                    EXE,
                    "list",
                    "--party",
                    "Abkhazia",
                    "--party",
                    "tskhinvali region",
                    "--kind",
                    "Agreement",
                    "--kind",
                    "TREATY",
                    "--format",
                    "json",
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        reg = treatyreg.load_default()
        assert len(one) == len(reg.filter(party="XAB"))
        assert len(both) == sum(a.kind in ("agreement", "treaty") for a in reg)
        assert all(row["assessment"]["text"] for row in both)

    def test_show_by_alias_and_its_evidence(self) -> None:
        done = subprocess.run(
            [EXE, "show", "units agreement"], capture_output=True, text=True, check=True
        )
        assert "id:       ru-so-2017-units-entry" in done.stdout
        assert "(last evidence " in done.stdout
        assert "(the registry's as-of day)" in done.stdout

    def test_unknown_topic_is_an_error_with_a_suggestion(self) -> None:
        done = subprocess.run(
            [EXE, "list", "--topic", "defense"], capture_output=True, text=True, check=False
        )
        assert done.returncode == 1
        assert done.stderr == "treatyreg: error: no topic 'defense'; did you mean 'defence'?\n"

    def test_timeline_refuses_too_many_lanes(self, tmp_path: Path) -> None:
        done = subprocess.run(
            [EXE, "timeline", "--output", str(tmp_path / "t.png"), "--max-lanes", "4"],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 2
        assert f"{len(treatyreg.load_default())} agreements are more lanes" in done.stderr
        assert not (tmp_path / "t.png").exists()


# -- what the review found -------------------------------------------------------------------
ENDED = MINIMAL + (
    "  - id: ended\n    title: Ended\n    kind: agreement\n    parties: [RU, XSO]\n"
    "    sources: [s1]\n    events:\n"
    "      - {action: signed, date: 2010-01-01, sources: [s1]}\n"
    "      - {action: entered_into_force, date: 2010-06-01, sources: [s1]}\n"
    "      - {action: terminated, date: 2012-01-01, sources: [s1]}\n"
)


def test_an_ending_is_never_faded_nor_last_known() -> None:
    """A terminated agreement is terminated, not 'last known': solid in the picture,
    known to the end in the phases table, not stale."""
    from treatyreg.plot import timeline

    reg = treatyreg.loads(ENDED)
    assert not reg.assess("ended", "2020-01-01").stale
    gids = {p.get_gid() for p in timeline(reg, on="2020-01-01").axes[0].patches}
    assert "ended:terminated" in gids
    assert "ended:terminated:after-evidence" not in gids
    pytest.importorskip("pandas")
    phases = reg.phases_dataframe(on="2020-01-01")
    ended = phases[(phases.agreement == "ended") & (phases.status == "terminated")].iloc[0]
    assert ended.known_until == ended.end


def test_summary_into_the_callers_axes_keeps_their_figure() -> None:
    import matplotlib.figure

    from treatyreg.plot import status_counts

    fig = matplotlib.figure.Figure()
    ax = fig.add_subplot()
    fig.supxlabel("mine")
    status_counts(treatyreg.load_default(), ax=ax)
    assert fig.get_supxlabel() == "mine"
    assert not fig.legends
    assert ax.get_legend() is not None


def test_a_selection_keeps_its_day_and_adds_on_either_side(reg: Registry) -> None:
    sel = reg.filter(on="2018-01-01")
    assert sel.filter(on=None).on.day == D(2018, 1, 1)
    assert sel.filter().on.day == D(2018, 1, 1)
    assert list(sel) + sel == [*sel, *sel]
    assert sel + list(sel) == [*sel, *sel]


@pytest.mark.parametrize(
    "kwargs",
    [{"status": ["in force", None]}, {"kind": [None]}, {"topic": [3]}, {"party": b"XSO"}],
)
def test_a_keyword_list_of_something_else_is_a_type_error(
    reg: Registry, kwargs: dict[str, object]
) -> None:
    with pytest.raises(TypeError, match="expected text or a list of text"):
        reg.filter(**kwargs)  # type: ignore[arg-type]


def test_participation_as_it_stood_on_the_day() -> None:
    """Before any signature, the chart has no step and counts no signatory."""
    example = treatyreg.load("tests/data/example-convention.yaml")
    a = example["example-convention"]
    before = a.participation("1998-08-01")
    assert all(r.signature is None and r.consent is None for r in before)
    assert a.participation("2030-01-01") == a.participation()


@pytest.mark.slow
class TestCliAfterReview:
    def test_one_party_rows_show_both_statuses(self) -> None:
        """One keyword, one meaning: `list --party XSO --status S` keeps the agreements whose
        own status is S, and shows it; `--party-status` keeps those where South Ossetia
        stands so; with one party both show, in columns of their own."""

        def listed(*argv: str) -> list[dict[str, object]]:
            done = subprocess.run(
                [EXE, "list", "--party", "XSO", "--on", "2017-12-01", "--format", "json", *argv],
                capture_output=True,
                text=True,
                check=True,
            )
            return json.loads(done.stdout)  # type: ignore[no-any-return]

        own = listed("--status", "in ratification")
        assert own
        assert {r["status"] for r in own} == {"in_ratification"}
        standing = listed("--party-status", "ratified")
        assert standing
        assert {r["party_status"] for r in standing} == {"ratified"}
        assert {r["party"] for r in standing} == {"XSO"}
        assert all(r["party_assessment"]["on"] == "2017-12-01" for r in standing)  # type: ignore[index]
        table = subprocess.run(
            [EXE, "list", "--party", "XSO", "--party-status", "ratified", "--on", "2017-12-01"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert "PARTY STATUS" in table.splitlines()[0]
        assert "party status: as Republic of South Ossetia stands" in " ".join(table.split())
        wrong = subprocess.run(
            [EXE, "list", "--party-status", "ratified"], capture_output=True, text=True
        )
        assert wrong.returncode == 2
        assert "give exactly one --party" in wrong.stderr

    def test_an_empty_csv_has_the_same_header(self) -> None:
        full = subprocess.run(
            [EXE, "list", "--format", "csv"], capture_output=True, text=True, check=True
        ).stdout
        empty = subprocess.run(
            [EXE, "list", "--format", "csv", "--text", "zzzz"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        assert empty.splitlines() == full.splitlines()[:1]

    def test_parties_before_any_signature(self) -> None:
        done = subprocess.run(
            [
                EXE,
                "parties",
                "example-convention",
                "--data",
                "tests/data/example-convention.yaml",
                "--on",
                "1998-08-01",
            ],
            capture_output=True,
            text=True,
            check=True,
        )
        assert "5 participants: 0 signatories, 0 parties" in done.stdout

    def test_an_empty_day_is_an_error(self) -> None:
        done = subprocess.run([EXE, "list", "--on", ""], capture_output=True, text=True)
        assert done.returncode == 2
        assert done.stderr.startswith("treatyreg: error: ")


@pytest.mark.parametrize("on", ["0001-01-01", "0001-01-05", "2020-01-01", "9999-12-31"])
def test_summary_and_participation_draw_at_the_calendar_ends(on: str) -> None:
    """Padding never crosses the years 0001 and 9999 (matplotlib refuses dates there)."""
    import io

    from treatyreg.plot import participation, status_counts

    example = treatyreg.load("tests/data/example-convention.yaml")
    for fig in (
        status_counts(treatyreg.load_default(), on=on),
        participation(example["example-convention"], registry=example, on=on),
    ):
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=30)
        assert png.getvalue()[:4] == b"\x89PNG"

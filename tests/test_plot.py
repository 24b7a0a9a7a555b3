"""Tests for treatyreg.plot: phases, the timeline picture and the text timeline."""

from __future__ import annotations

import datetime as dt
import io
import itertools
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings

import treatyreg
from treatyreg import Action, Agreement, Event, FuzzyDate, Registry, Status, strategies
from treatyreg.lifecycle import FINAL
from treatyreg.plot import STATUS_COLORS, Phase, phases, text_timeline, timeline

from .conftest import MINIMAL

D = dt.date
UNITS = "ru-so-2017-units-entry"


@pytest.fixture(scope="module")
def reg() -> Registry:
    """The bundled registry."""
    return treatyreg.load_default()


def agreement(*steps: tuple[Action, str] | tuple[Action, str, str]) -> Agreement:
    """A bilateral agreement with these (action, EDTF date[, party]) events."""
    events = tuple(
        Event(s[0], FuzzyDate.parse(s[1]), party=s[2] if len(s) > 2 else None, sources=("s",))
        for s in steps
    )
    return Agreement("x", "X", "agreement", ("RU", "XSO"), events=events, sources=("s",))


class TestPhases:
    def test_exact_dates(self, reg: Registry) -> None:
        """Exact days: each phase starts on its day and is certain from it; the Russian
        law known only as "by 2008-11-24" makes `ratified` certain only from then."""
        got = phases(reg["ru-so-2008-friendship"], on="2020-01-01")
        assert got == [
            Phase(Status.SIGNED, D(2008, 9, 17), D(2008, 9, 17), D(2008, 10, 2)),
            Phase(Status.IN_RATIFICATION, D(2008, 10, 2), D(2008, 10, 2), D(2008, 11, 24)),
            Phase(Status.RATIFIED, D(2008, 10, 2), D(2008, 11, 24), D(2009, 1, 20)),
            Phase(Status.IN_FORCE, D(2009, 1, 20), D(2009, 1, 20), D(2020, 1, 1)),
        ]
        assert [p.uncertain for p in got] == [False, False, True, False]

    def test_open_start_is_cut_at_the_previous_phase(self, reg: Registry) -> None:
        """`../2019-12-17` may have begun any time after the ratification, not before."""
        last = phases(reg[UNITS], on="2020-01-01")[-1]
        assert (last.status, last.since, last.start) == (
            Status.IN_FORCE,
            D(2018, 2, 5),
            D(2019, 12, 17),
        )
        assert last.uncertain

    def test_first_phase_with_open_start_has_no_since(self) -> None:
        """An open start with nothing before it: `since` is None."""
        [only] = phases(agreement((Action.SIGNED, "../2001-05-01")), on="2002-01-01")
        assert only.since is None
        assert only.uncertain

    def test_year_only_signature_is_a_range(self) -> None:
        """A signature known to the year is certain only from its last day."""
        [only] = phases(agreement((Action.SIGNED, "2009")), on="2010-06-01")
        assert (only.since, only.start, only.end) == (D(2009, 1, 1), D(2009, 12, 31), D(2010, 6, 1))

    def test_first_day_of_the_calendar_is_exact(self) -> None:
        """A signature on 0001-01-01 is an exact day, not an open start."""
        [only] = phases(agreement((Action.SIGNED, "0001-01-01")), on="0002-01-01")
        assert (only.since, only.start) == (dt.date.min, dt.date.min)
        assert not only.uncertain

    def test_nothing_certain_yet(self) -> None:
        """No step certain by `on`: no phase at all."""
        assert phases(agreement((Action.SIGNED, "2030-01-01")), on="2020-01-01") == []
        assert phases(agreement(), on="2020-01-01") == []

    def test_ending_lasts_to_on(self) -> None:
        """A terminated agreement's last phase is `terminated`, up to `on`."""
        a = agreement(
            (Action.SIGNED, "2001-01-01"),
            (Action.ENTERED_INTO_FORCE, "2001-02-01"),
            (Action.TERMINATED, "2005-01-01"),
        )
        assert [(p.status, p.start, p.end) for p in phases(a, on="2006-01-01")][-1] == (
            Status.TERMINATED,
            D(2005, 1, 1),
            D(2006, 1, 1),
        )

    @settings(max_examples=40)
    @given(strategies.registries())
    def test_agree_with_status_on(self, registry: Registry) -> None:
        """On every phase's first and last day, status_on gives that phase's status."""
        on = D(2100, 1, 1)
        for a in registry:
            found = phases(a, on)
            for p in found:
                assert p.since is None or p.since <= p.start <= p.end
                assert a.status_on(p.start) == p.status
                if p.end > p.start:
                    assert a.status_on(p.end - dt.timedelta(days=1)) == p.status
            for before, after in itertools.pairwise(found):
                assert before.end == after.start


def _patches(fig: Any) -> list[Any]:
    return [p for p in fig.axes[0].patches if p.get_gid()]


@pytest.fixture(scope="module")
def fig(reg: Registry) -> Any:
    """The picture of the bundled data on a fixed day."""
    pytest.importorskip("matplotlib")
    return timeline(reg, on="2024-12-31")


class TestTimeline:
    def test_one_lane_per_agreement(self, fig: Any, reg: Registry) -> None:
        """Lanes are labelled with the ids (a long one cut in its middle, keeping its
        start and end), first agreement on top."""
        ax = fig.axes[0]
        assert [t.get_text() for t in ax.get_yticklabels()] == [
            a.id if len(a.id) <= 48 else a.id[:24] + "…" + a.id[-23:] for a in reg
        ]
        bottom, top = ax.get_ylim()
        assert bottom > top  # inverted: lane 0 at the top

    def test_one_span_per_phase(self, fig: Any, reg: Registry) -> None:
        """Every phase with a length is drawn in its status colour: solid up to the
        agreement's last evidence, faded after it; the two parts cover the phase."""
        from matplotlib import dates

        mdates: Any = dates  # matplotlib.dates has no type hints
        expected = {}
        for a in reg:
            last = reg.assess(a, "2024-12-31").last_evidence
            for p in phases(a, "2024-12-31"):
                split = min(max(last.upper if last else D.min, p.start), p.end)
                if p.status in FINAL:  # an ending is final: never faded
                    split = p.end
                if split > p.start:
                    expected[f"{a.id}:{p.status}"] = (p.start, split)
                if p.end > split:
                    expected[f"{a.id}:{p.status}:after-evidence"] = (split, p.end)
        drawn = [p for p in _patches(fig) if not p.get_gid().endswith(":uncertain")]
        assert sorted(p.get_gid() for p in drawn) == sorted(expected)
        assert any(gid.endswith(":after-evidence") for gid in expected)  # the data has some
        import matplotlib.colors as mcolors

        for patch in drawn:
            gid = patch.get_gid()
            status = Status(gid.split(":")[1])
            assert mcolors.to_hex(patch.get_facecolor()) == STATUS_COLORS[status]
            faded = gid.endswith(":after-evidence")
            assert (patch.get_alpha() or 1.0) == (0.3 if faded else 1.0)
            start, end = expected[gid]
            assert mdates.num2date(patch.get_x()).date() == start
            assert mdates.num2date(patch.get_x() + patch.get_width()).date() == end

    def test_uncertain_dates_are_hatched_ranges(self, fig: Any, reg: Registry) -> None:
        """Each uncertain phase start is a hatched span from its earliest to its latest day."""
        from matplotlib import dates

        mdates: Any = dates  # matplotlib.dates has no type hints

        ranges = {p.get_gid(): p for p in _patches(fig) if p.get_gid().endswith(":uncertain")}
        units = ranges[f"{UNITS}:in_force:uncertain"]
        assert units.get_hatch()
        assert units.get_width() > 0
        assert mdates.num2date(units.get_x()).date() == D(2018, 2, 5)
        assert mdates.num2date(units.get_x() + units.get_width()).date() == D(2019, 12, 17)
        expected = sum(p.uncertain for a in reg for p in phases(a, "2024-12-31"))
        assert len(ranges) == expected
        assert all(p.get_width() > 0 for p in ranges.values())

    def test_legend_names_the_statuses_shown(self, fig: Any) -> None:
        """The legend lists each status drawn, the uncertain range and the markers."""
        texts = [t.get_text() for legend in fig.legends for t in legend.get_texts()]
        assert {"signed", "in ratification", "ratified", "in force"} <= set(texts)
        assert any("uncertain" in t for t in texts)

    def test_png_and_svg(self, fig: Any, tmp_path: Path) -> None:
        """The figure saves as PNG and as SVG with the spans' ids in it."""
        fig.savefig(tmp_path / "t.png")
        fig.savefig(tmp_path / "t.svg")
        assert (tmp_path / "t.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        svg = (tmp_path / "t.svg").read_text(encoding="utf-8")
        assert f'id="{UNITS}:in_force:uncertain"' in svg
        assert all(f'id="{p.get_gid()}"' in svg for p in _patches(fig))

    def test_shows_itself_in_jupyter(self, fig: Any) -> None:
        """The figure has a PNG representation, so a notebook shows it without pyplot."""
        assert fig._repr_png_()[:4] == b"\x89PNG"

    def test_draws_into_given_axes(self, reg: Registry) -> None:
        """With `ax`, it draws there and returns that figure."""
        from matplotlib.figure import Figure

        outer = Figure()
        ax = outer.add_subplot()
        assert timeline([reg[UNITS]], on="2024-12-31", ax=ax) is outer
        assert len(ax.get_yticks()) == 1
        assert ax.get_legend() is not None

    def test_one_agreement_and_titles(self, reg: Registry) -> None:
        """One agreement makes one lane; `labels="title"` labels it with its title, cut to two
        lines."""
        pytest.importorskip("matplotlib")
        fig = timeline(reg[UNITS], on="2024-12-31", labels="title")
        [label] = fig.axes[0].get_yticklabels()
        assert label.get_text().startswith("Agreement between the Russian Federation")
        lines = label.get_text().split("\n")
        assert len(lines) == 2
        assert all(len(line) <= 44 for line in lines)
        assert lines[1].endswith("…")

    def test_no_agreements_and_no_certain_step(self) -> None:
        """Empty input and lanes with nothing certain still make a figure."""
        pytest.importorskip("matplotlib")
        assert len(timeline([], on="2020-01-01").axes) == 1
        fig = timeline([agreement((Action.SIGNED, "2030"))], on="2020-01-01")
        assert _patches(fig) == []
        assert any("no step is certain" in t.get_text() for t in fig.axes[0].texts)

    def test_missing_matplotlib_says_how_to_install(
        self, monkeypatch: pytest.MonkeyPatch, reg: Registry
    ) -> None:
        """Without matplotlib, the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "matplotlib", None)
        with pytest.raises(ImportError, match=r"pip install 'treatyreg\[plot\]'"):
            timeline(reg)


class TestTextTimeline:
    def test_lines_and_width(self, reg: Registry) -> None:
        """One line per agreement, a scale, two legend lines and the caption, none of the
        lanes wider than asked."""
        text = text_timeline(reg, width=90, on="2024-12-31")
        lines = text.splitlines()
        assert len(lines) == len(reg) + 4
        assert lines[-1] == (
            "as of 2024-12-31 (the day asked for); source: treatyreg registry bundled"
        )
        assert all(len(line) <= 90 for line in lines[: len(reg) + 1])
        assert lines[0].startswith(next(iter(reg)).id[:10])
        labels = [line.split(" ", 1)[0] for line in lines[: len(reg)]]
        assert len(set(labels)) == len(reg)  # cut ids still tell the lanes apart

    def test_phases_and_uncertain_ranges(self, reg: Registry) -> None:
        """In force shows as full blocks; an uncertain start as `?`; after the last
        evidence `┆` alternates with the status."""
        lines = text_timeline(reg, width=100, on="2024-12-31").splitlines()
        units = next(line for line in lines if line.startswith(UNITS))
        assert "?" in units
        assert set(units.rstrip()[-6:]) <= {"█", "┆"}
        assert "█" in units.rstrip()[-6:]
        military_base = next(line for line in lines if line.startswith("ru-so-2009-military-base"))
        assert set(military_base.split(" ", 1)[1].strip()) == {"░", "┆"}

    def test_ascii(self, reg: Registry) -> None:
        """`ascii=True` uses only ASCII characters."""
        assert text_timeline(reg, on="2024-12-31", ascii=True).isascii()

    def test_scale_has_the_years(self, reg: Registry) -> None:
        """The scale line names years across the span."""
        scale = text_timeline(reg, width=120, on="2024-12-31").splitlines()[len(reg)]
        assert "|2009" in scale
        assert "|2023" in scale


# -- dates at the ends of the calendar (years 0001 and 9999, open intervals) -------------
_SIGNED = "date: 2017-03-31\n        place"
_IN_FORCE = "date: ../2019-12-17"
EXTREMES = {
    "year-0001": MINIMAL.replace(_SIGNED, "date: 0001-01-01\n        place"),
    "open-ends": MINIMAL.replace(_SIGNED, "date: ../0001-12-31\n        place").replace(
        _IN_FORCE, "date: 2019/.."
    ),
    "year-9999": MINIMAL.replace(_IN_FORCE, "date: 9999-12-31"),
}
"""MINIMAL with its dates moved to the first and last days of the calendar, or left open."""
EDGE_DAYS = ("0001-01-01", "0001-12-31", "2024-12-31", "9999-12-31")
EXE = shutil.which("treatyreg", path=str(Path(sys.executable).parent)) or "treatyreg"


@pytest.fixture(params=sorted(EXTREMES))
def extreme(request: pytest.FixtureRequest) -> Registry:
    """A registry whose dates reach year 0001 or 9999, or are open."""
    text = EXTREMES[request.param]
    assert text != MINIMAL  # the replacement took
    return treatyreg.loads(text)


class TestCalendarEnds:
    @pytest.mark.parametrize("on", EDGE_DAYS)
    def test_picture(self, extreme: Registry, on: str) -> None:
        """Any valid range draws and saves: padding stops at years 0001 and 9999."""
        pytest.importorskip("matplotlib")
        from matplotlib import dates

        mdates: Any = dates  # matplotlib.dates has no type hints

        fig = timeline(extreme, on=on)
        png = io.BytesIO()
        fig.savefig(png, format="png", dpi=40)
        assert png.getvalue()[:8] == b"\x89PNG\r\n\x1a\n"
        left, right = fig.axes[0].get_xlim()
        assert mdates.date2num(dt.date.min) <= left < right <= mdates.date2num(dt.date.max)
        assert left <= mdates.date2num(D.fromisoformat(on)) <= right
        expected = {f"units:{p.status}" for p in phases(extreme["units"], on) if p.end > p.start}
        spans = {
            p.get_gid().removesuffix(":after-evidence")
            for p in _patches(fig)
            if not p.get_gid().endswith(":uncertain")
        }
        assert spans == expected
        assert all(p.get_width() > 0 for p in _patches(fig))

    @pytest.mark.parametrize("on", EDGE_DAYS)
    def test_text(self, extreme: Registry, on: str) -> None:
        """The text timeline of the same ranges: one lane, a scale, the legend, the caption."""
        text = text_timeline(extreme, width=60, on=on, ascii=True)
        lines = text.splitlines()
        assert len(lines) == 5
        assert lines[0].startswith("units")
        assert all(len(line) <= 60 for line in lines[:2])
        if phases(extreme["units"], on):
            assert lines[0].split(" ", 1)[1].strip()  # something is drawn

    def test_text_reaches_both_ends(self) -> None:
        """Signed in year 1, in force to 9999: the lane starts signed and ends in force."""
        text = text_timeline(
            treatyreg.loads(EXTREMES["year-0001"]), width=60, on="9999-12-31", ascii=True
        )
        lane = text.splitlines()[0].split(" ", 1)[1]
        assert lane.startswith("-")
        assert lane.rstrip(":").endswith("#")  # `:` after the last evidence

    @pytest.mark.parametrize(
        ("name", "on"),
        [
            ("year-0001", None),
            ("year-0001", "9999-12-31"),
            ("open-ends", "9999-12-31"),
            ("year-9999", "0001-01-01"),
        ],
    )
    def test_cli_writes_the_picture(self, tmp_path: Path, name: str, on: str | None) -> None:
        """`treatyreg timeline --data FILE --output out.png`, as a user runs it: exit 0,
        no traceback, a PNG."""
        pytest.importorskip("matplotlib")
        data = tmp_path / "registry.yaml"
        data.write_text(EXTREMES[name], encoding="utf-8")
        out = tmp_path / "out.png"
        args = [EXE, "timeline", "--data", str(data), "--output", str(out)]
        args += [] if on is None else ["--on", on]
        result = subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        assert "wrote" in result.stderr
        assert out.stat().st_size > 0
        assert out.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@given(strategies.registries(max_agreements=8))
def test_lane_labels_tell_the_lanes_apart(reg: Registry) -> None:
    """Whatever the titles, no two lanes of a picture read the same (titles that would are
    cut to what differs, or give way to an alias or the id)."""
    from treatyreg.plot import _lane_labels

    agreements = list(reg)
    for labels in ("id", "title"):
        found = _lane_labels(agreements, labels)  # type: ignore[arg-type]
        assert len(set(found)) == len(found)


def test_the_bundled_titles_are_told_apart(reg: Registry) -> None:
    from treatyreg.plot import _lane_labels

    found = _lane_labels(list(reg), "title")
    assert len(set(found)) == len(found) == len(reg)


def test_pictures_of_a_selection_chosen_by_a_partys_standing(reg: Registry) -> None:
    """A selection chosen by `party_status` is drawn as that party stands (and says so); a
    selection that only names a party shows each agreement's own status, as `list` does."""
    from treatyreg.plot import phases, status_counts, timeline

    by_standing = reg.filter(party="XSO", party_status="ratified", on="2018-01-01")
    only_party = reg.filter(party="XSO", on="2018-01-01")
    assert "as XSO stands" in timeline(by_standing).axes[0].get_title()
    assert "as XSO stands" in status_counts(by_standing).axes[0].get_title()
    assert "as XSO stands" not in timeline(only_party).axes[0].get_title()
    assert "statuses as XSO stands" in text_timeline(by_standing).splitlines()[-1]
    units = reg["ru-so-2017-units-entry"]  # South Ossetia ratified in 2017-07; Russia later
    assert str(phases(units, "2018-01-01", "XSO")[-1].status) == "ratified"
    assert str(phases(units, "2018-01-01")[-1].status) == "in_ratification"
    assert by_standing.filter(topic="defence").by_standing
    assert not only_party.by_standing

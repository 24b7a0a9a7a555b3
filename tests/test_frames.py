"""Tests for treatyreg.frames: agreements and events as DataFrames with proper dtypes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings

import treatyreg
from treatyreg import (
    Action,
    Agreement,
    Claim,
    Event,
    FuzzyDate,
    Registry,
    Relation,
    Status,
    strategies,
)
from treatyreg.frames import (
    AGREEMENT_COLUMNS,
    EVENT_COLUMNS,
    PHASE_COLUMNS,
    events_dataframe,
    phases_dataframe,
    to_dataframe,
)

pd = pytest.importorskip("pandas")

UNITS = "ru-so-2017-units-entry"


@pytest.fixture(scope="module")
def reg() -> Registry:
    """The bundled registry."""
    return treatyreg.load_default()


def _signed(agreement_id: str, day: str, *more: Event) -> Agreement:
    return Agreement(
        agreement_id,
        f"Agreement {agreement_id}",
        "agreement",
        ("RU", "XSO"),
        events=(Event(Action.SIGNED, FuzzyDate.parse(day), sources=("s",)), *more),
        sources=("s",),
    )


class TestToDataframe:
    def test_one_row_per_agreement_in_registry_order(self, reg: Registry) -> None:
        """Rows follow the registry's stable order, one per agreement."""
        df = to_dataframe(reg)
        assert df.id.tolist() == [a.id for a in reg]

    def test_columns(self, reg: Registry) -> None:
        """The columns are the documented ones, in order."""
        assert tuple(to_dataframe(reg).columns) == AGREEMENT_COLUMNS

    def test_dtypes(self, reg: Registry) -> None:
        """Text is string, kind and status categorical, bounds datetime64, counts int64."""
        dtypes = to_dataframe(reg).dtypes
        assert dtypes["id"] == "string"
        assert dtypes["title"] == "string"
        assert dtypes["signed"] == "string"
        assert isinstance(dtypes["kind"], pd.CategoricalDtype)
        for column in ("signed_lower", "signed_upper", "entered_into_force_upper"):
            assert dtypes[column] == "datetime64[s]"
        for column in ("n_events", "n_sources", "n_relations"):
            assert dtypes[column] == "int64"

    def test_status_categories_are_every_status(self, reg: Registry) -> None:
        """`status` is a categorical whose categories are all statuses, in enum order."""
        status = to_dataframe(reg).status
        assert list(status.cat.categories) == [str(s) for s in Status]

    def test_values_of_one_agreement(self, reg: Registry) -> None:
        """EDTF text and its bounds; an open start is NaT."""
        row = to_dataframe(reg, on="2020-01-01").set_index("id").loc[UNITS]
        assert row.signed == "2017-03-31"
        assert row.signed_lower == pd.Timestamp("2017-03-31")
        assert row.signed_upper == pd.Timestamp("2017-03-31")
        assert row.status == "in_force"
        assert row.entered_into_force == "../2019-12-17"
        assert pd.isna(row.entered_into_force_lower)
        assert row.entered_into_force_upper == pd.Timestamp("2019-12-17")
        assert row.parties == "RUS;XSO"
        assert row.n_events == len(reg[UNITS].events)

    def test_status_is_judged_on_the_given_day(self, reg: Registry) -> None:
        """`on` moves the status; the day is kept in attrs."""
        before = to_dataframe(reg, on="2008-09-30").set_index("id").status
        after = to_dataframe(reg, on=dt.date(2020, 1, 1)).set_index("id").status
        assert before["ru-so-2008-friendship"] == "signed"
        assert after["ru-so-2008-friendship"] == "in_force"
        assert to_dataframe(reg, on="2020-01-01").attrs["on"] == "2020-01-01"

    def test_not_concluded_is_missing(self, reg: Registry) -> None:
        """An agreement with nothing certain yet has a missing status, not a string."""
        df = to_dataframe(reg, on="2020-01-01").set_index("id")
        assert pd.isna(df.status["ru-so-2023-military-technical-cooperation"])

    def test_takes_a_filtered_list(self, reg: Registry) -> None:
        """A list from `filter` gives the same rows as filtering the frame."""
        found = reg.filter(topic="defence")
        assert to_dataframe(found).id.tolist() == [a.id for a in found]

    def test_empty_keeps_columns_and_dtypes(self, reg: Registry) -> None:
        """No agreements: no rows, the same columns and dtypes."""
        empty, full = to_dataframe([]), to_dataframe(reg)
        assert len(empty) == 0
        assert empty.dtypes.to_dict() == full.dtypes.to_dict()

    def test_years_outside_nanosecond_range(self) -> None:
        """Dates before 1677 fit (seconds, not nanoseconds)."""
        df = to_dataframe([_signed("westphalia", "1648-10-24")], on="1700-01-01")
        assert df.signed_lower[0] == pd.Timestamp("1648-10-24")

    def test_sources_counted_once_everywhere(self) -> None:
        """n_sources counts distinct ids from the record, events, claims and relations."""
        claim = Claim(FuzzyDate.parse("2017-04"), sources=("c",))
        a = Agreement(
            "x",
            "X",
            "agreement",
            ("RU", "XSO"),
            events=(
                Event(Action.SIGNED, FuzzyDate.parse("2017"), sources=("s", "e")),
                Event(Action.RATIFIED, FuzzyDate.parse("2018"), "RU", alternatives=(claim,)),
            ),
            relations=(Relation(treatyreg.RelationType.DEVELOPS, "y", sources=("r",)),),
            sources=("s",),
        )
        assert to_dataframe([a]).n_sources[0] == 4

    @settings(max_examples=25)
    @given(strategies.registries())
    def test_any_registry(self, registry: Registry) -> None:
        """Every valid registry gives one row each, with lower <= upper where both are known."""
        df = to_dataframe(registry, on="2100-01-01")
        assert df.id.tolist() == [a.id for a in registry]
        known = df.signed_lower.notna() & df.signed_upper.notna()
        assert (df.signed_lower[known] <= df.signed_upper[known]).all()


class TestEventsDataframe:
    def test_one_row_per_event(self, reg: Registry) -> None:
        """Rows: every event of every agreement, agreement by agreement, in file order."""
        ev = events_dataframe(reg)
        expected = [(a.id, str(e.action)) for a in reg for e in a.events]
        assert list(zip(ev.agreement, ev.action.astype(str), strict=True)) == expected
        assert tuple(ev.columns) == EVENT_COLUMNS

    def test_dtypes(self, reg: Registry) -> None:
        """`action` is a categorical of every action; bounds are datetime64; text is string."""
        ev = events_dataframe(reg)
        assert list(ev.action.cat.categories) == [str(a) for a in Action]
        assert ev.lower.dtype == "datetime64[s]"
        assert ev.party.dtype == "string"
        assert ev.n_alternatives.dtype == "int64"

    def test_values(self, reg: Registry) -> None:
        """An interval's bounds, joined sources, a missing party and counted claims."""
        ev = events_dataframe(reg)
        units = ev[ev.agreement == UNITS].reset_index(drop=True)
        ratified_ru = units[(units.action == "ratified") & (units.party == "RUS")].iloc[0]
        assert ratified_ru.date == "2018-01-31/2018-02-05"
        assert ratified_ru.lower == pd.Timestamp("2018-01-31")
        assert ratified_ru.upper == pd.Timestamp("2018-02-05")
        signed = units.iloc[0]
        assert signed.sources == ";".join(reg[UNITS].events[0].sources)
        assert pd.isna(signed.party)
        assert units[units.action == "ratified"].n_alternatives.tolist() == [1, 0]

    def test_open_end_is_nat(self) -> None:
        """An open end (`2024-08-24/..`) has no upper bound: NaT."""
        a = _signed("x", "2024-08-24/..")
        ev = events_dataframe([a])
        assert ev.lower[0] == pd.Timestamp("2024-08-24")
        assert pd.isna(ev.upper[0])


class TestOptionalDependencies:
    def test_missing_pandas_says_how_to_install(self, monkeypatch: pytest.MonkeyPatch) -> None:
        """Without pandas, the error names the extra to install."""
        monkeypatch.setitem(sys.modules, "pandas", None)
        with pytest.raises(ImportError, match=r"pip install 'treatyreg\[pandas\]'"):
            to_dataframe([])
        with pytest.raises(ImportError, match=r"treatyreg\[pandas\]"):
            events_dataframe([])


class TestFramesExportAsTheyAre:
    """Every frame writes to CSV, SQLite and Parquet with no work-around, and reads back."""

    @pytest.fixture(params=["to_dataframe", "participation", "phases", "events"])
    def frame(self, request: pytest.FixtureRequest) -> pd.DataFrame:
        reg = treatyreg.load_default()
        example = treatyreg.load("tests/data/example-convention.yaml")
        return {
            "to_dataframe": lambda: reg.to_dataframe(),
            "participation": lambda: example.participation_dataframe(),
            "phases": lambda: reg.phases_dataframe(),
            "events": lambda: reg.events_dataframe(),
        }[request.param]()

    def test_csv_round_trips_through_pandas(self, frame: pd.DataFrame, tmp_path: Path) -> None:
        """No cell is a Python repr ("('RU', 'XSO')"); the text comes back as it went."""
        frame.to_csv(tmp_path / "f.csv", index=False)
        back = pd.read_csv(tmp_path / "f.csv", dtype=str, keep_default_na=False)
        assert list(back.columns) == list(frame.columns)
        assert len(back) == len(frame)
        for column in frame.columns:
            if str(frame[column].dtype) in ("string", "category"):
                expected = frame[column].astype(object).where(frame[column].notna(), "")
                assert back[column].tolist() == [str(x) for x in expected], column
        assert not back.apply(lambda col: col.str.startswith("(")).any().any()

    def test_sqlite_round_trips(self, frame: pd.DataFrame, tmp_path: Path) -> None:
        """`to_sql` into a real SQLite file; the rows and text columns come back."""
        import sqlite3

        with sqlite3.connect(tmp_path / "f.db") as db:
            frame.to_sql("t", db, index=False)
            back = pd.read_sql("select * from t", db)
        assert len(back) == len(frame)
        first = frame.columns[0]
        assert back[first].tolist() == frame[first].astype(object).tolist()

    def test_parquet_round_trips(self, frame: pd.DataFrame, tmp_path: Path) -> None:
        """`to_parquet` (pyarrow) keeps every value and dtype family."""
        pytest.importorskip("pyarrow")
        frame.to_parquet(tmp_path / "f.parquet")
        back = pd.read_parquet(tmp_path / "f.parquet")
        for column in frame.select_dtypes("datetime").columns:  # Parquet has no seconds unit
            back[column] = back[column].astype(frame[column].dtype)
        pd.testing.assert_frame_equal(back, frame, check_dtype=False, check_categorical=False)


class TestEvidenceInFrames:
    def test_status_columns_agree_with_assess(self, reg: Registry) -> None:
        """status, last_evidence and stale are `Registry.assess`'s, on the frame's day."""
        df = reg.to_dataframe(on="2024-01-01")
        for row in df.itertuples():
            judged = reg.assess(row.id, "2024-01-01")
            assert (None if pd.isna(row.status) else row.status) == (
                None if judged.status is None else str(judged.status)
            )
            expected = None if judged.last_evidence is None else judged.last_evidence.text
            assert (None if pd.isna(row.last_evidence) else row.last_evidence) == expected
            assert row.stale == judged.stale

    def test_the_day_is_the_registry_as_of_and_says_so(self, reg: Registry) -> None:
        """With no day given, the registry's as_of; `attrs` names the day and why."""
        df = reg.to_dataframe()
        assert reg.as_of is not None
        assert df.attrs["on"] == reg.as_of.isoformat()
        assert df.attrs["on_reason"] == "the registry's as-of day"
        assert df.attrs["source"] == "treatyreg registry bundled"
        given = reg.filter(on="2020-01-01").to_dataframe()
        assert (given.attrs["on"], given.attrs["on_reason"]) == ("2020-01-01", "the day asked for")

    def test_participation_rows_have_their_own_evidence(self) -> None:
        """Each party's row rests on its own steps (and the sources they cite)."""
        reg = treatyreg.load("tests/data/example-convention.yaml")
        df = reg.participation_dataframe(on="2018-01-01")
        for row in df.itertuples():
            judged = reg.assess(row.agreement, "2018-01-01", party=row.party)
            expected = None if judged.last_evidence is None else judged.last_evidence.text
            assert (None if pd.isna(row.last_evidence) else row.last_evidence) == expected


@given(strategies.registries(), strategies.days(dt.date(1990, 1, 1), dt.date(2030, 1, 1)))
@settings(max_examples=60)
def test_phases_dataframe_is_the_phases(registry: Registry, day: dt.date) -> None:
    """One row per `plot.phases` phase, in order, with the same days; `known_until` is
    never before the start nor after the end."""
    from treatyreg.plot import phases

    df = phases_dataframe(registry, on=day)
    expected = [(a.id, p) for a in registry for p in phases(a, day)]
    assert tuple(df.columns) == PHASE_COLUMNS
    assert len(df) == len(expected)
    for row, (aid, p) in zip(df.itertuples(), expected, strict=True):
        assert (row.agreement, row.status) == (aid, str(p.status))
        assert row.start.date() == p.start
        assert row.end.date() == p.end
        assert row.uncertain == p.uncertain
        assert (pd.isna(row.since) and p.since is None) or row.since.date() == p.since
        assert p.start <= row.known_until.date() <= p.end

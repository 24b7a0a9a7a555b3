"""Tests for treatyreg.dates: the EDTF subset, bounds, and query days."""

from __future__ import annotations

import datetime as dt
import re

import edtf
import pytest
from hypothesis import given

from treatyreg import DateError, FuzzyDate, Precision
from treatyreg.dates import parse_bounds, parse_day
from treatyreg.strategies import edtf_texts

D = dt.date


class TestParse:
    @pytest.mark.parametrize(
        ("text", "lower", "upper", "precision"),
        [
            ("2009", D(2009, 1, 1), D(2009, 12, 31), Precision.YEAR),
            ("2023-02", D(2023, 2, 1), D(2023, 2, 28), Precision.MONTH),
            ("2024-02", D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH),
            ("2023-08-23", D(2023, 8, 23), D(2023, 8, 23), Precision.DAY),
            ("201X", D(2010, 1, 1), D(2019, 12, 31), Precision.YEAR),
            ("2017-XX", D(2017, 1, 1), D(2017, 12, 31), Precision.MONTH),
            ("2017-03-XX", D(2017, 3, 1), D(2017, 3, 31), Precision.DAY),
            ("2009?", D(2009, 1, 1), D(2009, 12, 31), Precision.YEAR),
            ("2009-09~", D(2009, 9, 1), D(2009, 9, 30), Precision.MONTH),
            ("2017-03-31/2019-12-17", D(2017, 3, 31), D(2019, 12, 17), None),
            ("../2019-12-17", D.min, D(2019, 12, 17), None),
            ("2024-08-24/..", D(2024, 8, 24), D.max, None),
            ("2017/2018-06", D(2017, 1, 1), D(2018, 6, 30), None),
            ("2017-04-3X", D(2017, 4, 30), D(2017, 4, 30), Precision.DAY),
            ("2017-01-3X", D(2017, 1, 30), D(2017, 1, 31), Precision.DAY),
        ],
    )
    def test_bounds(self, text: str, lower: D, upper: D, precision: Precision | None) -> None:
        """Each accepted form has the earliest and latest day it can be."""
        d = FuzzyDate.parse(text)
        assert (d.lower, d.upper, d.precision) == (lower, upper, precision)
        assert str(d) == text

    @pytest.mark.parametrize(
        "text",
        [
            "2023-02-30",
            "2023-13",
            "23/08/2023",
            "2023-8-23",
            "",
            "2023-00",
            "0000",
            "20233",
            "2019-12-17/2017-03-31",
            "../..",
            "2023-08-23T10:00",
            "XXXX",
            "2X17",
            "August 2023",
            "2023-21",
            " 2023",
            "2023??",
            "2017-02-3X",
        ],
    )
    def test_refused(self, text: str) -> None:
        """Impossible or unsupported forms are an error that quotes the text, never a guess."""
        with pytest.raises(DateError, match=re.escape(repr(text))):
            FuzzyDate.parse(text)

    def test_qualifiers(self) -> None:
        """? is uncertain, ~ approximate, % both; they do not widen the bounds."""
        assert FuzzyDate.parse("2009?").uncertain
        assert not FuzzyDate.parse("2009?").approximate
        assert FuzzyDate.parse("2009~").approximate
        assert not FuzzyDate.parse("2009~").uncertain
        both = FuzzyDate.parse("2009%")
        assert both.uncertain
        assert both.approximate
        assert (both.lower, both.upper) == (D(2009, 1, 1), D(2009, 12, 31))

    def test_equality_is_by_text(self) -> None:
        """Two dates are equal when their EDTF text is; `2009` and `2009?` differ."""
        assert FuzzyDate.parse("2009") == FuzzyDate.parse("2009")
        assert FuzzyDate.parse("2009") != FuzzyDate.parse("2009?")
        assert FuzzyDate.from_date(D(2023, 8, 23)).is_exact

    @given(edtf_texts())
    def test_bounds_agree_with_python_edtf(self, text: str) -> None:
        """Our strict bounds are python-edtf's, on generated strings of every form.

        python-edtf does not parse intervals whose ends have X digits, so those ends are
        compared one at a time.
        """
        ours = FuzzyDate.parse(text)
        if "/" in text and "X" in text:
            start, end = text.split("/")
            lo = -float("inf") if start == ".." else edtf.parse_edtf(start).lower_strict()
            hi = float("inf") if end == ".." else edtf.parse_edtf(end).upper_strict()
        else:
            theirs = edtf.parse_edtf(text)
            lo, hi = theirs.lower_strict(), theirs.upper_strict()
        if ours.lower == D.min:
            assert lo == -float("inf") or str(lo) == "-inf"
        else:
            assert (lo.tm_year, lo.tm_mon, lo.tm_mday) == ours.lower.timetuple()[:3]
        if ours.upper == D.max:
            assert hi == float("inf") or str(hi) == "inf"
        else:
            assert (hi.tm_year, hi.tm_mon, hi.tm_mday) == ours.upper.timetuple()[:3]

    @given(edtf_texts())
    def test_round_trip(self, text: str) -> None:
        """str() gives back the text parsed, and lower <= upper."""
        d = FuzzyDate.parse(text)
        assert str(d) == text
        assert d.lower <= d.upper


class TestQueryDays:
    @pytest.mark.parametrize(
        ("value", "day"),
        [
            ("2019-12-17", D(2019, 12, 17)),
            ("17 December 2019", D(2019, 12, 17)),
            ("23 August 2023", D(2023, 8, 23)),
            ("August 23, 2023", D(2023, 8, 23)),
            (D(2020, 1, 1), D(2020, 1, 1)),
            (dt.datetime(2020, 1, 1, 12), D(2020, 1, 1)),
            (FuzzyDate.parse("2020-01-01"), D(2020, 1, 1)),
        ],
    )
    def test_day(self, value: object, day: D) -> None:
        """A query day can be a date, ISO/EDTF text or plain English text."""
        assert parse_day(value) == day  # type: ignore[arg-type]

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            ("03/04/2017", "ambiguous"),
            ("3.4.2017", "ambiguous"),
            ("2019", "not a single day"),
            ("August 2023", "not a single day"),
            ("next tuesday-ish", "invalid date"),
            ("17 December", "no year"),
            ("2023-02-30", "does not exist"),
        ],
    )
    def test_refused(self, value: str, message: str) -> None:
        """Ambiguous numeric forms and spans are refused with a message that says why."""
        with pytest.raises(DateError, match=message):
            parse_day(value)

    def test_bounds_of_plain_text(self) -> None:
        """Plain text naming a month or a year spans it; the default day is never used."""
        assert parse_bounds("August 2023") == (D(2023, 8, 1), D(2023, 8, 31))
        assert parse_bounds("2015") == (D(2015, 1, 1), D(2015, 12, 31))

"""Tests for treatyreg.dates: the EDTF subset, bounds, and query days."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import edtf
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

import treatyreg
from treatyreg import DateError, FuzzyDate, Precision, strategies
from treatyreg.dates import parse_bounds, parse_day
from treatyreg.strategies import edtf_texts

D = dt.date


def _real_days(pattern: str) -> list[D]:
    """Every real day matching `pattern` (X for any digit), by enumerating its years' days."""
    matches = re.compile(pattern.replace("X", "[0-9]")).match  # YYYY-MM matches YYYY-MM-DD
    year = re.compile(pattern[:4].replace("X", "[0-9]")).fullmatch
    years = [y for y in range(1, 10000) if year(f"{y:04d}")]
    first, last = D(years[0], 1, 1).toordinal(), D(years[-1], 12, 31).toordinal()
    days = map(D.fromordinal, range(first, last + 1))
    return [d for d in days if matches(d.isoformat())]


def _part(digits: int, max_x: int) -> st.SearchStrategy[str]:
    """A numeric part of `digits` digits whose last 0..max_x digits may be X."""
    return st.tuples(st.integers(0, 10**digits - 1), st.integers(0, max_x)).map(
        lambda t: f"{t[0]:0{digits}d}"[: digits - t[1]] + "X" * t[1]
    )


@st.composite
def _unspecified_patterns(draw: st.DrawFn) -> str:
    """YYYY[-MM[-DD]] with trailing X digits in any part, valid or not (month 2X, day 4X)."""
    year = draw(st.integers(1890, 2110).map(str))
    year = year[: 4 - draw(st.integers(0, 1))].ljust(4, "X")
    month = draw(st.none() | _part(2, 2) | st.sampled_from(["0X", "1X", "XX", "02"]))
    if month is None:
        return year
    day = draw(st.none() | _part(2, 2) | st.sampled_from(["29", "3X", "31", "30"]))
    pattern = f"{year}-{month}" if day is None else f"{year}-{month}-{day}"
    assume("X" in pattern)
    return pattern


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
        lo: Any  # a time.struct_time, or an infinite float for an open end
        hi: Any
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

    @pytest.mark.parametrize(
        ("text", "lower", "upper"),
        [
            ("2017-0X-31", D(2017, 1, 31), D(2017, 8, 31)),
            ("2017-XX-31", D(2017, 1, 31), D(2017, 12, 31)),
            ("2017-1X-31", D(2017, 10, 31), D(2017, 12, 31)),
            ("2017-0X-3X", D(2017, 1, 30), D(2017, 9, 30)),
            ("2017-XX-3X", D(2017, 1, 30), D(2017, 12, 31)),
            ("2017-XX-30", D(2017, 1, 30), D(2017, 12, 30)),
            ("201X-02-29", D(2012, 2, 29), D(2016, 2, 29)),
            ("190X-02-29", D(1904, 2, 29), D(1908, 2, 29)),
            ("201X-03", D(2010, 3, 1), D(2019, 3, 31)),
            ("201X-XX-31", D(2010, 1, 31), D(2019, 12, 31)),
        ],
    )
    def test_unspecified_bounds_are_real_days(self, text: str, lower: D, upper: D) -> None:
        """X digits give the earliest and latest real day matching, never a clipped day."""
        d = FuzzyDate.parse(text)
        assert (d.lower, d.upper) == (lower, upper)

    @pytest.mark.parametrize("text", ["2017-XX-31", "201X-XX-31", "2017-XX-30", "2017-XX-XX"])
    def test_unspecified_month_agrees_with_python_edtf(self, text: str) -> None:
        """python-edtf parses an unspecified month before a known day; its bounds are ours.

        (It does not parse 2017-0X-31 or 2017-02-3X, and it gives 2010-02-29, which does not
        exist, for 201X-02-29; the brute-force property below covers those.)
        """
        ours, theirs = FuzzyDate.parse(text), edtf.parse_edtf(text)
        assert ours.lower.timetuple()[:3] == tuple(theirs.lower_strict())[:3]
        assert ours.upper.timetuple()[:3] == tuple(theirs.upper_strict())[:3]

    @pytest.mark.parametrize(
        ("text", "message"),
        [
            ("2017-02-3X", "no day 3X in 2017-02"),
            ("201X-02-30", "no day 30 in 201X-02"),
            ("2017-0X-4X", "no day 4X in 2017-0X"),
            ("2019-02-29", "day 29 does not exist in 2019-02"),
            ("2017-2X", "month 2X is not 01-12"),
        ],
    )
    def test_no_real_day_refused(self, text: str, message: str) -> None:
        """A pattern that no real day matches is refused, saying so."""
        with pytest.raises(DateError, match=re.escape(message)):
            FuzzyDate.parse(text)

    @given(_unspecified_patterns())
    def test_unspecified_bounds_by_brute_force(self, text: str) -> None:
        """Bounds are the first and last real days matching the pattern, counted one by one;
        a pattern that no real day matches is refused."""
        real = _real_days(text)
        if not real:
            with pytest.raises(DateError, match=re.escape(repr(text))):
                FuzzyDate.parse(text)
        else:
            d = FuzzyDate.parse(text)
            assert (d.lower, d.upper) == (real[0], real[-1])

    @pytest.mark.parametrize(
        ("value", "message"),
        [
            (2017, "a date must be text, not int 2017; quote it"),
            (2017.5, "not float 2017.5"),
            (None, "not NoneType None"),
            (D(2017, 3, 31), "use FuzzyDate.from_date"),
            (b"2017", "not bytes b'2017'"),
        ],
    )
    def test_non_text_refused(self, value: object, message: str) -> None:
        """A number or other non-text is a DateError saying what it got, not a TypeError."""
        with pytest.raises(DateError, match=re.escape(message)):
            FuzzyDate.parse(value)  # type: ignore[arg-type]

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
            ("\u0662\u0660\u0662\u0660-\u0660\u0661-\u0660\u0661", "digits as 0-9"),  # Arabic-Indic
            ("\uff12\uff10\uff12\uff10-01-01", "digits as 0-9"),  # fullwidth
        ],
    )
    def test_refused(self, value: str, message: str) -> None:
        """Ambiguous numeric forms and spans are refused with a message that says why."""
        with pytest.raises(DateError, match=message):
            parse_day(value)

    @pytest.mark.parametrize(
        "value",
        [
            "3 4 2017",
            "03/04/2017 10:00",
            "03,04,2017",
            "3, 4, 2017",
            "03-04-2017 10:00",
            "3.4.2017 10:00",
            "03/04/2017T10:00",
            "3rd 4 2017",
            "Tuesday 3 4 2017",
            "4 3 17",
            "2017 03 04",
            "Tuesday 20170304",
            "13 4 12",
        ],
    )
    def test_ambiguous_whatever_the_separators(self, value: str) -> None:
        """Day and month that could be swapped are refused with any separators or a time."""
        with pytest.raises(DateError, match="ambiguous"):
            parse_day(value)
        with pytest.raises(DateError, match="ambiguous"):
            parse_bounds(value)

    @given(
        st.dates(D(1900, 1, 1), D(2099, 12, 31)).filter(lambda d: d.day <= 12 and d.day != d.month),
        st.sampled_from(["dmy", "mdy", "ymd", "ydm"]),
        st.sampled_from([" ", "  ", "/", ".", "-", ",", ", ", " / "]),
        st.booleans(),
        st.sampled_from(["", " 10:00", "T10:00", " 10:00:00", " 23:59"]),
    )
    def test_swappable_numeric_days_are_refused(
        self, day: D, order: str, sep: str, pad: bool, time: str
    ) -> None:
        """Any numeric day whose day and month could be swapped is refused, never guessed."""
        fields = {"d": day.day, "m": day.month, "y": day.year}
        text = sep.join(f"{fields[k]:02d}" if pad else str(fields[k]) for k in order) + time
        if re.match(r"\d{4}-\d\d-\d\d", text):  # ISO, year-month-day, is no guess
            text = text.replace("-", "/", 2)
        with pytest.raises(DateError, match="ambiguous" if order[0] != "y" else None):
            parse_bounds(text)

    @pytest.mark.parametrize(
        "value",
        [
            "23 August 2023 10:00",
            "2023-08-23T10:00",
            "2023-08-23 00:00",
            "17 December 2019 3pm",
            "13 04 2017 10:00",
            "13/04/2017 10:00",
            "23 August 2023T10",
            "13 March 2017 10:00 EST",
            "13 4 2017 10:00 +05:00",
        ],
    )
    def test_time_of_day_refused(self, value: str) -> None:
        """A query day has no time of day: text with one is refused, not cut to its day."""
        with pytest.raises(DateError, match="time of day"):
            parse_day(value)

    @pytest.mark.parametrize(
        ("value", "day"),
        [
            ("13 04 2017", D(2017, 4, 13)),
            ("3 3 2017", D(2017, 3, 3)),
            ("12 12 2017", D(2017, 12, 12)),
            ("23 08 2023", D(2023, 8, 23)),
            ("4 March 2017", D(2017, 3, 4)),
            ("March 4, 2017", D(2017, 3, 4)),
            ("2017-03-04", D(2017, 3, 4)),
        ],
    )
    def test_unambiguous_days_kept(self, value: str, day: D) -> None:
        """A day above 12, a day equal to its month, or a month by name is no guess."""
        assert parse_day(value) == day

    def test_bounds_of_plain_text(self) -> None:
        """Plain text naming a month or a year spans it; the default day is never used."""
        assert parse_bounds("August 2023") == (D(2023, 8, 1), D(2023, 8, 31))
        assert parse_bounds("2015") == (D(2015, 1, 1), D(2015, 12, 31))


@given(strategies.fuzzy_dates())
def test_open_ends_have_no_bound(date: FuzzyDate) -> None:
    """`earliest`/`latest` are the bounds, or None exactly where an end is open."""
    assert date.earliest == (None if date.text.startswith("../") else date.lower)
    assert date.latest == (None if date.text.endswith("/..") else date.upper)


def test_the_first_day_of_the_calendar_is_a_bound() -> None:
    """An exact 0001-01-01 exports as a day, an open start as null (both have date.min)."""
    from treatyreg.export import agreement_dict

    for text, expected in (("0001-01-01", "0001-01-01"), ("../0001-12-31", None)):
        event = treatyreg.Event(treatyreg.Action.SIGNED, FuzzyDate.parse(text), sources=("s1",))
        agreement = treatyreg.Agreement(
            "a", "A", "treaty", ("RU",), events=(event,), sources=("s1",)
        )
        assert agreement_dict(agreement)["signed"]["lower"] == expected

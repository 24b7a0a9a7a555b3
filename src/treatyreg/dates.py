"""Dates as the sources know them: a subset of EDTF (ISO 8601-2), with bounds.

Every `FuzzyDate` has a `lower` and an `upper` day: the earliest and the latest day it can
be. Qualifiers (`?` uncertain, `~` approximate, `%` both) are kept and shown, but they do
not widen the bounds (the "strict" bounds of python-edtf).
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from typing import Final

import attrs

from treatyreg.diagnostics import quote

__all__ = ["DateError", "FuzzyDate", "Precision", "parse_bounds", "parse_day"]


class DateError(ValueError):
    """A date text that is not one of the accepted forms; the message quotes it."""


class Precision(enum.StrEnum):
    """How much of a single date is known."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"


ACCEPTED_FORMS: Final = (
    "YYYY, YYYY-MM or YYYY-MM-DD; optionally ending in ? (uncertain), ~ (approximate) or % "
    "(both); X for unspecified digits (201X, 2017-XX); intervals A/B, ../B (on or before) "
    "and A/.. (on or after)"
)

_SINGLE: Final = re.compile(
    r"(?P<year>[0-9X]{4})(?:-(?P<month>[0-9X]{2})(?:-(?P<day>[0-9X]{2}))?)?(?P<q>[?~%])?"
)


_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _digits_range(text: str, low: int, high: int) -> tuple[int, int]:
    """Bounds of a digit field whose unspecified digits are X, clipped to [low, high]."""
    if "X" not in text:
        return int(text), int(text)
    lo = int(text.replace("X", "0"))
    hi = int(text.replace("X", "9"))
    return max(lo, low), min(hi, high)


@attrs.frozen
class _Single:
    text: str
    lower: dt.date
    upper: dt.date
    precision: Precision
    qualifier: str | None


def _parse_single(text: str, whole: str) -> _Single:
    m = _SINGLE.fullmatch(text)
    if m is None:
        raise DateError(f"invalid date {quote(whole)}: expected {ACCEPTED_FORMS}")
    year_t, month_t, day_t, q = m["year"], m["month"], m["day"], m["q"]
    # EDTF allows X only as trailing digits of a part, and a part after an X part must be X.
    for part in (year_t, month_t, day_t):
        if part is not None and re.fullmatch(r"[0-9]*X*", part) is None:
            raise DateError(f"invalid date {quote(whole)}: X may only replace trailing digits")
    if (
        year_t == "XXXX"
        or (month_t == "XX" and day_t is not None and "X" not in day_t)
        or (year_t.endswith("X") and month_t is not None and month_t != "XX")
    ):
        raise DateError(f"unsupported date {quote(whole)}: a known part after an unspecified one")
    y_lo, y_hi = _digits_range(year_t, 1, 9999)
    if y_lo < 1:
        raise DateError(f"invalid date {quote(whole)}: year 0000 does not exist in this calendar")
    precision = Precision.YEAR
    if month_t is None:
        lower, upper = dt.date(y_lo, 1, 1), dt.date(y_hi, 12, 31)
    else:
        precision = Precision.MONTH
        if "X" not in month_t and not 1 <= int(month_t) <= 12:
            raise DateError(f"invalid date {quote(whole)}: month {month_t} is not 01-12")
        m_lo, m_hi = _digits_range(month_t, 1, 12)
        if m_lo > m_hi:
            raise DateError(f"invalid date {quote(whole)}: month {month_t} is not 01-12")
        if day_t is None:
            lower = dt.date(y_lo, m_lo, 1)
            upper = dt.date(y_hi, m_hi, calendar.monthrange(y_hi, m_hi)[1])
        else:
            precision = Precision.DAY
            last_lo = calendar.monthrange(y_lo, m_lo)[1]
            last_hi = calendar.monthrange(y_hi, m_hi)[1]
            if "X" not in day_t:
                d = int(day_t)
                if not 1 <= d <= 31 or ("X" not in year_t + month_t and d > last_lo):
                    raise DateError(
                        f"invalid date {quote(whole)}: day {day_t} does not exist "
                        f"in {year_t}-{month_t}"
                    )
                lower = dt.date(y_lo, m_lo, min(d, last_lo))
                upper = dt.date(y_hi, m_hi, min(d, last_hi))
            else:
                d_lo, d_hi = _digits_range(day_t, 1, 31)
                if d_lo > d_hi or ("X" not in year_t + month_t and d_lo > last_lo):
                    raise DateError(
                        f"invalid date {quote(whole)}: no day {day_t} in {year_t}-{month_t}"
                    )
                lower = dt.date(y_lo, m_lo, min(d_lo, last_lo))
                upper = dt.date(y_hi, m_hi, min(d_hi, last_hi))
    return _Single(text, lower, upper, precision, q)


@attrs.frozen(order=False)
class FuzzyDate:
    """A date as precisely as it is known, in EDTF.

    >>> d = FuzzyDate.parse("2017-03")
    >>> d.lower, d.upper
    (datetime.date(2017, 3, 1), datetime.date(2017, 3, 31))
    >>> FuzzyDate.parse("../2019-12-17").upper
    datetime.date(2019, 12, 17)
    >>> str(FuzzyDate.parse("2009?"))
    '2009?'
    """

    text: str
    lower: dt.date = attrs.field(eq=False, repr=False)
    upper: dt.date = attrs.field(eq=False, repr=False)
    precision: Precision | None = attrs.field(eq=False, repr=False)
    qualifier: str | None = attrs.field(eq=False, repr=False)
    is_interval: bool = attrs.field(eq=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> FuzzyDate:
        """Parse EDTF text; raise `DateError` quoting it when it is not an accepted form."""
        if not isinstance(text, str):
            raise DateError(f"a date must be text, not {type(text).__name__} {quote(text)}")
        if _DAY.fullmatch(text):  # the common case, one exact day, parsed in C
            try:
                day = dt.date.fromisoformat(text)
            except ValueError:
                pass  # no such day: the full parser below says why
            else:
                return cls(text, day, day, Precision.DAY, None, False)
        if "/" in text:
            start_t, _, end_t = text.partition("/")
            if start_t == ".." and end_t == "..":
                raise DateError(f"invalid date {quote(text)}: an interval needs at least one end")
            start = None if start_t == ".." else _parse_single(start_t, text)
            end = None if end_t == ".." else _parse_single(end_t, text)
            lower = dt.date.min if start is None else start.lower
            upper = dt.date.max if end is None else end.upper
            if start is not None and end is not None and start.lower > end.upper:
                raise DateError(f"invalid date {quote(text)}: the interval ends before it starts")
            return cls(text, lower, upper, None, None, True)
        single = _parse_single(text, text)
        return cls(text, single.lower, single.upper, single.precision, single.qualifier, False)

    @classmethod
    def from_date(cls, day: dt.date) -> FuzzyDate:
        """The exact day `day`.

        >>> str(FuzzyDate.from_date(dt.date(2023, 8, 23)))
        '2023-08-23'
        """
        return cls.parse(day.isoformat())

    @property
    def is_exact(self) -> bool:
        """True when the date is one known day."""
        return self.lower == self.upper

    @property
    def uncertain(self) -> bool:
        """True for `?` or `%`."""
        return self.qualifier in ("?", "%")

    @property
    def approximate(self) -> bool:
        """True for `~` or `%`."""
        return self.qualifier in ("~", "%")

    def __str__(self) -> str:
        return self.text

    def __lt__(self, other: FuzzyDate) -> bool:
        return (self.lower, self.upper, self.text) < (other.lower, other.upper, other.text)


_AMBIGUOUS_NUMERIC: Final = re.compile(r"\s*\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*\d{2,4}\s*")
# Two defaults that differ in every field: a field dateutil fills from the default
# shows up as a difference between the two parses, so it was not in the text.
_DEFAULT_A: Final = dt.datetime(2001, 1, 1)
_DEFAULT_B: Final = dt.datetime(2002, 2, 2)


def parse_bounds(value: str | dt.date | FuzzyDate) -> tuple[dt.date, dt.date]:
    """The (lower, upper) days of a query value: a date, EDTF text, or plain English text.

    >>> parse_bounds("2015")
    (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))
    >>> parse_bounds("23 August 2023")
    (datetime.date(2023, 8, 23), datetime.date(2023, 8, 23))
    >>> parse_bounds("August 2023")[1]
    datetime.date(2023, 8, 31)
    """
    if isinstance(value, FuzzyDate):
        return value.lower, value.upper
    if isinstance(value, dt.datetime):
        return value.date(), value.date()
    if isinstance(value, dt.date):
        return value, value
    if not isinstance(value, str):
        raise DateError(
            f"expected a date or date text, not {type(value).__name__} {quote(str(value))}"
        )
    text = value.strip()
    try:
        fuzzy = FuzzyDate.parse(text)
    except DateError as edtf_error:
        if re.fullmatch(r"[0-9X?~%./\-]+", text):
            if _AMBIGUOUS_NUMERIC.fullmatch(text):
                raise DateError(
                    f"ambiguous date {quote(str(value))}: day and month order is unclear; "
                    "write it as YYYY-MM-DD or as '3 April 2017'"
                ) from None
            raise edtf_error from None
        return _parse_plain_text(value)
    return fuzzy.lower, fuzzy.upper


def _parse_plain_text(value: str) -> tuple[dt.date, dt.date]:
    from dateutil import parser  # only queries with plain text pay for it

    if _AMBIGUOUS_NUMERIC.fullmatch(value):
        raise DateError(
            f"ambiguous date {quote(str(value))}: write it as YYYY-MM-DD or '3 April 2017'"
        )
    try:
        a = parser.parse(value, default=_DEFAULT_A)
        b = parser.parse(value, default=_DEFAULT_B)
    except (ValueError, OverflowError):
        raise DateError(
            f"invalid date {quote(str(value))}: expected {ACCEPTED_FORMS}, "
            "or plain text such as '23 August 2023'"
        ) from None
    if a.year != b.year:
        raise DateError(f"invalid date {quote(str(value))}: no year in it")
    if a.month != b.month:
        if a.day != b.day:
            return dt.date(a.year, 1, 1), dt.date(a.year, 12, 31)
        raise DateError(f"invalid date {quote(str(value))}: a day without a month")
    if a.day != b.day:
        last = calendar.monthrange(a.year, a.month)[1]
        return dt.date(a.year, a.month, 1), dt.date(a.year, a.month, last)
    return a.date(), a.date()


def parse_day(value: str | dt.date | FuzzyDate) -> dt.date:
    """One day from a query value; text that names a longer span is refused.

    >>> parse_day("2019-12-17")
    datetime.date(2019, 12, 17)
    >>> parse_day("17 December 2019")
    datetime.date(2019, 12, 17)
    """
    lower, upper = parse_bounds(value)
    if lower != upper:
        raise DateError(
            f"{quote(str(value))} is not a single day (it spans {lower.isoformat()} to "
            f"{upper.isoformat()}); give a day such as 2019-12-17"
        )
    return lower

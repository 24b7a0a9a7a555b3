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

from treatyreg._pickling import tuple_state
from treatyreg.diagnostics import quote
from treatyreg.errors import DateError

__all__ = ["DateError", "FuzzyDate", "Precision", "day_or_today", "parse_bounds", "parse_day"]


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


def _digits_range(text: str, low: int, high: int) -> range:
    """The values of a digit field whose trailing unspecified digits are X, within [low, high]."""
    if "X" not in text:
        return range(int(text), int(text) + 1)
    lo = int(text.replace("X", "0"))
    hi = int(text.replace("X", "9"))
    return range(max(lo, low), min(hi, high) + 1)


def _first_day(years: range, months: range, days: range) -> dt.date | None:
    """The earliest real day in years x months x days (each ascending), or None."""
    for y in years:
        for m in months:
            if days.start <= calendar.monthrange(y, m)[1]:
                return dt.date(y, m, days.start)
    return None


def _last_day(years: range, months: range, days: range) -> dt.date | None:
    """The latest real day in years x months x days (each ascending), or None."""
    for y in reversed(years):
        for m in reversed(months):
            last = min(days.stop - 1, calendar.monthrange(y, m)[1])
            if days.start <= last:
                return dt.date(y, m, last)
    return None


@attrs.frozen
class _Single:
    text: str
    lower: dt.date
    upper: dt.date
    precision: Precision
    qualifier: str | None


def _parse_single(text: str, whole: str) -> _Single:
    """One EDTF date; its bounds are the earliest and latest REAL days matching it.

    X digits are a pattern, not a clipped range: 2017-0X-31 is at latest 2017-08-31 (the last
    month 01-09 that has a day 31), and a pattern no real day matches (2017-02-3X) is refused.
    """
    m = _SINGLE.fullmatch(text)
    if m is None:
        raise DateError(f"invalid date {quote(whole)}: expected {ACCEPTED_FORMS}")
    year_t, month_t, day_t, q = m["year"], m["month"], m["day"], m["q"]
    # X may replace only trailing digits of a part (201X, 2017-1X); a wholly unknown year
    # (XXXX) gives no bounds worth having.
    for part in (year_t, month_t, day_t):
        if part is not None and re.fullmatch(r"[0-9]*X*", part) is None:
            raise DateError(f"invalid date {quote(whole)}: X may only replace trailing digits")
    if year_t == "XXXX":
        raise DateError(f"unsupported date {quote(whole)}: the year is wholly unspecified")
    years = _digits_range(year_t, 1, 9999)
    if not years or years.start < 1:
        raise DateError(f"invalid date {quote(whole)}: year 0000 does not exist in this calendar")
    months, days = range(1, 13), range(1, 32)
    precision = Precision.YEAR
    if month_t is not None:
        precision = Precision.MONTH
        months = _digits_range(month_t, 1, 12)
        if not months or months.start < 1 or months.stop > 13:
            raise DateError(f"invalid date {quote(whole)}: month {month_t} is not 01-12")
    if day_t is not None:
        precision = Precision.DAY
        days = _digits_range(day_t, 1, 31)
    lower = _first_day(years, months, days) if 1 <= days.start < days.stop <= 32 else None
    if lower is None:
        if "X" in text:
            raise DateError(f"invalid date {quote(whole)}: no day {day_t} in {year_t}-{month_t}")
        raise DateError(
            f"invalid date {quote(whole)}: day {day_t} does not exist in {year_t}-{month_t}"
        )
    upper = _last_day(years, months, days)
    assert upper is not None  # a real day matched, so a latest one exists
    return _Single(text, lower, upper, precision, q)


def _shown(value: object, limit: int = 60) -> str:
    """`repr(value)`, shortened in the middle when long, for messages about non-text values."""
    text = repr(value)
    if len(text) <= limit:
        return text
    return f"{text[: limit // 2]}…{text[-limit // 2 :]}"


@tuple_state
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
        """Parse EDTF text; raise `DateError` quoting it when it is not an accepted form.

        Anything but text, such as the number 2017, is a `DateError` too:

        >>> FuzzyDate.parse(2017)
        Traceback (most recent call last):
          ...
        treatyreg.errors.DateError: a date must be text, not int 2017; quote it: '2017'
        """
        if not isinstance(text, str):
            hint = (
                "use FuzzyDate.from_date()"
                if isinstance(text, dt.date)
                else f"quote it: {quote(str(text))}"
            )
            raise DateError(
                f"a date must be text, not {type(text).__name__} {_shown(text)}; {hint}"
            )
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
    def earliest(self) -> dt.date | None:
        """The earliest day, or None when the start is open (`../DAY`): "an open end has no
        bound" written once (an exact `0001-01-01` is a bound, though it is `date.min`).

        >>> FuzzyDate.parse("../2019-12-17").earliest, FuzzyDate.parse("0001-01-01").earliest
        (None, datetime.date(1, 1, 1))
        """
        return None if self.text.startswith("../") else self.lower

    @property
    def latest(self) -> dt.date | None:
        """The latest day, or None when the end is open (`DAY/..`).

        >>> FuzzyDate.parse("2024-08-24/..").latest, FuzzyDate.parse("9999-12-31").latest
        (None, datetime.date(9999, 12, 31))
        """
        return None if self.text.endswith("/..") else self.upper

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
# A time of day in plain text (10:00, 10:00:00.5, 3pm), left out when counting date numbers.
_TIME_OF_DAY: Final = re.compile(
    r"\d{1,2}(?::\d{2}){1,2}(?:[.,]\d+)?|\d{1,2}\s*[ap]\.?m\b", re.IGNORECASE
)
# ISO 8601 order, year-month-day, is the one all-numeric order that is not a guess.
_ISO_DAY_START: Final = re.compile(r"\s*\d{4}-\d{2}-\d{2}(?!\d)")
# Two defaults that differ in every field: a field dateutil fills from the default
# shows up as a difference between the two parses, so it was not in the text.
_DEFAULT_A: Final = dt.datetime(2001, 1, 1, 0, 0, 0, 0)
_DEFAULT_B: Final = dt.datetime(2002, 2, 2, 1, 1, 1, 1)


def _ambiguous(value: str) -> DateError:
    return DateError(
        f"ambiguous date {quote(value)}: day and month order is unclear; "
        "write it as YYYY-MM-DD or as '3 April 2017'"
    )


def parse_bounds(value: str | dt.date | FuzzyDate) -> tuple[dt.date, dt.date]:
    """The (lower, upper) days of a query value: a date, EDTF text, or plain English text.

    Numeric text whose day and month could be swapped is refused, whatever separates the
    numbers, unless it is ISO (YYYY-MM-DD); so is text with a time of day (see `parse_day`).

    >>> parse_bounds("2015")
    (datetime.date(2015, 1, 1), datetime.date(2015, 12, 31))
    >>> parse_bounds("23 August 2023")
    (datetime.date(2023, 8, 23), datetime.date(2023, 8, 23))
    >>> parse_bounds("August 2023")[1]
    datetime.date(2023, 8, 31)
    >>> parse_bounds("03,04,2017")
    Traceback (most recent call last):
      ...
    treatyreg.errors.DateError: ambiguous date '03,04,2017': day and month order is unclear; write it as YYYY-MM-DD or as '3 April 2017'
    """  # noqa: E501
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
                raise _ambiguous(value) from None
            raise edtf_error from None
        return _parse_plain_text(value)
    return fuzzy.lower, fuzzy.upper


def _parse_plain_text(value: str) -> tuple[dt.date, dt.date]:
    from dateutil import parser  # only queries with plain text pay for it

    info = parser.parserinfo()
    month_named = any(info.month(word) is not None for word in re.findall(r"[^\W\d_]+", value))
    numeric = not month_named and not _ISO_DAY_START.match(value)
    if numeric:
        # Refuse before dateutil reads it month-first (or drops a number, as in 03,04,2017):
        # two different numbers 1-12 among three or more could be the day and the month.
        numbers = [int(n) for n in re.findall(r"\d+", _TIME_OF_DAY.sub(" ", value))]
        if len(numbers) >= 3 and len({n for n in numbers if 1 <= n <= 12}) >= 2:
            raise _ambiguous(value)
    try:
        # A zone comes only after a time, which is refused below; ignoring it also keeps
        # dateutil from warning about zone names it does not know (10:00 EST).
        a = parser.parse(value, default=_DEFAULT_A, ignoretz=True)
        b = parser.parse(value, default=_DEFAULT_B, ignoretz=True)
    except (ValueError, ArithmeticError):  # dateutil may raise decimal.InvalidOperation
        raise DateError(
            f"invalid date {quote(str(value))}: expected {ACCEPTED_FORMS}, "
            "or plain text such as '23 August 2023'"
        ) from None
    if any(getattr(a, f) == getattr(b, f) for f in ("hour", "minute", "second", "microsecond")):
        raise DateError(
            f"{quote(value)} has a time of day, but a query day has none; "
            "give only the day, such as 2023-08-23 or '23 August 2023'"
        )
    if a.year != b.year:
        raise DateError(f"invalid date {quote(str(value))}: no year in it")
    if a.month != b.month:
        if a.day != b.day:
            return dt.date(a.year, 1, 1), dt.date(a.year, 12, 31)
        raise DateError(f"invalid date {quote(str(value))}: a day without a month")
    if a.day != b.day:
        last = calendar.monthrange(a.year, a.month)[1]
        return dt.date(a.year, a.month, 1), dt.date(a.year, a.month, last)
    if numeric and a.day <= 12 and a.day != a.month:  # a number dateutil split, as in 20170304
        raise _ambiguous(value)
    return a.date(), a.date()


def day_or_today(on: str | dt.date | FuzzyDate | None) -> dt.date:
    """The day `on` names (`parse_day`), or today when it is None: the one rule for "the
    day a status is judged on" everywhere a day is optional.

    >>> day_or_today("2019-12-17"), day_or_today(None) == dt.date.today()
    (datetime.date(2019, 12, 17), True)
    """
    return dt.date.today() if on is None else parse_day(on)


def parse_day(value: str | dt.date | FuzzyDate) -> dt.date:
    """One day from a query value; text that names a longer span is refused.

    A query day has no time of day, so text with one ("23 August 2023 10:00",
    "2023-08-23T10:00") is refused rather than cut to its day: a time (or time zone) would
    be precision the answer cannot use, and near midnight it could even name another day.
    A `datetime.datetime` object is taken as its date. Numeric text whose day and month
    could be swapped ("3 4 2017", "03/04/2017 10:00") is refused as ambiguous.

    >>> parse_day("2019-12-17")
    datetime.date(2019, 12, 17)
    >>> parse_day("17 December 2019")
    datetime.date(2019, 12, 17)
    >>> parse_day("3 4 2017")
    Traceback (most recent call last):
      ...
    treatyreg.errors.DateError: ambiguous date '3 4 2017': day and month order is unclear; write it as YYYY-MM-DD or as '3 April 2017'
    """  # noqa: E501
    if isinstance(value, str) and any(c.isdigit() and not c.isascii() for c in value):
        # `٢٠٢٠` or fullwidth digits: a registry's dates refuse them (TR103), so does a query
        raise DateError(f"{quote(value)}: write the digits as 0-9, e.g. 2019-12-17")
    lower, upper = parse_bounds(value)
    if lower != upper:
        raise DateError(
            f"{quote(str(value))} is not a single day (it spans {lower.isoformat()} to "
            f"{upper.isoformat()}); give a day such as 2019-12-17"
        )
    return lower

"""Agreements and events as pandas DataFrames, for analysts in notebooks.

Needs the optional pandas dependency (`pip install 'treatyreg[pandas]'`); pandas is imported
only when a function here is called, so `import treatyreg` stays light.

Dates come as three columns: the EDTF text as written (`signed`), and the earliest and
latest day it can be (`signed_lower`, `signed_upper`, `datetime64[s]`, so years before 1677
fit). An open end (`../2019-12-17`) has no bound on that side: `NaT`.

>>> import treatyreg
>>> from treatyreg.frames import to_dataframe
>>> df = to_dataframe(treatyreg.load_default(), on="2020-01-01")
>>> df.loc[df.id == "ru-so-2017-units-entry", ["signed", "status"]].values.tolist()
[['2017-03-31', 'in_force']]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from treatyreg._fileformat import KINDS
from treatyreg.dates import FuzzyDate, day_or_today
from treatyreg.lifecycle import Action, Means, Status
from treatyreg.model import Agreement

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "AGREEMENT_COLUMNS",
    "EVENT_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "events_dataframe",
    "participation_dataframe",
    "to_dataframe",
]

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "kind",
    "parties",
    "topics",
    "signed",
    "signed_lower",
    "signed_upper",
    "status",
    "entered_into_force",
    "entered_into_force_lower",
    "entered_into_force_upper",
    "n_events",
    "n_sources",
    "n_relations",
)
"""The columns of `to_dataframe`, in order."""

EVENT_COLUMNS: tuple[str, ...] = (
    "agreement",
    "action",
    "party",
    "body",
    "place",
    "date",
    "lower",
    "upper",
    "sources",
    "n_alternatives",
    "note",
)
"""The columns of `events_dataframe`, in order."""

PARTICIPATION_COLUMNS: tuple[str, ...] = (
    "agreement",
    "party",
    "signed",
    "signed_lower",
    "signed_upper",
    "consent",
    "consent_lower",
    "consent_upper",
    "means",
    "entered_into_force",
    "entered_into_force_lower",
    "entered_into_force_upper",
    "withdrawal_notified",
    "withdrawn",
    "withdrawn_lower",
    "withdrawn_upper",
    "signature_withdrawn",
    "status",
)
"""The columns of `participation_dataframe`, in order."""

_DAYS = "datetime64[s]"  # seconds: every year 1-9999 fits, unlike nanoseconds (1677-2262)


def _pandas() -> Any:
    try:
        import pandas
    except ImportError as error:
        raise ImportError(
            "treatyreg's DataFrames need pandas: pip install 'treatyreg[pandas]'"
        ) from error
    return pandas


def _lower(d: FuzzyDate | None) -> dt.date | None:
    return None if d is None else d.earliest


def _upper(d: FuzzyDate | None) -> dt.date | None:
    return None if d is None else d.latest


def _text(d: FuzzyDate | None) -> str | None:
    return None if d is None else d.text


def _frame(pandas: Any, columns: dict[str, tuple[Sequence[Any], Any]]) -> pd.DataFrame:
    """A DataFrame from named columns, each with its dtype (kept even when empty)."""
    frame: pd.DataFrame = pandas.DataFrame(
        {name: pandas.Series(list(v), dtype=dtype) for name, (v, dtype) in columns.items()}
    )
    return frame


def to_dataframe(
    reg: Iterable[Agreement], on: str | dt.date | FuzzyDate | None = None
) -> pd.DataFrame:
    """One row per agreement, in the registry's order, with its status on `on` (default today).

    `reg` is a `Registry` or any iterable of agreements, such as the list `reg.filter(...)`
    returns. Columns: `id`, `title`, `kind` (a categorical of the file format's kinds),
    `parties` and `topics` (tuples of text), `signed` (EDTF text) with `signed_lower` and
    `signed_upper` (`datetime64[s]`, `NaT` for an open end), `status` (a categorical of
    every `Status`; missing when not concluded), the same three columns for
    `entered_into_force`, and the counts `n_events`, `n_sources` (distinct sources cited
    anywhere in the agreement) and `n_relations`. The day the status was judged on is in
    `df.attrs["on"]`.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> df = to_dataframe(reg.filter(topic="defence"), on="2020-01-01")
    >>> df[["id", "status"]].head(2).values.tolist()
    [['ru-so-2008-friendship', 'in_force'], ['ru-so-2009-military-base', 'signed']]
    >>> str(df.signed_lower.dtype), str(df.status.dtype)
    ('datetime64[s]', 'category')
    """
    pd = _pandas()
    day = day_or_today(on)
    agreements = list(reg)
    statuses = [a.status_on(day) for a in agreements]
    signed = [a.signed for a in agreements]
    force = [a.entered_into_force for a in agreements]
    status_type = pd.CategoricalDtype([str(s) for s in Status])
    kinds = [*KINDS, *sorted({a.kind for a in agreements} - set(KINDS))]
    df = _frame(
        pd,
        {
            "id": ([a.id for a in agreements], "string"),
            "title": ([a.title for a in agreements], "string"),
            "kind": ([a.kind for a in agreements], pd.CategoricalDtype(kinds)),
            "parties": ([a.parties for a in agreements], object),
            "topics": ([a.topics for a in agreements], object),
            "signed": ([_text(d) for d in signed], "string"),
            "signed_lower": ([_lower(d) for d in signed], _DAYS),
            "signed_upper": ([_upper(d) for d in signed], _DAYS),
            "status": ([None if s is None else str(s) for s in statuses], status_type),
            "entered_into_force": ([_text(d) for d in force], "string"),
            "entered_into_force_lower": ([_lower(d) for d in force], _DAYS),
            "entered_into_force_upper": ([_upper(d) for d in force], _DAYS),
            "n_events": ([len(a.events) for a in agreements], "int64"),
            "n_sources": ([len(a.cited) for a in agreements], "int64"),
            "n_relations": ([len(a.relations) for a in agreements], "int64"),
        },
    )
    df.attrs["on"] = day.isoformat()
    return df


def events_dataframe(reg: Iterable[Agreement]) -> pd.DataFrame:
    """One row per event, agreement by agreement in the registry's order, events in file order.

    Columns: `agreement` (its id), `action` (a categorical of every `Action`), `party`,
    `body`, `place`, `date` (EDTF text), `lower`/`upper` (`datetime64[s]`, `NaT` for an open
    end), `sources` (ids joined with `;`), `n_alternatives` (conflicting claims kept beside
    the date) and `note`.

    >>> import treatyreg
    >>> ev = events_dataframe(treatyreg.load_default())
    >>> row = ev[(ev.agreement == "ru-so-2017-units-entry")
    ...          & (ev.action == "entered_into_force")].iloc[0]
    >>> row.date, row.lower, row.upper.date()
    ('../2019-12-17', NaT, datetime.date(2019, 12, 17))
    """
    pd = _pandas()
    rows = [(a.id, e) for a in reg for e in a.events]
    action_type = pd.CategoricalDtype([str(x) for x in Action])
    return _frame(
        pd,
        {
            "agreement": ([aid for aid, _ in rows], "string"),
            "action": ([str(e.action) for _, e in rows], action_type),
            "party": ([e.party for _, e in rows], "string"),
            "body": ([e.body for _, e in rows], "string"),
            "place": ([e.place for _, e in rows], "string"),
            "date": ([e.date.text for _, e in rows], "string"),
            "lower": ([_lower(e.date) for _, e in rows], _DAYS),
            "upper": ([_upper(e.date) for _, e in rows], _DAYS),
            "sources": ([";".join(e.sources) for _, e in rows], "string"),
            "n_alternatives": ([len(e.alternatives) for _, e in rows], "int64"),
            "note": ([e.note for _, e in rows], "string"),
        },
    )


def participation_dataframe(
    reg: Iterable[Agreement], on: str | dt.date | FuzzyDate | None = None
) -> pd.DataFrame:
    """One row per agreement and party (the participation charts, stacked): flat columns
    that write to CSV, SQL and Parquet as they are.

    Columns: `agreement`, `party`; for `signed`, `consent`, `entered_into_force` (for that
    party) and `withdrawn` (the day it took effect) the EDTF text with `_lower` and
    `_upper` days (`datetime64[s]`; not for `withdrawn`'s notice); `means` (a categorical of
    every `Means`), `withdrawal_notified` and `signature_withdrawn` (EDTF text) and
    `status` (that party's status on `on`, default today, a categorical of every
    `Status`). `df.attrs["on"]` is the day.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> df = participation_dataframe(reg, on="2018-01-01")
    >>> df.loc[df.party == "BI", ["consent", "withdrawn", "status"]].values.tolist()
    [['2004-09-21', '2017-10-27', 'withdrawn']]
    """
    pd = _pandas()
    day = day_or_today(on)
    rows = [(a, row, a.party_status(row.party, day)) for a in reg for row in a.participation()]
    columns: dict[str, tuple[Sequence[Any], Any]] = {
        "agreement": ([a.id for a, _, _ in rows], "string"),
        "party": ([r.party for _, r, _ in rows], "string"),
    }
    for name, attr in (
        ("signed", "signature"),
        ("consent", "consent"),
        ("entered_into_force", "entry_into_force"),
        ("withdrawn", "withdrawal"),
    ):
        dates = [None if getattr(r, attr) is None else getattr(r, attr).date for _, r, _ in rows]
        columns[name] = ([_text(d) for d in dates], "string")
        columns[f"{name}_lower"] = ([_lower(d) for d in dates], _DAYS)
        columns[f"{name}_upper"] = ([_upper(d) for d in dates], _DAYS)
        if name == "consent":
            means = [None if r.means is None else str(r.means) for _, r, _ in rows]
            columns["means"] = (means, pd.CategoricalDtype([str(m) for m in Means]))
        if name == "entered_into_force":
            notified = [
                _text(r.withdrawal.notified) if r.withdrawal is not None else None
                for _, r, _ in rows
            ]
            columns["withdrawal_notified"] = (notified, "string")
    columns["signature_withdrawn"] = (
        [
            _text(None if r.signature_withdrawn is None else r.signature_withdrawn.date)
            for _, r, _ in rows
        ],
        "string",
    )
    columns["status"] = (
        [None if s is None else str(s) for _, _, s in rows],
        pd.CategoricalDtype([str(s) for s in Status]),
    )
    df = _frame(pd, {c: columns[c] for c in PARTICIPATION_COLUMNS})
    df.attrs["on"] = day.isoformat()
    return df

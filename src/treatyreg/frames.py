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
import json
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from treatyreg._fileformat import KINDS
from treatyreg.dates import FuzzyDate
from treatyreg.lifecycle import FINAL, Action, Means, Status
from treatyreg.model import Agreement

if TYPE_CHECKING:
    import pandas as pd

    from treatyreg.evidence import AsOf

__all__ = [
    "AGREEMENT_COLUMNS",
    "EVENT_COLUMNS",
    "PARTICIPATION_COLUMNS",
    "PHASE_COLUMNS",
    "events_dataframe",
    "participation_dataframe",
    "phases_dataframe",
    "to_dataframe",
]

AGREEMENT_COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "titles",
    "kind",
    "parties",
    "topics",
    "signed",
    "signed_lower",
    "signed_upper",
    "status",
    "last_evidence",
    "last_evidence_lower",
    "last_evidence_upper",
    "stale",
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
    "provisionally_applied",
    "provisional_application_terminated",
    "entered_into_force",
    "entered_into_force_lower",
    "entered_into_force_upper",
    "derived_from",
    "withdrawal_notified",
    "withdrawn",
    "withdrawn_lower",
    "withdrawn_upper",
    "withdrawal_pending",
    "signature_withdrawn",
    "territories",
    "status",
    "last_evidence",
    "last_evidence_lower",
    "last_evidence_upper",
    "stale",
)
"""The columns of `participation_dataframe`, in order."""

PHASE_COLUMNS: tuple[str, ...] = (
    "agreement",
    "title",
    "status",
    "since",
    "start",
    "end",
    "uncertain",
    "last_evidence",
    "known_until",
)
"""The columns of `phases_dataframe`, in order."""

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


def _dates(
    columns: dict[str, tuple[Sequence[Any], Any]], name: str, dates: Sequence[FuzzyDate | None]
) -> None:
    """A date as three columns: its EDTF text, and its `_lower` and `_upper` days."""
    columns[name] = ([_text(d) for d in dates], "string")
    columns[f"{name}_lower"] = ([_lower(d) for d in dates], _DAYS)
    columns[f"{name}_upper"] = ([_upper(d) for d in dates], _DAYS)


def _day_attrs(df: pd.DataFrame, on: AsOf, name: str | None) -> pd.DataFrame:
    df.attrs["on"] = on.day.isoformat()
    df.attrs["on_reason"] = on.reason
    df.attrs["source"] = f"treatyreg registry {name}" if name else "treatyreg"
    return df


def to_dataframe(
    reg: Iterable[Agreement],
    on: str | dt.date | FuzzyDate | None = None,
    *,
    party: str | None = None,
) -> pd.DataFrame:
    """One row per agreement, in the registry's order, with its status on `on` and the
    evidence it rests on.

    `reg` is a `Registry`, a `Selection` (what `reg.filter(...)` returns) or any iterable of
    agreements. The day is `on`, else the selection's day, else the registry's `as_of`,
    else today (`Registry.day`); `df.attrs` has it (`on`, as ISO text), why that day
    (`on_reason`) and the registry it comes from (`source`).

    Columns: `id`, `title`, `kind` (a categorical of the file format's kinds), `parties` and
    `topics` (ids and topics joined with `;`, so that `to_csv`, `to_sql` and `to_parquet`
    take the frame as it is: `df.parties.str.split(";")` gives lists), `signed` (EDTF
    text) with `signed_lower` and `signed_upper` (`datetime64[s]`, `NaT` for an open end),
    `status` (a categorical of every `Status`; missing when not concluded), the same three
    columns for `last_evidence` (`treatyreg.evidence`) and for `entered_into_force`,
    `stale` (True when the status is only the last known one: its evidence is more than
    `evidence.STALE_AFTER_YEARS` old), and the counts `n_events`, `n_sources` (distinct
    sources cited anywhere in the agreement) and `n_relations`. With `party` (a party's id:
    a selection made with one party gives its own), `party_status`, `party_last_evidence`
    (three columns) and `party_stale` follow `status`: that party's standing, beside the
    agreement's own status.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> df = to_dataframe(reg.filter(topic="defence"), on="2020-01-01").set_index("id")
    >>> df.loc["ru-so-2009-military-base", ["status", "last_evidence"]].tolist()
    ['signed', '2019-09-15']
    >>> str(df.signed_lower.dtype), str(df.status.dtype), df.attrs["on"]
    ('datetime64[s]', 'category', '2020-01-01')
    >>> df.loc["ru-so-2009-military-base", "parties"]
    'RUS;XSO'
    """
    pd = _pandas()
    from treatyreg.registry import output_party, scope

    found = scope(reg, on)
    agreements = found.agreements
    party = output_party(reg, party)
    judged = [found.assess(a) for a in agreements]
    status_type = pd.CategoricalDtype([str(s) for s in Status])
    kinds = [*KINDS, *sorted({a.kind for a in agreements} - set(KINDS))]
    columns: dict[str, tuple[Sequence[Any], Any]] = {
        "id": ([a.id for a in agreements], "string"),
        "title": ([a.title for a in agreements], "string"),
        # {language tag: title} as JSON text (a dict would not go to SQL or Parquet):
        # `json.loads(df.titles[0])["ru"]`
        "titles": (
            [
                json.dumps(dict(a.titles), ensure_ascii=False) if a.titles else None
                for a in agreements
            ],
            "string",
        ),
        "kind": ([a.kind for a in agreements], pd.CategoricalDtype(kinds)),
        "parties": ([";".join(a.parties) for a in agreements], "string"),
        "topics": ([";".join(a.topics) for a in agreements], "string"),
    }
    _dates(columns, "signed", [a.signed for a in agreements])
    columns["status"] = (
        [None if j.status is None else str(j.status) for j in judged],
        status_type,
    )
    _dates(columns, "last_evidence", [j.last_evidence for j in judged])
    columns["stale"] = ([j.stale for j in judged], "bool")
    if party is not None:
        mine = [found.assess(a, party) if party in a.parties else None for a in agreements]
        columns["party_status"] = (
            [None if m is None or m.status is None else str(m.status) for m in mine],
            status_type,
        )
        _dates(columns, "party_last_evidence", [m.last_evidence if m else None for m in mine])
        columns["party_stale"] = ([bool(m and m.stale) for m in mine], "bool")
    _dates(columns, "entered_into_force", [a.entered_into_force for a in agreements])
    columns["n_events"] = ([len(a.events) for a in agreements], "int64")
    columns["n_sources"] = ([len(a.cited) for a in agreements], "int64")
    columns["n_relations"] = ([len(a.relations) for a in agreements], "int64")
    return _day_attrs(_frame(pd, columns), found.on, found.name)


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
    every `Means`), `provisionally_applied`, `provisional_application_terminated`,
    `withdrawal_notified` and `signature_withdrawn` (EDTF text), `derived_from` (the article
    of the agreement's rule where `entered_into_force` is derived from the consent, not a
    source's date), `withdrawal_pending` (notified by the day, taking effect after it),
    `territories` ("excludes X", "extends to Y", joined by "; "), `status`
    (that party's status on the day, a categorical of every `Status`) with the
    `last_evidence` it rests on (that party's steps, the agreement-wide ones and their
    sources) and `stale`. The day is chosen as `to_dataframe`'s, and `df.attrs` says it.

    >>> import treatyreg
    >>> reg = treatyreg.load("tests/data/example-convention.yaml")
    >>> df = participation_dataframe(reg, on="2018-01-01")
    >>> df.loc[df.party == "BI", ["consent", "withdrawn", "status"]].values.tolist()
    [['2004-09-21', '2017-10-27', 'withdrawn']]
    """
    pd = _pandas()
    from treatyreg.registry import scope

    found = scope(reg, on)
    rows = [
        (a, row, found.assess(a, row.party))
        for a in found.agreements
        for row in a.participation(found.on.day)
    ]
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
        _dates(
            columns,
            name,
            [None if getattr(r, attr) is None else getattr(r, attr).date for _, r, _ in rows],
        )
        if name == "consent":
            means = [None if r.means is None else str(r.means) for _, r, _ in rows]
            columns["means"] = (means, pd.CategoricalDtype([str(m) for m in Means]))
        if name == "entered_into_force":
            notified = [
                _text(r.withdrawal.notified) if r.withdrawal is not None else None
                for _, r, _ in rows
            ]
            columns["withdrawal_notified"] = (notified, "string")
    columns["provisionally_applied"] = (
        [
            _text(None if r.provisional_application is None else r.provisional_application.date)
            for _, r, _ in rows
        ],
        "string",
    )
    columns["provisional_application_terminated"] = (
        [
            _text(
                None
                if r.provisional_application_terminated is None
                else r.provisional_application_terminated.date
            )
            for _, r, _ in rows
        ],
        "string",
    )
    columns["derived_from"] = ([r.derived_from for _, r, _ in rows], "string")
    columns["withdrawal_pending"] = (
        [r.pending_withdrawal is not None for _, r, _ in rows],
        "bool",
    )
    columns["territories"] = (
        ["; ".join(r.territories) if r.territories else None for _, r, _ in rows],
        "string",
    )
    columns["signature_withdrawn"] = (
        [
            _text(None if r.signature_withdrawn is None else r.signature_withdrawn.date)
            for _, r, _ in rows
        ],
        "string",
    )
    columns["status"] = (
        [None if j.status is None else str(j.status) for _, _, j in rows],
        pd.CategoricalDtype([str(s) for s in Status]),
    )
    _dates(columns, "last_evidence", [j.last_evidence for _, _, j in rows])
    columns["stale"] = ([j.stale for _, _, j in rows], "bool")
    df = _frame(pd, {c: columns[c] for c in PARTICIPATION_COLUMNS})
    return _day_attrs(df, found.on, found.name)


def phases_dataframe(
    reg: Iterable[Agreement], on: str | dt.date | FuzzyDate | None = None
) -> pd.DataFrame:
    """One row per phase of each agreement up to the day (`treatyreg.plot.phases`): the
    table other charting tools (plotly's timeline, Datawrapper, Vega-Lite) draw a Gantt
    chart from.

    Columns: `agreement` (its id), `title`, `status` (a categorical of every `Status`),
    `since` (the earliest day the phase can have begun; `NaT` for an open start), `start`
    (the day it certainly had), `end` (the next phase's start, or the day), `uncertain`
    (`since` before `start`), `last_evidence` (the agreement's, as EDTF text) and
    `known_until` (the end, or the last evidence's latest day when that is earlier: after
    it the phase is what was last known, as the picture fades it). Days are
    `datetime64[s]`; the day is chosen as `to_dataframe`'s, and `df.attrs` says it.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> df = phases_dataframe(reg.filter(text="units agreement"), on="2020-01-01")
    >>> df[["status", "start", "end"]].astype(str).values.tolist()[-1]
    ['in_force', '2019-12-17', '2020-01-01']
    """
    pd = _pandas()
    from treatyreg.plot import phases
    from treatyreg.registry import scope

    found = scope(reg, on)
    day = found.on.day
    rows = []
    for a in found.agreements:
        last = found.assess(a).last_evidence
        for p in phases(a, day):
            if last is None or p.status in FINAL:  # an ending is never "last known"
                known = p.end
            else:
                known = max(min(p.end, last.upper), p.start)
            rows.append((a, p, last, known))
    columns: dict[str, tuple[Sequence[Any], Any]] = {
        "agreement": ([a.id for a, _, _, _ in rows], "string"),
        "title": ([a.title for a, _, _, _ in rows], "string"),
        "status": (
            [str(p.status) for _, p, _, _ in rows],
            pd.CategoricalDtype([str(s) for s in Status]),
        ),
        "since": ([p.since for _, p, _, _ in rows], _DAYS),
        "start": ([p.start for _, p, _, _ in rows], _DAYS),
        "end": ([p.end for _, p, _, _ in rows], _DAYS),
        "uncertain": ([p.uncertain for _, p, _, _ in rows], "bool"),
        "last_evidence": ([_text(last) for _, _, last, _ in rows], "string"),
        "known_until": ([known for _, _, _, known in rows], _DAYS),
    }
    return _day_attrs(_frame(pd, columns), found.on, found.name)

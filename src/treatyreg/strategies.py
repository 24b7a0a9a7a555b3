"""Hypothesis strategies for valid treatyreg values, for testing tools built on treatyreg.

Needs the optional `hypothesis` dependency (`pip install 'treatyreg[strategies]'`).

>>> from hypothesis import given
>>> from treatyreg import strategies
>>> @given(strategies.registries())
... def test_every_registry_round_trips(reg):
...     assert treatyreg.loads(treatyreg.dumps(reg)) == reg
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import attrs
from hypothesis import strategies as st

from treatyreg._checks import _iso_countries, topic_key, url_key
from treatyreg._fileformat import KINDS, LANGUAGE_PATTERN, language_problem
from treatyreg.dates import FuzzyDate
from treatyreg.lifecycle import WITHOUT_SIGNATURE, Action, Means
from treatyreg.model import (
    TERRITORIAL,
    THEN,
    Agreement,
    Claim,
    EntryIntoForceRule,
    Event,
    Party,
    Relation,
    RelationType,
    ReportedTotal,
    Source,
    name_key,
)
from treatyreg.registry import Registry

__all__ = [
    "agreements",
    "days",
    "edtf_texts",
    "entry_into_force_rules",
    "fuzzy_dates",
    "language_tags",
    "names",
    "parties",
    "registries",
    "sources",
    "texts",
]

_FIRST: dt.date = dt.date(1900, 1, 1)
_LAST: dt.date = dt.date(2099, 12, 31)

ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._-]{0,11}", fullmatch=True)


def _not_iso(value: str) -> bool:
    return value.upper() not in _iso_countries()


_party_ids = ids.filter(_not_iso)
topics = st.from_regex(r"[a-z][a-z0-9-]{0,9}", fullmatch=True)

# YAML text may hold any printable character except those YAML 1.1 takes for line breaks;
# valid text holds no bidi control (TR222 warns of them), though other format characters
# (a zero-width joiner, say) are fine.
texts = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp", "Co"),
        exclude_characters="\ufeff\x85\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")
"""Non-empty text, including text a YAML reader could mistake for something else."""

# Names: text without format characters (zero-width, bidi controls), which names refuse.
names = st.text(
    alphabet=st.characters(
        codec="utf-8",
        exclude_categories=("Cc", "Cs", "Cn", "Zl", "Zp", "Co", "Cf"),
        exclude_characters="\x85",
    ),
    min_size=1,
    max_size=40,
).filter(lambda s: s.strip() != "")

# Real tags (with script, region, variant, extension and private use), and any tag the
# syntax allows: a title in `en` is left out, as it would repeat `title` (TR226).
language_tags = st.sampled_from(
    ["ru", "os", "ab", "ka", "sr-Latn-RS", "de-CH-1901", "zh-Hant-TW", "en-a-bbb-x-ccc", "x-osc"]
) | st.from_regex(LANGUAGE_PATTERN, fullmatch=True).filter(
    lambda tag: language_problem(tag) is None and tag.lower() != "en"
)
"""Well-formed BCP 47 language tags (RFC 5646), `en` aside: `ru`, `sr-Latn-RS`, `x-osc`."""


def days(start: dt.date = _FIRST, end: dt.date = _LAST) -> st.SearchStrategy[dt.date]:
    """Days between `start` and `end`."""
    return st.dates(min_value=start, max_value=end)


@st.composite
def _single(draw: st.DrawFn, day: dt.date | None = None) -> str:
    day = day if day is not None else draw(days())
    precision = draw(st.sampled_from(["year", "month", "day", "day", "x-year", "x-month"]))
    if precision == "year":
        text = f"{day.year:04d}"
    elif precision == "month":
        text = f"{day.year:04d}-{day.month:02d}"
    elif precision == "x-year":
        text = f"{day.year:04d}"[:3] + "X"
    elif precision == "x-month":
        text = f"{day.year:04d}-XX"
    else:
        text = day.isoformat()
    return text + draw(st.sampled_from(["", "", "", "?", "~", "%"]))


@st.composite
def edtf_texts(draw: st.DrawFn) -> str:
    """EDTF text of every supported form: single dates and intervals with open ends."""
    form = draw(st.sampled_from(["single", "single", "interval", "open-start", "open-end"]))
    if form == "single":
        return draw(_single())
    a, b = sorted([draw(days()), draw(days())])
    if form == "open-start":
        return f"../{draw(_single(b))}"
    if form == "open-end":
        return f"{draw(_single(a))}/.."
    return f"{draw(_single(a))}/{draw(_single(b))}"


def fuzzy_dates() -> st.SearchStrategy[FuzzyDate]:
    """`FuzzyDate`s of every supported form."""
    return edtf_texts().map(FuzzyDate.parse)


@st.composite
def _containing(draw: st.DrawFn, day: dt.date) -> FuzzyDate:
    """A date whose bounds contain `day`: the day itself, its month, its year, or `../day`."""
    form = draw(st.sampled_from(["day", "day", "month", "year", "before"]))
    text = {
        "day": day.isoformat(),
        "month": f"{day.year:04d}-{day.month:02d}",
        "year": f"{day.year:04d}",
        "before": f"../{day.isoformat()}",
    }[form]
    return FuzzyDate.parse(text)


def parties(party_id: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Party]:
    """Parties with names and aliases."""
    return st.builds(
        Party,
        id=party_id,
        name=names,
        aliases=st.lists(names, max_size=3, unique=True).map(tuple),
        notes=st.none() | texts,
    )


def sources(source_id: st.SearchStrategy[str] = ids) -> st.SearchStrategy[Source]:
    """Sources with optional publisher, date and url."""
    return st.builds(
        Source,
        id=source_id,
        title=texts,
        publisher=st.none() | texts,
        published=st.none() | fuzzy_dates(),
        url=st.none() | st.from_regex(r"https://example\.org/[a-z0-9/]{0,20}", fullmatch=True),
        notes=st.none() | texts,
    )


@st.composite
def agreements(
    draw: st.DrawFn,
    party_ids: tuple[str, ...],
    source_ids: tuple[str, ...],
    agreement_id: str | None = None,
    targets: tuple[str, ...] = (),
) -> Agreement:
    """A valid agreement between some of `party_ids`, citing `source_ids`: its events
    come in a possible order, so the checks accept it. With more than two parties it is
    multilateral: each party signs, consents (by any means), enters into force, withdraws
    or withdraws its signature on its own. Its topics are of distinct spellings; agreements
    drawn one by one may spell a topic two ways (TR224), which `registries` never does."""
    cite = st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True).map(tuple)
    parties_ = tuple(
        draw(st.lists(st.sampled_from(party_ids), min_size=1, max_size=4, unique=True))
    )
    steps: list[Event] = []
    day = draw(days(end=dt.date(2080, 1, 1)))

    def later() -> dt.date:
        nonlocal day
        day = day + dt.timedelta(days=draw(st.integers(0, 900)))
        return day

    def event(action: Action, exact: bool = False, **kw: Any) -> Event:
        d = later()
        date = FuzzyDate.from_date(d) if exact else draw(_containing(d))
        alternatives = tuple(
            draw(
                st.lists(
                    st.builds(Claim, date=fuzzy_dates(), sources=cite, note=st.none() | texts),
                    max_size=1,
                )
            )
        )
        return Event(
            action,
            date,
            sources=draw(cite),
            note=draw(st.none() | texts),
            alternatives=alternatives,
            **kw,
        )

    rule: EntryIntoForceRule | None = None
    if len(parties_) > 2:
        rule = draw(st.none() | entry_into_force_rules(source_ids))
        steps = _multilateral(draw, parties_, event, explicit_entries=rule is None)
    elif draw(st.booleans()):
        steps.append(event(Action.SIGNED, place=draw(st.none() | texts)))
        for party in parties_:
            for action in draw(
                st.lists(
                    st.sampled_from(
                        [Action.SUBMITTED_FOR_RATIFICATION, Action.APPROVED, Action.RATIFIED]
                    ),
                    max_size=2,
                )
            ):
                steps.append(event(action, party=party, body=draw(st.none() | texts)))
        if draw(st.booleans()):
            steps.append(event(Action.ENTERED_INTO_FORCE))
            if draw(st.booleans()):
                steps.append(event(Action.SUSPENDED, exact=True))
                if draw(st.booleans()):
                    steps.append(event(Action.RESUMED, exact=True))
            end = draw(
                st.sampled_from(
                    [None, Action.TERMINATED, Action.EXPIRED, Action.SUPERSEDED, Action.WITHDRAWN]
                )
            )
            if end is not None:
                who = draw(st.sampled_from(parties_)) if end is Action.WITHDRAWN else None
                steps.append(event(end, exact=True, party=who))
    relations: tuple[Relation, ...] = ()
    if targets:
        relations = tuple(
            draw(
                st.lists(
                    st.builds(
                        Relation,
                        type=st.sampled_from(
                            [t for t in RelationType if t is not RelationType.SUPERSEDES]
                        ),
                        target=st.sampled_from(targets),
                        note=st.none() | texts,
                        sources=st.lists(st.sampled_from(source_ids), max_size=1, unique=True).map(
                            tuple
                        ),
                    ),
                    max_size=2,
                )
            )
        )
    return Agreement(
        id=agreement_id or draw(ids),
        title=draw(texts),
        kind=draw(st.sampled_from(KINDS)),
        parties=parties_,
        # one spelling of a topic (TR224): not `border` and `borders`
        topics=tuple(draw(st.lists(topics, max_size=3, unique_by=topic_key))),
        events=tuple(draw(st.permutations(steps))),
        relations=relations,
        sources=draw(cite),
        aliases=tuple(draw(st.lists(texts, max_size=2, unique=True))),
        titles=tuple(
            draw(
                st.lists(
                    st.tuples(language_tags, texts), max_size=2, unique_by=lambda t: t[0].lower()
                )
            )
        ),
        notes=draw(st.none() | texts),
        identifiers=(f"test:agreement-{agreement_id}",)
        if agreement_id and draw(st.booleans())
        else (),
        depositary=draw(st.none() | texts),
        entry_into_force_rule=rule,
    )


@st.composite
def entry_into_force_rules(
    draw: st.DrawFn, source_ids: tuple[str, ...] = ("text",)
) -> EntryIntoForceRule:
    """An agreement's `entry_into_force_rule`, as treaties write them: a period of days,
    perhaps moved to the first day of the next month, or of months, perhaps moved to the
    first day of that month or the next, citing `source_ids`. It applies after the general
    entry into force (no `applies_after`: a day that the drawn events would have to agree
    with, TR234), so every day it gives is after the consent and valid."""
    months = draw(st.booleans())
    count = draw(st.integers(1, 36)) if months else draw(st.integers(1, 400) | st.just(90))
    unit = ("month" if months else "day") + ("s" if count > 1 or draw(st.booleans()) else "")
    then = draw(st.none() | st.sampled_from(THEN if months else THEN[1:]))
    return EntryIntoForceRule(
        after=f"{count} {unit}",
        article=draw(st.sampled_from(["Article 17(2)", "Article 22(2)", "Art. 126(2)"])),
        sources=tuple(
            draw(st.lists(st.sampled_from(source_ids), min_size=1, max_size=2, unique=True))
        ),
        then=then,
    )


def _multilateral(
    draw: Any, parties: tuple[str, ...], event: Any, *, explicit_entries: bool = True
) -> list[Event]:
    """The events of a multilateral agreement, in the order they happen (`event` makes
    each one a day or more after the one before); without `explicit_entries` (under an
    entry-into-force rule), no party's own entry into force."""
    steps: list[Event] = []
    if draw(st.booleans()):
        steps.append(event(Action.ADOPTED))
    signed = [p for p in parties if draw(st.booleans())]
    steps += [event(Action.SIGNED, party=p) for p in signed]
    consented = []
    for party in parties:
        if party in signed and draw(st.booleans()):
            steps.append(event(Action.SUBMITTED_FOR_RATIFICATION, party=party))
        if draw(st.booleans()):
            choices = list(Means) if party in signed else sorted(WITHOUT_SIGNATURE)
            means = draw(st.none() | st.sampled_from(choices)) if party in signed else None
            means = means or (None if party in signed else draw(st.sampled_from(choices)))
            territories: tuple[str, ...] = ()
            if draw(st.integers(0, 4)) == 0:
                territories = tuple(draw(st.lists(texts, min_size=1, max_size=2, unique=True)))
            steps.append(
                event(
                    Action.RATIFIED,
                    party=party,
                    means=means,
                    territories=territories,
                    territorial=draw(st.sampled_from(TERRITORIAL)) if territories else None,
                )
            )
            consented.append(party)
        elif party in signed and draw(st.booleans()):
            steps.append(event(Action.SIGNATURE_WITHDRAWN, party=party))
        if party in signed and draw(st.booleans()):
            kind = draw(st.sampled_from([Action.RESERVATION, Action.DECLARATION]))
            steps.append(event(kind, party=party))
    provisional = [p for p in (*signed, *consented) if draw(st.integers(0, 3)) == 0]
    for party in dict.fromkeys(provisional):
        steps.append(event(Action.PROVISIONALLY_APPLIED, party=party))
        if draw(st.booleans()):
            steps.append(event(Action.PROVISIONAL_APPLICATION_TERMINATED, party=party))
    if consented and draw(st.booleans()):
        steps.append(event(Action.ENTERED_INTO_FORCE))
    for party in consented:
        if explicit_entries and draw(st.booleans()):
            steps.append(event(Action.ENTERED_INTO_FORCE, party=party))
    for party in consented:
        if draw(st.booleans()):
            notified = FuzzyDate.from_date(steps[-1].lower) if draw(st.booleans()) else None
            steps.append(event(Action.WITHDRAWN, exact=True, party=party, notified=notified))
    end = draw(st.sampled_from([None, Action.TERMINATED, Action.EXPIRED, Action.SUPERSEDED]))
    if end is not None:
        steps.append(event(end, exact=True))
    return steps


@st.composite
def registries(draw: st.DrawFn, max_agreements: int = 6) -> Registry:
    """Whole valid registries: unique ids, references that resolve, possible lifecycles."""
    # never an ISO 3166-1 code: a party's id would be a state's (TR221)
    party_ids = draw(st.lists(_party_ids, min_size=1, max_size=4, unique_by=name_key))
    # names must find one party: make every name unique across parties, ids included
    used = {name_key(p) for p in party_ids}
    used |= {name_key(f"{pid} party") for pid in party_ids}  # each one's fallback name
    party_list = []
    for pid in party_ids:
        party = draw(parties(st.just(pid)))
        names = [n for n in party.names if name_key(n) not in used]
        if not names or name_key(party.name) in used:
            names = [f"{pid} party", *names]
        used |= {name_key(n) for n in names}
        identifiers = (f"test:party-{pid}",) if draw(st.booleans()) else ()
        party_list.append(
            Party(pid, names[0], tuple(dict.fromkeys(names[1:])), party.notes, identifiers)
        )
    source_ids = draw(st.lists(ids, min_size=1, max_size=4, unique=True))
    source_list = []
    seen_urls: set[str] = set()
    for sid in source_ids:  # one page, one source (TR227): a repeated address is dropped
        source = draw(sources(st.just(sid)))
        if source.url is not None:
            key = url_key(source.url)
            if key in seen_urls:
                source = attrs.evolve(source, url=None)
            seen_urls.add(key)
        source_list.append(source)
    agreement_ids = draw(st.lists(ids, max_size=max_agreements, unique=True))
    agreement_list = [
        draw(
            agreements(
                tuple(party_ids),
                tuple(source_ids),
                aid,
                tuple(t for t in agreement_ids if t != aid),
            )
        )
        for aid in agreement_ids
    ]
    totals = draw(
        st.lists(
            st.builds(
                ReportedTotal,
                parties=st.lists(
                    st.sampled_from(party_ids), min_size=1, max_size=2, unique=True
                ).map(tuple),
                count=st.integers(0, 10_000),
                as_of=fuzzy_dates(),
                approximate=st.booleans(),
                sources=st.lists(
                    st.sampled_from(source_ids), min_size=1, max_size=2, unique=True
                ).map(tuple),
                note=st.none() | texts,
            ),
            max_size=2,
        )
    )
    as_of = draw(st.none() | days(dt.date(1990, 1, 1), dt.date(2030, 12, 31)))
    # one spelling of a topic across the registry (TR224): the first drawn is kept
    spelling: dict[str, str] = {}
    for a in agreement_list:
        for t in a.topics:
            spelling.setdefault(topic_key(t), t)
    agreement_list = [
        attrs.evolve(a, topics=tuple(spelling[topic_key(t)] for t in a.topics))
        for a in agreement_list
    ]
    return Registry(agreement_list, party_list, source_list, totals, as_of=as_of)

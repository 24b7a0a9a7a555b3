"""The records of a registry: frozen attrs classes holding tuples, so frozen means immutable.

Values are checked when a file is read (`treatyreg._convert`); building these classes by
hand is for tests and tools, and `treatyreg._checks` judges what they hold together.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
import weakref
from collections.abc import Iterable
from typing import Final

import attrs

from treatyreg._participants import of as participants_of
from treatyreg._pickling import tuple_state
from treatyreg.dates import FuzzyDate, day_or_today, parse_day
from treatyreg.errors import NotAPartyError
from treatyreg.lifecycle import (
    ACTIONS,
    Action,
    Effect,
    Means,
    Status,
    event_order,
    fold_status,
    has_party_timelines,
    is_multilateral,
    party_changes,
)

__all__ = [
    "TERRITORIAL",
    "THEN",
    "Agreement",
    "Claim",
    "DerivedEntry",
    "EntryIntoForceRule",
    "Event",
    "Participation",
    "Party",
    "Relation",
    "RelationType",
    "ReportedTotal",
    "Source",
    "derived_from",
    "name_key",
    "party_changes_of",
    "steps_of",
]


class RelationType(enum.StrEnum):
    """How one agreement relates to another (`source --type--> target`)."""

    DEVELOPS = "develops"
    AMENDS = "amends"
    SUPERSEDES = "supersedes"
    IMPLEMENTS = "implements"
    PROTOCOL_TO = "protocol_to"
    SIMILAR_TO = "similar_to"
    CONTINUES = "continues"


def name_key(name: str) -> str:
    """How names are compared: case-insensitively, with runs of white space as one space,
    and `ё` as `е` (`fold_yo`).

    Names are also compared after NFKC normalisation, so composed and decomposed accents
    (NFC and NFD) and compatibility forms (ligatures, fullwidth letters, no-break spaces)
    do not make two names differ. Case folding alone keeps the dotless i (U+0131) apart from
    `I`, which is its upper case; folding the upper case again makes a name match however
    it was capitalised.

    >>> name_key("  Tskhinvali   REGION ")
    'tskhinvali region'
    >>> city = "Igd" + chr(0x131) + "r"
    >>> name_key(city) == name_key(city.upper()) == name_key(city.lower())
    True
    >>> name_key("Cura\u00e7ao") == name_key("CURAC\u0327AO")  # NFC and NFD
    True
    """
    if name.isascii():  # the common case: NFKC changes nothing, and folding is lower()
        return " ".join(name.lower().split())
    import unicodedata  # after the first, a cheap lookup (0.1 µs; `from ... import`: 1 µs)

    # NFKC(fold(NFKC(name))), as in Unicode's NFKC_Casefold: the first NFKC puts combining
    # marks in canonical order and expands compatibility forms, the second recomposes.
    folded = unicodedata.normalize("NFKC", name).casefold().upper().casefold()
    return " ".join(fold_yo(unicodedata.normalize("NFKC", folded)).split())


def fold_yo(text: str) -> str:
    """`ё` as `е` (Russian writes the dots only where they matter, so a title is written
    and searched both ways), for text already case-folded; the decomposed `е` + U+0308
    too.

    >>> fold_yo("объём"), name_key("ЁЖ") == name_key("еж")
    ('объем', True)
    """
    if "\u0451" not in text and "\u0308" not in text:
        return text
    return text.replace("\u0451", "\u0435").replace("\u0435\u0308", "\u0435")


def _by_tag(titles: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Titles in one order whatever order they were given in: by tag, case aside."""
    return tuple(sorted(titles, key=lambda pair: (pair[0].lower(), pair[0])))


@tuple_state
@attrs.frozen
class Party:
    """A state or other entity that can be party to an agreement.

    >>> Party("SO", "Republic of South Ossetia", ("Tskhinvali Region",)).names
    ('Republic of South Ossetia', 'Tskhinvali Region')
    """

    id: str
    name: str
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    identifiers: tuple[str, ...] = ()  # its ids elsewhere, as scheme:value

    @property
    def names(self) -> tuple[str, ...]:
        """The name, then every alias."""
        return (self.name, *self.aliases)


@tuple_state
@attrs.frozen
class Source:
    """A document or page that facts are cited from."""

    id: str
    title: str
    publisher: str | None = None
    published: FuzzyDate | None = None
    url: str | None = None
    notes: str | None = None


@tuple_state
@attrs.frozen
class Claim:
    """A date (and, where it differs, a place) for an event that another source gives,
    kept beside the preferred one."""

    date: FuzzyDate
    sources: tuple[str, ...] = ()
    note: str | None = None
    place: str | None = None  # where this source says it happened, when that differs


@tuple_state
@attrs.frozen
class Event:
    """One dated, sourced step in an agreement's life.

    >>> e = Event(Action.SIGNED, FuzzyDate.parse("2017-03-31"), sources=("tass",))
    >>> e.upper
    datetime.date(2017, 3, 31)
    """

    action: Action
    date: FuzzyDate
    party: str | None = None
    body: str | None = None
    place: str | None = None
    sources: tuple[str, ...] = ()
    note: str | None = None
    alternatives: tuple[Claim, ...] = ()
    means: Means | None = None  # of a `ratified` event: how the party consented
    notified: FuzzyDate | None = None  # of a `withdrawn` event: when it was notified
    # of a party's signature, consent, declaration or withdrawal: the territories it names,
    # and whether it `excludes` them or `extends to` them (TERRITORIAL)
    territories: tuple[str, ...] = ()
    territorial: str | None = None

    @property
    def lower(self) -> dt.date:
        """The earliest day the step can have happened (of the preferred date)."""
        return self.date.lower

    @property
    def upper(self) -> dt.date:
        """The latest day the step can have happened (of the preferred date)."""
        return self.date.upper


TERRITORIAL: Final = ("excludes", "extends to")
"""What an event's `territories` are to it: left out of it, or what it is extended to."""

_PERIOD: Final = re.compile(r"([1-9][0-9]{0,3}) (day|month)s?")
THEN: Final = ("first_of_month", "first_of_next_month")
"""Where an entry-into-force rule's day moves at the end of its period: to the first day
of the month the period ends in, or of the month after."""


@tuple_state
@attrs.frozen
class EntryIntoForceRule:
    """An agreement's rule for its entry into force for each party, from the party's
    consent (its treaty's article): `after` a period (`N days` or `N months`), then
    perhaps to the first day of that month or the next (`then`); consents on or before
    `applies_after` (default: the general entry into force) enter into force with the
    general entry into force (docs/multilateral.md).

    >>> rule = EntryIntoForceRule("6 months", "Article 17(2)", ("text",), "first_of_month")
    >>> rule.period
    (6, 'month')
    """

    after: str
    article: str
    sources: tuple[str, ...] = ()
    then: str | None = None
    applies_after: dt.date | None = None

    def __str__(self) -> str:
        """The rule in words, as every output shows it.

        >>> print(EntryIntoForceRule("6 months", "Article 17(2)", then="first_of_month"))
        Article 17(2): 6 months after the consent, then the first of that month
        """
        then = {
            "first_of_month": ", then the first of that month",
            "first_of_next_month": ", then the first of the next month",
        }.get(self.then or "", "")
        after = (
            f" (consents after {self.applies_after.isoformat()})"
            if self.applies_after is not None
            else ""
        )
        return f"{self.article}: {self.after} after the consent{then}{after}"

    @property
    def period(self) -> tuple[int, str] | None:
        """`after` as a number and `day` or `month`; None when it is not one (TR230)."""
        found = _PERIOD.fullmatch(self.after)
        return None if found is None else (int(found[1]), found[2])


@tuple_state
@attrs.frozen
class DerivedEntry(Event):
    """A party's entry into force that its agreement's `entry_into_force_rule` gives from
    the party's consent: not a fact a source states, so every output marks it as derived
    and names the `article` (`treatyreg.derive`). Its sources are the rule's.

    >>> consent = Event(Action.RATIFIED, FuzzyDate.parse("2010-03-01"), party="FR",
    ...                 sources=("chart",))
    >>> e = DerivedEntry(Action.ENTERED_INTO_FORCE, FuzzyDate.parse("2010-09-01"),
    ...                  party="FR", sources=("text",), article="Article 17(2)", consent=consent)
    >>> derived_from(e), derived_from(consent)
    ('Article 17(2)', None)
    """

    article: str = ""
    consent: Event | None = None


def derived_from(event: Event | None) -> str | None:
    """The article a derived entry into force is taken from (`DerivedEntry`), else None: how
    every output tells a derived day from a fact."""
    return event.article if isinstance(event, DerivedEntry) else None


@attrs.frozen
class Participation:
    """One party's row in a multilateral agreement's participation chart: the events of
    its signature, consent to be bound, entry into force for it, withdrawal and signature
    withdrawal (each None when there is none), its domestic steps and its reservations,
    declarations and objections. Where a party did something twice (it left and came back),
    the row shows the latest.

    >>> e = Event(Action.RATIFIED, FuzzyDate.parse("2003-02-10"), party="AF",
    ...           means=Means.ACCESSION, sources=("chart",))
    >>> Participation("AF", consent=e).means
    <Means.ACCESSION: 'accession'>
    """

    party: str
    signature: Event | None = None
    consent: Event | None = None
    entry_into_force: Event | None = None
    withdrawal: Event | None = None
    signature_withdrawn: Event | None = None
    domestic: tuple[Event, ...] = ()  # submitted for ratification, approved
    statements: tuple[Event, ...] = ()  # reservations, declarations, objections
    provisional_application: Event | None = None  # its own
    provisional_application_terminated: Event | None = None
    # the chart's day, when it was asked for one: a withdrawal after it was only notified
    on: dt.date | None = attrs.field(default=None, eq=False)

    @property
    def pending_withdrawal(self) -> Event | None:
        """The withdrawal notified by the chart's day that takes effect after it, or None.

        >>> w = Event(Action.WITHDRAWN, FuzzyDate.parse("2026-02-20"), party="PL",
        ...           notified=FuzzyDate.parse("2025-08-20"), sources=("chart",))
        >>> Participation("PL", withdrawal=w, on=dt.date(2026, 2, 3)).pending_withdrawal is w
        True
        """
        w = self.withdrawal
        if w is None or self.on is None or w.upper <= self.on or not _notified_by(w, self.on):
            return None
        return w

    @property
    def territories(self) -> tuple[str, ...]:
        """What its steps say of territories, each as `excludes <territory>` or `extends to
        <territory>`, in the order the steps were taken.

        >>> e = Event(Action.RATIFIED, FuzzyDate.parse("2010-03-01"), party="DNK",
        ...           territories=("Faroe Islands",), territorial="excludes", sources=("c",))
        >>> Participation("DNK", consent=e).territories
        ('excludes Faroe Islands',)
        """
        steps = (self.signature, self.consent, self.withdrawal, *self.statements)
        return tuple(
            f"{e.territorial} {t}"
            for e in sorted((e for e in steps if e is not None and e.territories), key=event_order)
            for t in e.territories
        )

    @property
    def derived_from(self) -> str | None:
        """The article its entry into force is derived from (`DerivedEntry`), or None."""
        return derived_from(self.entry_into_force)

    @property
    def means(self) -> Means | None:
        """How it consented (`ratification` when the event does not say), or None."""
        if self.consent is None:
            return None
        return self.consent.means or Means.RATIFICATION


_ROW_KEYS: dict[Action, str] = {
    Action.SIGNED: "signature",
    Action.RATIFIED: "consent",
    Action.ENTERED_INTO_FORCE: "entry_into_force",
    Action.WITHDRAWN: "withdrawal",
    Action.SIGNATURE_WITHDRAWN: "signature_withdrawn",
    Action.PROVISIONALLY_APPLIED: "provisional_application",
    Action.PROVISIONAL_APPLICATION_TERMINATED: "provisional_application_terminated",
}

# A membership's steps in a chart row: the first of them after a withdrawal starts a new
# membership, without the old one's steps or its withdrawal.
_MEMBERSHIP_KEYS: Final = (
    "consent",
    "entry_into_force",
    "provisional_application",
    "provisional_application_terminated",
)


@tuple_state
@attrs.frozen
class Relation:
    """A stated link from one agreement to another."""

    type: RelationType
    target: str
    note: str | None = None
    sources: tuple[str, ...] = ()


# An agreement's registry's `as_of` day, by the agreement object: the day its statuses are
# judged on when none is asked for, whether or not the Registry object is still alive
# (`reg["id"].status` of a registry that was not kept). Entries go with their agreement.
_DAYS: dict[int, tuple[weakref.ref[Agreement], dt.date]] = {}


def remember_day(agreements: Iterable[Agreement], day: dt.date) -> None:
    """Record `day` as these agreements' registry's `as_of` (`Registry` does, as it is
    built). The first registry an agreement object was in keeps it: a registry built
    later from the same objects (another `as_of`, or none) judges them on its own day
    through its own calls (`filter`, `assess`), and never changes what the first one's
    agreements say of themselves."""
    for a in agreements:
        key = id(a)
        held = _DAYS.get(key)
        if held is not None and held[0]() is a:
            continue
        _DAYS[key] = (weakref.ref(a, functools.partial(_forget, key)), day)


def _forget(key: int, _: object) -> None:
    _DAYS.pop(key, None)


def registry_day(agreement: Agreement) -> dt.date | None:
    """The `as_of` day of the registry `agreement` came from, if it had one."""
    found = _DAYS.get(id(agreement))
    return found[1] if found is not None and found[0]() is agreement else None


def steps_of(agreement: Agreement) -> tuple[Event, ...]:
    """What its statuses are folded from: the agreement's events and the entries into
    force its `entry_into_force_rule` gives (`DerivedEntry`), derived once while it is
    among the last few asked about. The agreement's own status counts none of those
    entries (they are each one party's), but whether the multilateral rules hold is judged
    on them all, so that its own status and its parties' follow one set of rules.

    >>> import treatyreg
    >>> a = treatyreg.load("examples/ottawa-convention.yaml")["ottawa-convention"]
    >>> len(steps_of(a)) - len(a.events)
    21
    """
    if agreement.entry_into_force_rule is None:
        return agreement.events
    return participants_of(agreement).steps


def party_changes_of(
    agreement: Agreement,
) -> dict[str, tuple[tuple[dt.date, ...], tuple[Status | None, ...]]]:
    """Every party's status changes (`lifecycle.party_changes`), the days its rule gives
    included, each party folded once.

    >>> import treatyreg
    >>> a = treatyreg.load("examples/ottawa-convention.yaml")["ottawa-convention"]
    >>> days, statuses = party_changes_of(a)["GRC"]
    >>> str(days[-1]), str(statuses[-1])
    ('2004-03-01', 'in_force')
    """
    if agreement.entry_into_force_rule is None:  # no derived days: fold the events alone
        return party_changes(agreement.events, agreement.parties)
    return participants_of(agreement).all_changes()


def _notified_by(event: Event, day: dt.date) -> bool:
    """Whether `event` is a withdrawal notified by `day` (one that takes effect later is
    pending on it)."""
    return (
        event.action is Action.WITHDRAWN
        and event.notified is not None
        and event.notified.upper <= day
    )


def _default_day(agreement: Agreement, on: str | dt.date | FuzzyDate | None) -> dt.date:
    """The day asked for, else the agreement's registry's `as_of`, else today: the one rule
    (`evidence.AsOf.resolve`)."""
    if on is not None:
        return parse_day(on)
    return registry_day(agreement) or day_or_today(None)


@tuple_state
@attrs.frozen
class Agreement:
    """A treaty or agreement with its sourced lifecycle; its status is derived from events.

    >>> a = Agreement("x", "An agreement", "agreement", ("RU", "SO"),
    ...     events=(Event(Action.SIGNED, FuzzyDate.parse("2017-03-31"), sources=("s",)),),
    ...     sources=("s",))
    >>> str(a.signed), a.status_on("2017-03-30"), a.status_on("31 March 2017")
    ('2017-03-31', None, <Status.SIGNED: 'signed'>)
    """

    id: str
    title: str
    kind: str
    parties: tuple[str, ...]
    topics: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()
    relations: tuple[Relation, ...] = ()
    sources: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    notes: str | None = None
    identifiers: tuple[str, ...] = ()  # its ids elsewhere, as scheme:value
    depositary: str | None = None
    level: str | None = None  # who concluded it: state, government or agency (LEVELS)
    entry_into_force_rule: EntryIntoForceRule | None = None  # for each party
    # its title in the languages of its text: (BCP 47 language tag, title) pairs, by tag
    # (a mapping in the file, whose order means nothing)
    titles: tuple[tuple[str, str], ...] = attrs.field(default=(), converter=_by_tag)

    @property
    def signed(self) -> FuzzyDate | None:
        """The date of the `signed` event (the preferred claim), or None; with per-party
        timelines, of the first signature.

        >>> a = Agreement("x", "X", "convention", ("DE", "FR", "IT"), events=(
        ...     Event(Action.SIGNED, FuzzyDate.parse("2005"), party="FR", sources=("s",)),
        ...     Event(Action.SIGNED, FuzzyDate.parse("2000"), party="DE", sources=("s",))))
        >>> str(a.signed)
        '2000'
        """
        if len(self.parties) > 2 and has_party_timelines(steps_of(self), self.parties):
            signatures = [e for e in self.events if e.action is Action.SIGNED]
            if not signatures:
                return None
            return min(signatures, key=lambda e: (e.lower, e.upper)).date
        for event in self.events:  # the common case: the agreement's one signature
            if event.action is Action.SIGNED:
                return event.date
        return None

    @property
    def cited(self) -> tuple[str, ...]:
        """Every source id the agreement cites (itself, its events, their conflicting
        claims, its relations), sorted.

        >>> Agreement("x", "X", "treaty", ("RU",), sources=("b", "a")).cited
        ('a', 'b')
        """
        ids = set(self.sources)
        for e in self.events:
            ids.update(e.sources)
            for claim in e.alternatives:
                ids.update(claim.sources)
        for r in self.relations:
            ids.update(r.sources)
        if self.entry_into_force_rule is not None:
            ids.update(self.entry_into_force_rule.sources)
        return tuple(sorted(ids))

    def title_in(self, language: str) -> str | None:
        """Its title in `language` (a BCP 47 tag, case aside: `ru`, `RU`), from `titles`;
        the English `title` for `en` when `titles` has none; else None.

        >>> a = Agreement("x", "Treaty of Friendship", "treaty", ("RU", "XAB"),
        ...     titles=(("ru", "Договор о дружбе"),))
        >>> a.title_in("RU"), a.title_in("en"), a.title_in("ab")
        ('Договор о дружбе', 'Treaty of Friendship', None)
        """
        wanted = language.lower()
        for tag, title in self.titles:
            if tag.lower() == wanted:
                return title
        return self.title if wanted == "en" else None

    def events_of(self, action: Action | str) -> tuple[Event, ...]:
        """The events with this action, in file order."""
        return tuple(e for e in self.events if e.action == action)

    @property
    def entered_into_force(self) -> FuzzyDate | None:
        """The date of the first `entered_into_force` event, or None; with per-party
        timelines, of the general one (no `party`)."""
        found = self.events_of(Action.ENTERED_INTO_FORCE)
        if has_party_timelines(steps_of(self), self.parties):
            found = tuple(e for e in found if e.party is None)
        return found[0].date if found else None

    def status_on(self, day: str | dt.date | FuzzyDate) -> Status | None:
        """The status on `day`, from the events that definitely happened by then.

        `day` is a date, EDTF/ISO text of one day, or plain text such as "23 August 2023".
        None means: not yet concluded as far as the sources show.
        """
        return fold_status(steps_of(self), self.parties, parse_day(day))

    @property
    def status(self) -> Status | None:
        """The status on its registry's `as_of` day (the day its data was last reviewed),
        else today: the day every output judges it on when none is asked for."""
        return fold_status(steps_of(self), self.parties, _default_day(self, None))

    def party_status(
        self, party: str, on: str | dt.date | FuzzyDate | None = None
    ) -> Status | None:
        """The status as `party` stands on `on` (default: its registry's `as_of`, else
        today): its own steps count.
        `party` is an id, or, for an agreement of a registry, any of the party's names and
        aliases (as everywhere else).

        >>> a = Agreement("x", "X", "agreement", ("RU", "SO"), events=(
        ...     Event(Action.SIGNED, FuzzyDate.parse("2017"), sources=("s",)),
        ...     Event(Action.RATIFIED, FuzzyDate.parse("2018-01"), party="SO", sources=("s",))))
        >>> a.party_status("SO", "2018-02-01"), a.party_status("RU", "2018-02-01")
        (<Status.RATIFIED: 'ratified'>, <Status.SIGNED: 'signed'>)
        """
        party = self._party_id(party)
        day = _default_day(self, on)
        if is_multilateral(self.parties):  # every party's timeline, folded once
            return participants_of(self).status(party, day)
        return fold_status(self.events, self.parties, day, for_party=party)

    def _party_id(self, party: str) -> str:
        """`party` as one of this agreement's party ids: an id, or a name or alias that its
        registry knows; `NotAPartyError` otherwise."""
        if party in self.parties:
            return party
        from treatyreg.errors import TreatyregError
        from treatyreg.registry import registry_of

        reg = registry_of(self)
        if reg is not None:
            try:
                found = reg.party(party).id
            except TreatyregError:
                found = None
            if found in self.parties:
                return found
        raise NotAPartyError(
            f"{party!r} is not a party to {self.id!r} (parties: {', '.join(self.parties)})"
        )

    def parties_on(
        self,
        on: str | dt.date | FuzzyDate | None = None,
        status: Status | str = Status.IN_FORCE,
    ) -> tuple[str, ...]:
        """The ids of the parties whose `party_status` on `on` (default: its registry's
        `as_of`, else today) is `status`
        (any spelling `filter` takes: "in force", `Status.IN_FORCE`), in `parties` order.

        >>> a = Agreement("x", "X", "convention", ("DE", "FR", "IT"), events=(
        ...     Event(Action.SIGNED, FuzzyDate.parse("2017"), party="DE", sources=("s",)),
        ...     Event(Action.SIGNED, FuzzyDate.parse("2018"), party="IT", sources=("s",))))
        >>> a.parties_on("2019-01-01", "signed")
        ('DE', 'IT')
        """
        from treatyreg.registry import status_named

        wanted = status_named(status)  # "in force" as `filter` takes it
        day = _default_day(self, on)
        found = participants_of(self).statuses(day)  # every party's timeline, folded once
        return tuple(p for p in self.parties if found[p] is wanted)

    def participation(
        self, on: str | dt.date | FuzzyDate | None = None
    ) -> tuple[Participation, ...]:
        """Each party's participation, in `parties` order: one pass over the events; with
        `on`, only the steps certain by that day (the chart as it stood then).

        >>> a = Agreement("x", "X", "convention", ("DE", "FR", "IT"), events=(
        ...     Event(Action.SIGNED, FuzzyDate.parse("2017"), party="DE", sources=("s",)),
        ...     Event(Action.SIGNED, FuzzyDate.parse("2017"), sources=("s",))))
        >>> [str(row.signature.date) for row in a.participation()]
        ['2017', '2017', '2017']
        """
        rows: dict[str, dict[str, object]] = {p: {} for p in self.parties}
        lists: dict[str, dict[str, list[Event]]] = {
            p: {"domestic": [], "statements": []} for p in self.parties
        }
        day = None if on is None else parse_day(on)
        left: set[str] = set()  # the parties whose last membership step was a withdrawal
        for e in sorted(participants_of(self).steps, key=event_order):
            if day is not None and e.upper > day and not _notified_by(e, day):
                continue  # not certain by the day (a withdrawal only notified is shown)
            targets = self.parties if e.party is None else (e.party,)
            key = _ROW_KEYS.get(e.action)
            for p in targets:
                if p not in rows:
                    continue  # a party not listed (reported by validation)
                if key is not None:
                    if e.party is None and key != "signature":
                        continue  # the general entry into force is not a party's own
                    if key in _MEMBERSHIP_KEYS and p in left:
                        # its first step after a withdrawal starts a new membership (as the
                        # status fold has it): the row starts anew
                        left.discard(p)
                        for old in (*_MEMBERSHIP_KEYS, "withdrawal"):
                            rows[p].pop(old, None)
                    rows[p][key] = e
                    if key == "withdrawal":
                        left.add(p)
                elif e.party is not None and ACTIONS[e.action].effect is Effect.NOTE:
                    lists[p]["statements"].append(e)
                elif e.party is not None and ACTIONS[e.action].effect is Effect.DOMESTIC:
                    lists[p]["domestic"].append(e)
        return tuple(
            Participation(
                p,
                domestic=tuple(lists[p]["domestic"]),
                statements=tuple(lists[p]["statements"]),
                on=day,
                **rows[p],  # type: ignore[arg-type]
            )
            for p in self.parties
        )

    def _repr_html_(self) -> str:
        from treatyreg.display import agreement_html, registry_of

        return agreement_html(registry_of(self), self)


@tuple_state
@attrs.frozen
class ReportedTotal:
    """A count of agreements between parties that an official reported on a day, with its
    qualifier as said: "about 130" (`about`), "over 130" (`at_least`), "83" (`exactly`).

    >>> t = ReportedTotal(("RUS", "XSO"), 130, FuzzyDate.parse("2024"), qualifier="at_least")
    >>> t.said
    'over 130'
    """

    parties: tuple[str, ...]
    count: int
    as_of: FuzzyDate
    approximate: bool = False  # the older spelling of qualifier `about`
    sources: tuple[str, ...] = ()
    note: str | None = None
    qualifier: str | None = None  # about, at_least or exactly (QUALIFIERS)
    counted: str | None = None  # what was counted: signed (the default) or in_force

    @property
    def kind(self) -> str:
        """The qualifier: as given, else `about` when `approximate`, else `exactly`."""
        if self.qualifier is not None:
            return self.qualifier
        return "about" if self.approximate else "exactly"

    @property
    def counts_in_force(self) -> bool:
        """Whether the total counts agreements in force on the day (not all ever signed)."""
        return self.counted == "in_force"

    @property
    def said(self) -> str:
        """The total as it was said: "about 130", "over 130" or "83"."""
        said = {"about": "about ", "at_least": "over ", "exactly": ""}[self.kind] + str(self.count)
        return said + (" in force" if self.counts_in_force else "")

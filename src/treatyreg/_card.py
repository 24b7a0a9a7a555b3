"""What is shown about one agreement, gathered once: `treatyreg show` renders it as text
(`treatyreg.cli`), Jupyter as HTML (`treatyreg.display.agreement_html`)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal

import attrs

from treatyreg.dates import FuzzyDate
from treatyreg.evidence import Assessment, Scope
from treatyreg.lifecycle import Status
from treatyreg.model import Agreement, RelationType, Source

if TYPE_CHECKING:
    from treatyreg.registry import Registry

__all__ = ["Card", "CardRelation"]


@attrs.frozen
class CardRelation:
    """A relation as the card shows it: "out" names `other_id`, "in" is named by it."""

    direction: Literal["out", "in"]
    type: RelationType
    other_id: str
    other_title: str | None  # None without a registry


@attrs.frozen
class Card:
    """One agreement, its status on a day, its parties' names, its relations both ways and
    the sources it cites, as every rendering of it shows them.

    >>> import treatyreg
    >>> reg = treatyreg.load_default()
    >>> card = Card.of(reg, reg["ru-so-2017-units-entry"], on="2018-01-01")
    >>> card.when, card.parties[0]
    ('on 2018-01-01 (the day asked for)', ('RUS', 'Russian Federation'))
    >>> str(card.judged)
    'in ratification (last evidence 2017-12)'
    """

    agreement: Agreement
    scope: Scope  # the day, and what the evidence counts
    judged: Assessment
    parties: tuple[tuple[str, str | None], ...]  # id and name (None where not known)
    relations: tuple[CardRelation, ...]
    sources: Mapping[str, Source]  # the cited sources the registry knows, by id

    @classmethod
    def of(
        cls,
        reg: Registry | None,
        agreement: Agreement,
        on: str | dt.date | FuzzyDate | None = None,
    ) -> Card:
        """The card of `agreement`; with `reg` None, ids stand in for names and titles and
        only the agreement's own relations are shown."""
        a = agreement
        if reg is None:  # its registry gone: still judged on that registry's day
            from treatyreg.registry import scope as scope_of

            scope = scope_of(a, on)
            names: dict[str, str] = {}
            relations = tuple(CardRelation("out", r.type, r.target, None) for r in a.relations)
            sources: dict[str, Source] = {}
        else:
            scope = attrs.evolve(reg.scope(on), agreements=(a,))
            names = {p.id: p.name for p in reg.parties}
            relations = tuple(
                CardRelation(r.direction, r.relation.type, r.other.id, r.other.title)
                for r in reg.related(a.id)
            )
            known = {s.id: s for s in reg.sources}
            sources = {sid: known[sid] for sid in a.cited if sid in known}
        return cls(
            agreement=a,
            scope=scope,
            judged=scope.assess(a),
            parties=tuple((p, names.get(p)) for p in a.parties),
            relations=relations,
            sources=sources,
        )

    @property
    def day(self) -> dt.date:
        """The day the status is judged on."""
        return self.scope.on.day

    @property
    def status(self) -> Status | None:
        """The status on that day."""
        return self.judged.status

    @property
    def when(self) -> str:
        """'on YYYY-MM-DD (why that day)'."""
        return f"on {self.scope.on}"

    @property
    def cited(self) -> tuple[str, ...]:
        """Every source id the agreement cites (`Agreement.cited`)."""
        return self.agreement.cited

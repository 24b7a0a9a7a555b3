"""A selection of a registry's agreements: what `Registry.filter` returns.

A `Selection` is an immutable sequence: it iterates, indexes, slices and compares like the
list `filter` used to return (so existing code keeps working), and it remembers its
registry and the day it was judged on, so that it can be filtered again, shown as a table
in Jupyter, and turned into DataFrames whose statuses say their evidence and their day.

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> defence = reg.filter(topic="Defence", on="2020-01-01")
>>> len(defence) > 3, defence[0].signed.lower <= defence[1].signed.lower  # signature order
(True, True)
>>> defence.filter(status="in force", party="Abkhazia").ids[:2]
('ru-ab-2008-friendship', 'ru-ab-2014-alliance-strategic-partnership')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from treatyreg.dates import FuzzyDate
from treatyreg.model import Agreement

if TYPE_CHECKING:
    import pandas as pd

    from treatyreg.evidence import AsOf, Scope
    from treatyreg.registry import Registry

__all__ = ["Selection"]


class Selection(Sequence[Agreement]):
    """Some of a registry's agreements, in the registry's stable order.

    `on` is the day given to the filter that made it (None when none was): the statuses
    its outputs show are judged on that day unless another is given, else on the
    registry's `as_of` day, else today. `party` is the one party it was selected by, if
    one was: its outputs show that party's standing (`party_status`) beside each
    agreement's own status.
    """

    __slots__ = ("_agreements", "_by_standing", "_on", "_party", "_registry")

    def __init__(
        self,
        registry: Registry,
        agreements: Sequence[Agreement],
        on: str | dt.date | FuzzyDate | None = None,
        party: str | None = None,
        by_standing: bool = False,
    ) -> None:
        self._registry = registry
        self._agreements: tuple[Agreement, ...] = tuple(agreements)
        self._on = on
        self._party = party
        self._by_standing = by_standing and party is not None

    # -- a sequence --------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._agreements)

    def __iter__(self) -> Iterator[Agreement]:
        return iter(self._agreements)

    @overload
    def __getitem__(self, index: int) -> Agreement: ...
    @overload
    def __getitem__(self, index: slice) -> Selection: ...
    def __getitem__(self, index: int | slice) -> Agreement | Selection:
        if isinstance(index, slice):
            return Selection(
                self._registry, self._agreements[index], self._on, self._party, self._by_standing
            )
        return self._agreements[index]

    def __contains__(self, item: object) -> bool:
        """An agreement, or an agreement's id."""
        if isinstance(item, str):
            return any(a.id == item for a in self._agreements)
        return item in self._agreements

    def __eq__(self, other: object) -> bool:
        """Equal to a selection of the same agreements, or to a list or tuple of them."""
        if isinstance(other, Selection):
            return self._agreements == other._agreements
        if isinstance(other, (list, tuple)):
            return list(self._agreements) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __add__(self, other: Sequence[Agreement]) -> list[Agreement]:
        return [*self._agreements, *other]

    def __radd__(self, other: Sequence[Agreement]) -> list[Agreement]:
        return [*other, *self._agreements]

    def __repr__(self) -> str:
        shown = ", ".join(a.id for a in self._agreements[:3])
        more = ", …" if len(self) > 3 else ""
        return (
            f"<Selection: {len(self)} agreement(s): {shown}{more}>"
            if self
            else ("<Selection: no agreement>")
        )

    # -- what it knows -----------------------------------------------------------------
    @property
    def registry(self) -> Registry:
        """The registry it was selected from."""
        return self._registry

    @property
    def ids(self) -> tuple[str, ...]:
        """The agreements' ids, in order."""
        return tuple(a.id for a in self._agreements)

    @property
    def party(self) -> str | None:
        """The id of the one party it was selected by (None for none or several)."""
        return self._party

    @property
    def by_standing(self) -> bool:
        """Whether it was chosen by its party's standing (`party_status`): then a picture of
        it draws each agreement as that party stands."""
        return self._by_standing

    @property
    def on(self) -> AsOf:
        """The day its statuses are judged on by default, and why that day."""
        return self._registry.day(self._on)

    def scope(self, on: str | dt.date | FuzzyDate | None = None) -> Scope:
        """Its agreements, judged on `on`, else its own day (`evidence.Scope`)."""
        import attrs

        return attrs.evolve(self._registry.scope(self._day(on)), agreements=self._agreements)

    def filter(self, **keywords: Any) -> Selection:
        """Filter again, with `Registry.filter`'s keywords: the agreements of this
        selection that match them too. `on` defaults to this selection's day, and the
        party of `party_status` to the one it was selected by."""
        if keywords.get("on") is None:
            keywords["on"] = self._on
        if keywords.get("party_status") is not None and keywords.get("party") is None:
            keywords["party"] = self._party  # the standing of the party it was selected by
        again = self._registry.filter(**keywords)
        kept = {id(a) for a in again}
        # the party whose standing chose the agreements: a new party_status, else the one
        # this selection was chosen by, else the one party of the new filter
        if keywords.get("party_status") is not None or self._party is None:
            party, by_standing = again.party, again.by_standing
        else:
            party, by_standing = self._party, self._by_standing
        kept_here = [a for a in self._agreements if id(a) in kept]
        return Selection(self._registry, kept_here, keywords["on"], party, by_standing)

    # -- notebooks ---------------------------------------------------------------------
    def _day(self, on: str | dt.date | FuzzyDate | None) -> str | dt.date | FuzzyDate | None:
        return self._on if on is None else on

    def to_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per agreement (`treatyreg.frames.to_dataframe`; needs pandas)."""
        from treatyreg.frames import to_dataframe

        return to_dataframe(self, self._day(on), party=self._party)

    def events_dataframe(self) -> pd.DataFrame:
        """One row per event (`treatyreg.frames.events_dataframe`; needs pandas)."""
        from treatyreg.frames import events_dataframe

        return events_dataframe(self)

    def participation_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per agreement and party (`treatyreg.frames.participation_dataframe`)."""
        from treatyreg.frames import participation_dataframe

        return participation_dataframe(self, self._day(on))

    def phases_dataframe(self, on: str | dt.date | FuzzyDate | None = None) -> pd.DataFrame:
        """One row per phase (`treatyreg.frames.phases_dataframe`; needs pandas)."""
        from treatyreg.frames import phases_dataframe

        return phases_dataframe(self, self._day(on))

    def _repr_html_(self) -> str:
        from treatyreg.display import registry_html

        return registry_html(self, self._on, party=self._party)

"""Rules across records: references resolve, ids are unique, lifecycles are possible.

Runs on what `treatyreg.convert` built from every file of a registry at once, so that
duplicates and references across files are found; reports at the offending value's place.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence

from treatyreg.convert import Converted
from treatyreg.diagnostics import CODES, Diagnostic, quote
from treatyreg.lifecycle import ACTIONS, Action, Effect, event_order
from treatyreg.model import Agreement, RelationType, name_key

__all__ = ["check"]


class _Checker:
    def __init__(self, files: Sequence[Converted]) -> None:
        self.files = files
        self.diagnostics: list[Diagnostic] = []
        self.party_ids: set[str] = set()
        self.source_ids: set[str] = set()
        self.agreement_ids: set[str] = set()

    def diag(
        self,
        file: Converted,
        obj: object,
        key: str | None,
        code: str,
        message: str,
        hint: str | None = None,
        item: str | None = None,
    ) -> None:
        line, column = file.position(obj, key, item)
        self.diagnostics.append(
            Diagnostic(file.path, line, column, code, CODES[code][0], message, hint)
        )

    def where(self, file: Converted, obj: object) -> str:
        if id(obj) not in file.offsets:
            return file.path
        return f"{file.path}:{file.position(obj)[0]}"

    def unique_ids(self) -> None:
        for kind in ("parties", "sources", "agreements"):
            first: dict[str, tuple[Converted, object]] = {}
            for file in self.files:
                for obj in getattr(file, kind):
                    ident = obj.id
                    if ident in first:
                        f0, o0 = first[ident]
                        self.diag(
                            file,
                            obj,
                            "id",
                            "TR200",
                            f"duplicate id {ident!r} among {kind}",
                            f"first defined at {self.where(f0, o0)}",
                        )
                    else:
                        first[ident] = (file, obj)
            ids = set(first)
            if kind == "parties":
                self.party_ids = ids
            elif kind == "sources":
                self.source_ids = ids
            else:
                self.agreement_ids = ids

    def party_names(self) -> None:
        owner: dict[str, str] = {}
        for file in self.files:
            for party in file.parties:
                for name in {name_key(n) for n in (party.id, *party.names)}:
                    other = owner.setdefault(name, party.id)
                    if other != party.id:
                        self.diag(
                            file,
                            party,
                            "aliases",
                            "TR212",
                            f"name {quote(name)} of party "
                            f"{party.id!r} is also a name of party {other!r}",
                            "a name must find one party",
                        )

    def refs(
        self,
        file: Converted,
        obj: object,
        key: str,
        ids: Iterable[str],
        known: set[str],
        code: str,
        what: str,
    ) -> None:
        for ident in ids:
            if ident not in known:
                close = difflib.get_close_matches(ident, sorted(known), n=1)
                hint = f"did you mean {close[0]!r}?" if close else f"no {what} has this id"
                self.diag(file, obj, key, code, f"unknown {what} id {ident!r}", hint, item=ident)

    def references(self) -> None:
        for file in self.files:
            for total in file.reported_totals:
                self.refs(file, total, "parties", total.parties, self.party_ids, "TR201", "party")
                self.refs(file, total, "sources", total.sources, self.source_ids, "TR202", "source")
            for a in file.agreements:
                self.refs(file, a, "parties", a.parties, self.party_ids, "TR201", "party")
                self.refs(file, a, "sources", a.sources, self.source_ids, "TR202", "source")
                for event in a.events:
                    self.refs(
                        file, event, "sources", event.sources, self.source_ids, "TR202", "source"
                    )
                    for claim in event.alternatives:
                        self.refs(
                            file,
                            claim,
                            "sources",
                            claim.sources,
                            self.source_ids,
                            "TR202",
                            "source",
                        )
                    rule = ACTIONS[event.action]
                    if event.party is None and rule.needs_party:
                        self.diag(
                            file,
                            event,
                            None,
                            "TR205",
                            f"`{event.action}` needs the `party` that took the step",
                            f"one of: {', '.join(a.parties)}",
                        )
                    elif event.party is not None and event.party not in a.parties:
                        self.diag(
                            file,
                            event,
                            "party",
                            "TR204",
                            f"party {event.party!r} is not a party to {a.id!r}",
                            f"parties: {', '.join(a.parties)}",
                        )
                for relation in a.relations:
                    if relation.target == a.id:
                        self.diag(file, relation, "target", "TR210", f"{a.id!r} relates to itself")
                    else:
                        self.refs(
                            file,
                            relation,
                            "target",
                            [relation.target],
                            self.agreement_ids,
                            "TR203",
                            "agreement",
                        )
                    self.refs(
                        file,
                        relation,
                        "sources",
                        relation.sources,
                        self.source_ids,
                        "TR202",
                        "source",
                    )

    def lifecycle(self, file: Converted, a: Agreement) -> None:
        signed = a.events_of(Action.SIGNED)
        for extra in signed[1:]:
            self.diag(
                file,
                extra,
                "action",
                "TR211",
                f"{a.id!r} has more than one `signed` event",
                "keep one; give other sources' dates as `alternatives`",
            )
        if signed:
            signature = signed[0].date
            for event in a.events:
                if event.action is not Action.SIGNED and event.upper < signature.lower:
                    self.diag(
                        file,
                        event,
                        "date",
                        "TR206",
                        f"`{event.action}` on "
                        f"{event.date} is definitely before the signature on {signature}",
                        "check both dates and their sources",
                    )
        suspensions = sorted(e.lower for e in a.events if e.action is Action.SUSPENDED)
        ended = None
        for event in sorted(a.events, key=event_order):
            rule = ACTIONS[event.action]
            if ended is not None and event.lower > ended.upper:
                self.diag(
                    file,
                    event,
                    "date",
                    "TR208",
                    f"`{event.action}` on {event.date} "
                    f"comes after the agreement ended (`{ended.action}` on {ended.date})",
                )
            if rule.effect is Effect.RESUME:
                # impossible only when no suspension can come first: each resumption needs
                # one that may begin on or before its latest day
                if suspensions and suspensions[0] <= event.upper:
                    suspensions.pop(0)
                else:
                    self.diag(
                        file,
                        event,
                        "action",
                        "TR207",
                        f"`resumed` on {event.date} without a `suspended` event that can "
                        "come before it",
                    )
            elif (
                rule.effect is Effect.END
                and ended is None
                and (event.action is not Action.WITHDRAWN or len(a.parties) <= 2)
            ):
                ended = event

    def supersedes_cycles(self) -> None:
        edges: dict[str, list[str]] = {}
        owner: dict[str, tuple[Converted, Agreement]] = {}
        for file in self.files:
            for a in file.agreements:
                owner.setdefault(a.id, (file, a))
                for r in a.relations:
                    if r.type is RelationType.SUPERSEDES and r.target != a.id:
                        edges.setdefault(a.id, []).append(r.target)
        reported: set[frozenset[str]] = set()
        state: dict[str, int] = {}  # 1: on the current path, 2: done
        for start in sorted(edges):
            if state.get(start):
                continue
            path: list[str] = []
            stack: list[tuple[str, int]] = [(start, 0)]  # iterative DFS: no recursion limit
            while stack:
                node, i = stack.pop()
                if i == 0:
                    state[node] = 1
                    path.append(node)
                targets = edges.get(node, [])
                if i < len(targets):
                    stack.append((node, i + 1))
                    nxt = targets[i]
                    if state.get(nxt) == 1:
                        cycle = path[path.index(nxt) :]
                        if frozenset(cycle) not in reported:
                            reported.add(frozenset(cycle))
                            file, a = owner[cycle[0]]
                            self.diag(
                                file,
                                a,
                                "relations",
                                "TR209",
                                "cycle of `supersedes`: " + " -> ".join([*cycle, cycle[0]]),
                            )
                    elif not state.get(nxt):
                        stack.append((nxt, 0))
                else:
                    state[node] = 2
                    path.pop()

    def run(self) -> list[Diagnostic]:
        self.unique_ids()
        self.party_names()
        self.references()
        for file in self.files:
            for a in file.agreements:
                self.lifecycle(file, a)
        self.supersedes_cycles()
        return self.diagnostics


def check(files: Sequence[Converted]) -> list[Diagnostic]:
    """Every cross-record problem of a registry made of `files`."""
    return _Checker(files).run()

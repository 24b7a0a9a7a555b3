"""Positioned nodes -> model objects, by the table in `treatyreg.fileformat`.

Every value is converted from text by its key's kind; every problem becomes a diagnostic at
the value's line and column, and conversion goes on so that one run reports them all.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any, Final

import attrs

from treatyreg.dates import ACCEPTED_FORMS, DateError, FuzzyDate
from treatyreg.diagnostics import Diagnostic, Severity, quote
from treatyreg.fileformat import (
    FORMAT_VERSION,
    ID_RE,
    RECORDS,
    TOPIC_RE,
    URL_RE,
    Field,
    ValueKind,
)
from treatyreg.lifecycle import Action
from treatyreg.model import (
    Agreement,
    Claim,
    Event,
    Party,
    Relation,
    RelationType,
    ReportedTotal,
    Source,
)
from treatyreg.reading import MappingNode, Node, ScalarNode, SequenceNode

__all__ = ["Converted", "convert_root"]

# What a YAML 1.2 (core schema) reader such as an editor would not read as text.
_NULL: Final = frozenset({"", "~", "null", "Null", "NULL"})
_BOOL: Final = {
    "true": True,
    "True": True,
    "TRUE": True,
    "false": False,
    "False": False,
    "FALSE": False,
}
_YAML11_BOOL: Final = frozenset(
    {
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "y",
        "Y",
        "n",
        "N",
    }
)
_NUMBER: Final = re.compile(
    r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+|[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"
    r"|[-+]?\.(inf|Inf|INF)|\.nan|\.NaN|\.NAN"
)
_YEAR: Final = re.compile(r"[0-9]{4}")


def _a(record: str) -> str:
    """'a party', 'an event': the record's name as the messages say it."""
    name = record.replace("_", " ")
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _node_kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    return f"text {quote(node.value)}"


@attrs.define
class Converted:
    """What one file holds, and where each record came from (for the checks' diagnostics)."""

    path: str
    parties: list[Party] = attrs.Factory(list)
    sources: list[Source] = attrs.Factory(list)
    agreements: list[Agreement] = attrs.Factory(list)
    reported_totals: list[ReportedTotal] = attrs.Factory(list)
    # id(model object) -> its mapping node; only alive while the file's records are checked
    nodes: dict[int, MappingNode] = attrs.Factory(dict)
    diagnostics: list[Diagnostic] = attrs.Factory(list)


_ITEM_KIND: Final = {
    ValueKind.TEXT_LIST: ValueKind.TEXT,
    ValueKind.ID_LIST: ValueKind.ID,
    ValueKind.TOPIC_LIST: ValueKind.TOPIC,
}
# Per record: key -> field, and the required fields (looked up once, not per key).
_FIELDS: Final = {name: {f.key: f for f in r.fields} for name, r in RECORDS.items()}
_REQUIRED: Final = {name: [f for f in r.fields if f.required] for name, r in RECORDS.items()}
# id(list field) -> the field that each of its items is converted by
_ITEM_FIELD: Final = {
    id(f): attrs.evolve(f, kind=_ITEM_KIND[f.kind])
    for r in RECORDS.values()
    for f in r.fields
    if f.kind in _ITEM_KIND
}
# The fields whose values repeat across records (ids, topics, enum words), by id().
_REPEATED: Final = frozenset(
    id(f)
    for f in (*(f for r in RECORDS.values() for f in r.fields), *_ITEM_FIELD.values())
    if f.kind in (ValueKind.ID, ValueKind.TOPIC, ValueKind.ENUM)
)


class _Converter:
    def __init__(self, path: str) -> None:
        self.out = Converted(path)
        self.path = path
        # A registry repeats the same dates, ids and id lists many times: one immutable
        # object per distinct value saves both the parsing and the memory.
        self.dates: dict[str, FuzzyDate] = {}
        self.lists: dict[tuple[str, ...], tuple[str, ...]] = {}
        # id(field) -> {text: text} of the plain values already accepted for it
        self.accepted: dict[int, dict[str, str]] = {f: {} for f in _REPEATED}

    def diag(
        self,
        node: Node | ScalarNode,
        code: str,
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
    ) -> None:
        self.out.diagnostics.append(
            Diagnostic(self.path, node.line, node.column, code, severity, message, hint)
        )

    # -- scalars -----------------------------------------------------------------------
    def text(self, node: Node, field: Field) -> str | None:
        if not isinstance(node, ScalarNode):
            self.diag(node, "TR102", f"`{field.key}` must be text, not {_node_kind(node)}")
            return None
        value = node.value
        if node.plain:
            if value in _NULL:
                self.diag(
                    node, "TR102", f"`{field.key}` is empty", "give a value or remove the key"
                )
                return None
            if value in _BOOL or _NUMBER.fullmatch(value):
                self.diag(
                    node,
                    "TR102",
                    f"`{field.key}` must be text, but {quote(value)} reads "
                    "as a number or boolean in YAML 1.2 editors",
                    f"quote it: '{value}'",
                )
                return None
        elif not value.strip():
            self.diag(node, "TR102", f"`{field.key}` is empty", "give a value or remove the key")
            return None
        return value

    def value(self, node: Node, field: Field) -> Any:
        accepted = self.accepted.get(id(field))
        if accepted is not None and type(node) is ScalarNode:
            # A value accepted before (as plain text, which is the strictest) is accepted
            # again, and the first str object is kept for all of them.
            known = accepted.get(node.value)
            if known is not None:
                return known
        kind = field.kind
        if kind is ValueKind.DATE:
            if not isinstance(node, ScalarNode):
                self.diag(node, "TR102", f"`{field.key}` must be a date, not {_node_kind(node)}")
                return None
            found = self.dates.get(node.value)
            if found is not None:
                return found
            try:
                date = self.dates[node.value] = FuzzyDate.parse(node.value)
            except DateError as error:
                self.diag(node, "TR103", str(error), f"accepted forms: {ACCEPTED_FORMS}")
                return None
            return date
        if kind in (ValueKind.COUNT, ValueKind.VERSION):
            if (
                not isinstance(node, ScalarNode)
                or not node.plain
                or not re.fullmatch(r"[0-9]{1,15}", node.value)
            ):
                shown = _node_kind(node)
                self.diag(
                    node,
                    "TR102",
                    f"`{field.key}` must be a whole number (at most 15 digits), not {shown}",
                )
                return None
            number = int(node.value)
            if kind is ValueKind.VERSION and number != FORMAT_VERSION:
                self.diag(
                    node,
                    "TR106",
                    f"format version {quote(node.value)} is not supported",
                    f"this treatyreg reads version {FORMAT_VERSION}",
                )
                return None
            return number
        if kind is ValueKind.BOOL:
            if isinstance(node, ScalarNode) and node.plain and node.value in _BOOL:
                return _BOOL[node.value]
            hint = "write true or false"
            if isinstance(node, ScalarNode) and node.value in _YAML11_BOOL:
                hint += f" ({quote(node.value)} is text in YAML 1.2, not a boolean)"
            self.diag(
                node, "TR102", f"`{field.key}` must be true or false, not {_node_kind(node)}", hint
            )
            return None
        if kind in (ValueKind.TEXT_LIST, ValueKind.ID_LIST, ValueKind.TOPIC_LIST):
            if not isinstance(node, SequenceNode):
                self.diag(
                    node,
                    "TR102",
                    f"`{field.key}` must be a list, not {_node_kind(node)}",
                    f"write it as [{node.value}]" if isinstance(node, ScalarNode) else None,
                )
                return None
            item_field = _ITEM_FIELD[id(field)]
            items: list[str] = []
            for item in node.items:
                converted = self.value(item, item_field)
                if converted is None:
                    continue  # reported; the good items are kept for the checks
                if converted in items:
                    self.diag(
                        item,
                        "TR107",
                        f"{quote(converted)} is listed twice in `{field.key}`",
                        severity=Severity.WARNING,
                    )
                else:
                    items.append(converted)
            if len(node.items) < field.min_items:
                self.diag(node, "TR101", f"`{field.key}` needs at least {field.min_items} item(s)")
                return None
            as_tuple = tuple(items)
            return self.lists.setdefault(as_tuple, as_tuple)
        text = self.text(node, field)
        if text is None:
            return None
        if kind is ValueKind.ID and not ID_RE.fullmatch(text):
            self.diag(
                node,
                "TR105",
                f"malformed id {quote(text)} in `{field.key}`",
                "ids are letters, digits, '.', '_' and '-', starting with a letter or digit; "
                "at most 128 characters",
            )
            return None
        if kind is ValueKind.TOPIC and not TOPIC_RE.fullmatch(text):
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.diag(
                node,
                "TR105",
                f"malformed topic {quote(text)}",
                f"topics are lowercase slugs, e.g. {slug!r}",
            )
            return None
        if kind is ValueKind.URL and not URL_RE.fullmatch(text):
            self.diag(
                node, "TR105", f"malformed url {quote(text)}", "give a full http(s):// address"
            )
            return None
        if kind is ValueKind.ENUM and text not in field.choices:
            close = difflib.get_close_matches(text[:100], field.choices, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "one of: " + ", ".join(field.choices)
            self.diag(node, "TR104", f"{quote(text)} is not a valid `{field.key}`", hint)
            return None
        if accepted is not None and node.plain:  # type: ignore[union-attr]
            accepted[text] = text
        return text

    # -- records -----------------------------------------------------------------------
    def record(self, node: Node, name: str) -> dict[str, Any]:
        """The converted values of a record's keys, with stand-ins for bad or missing required
        text, counts and lists, so the record can still be built and checked in the same run;
        every problem is reported."""
        fields = _FIELDS[name]
        if not isinstance(node, MappingNode):
            self.diag(
                node, "TR102", f"{_a(name)} must be a mapping of keys, not {_node_kind(node)}"
            )
            return {}
        values: dict[str, Any] = {}
        for key, value_node in node.items:
            field = fields.get(key.value)
            if field is None:
                allowed = list(fields)
                close = difflib.get_close_matches(key.value[:100], allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(allowed)
                self.diag(key, "TR100", f"unknown key {quote(key.value)} in {_a(name)}", hint)
                continue
            if field.kind is ValueKind.RECORD_LIST:
                converted: Any = self.record_list(value_node, field)
            else:
                converted = self.value(value_node, field)
            if converted is None and field.required:
                # Keep the raw text of a bad required value, so the record is still built
                # and the checks can report its other problems in the same run.
                converted = self.fallback(value_node, field)
            if converted is not None:
                values[field.key] = converted
        present: set[str] | None = None
        for field in _REQUIRED[name]:
            if field.key in values:
                continue
            if present is None:
                present = {k.value for k, _ in node.items}
            if field.key not in present:
                self.diag(
                    node,
                    "TR101",
                    f"missing required key `{field.key}` in {_a(name)}",
                    field.description or None,
                )
                if field.kind in (ValueKind.TEXT, ValueKind.ENUM):
                    values[field.key] = ""  # an enum's "" fails to build: the record is dropped
                elif field.kind is ValueKind.ID_LIST:
                    values[field.key] = ()
        return values

    @staticmethod
    def fallback(node: Node, field: Field) -> str | int | None:
        if isinstance(node, ScalarNode) and field.kind in (
            ValueKind.TEXT,
            ValueKind.ID,
            ValueKind.ENUM,
        ):
            return node.value
        if field.kind is ValueKind.COUNT:
            return 0  # a stand-in; the bad count is reported
        return None

    def record_list(self, node: Node, field: Field) -> tuple[Any, ...] | None:
        if isinstance(node, ScalarNode) and node.plain and node.value in _NULL:
            return ()  # `relations:` left empty is an empty list
        if not isinstance(node, SequenceNode):
            self.diag(node, "TR102", f"`{field.key}` must be a list, not {_node_kind(node)}")
            return None
        assert field.record is not None
        build = _BUILDERS[field.record]
        built = []
        for item in node.items:
            try:
                obj = build(self.record(item, field.record))
            except (KeyError, ValueError):  # a missing id or date, a bad enum: reported
                continue
            assert isinstance(item, MappingNode)
            self.out.nodes[id(obj)] = item
            built.append(obj)
        return tuple(built)


def _event(v: dict[str, Any]) -> Event:
    return Event(
        action=Action(v["action"]),
        date=v["date"],
        party=v.get("party"),
        body=v.get("body"),
        place=v.get("place"),
        sources=v["sources"],
        note=v.get("note"),
        alternatives=v.get("alternatives", ()),
    )


_BUILDERS: Final[dict[str, Callable[[dict[str, Any]], Any]]] = {
    "party": lambda v: Party(v["id"], v["name"], v.get("aliases", ()), v.get("notes")),
    "source": lambda v: Source(
        v["id"], v["title"], v.get("publisher"), v.get("published"), v.get("url"), v.get("notes")
    ),
    "claim": lambda v: Claim(v["date"], v["sources"], v.get("note")),
    "event": _event,
    "relation": lambda v: Relation(
        RelationType(v["type"]), v["target"], v.get("note"), v.get("sources", ())
    ),
    "agreement": lambda v: Agreement(
        id=v["id"],
        title=v["title"],
        kind=v["kind"],
        parties=v["parties"],
        topics=v.get("topics", ()),
        events=v.get("events", ()),
        relations=v.get("relations", ()),
        sources=v["sources"],
        aliases=v.get("aliases", ()),
        notes=v.get("notes"),
    ),
    "reported_total": lambda v: ReportedTotal(
        parties=v["parties"],
        count=v["count"],
        as_of=v["as_of"],
        approximate=v.get("approximate", False),
        sources=v["sources"],
        note=v.get("note"),
    ),
}


def convert_root(root: Node, path: str) -> Converted:
    """Convert one file's root node into records, collecting every problem.

    >>> from treatyreg.reading import read_bytes
    >>> root, _ = read_bytes(b"treatyreg: 1\\nparties:\\n  - id: NO\\n    name: Norway\\n", "a")
    >>> convert_root(root, "a").parties
    [Party(id='NO', name='Norway', aliases=(), notes=None)]
    """
    converter = _Converter(path)
    out = converter.out
    if isinstance(root, ScalarNode) and root.plain and root.value in _NULL:
        converter.diag(
            root, "TR004", "the file holds an empty document", "start it with `treatyreg: 1`"
        )
        return out
    # A missing version must not hide the records' own problems: keep what was built,
    # so that the checks report on it too.
    values = converter.record(root, "registry")
    out.parties = list(values.get("parties", ()))
    out.sources = list(values.get("sources", ()))
    out.agreements = list(values.get("agreements", ()))
    out.reported_totals = list(values.get("reported_totals", ()))
    return out

"""YAML events -> model objects, by the table in `treatyreg._fileformat`.

Records are converted straight from the event stream of `treatyreg._reading.events`, one
pass and no tree in between: every value is converted from text by its key's kind, every
problem becomes a diagnostic at the value's line and column, and conversion goes on so that
one run reports them all. Aliases come replayed by the stream; a merge key (`<<`) keeps the
events of what it merges and gives the keys the mapping lacks again at the mapping's end.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from typing import Any, Final

import attrs
import yaml

from treatyreg._fileformat import (
    FORMAT_VERSION,
    ID_RE,
    IDENTIFIER_RE,
    LIST_ITEMS,
    RECORDS,
    TOPIC_RE,
    URL_RE,
    Field,
    Record,
    ValueKind,
    unshown_in,
    unshown_problem,
)
from treatyreg._reading import (
    Limits,
    Lines,
    StopReadingError,
    decode,
    events,
    parser,
    tag_problem,
    yaml_error,
    yaml_problem,
)
from treatyreg.dates import ACCEPTED_FORMS, DateError, FuzzyDate
from treatyreg.diagnostics import Diagnostic, quote, sort_key
from treatyreg.model import Agreement, Party, ReportedTotal, Source

__all__ = ["Broken", "Converted", "convert"]

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
_NUMBER_START: Final = frozenset("0123456789+-.")
_COUNT: Final = re.compile(r"[0-9]{1,15}")
_DAY: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

_TEXT: Final = ValueKind.TEXT
_RECORD_LIST: Final = ValueKind.RECORD_LIST
_RECORD: Final = ValueKind.RECORD
_SCALAR: Final = yaml.ScalarEvent
_MAP_START: Final = yaml.MappingStartEvent
_MAP_END: Final = yaml.MappingEndEvent
_SEQ_START: Final = yaml.SequenceStartEvent
_SEQ_END: Final = yaml.SequenceEndEvent
_ALIAS: Final = yaml.AliasEvent


_COMPLEX: Final = object()  # stands for a mapping key that is a list or mapping


class _TooManyProblemsError(Exception):
    """A file with more problems than `Limits.max_problems`: reading it stops there."""


# Ends the keys merged into a mapping (given again after the mapping's own).
_MERGED_END: Final = object()


def _a(record: str) -> str:
    """'a party', 'an event': the record's name as the messages say it."""
    name = record.replace("_", " ")
    return f"an {name}" if name[0] in "aeiou" else f"a {name}"


def _shape(event: Any) -> str:
    """What a value is, for messages: a mapping, a list, or its text quoted."""
    kind = type(event)
    if kind is _MAP_START:
        return "a mapping"
    if kind is _SEQ_START:
        return "a list"
    return f"text {quote(event.value)}"


@attrs.define
class Broken:
    """A record that could not be built (a required value missing or wrong): what it does
    hold still takes part in the checks, so that no problem inside it goes unreported."""

    name: str  # its record name in `fileformat.RECORDS`
    values: dict[str, Any]  # the values converted, nested records built among them
    parent: dict[str, Any] | None  # the values of the record that holds it


@attrs.define
class Converted:
    """What one file holds, and where each record came from (for the checks' diagnostics)."""

    path: str
    parties: list[Party] = attrs.Factory(list)
    sources: list[Source] = attrs.Factory(list)
    agreements: list[Agreement] = attrs.Factory(list)
    reported_totals: list[ReportedTotal] = attrs.Factory(list)
    as_of: dt.date | None = None  # the day the file says its data was last reviewed
    broken: list[Broken] = attrs.Factory(list)
    # id(model object, or a Broken's values) -> the offset in `text` where its mapping
    # starts (an int: a mark object per record would hold 100 MB at 100k); only alive
    # while the file is checked
    offsets: dict[int, int] = attrs.Factory(dict)
    diagnostics: list[Diagnostic] = attrs.Factory(list)
    # the offsets in `text` of the values (and items) whose reading drew a diagnostic
    problems_at: set[int] = attrs.Factory(set)
    text: str = ""
    limits: Limits = attrs.Factory(Limits)
    complete: bool = True  # False when the file could not be read to its end
    _lines: Lines | None = None
    # a record's offset -> where its keys' values (and their list items) start
    _located: dict[int, dict[str, tuple[int, dict[str, int]]]] = attrs.Factory(dict)

    def order(self, obj: object) -> int | None:
        """Where a record (or a broken one's values) starts in the text; None if not here."""
        return self.offsets.get(id(obj))

    def position(
        self, obj: object, key: str | None = None, item: str | None = None
    ) -> tuple[int, int]:
        """Line and column of a record, of one of its values (`key`), or of one item of a
        list value (`item`); (1, 1) when the object was not read from this file.

        A value is found by parsing again just the record it is in, once per record and
        only when a check reports on it: a clean load never pays for it, and a file with
        many problems pays at most one more parse of each record with one.
        """
        offset = self.offsets.get(id(obj))
        if offset is None:
            return 1, 1
        if key is not None:
            at = self._values(offset).get(key)
            if at is not None:
                offset = at[1].get(item, at[0]) if item is not None else at[0]
        if self._lines is None:
            self._lines = Lines(self.text)
        return self._lines.at(offset)

    def reported(self, obj: object, key: str) -> bool:
        """Whether the record's `key` is given with a value its reading reported (and so
        left out of the record): a check of the value's absence has nothing to add."""
        offset = self.offsets.get(id(obj))
        if offset is None or not self.problems_at:
            return False
        at = self._values(offset).get(key)
        return at is not None and at[0] in self.problems_at

    def _values(self, offset: int) -> dict[str, tuple[int, dict[str, int]]]:
        """Where the values of the record at `offset` start (parsed once per record)."""
        found = self._located.get(offset)
        if found is None:
            found = self._located[offset] = _locate(self.text, offset)
        return found


class _Tail:
    """The text from `start` on as a file (read in chunks: no copy of the rest of a large
    file), behind `pad` spaces that keep the first line's indentation."""

    def __init__(self, text: str, start: int, pad: int) -> None:
        self.text, self.at, self.pad = text, start, pad

    def read(self, size: int = -1, /) -> str:
        if self.pad:
            chunk, self.pad = " " * self.pad, 0
            return chunk
        size = size if size > 0 else 1 << 16
        chunk = self.text[self.at : self.at + size]
        self.at += len(chunk)
        return chunk


def _locate(text: str, offset: int) -> dict[str, tuple[int, dict[str, int]]]:
    """For the mapping that starts at `offset`: each key's value offset, and the offsets of
    the plain items of a list value (the first of each text)."""
    if text.startswith("{", offset):  # a flow mapping reads the same at any column
        pad = 0
    else:  # a block mapping: keep its column, the indentation of its keys (a short prefix)
        newline = text.rfind("\n", 0, offset)
        breaks = (text.rfind(c, newline + 1, offset) for c in "\r\x85\u2028\u2029")
        pad = offset - max(newline, *breaks) - 1
    shift = offset - pad  # a mark's index in the padded tail -> an offset in `text`
    stream = parser(_Tail(text, offset, pad))
    found: dict[str, tuple[int, dict[str, int]]] = {}
    depth = 0  # 1: inside the record's mapping
    key: str | None = None
    items: dict[str, int] | None = None  # the list value being read
    try:
        while (event := stream.get_event()) is not None:
            kind = type(event)
            if kind is _MAP_START or kind is _SEQ_START:
                depth += 1
                if depth == 2:
                    if key is not None:  # a key's value (with no key: a complex key)
                        items = {}  # a list's items, a mapping's keys (and its values)
                        at = event.start_mark.index + shift
                        found.setdefault(key, (at, {} if items is None else items))
                    key = None
            elif kind is _MAP_END or kind is _SEQ_END:
                depth -= 1
                if depth == 0:
                    break
                if depth == 1:
                    items = None
            elif kind is _SCALAR:
                at = event.start_mark.index + shift
                if depth == 1:
                    if key is None:
                        key = event.value
                    else:
                        found.setdefault(key, (at, {}))
                        key = None
                elif depth == 2 and items is not None:
                    items.setdefault(event.value, at)
            elif kind is _ALIAS and depth == 1 and key is not None:
                found.setdefault(key, (event.start_mark.index + shift, {}))
                key = None
    except yaml.YAMLError:
        pass  # past the record, or a record whose file had problems: what was found stands
    return found


_ITEM_KIND: Final = LIST_ITEMS
# Per record: key -> field, and the required fields (looked up once, not per key).
_FIELDS: Final = {name: {f.key: f for f in r.fields} for name, r in RECORDS.items()}
_REQUIRED: Final = {name: [f for f in r.fields if f.required] for name, r in RECORDS.items()}
_REQUIRED_KEYS: Final = {
    name: frozenset(f.key for f in fields) for name, fields in _REQUIRED.items()
}
# id(list field) -> the field that each of its items is converted by
_ITEM_FIELD: Final = {
    id(f): attrs.evolve(f, kind=_ITEM_KIND[f.kind])
    for r in RECORDS.values()
    for f in r.fields
    if f.kind in _ITEM_KIND
}
# id(mapping field) -> the field that each of its values is converted by
_VALUE_FIELD: Final = {
    id(f): attrs.evolve(f, kind=ValueKind.TEXT)
    for r in RECORDS.values()
    for f in r.fields
    if f.kind is ValueKind.TEXT_BY_LANGUAGE
}
# A party's name and each alias: a bidi control in them is TR213 already (an error).
_NAME_FIELDS: Final = frozenset(
    {id(RECORDS["party"].field("name")), id(_ITEM_FIELD[id(RECORDS["party"].field("aliases"))])}
)
# The fields whose values repeat across records (ids, topics, enum words), by id().
_ALL_FIELDS: Final = (
    *(f for r in RECORDS.values() for f in r.fields),
    *_ITEM_FIELD.values(),
    *_VALUE_FIELD.values(),
)
_REPEATED: Final = frozenset(
    id(f) for f in _ALL_FIELDS if f.kind in (ValueKind.ID, ValueKind.TOPIC, ValueKind.ENUM)
)
_Convert = Callable[[Any, Field, "dict[str, str] | None"], Any]

# What a value of each kind must be, as the messages say it.
_EXPECTED: Final = {
    ValueKind.DATE: "a date",
    ValueKind.DAY: "one day (YYYY-MM-DD)",
    ValueKind.COUNT: "a whole number (at most 15 digits)",
    ValueKind.VERSION: "a whole number (at most 15 digits)",
    ValueKind.BOOL: "true or false",
    **dict.fromkeys(LIST_ITEMS, "a list"),
    ValueKind.RECORD_LIST: "a list",
    ValueKind.RECORD: "a mapping",
    ValueKind.TEXT_BY_LANGUAGE: "a mapping of language tags to text",
}


class _Converter:
    def __init__(
        self,
        path: str,
        get: Callable[[], Any],
        limits: Limits,
        push_merged: Callable[[list[Any]], None] | None = None,
    ) -> None:
        self.out = Converted(path, limits=limits)
        self.path = path
        self.get = get  # the next event
        # gives merged keys again (None: the text has no `<<`, so no merge key)
        self.push_merged = push_merged
        self.max_depth = limits.max_depth
        self.max_problems = limits.max_problems
        # Problems of the YAML itself (tags, duplicate keys, nesting): kept even when the
        # file turns out unreadable, unlike the records' problems.
        self.reading: list[Diagnostic] = []
        self.reported: set[Diagnostic] = set()
        # A registry repeats the same dates, ids and id lists many times: one immutable
        # object per distinct value saves both the parsing and the memory.
        self.dates: dict[str, FuzzyDate] = {}
        self.lists: dict[tuple[str, ...], tuple[str, ...]] = {}
        # id(field) -> {text: text} of the plain values already accepted for it
        self.accepted: dict[int, dict[str, str]] = {f: {} for f in _REPEATED}
        # how a scalar is converted, by the kind of its key
        by_kind: dict[ValueKind, _Convert] = {
            ValueKind.DATE: self.date,
            ValueKind.DAY: self.day,
            ValueKind.COUNT: self.number,
            ValueKind.VERSION: self.number,
            ValueKind.BOOL: self.boolean,
            **dict.fromkeys((*_ITEM_KIND, ValueKind.RECORD_LIST), self.not_a_list),
            ValueKind.TEXT_BY_LANGUAGE: self.not_a_mapping,
        }
        # id(field) -> its accepted values (or None) and its converter; by id, because
        # hashing a field or an enum member costs a Python call
        self.plans: dict[int, tuple[dict[str, str] | None, _Convert]] = {
            id(f): (self.accepted.get(id(f)), by_kind.get(f.kind, self.text)) for f in _ALL_FIELDS
        }

    def diag(
        self,
        event: Any,
        code: str,
        message: str,
        hint: str | None = None,
    ) -> None:
        mark = event.start_mark
        self.out.diagnostics.append(
            Diagnostic.of(self.path, mark.line + 1, mark.column + 1, code, message, hint)
        )
        self.out.problems_at.add(mark.index)
        self.count_problem()

    def count_problem(self) -> None:
        """Stop when the file has more problems than anyone reads: a file made of millions
        of mistakes (say, unknown keys) must not take minutes and gigabytes to refuse."""
        if len(self.out.diagnostics) + len(self.reading) >= self.max_problems:
            raise _TooManyProblemsError

    def yaml_problem(self, event: Any, kind: str, **values: object) -> None:
        """A problem of the YAML itself (`reading.yaml_problem`), kept even when the file
        proves unreadable."""
        mark = event.start_mark
        self.reading_problem(
            yaml_problem(kind, self.path, mark.line + 1, mark.column + 1, **values)
        )

    def reading_problem(self, problem: Diagnostic) -> None:
        """Keep a problem of the YAML itself, once: one in a value that an alias gives again
        is reported where it is written, and counts once toward the limit."""
        if problem in self.reported:
            return
        self.reported.add(problem)
        self.reading.append(problem)
        self.count_problem()

    def undefined(self, alias: Any) -> None:
        """An alias in a stream that does not replay them: the text defines no anchor."""
        mark = alias.start_mark
        raise StopReadingError(
            Diagnostic.of(
                self.path,
                mark.line + 1,
                mark.column + 1,
                "TR003",
                f"alias *{alias.anchor} names no anchor defined before it",
            )
        )

    def bad_tag(self, event: Any) -> None:
        mark = event.start_mark
        problem = tag_problem(event.tag, self.path, mark.line + 1, mark.column + 1)
        if problem is not None:
            self.reading_problem(problem)

    # -- the stream --------------------------------------------------------------------
    def document(self) -> None:
        """The whole stream: one document whose root is the registry record."""
        get = self.get
        get()  # the stream start
        start = get()
        if type(start) is yaml.StreamEndEvent:
            self.reading.append(yaml_problem("empty file", self.path, 1, 1))
            raise StopReadingError
        root = get()
        if type(root) is _SCALAR and not root.style and root.value in _NULL:
            if root.tag is not None:
                self.bad_tag(root)
            self.diag(
                root, "TR004", "the file holds an empty document", "start it with `treatyreg: 1`"
            )
        else:
            # A missing version must not hide the records' own problems: keep what was
            # built, so that the checks report on it too.
            values = self.record(root, "registry", 1)
            out = self.out
            out.parties = list(values.get("parties", ()))
            out.sources = list(values.get("sources", ()))
            out.agreements = list(values.get("agreements", ()))
            out.reported_totals = list(values.get("reported_totals", ()))
            out.as_of = values.get("as_of")
        get()  # the document end
        second: Any = get()
        if type(second) is yaml.DocumentStartEvent:
            self.yaml_problem(second, "second document")
            raise StopReadingError

    def skip(self, event: Any, depth: int, into: list[Any] | None = None) -> None:
        """Pass over a value that is not converted (it is reported already, or merged later),
        still finding what the YAML itself gets wrong inside it: tags, nesting too deep,
        mapping keys that are not text, duplicate keys. Its events are added to `into`
        when one is given (`event` is there already)."""
        kind = type(event)
        if kind is _ALIAS:
            self.undefined(event)
        if event.tag is not None:
            self.bad_tag(event)
        if kind is _SCALAR:
            return
        self.check_depth(event, depth)
        get = self.get
        # one frame per open collection: its start event and, for a mapping, the keys seen
        # and the key whose value comes next (None: a key comes next)
        stack: list[tuple[Any, dict[str, Any] | None]] = [
            (event, {} if kind is _MAP_START else None)
        ]
        keys: list[Any] = [None]
        while True:
            event = get()
            if into is not None:
                into.append(event)
            kind = type(event)
            if kind is _SCALAR:
                if event.tag is not None:
                    self.bad_tag(event)
                done = event
            elif kind is _MAP_START or kind is _SEQ_START:
                if event.tag is not None:
                    self.bad_tag(event)
                self.check_depth(event, depth + len(stack))
                stack.append((event, {} if kind is _MAP_START else None))
                keys.append(None)
                continue
            elif kind is _MAP_END or kind is _SEQ_END:
                done = stack.pop()[0]
                keys.pop()
                if not stack:
                    return
            else:
                self.undefined(event)
            seen = stack[-1][1]
            if seen is None:
                continue  # a list item
            key = keys[-1]
            if key is None:  # `done` is a key
                if type(done) is not _SCALAR:
                    self.complex_key(done)
                    keys[-1] = _COMPLEX
                else:
                    keys[-1] = done
                continue
            keys[-1] = None  # `done` is the value of `key`
            if key is not _COMPLEX:
                self.seen_key(key, seen)

    def complex_key(self, event: Any) -> None:
        self.yaml_problem(event, "complex key")

    def complex_pair(self, key: Any, depth: int) -> None:
        """A mapping's key that is a list or a mapping: reported, and it and its value
        passed over."""
        if type(key) is _ALIAS:
            self.undefined(key)
        self.skip(key, depth)
        self.complex_key(key)
        self.skip(self.get(), depth)

    def seen_key(self, key: Any, seen: dict[str, Any]) -> bool:
        """Note a mapping's key; False (and TR006) when it was given before. Merge keys
        (`<<`) may repeat."""
        text = key.value
        if text == "<<" and not key.style and key.tag is None:
            return True
        first = seen.get(text)
        if first is None:
            seen[text] = key
            return True
        self.yaml_problem(key, "duplicate key", key=quote(text), first=first.start_mark.line + 1)
        return False

    def check_depth(self, event: Any, depth: int) -> None:
        if depth > self.max_depth:
            self.yaml_problem(event, "too deep", limit=self.max_depth)
            raise StopReadingError

    # -- scalars -----------------------------------------------------------------------
    def not_scalar(self, event: Any, field: Field, depth: int) -> None:
        if type(event) is _ALIAS:
            self.undefined(event)
        expected = _EXPECTED.get(field.kind, "text")
        self.diag(event, "TR102", f"`{field.key}` must be {expected}, not {_shape(event)}")
        self.skip(event, depth)

    def value(self, event: Any, field: Field, depth: int) -> Any:
        """The converted value of one key, or None when it is reported as wrong."""
        if type(event) is not _SCALAR:
            if type(event) is _SEQ_START and id(field) in _ITEM_FIELD:
                return self.text_list(event, field, depth)
            if type(event) is _MAP_START and id(field) in _VALUE_FIELD:
                return self.text_map(event, field, depth)
            self.not_scalar(event, field, depth)
            return None
        if event.tag is not None:
            self.bad_tag(event)
        accepted, convert = self.plans[id(field)]
        if accepted is not None:
            # A value accepted before (as plain text, which is the strictest) is accepted
            # again, and the first str object is kept for all of them.
            known = accepted.get(event.value)
            if known is not None:
                return known
        return convert(event, field, accepted)

    def date(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        text = event.value
        found = self.dates.get(text)
        if found is not None:
            return found
        try:
            date = self.dates[text] = FuzzyDate.parse(text)
        except DateError as error:
            self.diag(event, "TR103", str(error), f"accepted forms: {ACCEPTED_FORMS}")
            return None
        return date

    def day(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        date = self.date(event, field, accepted)
        if date is None:
            return None
        if not (date.is_exact and _DAY.fullmatch(event.value)):
            self.diag(
                event,
                "TR103",
                f"`{field.key}` must be {_EXPECTED[ValueKind.DAY]}, not {quote(event.value)}",
            )
            return None
        return date.lower

    def number(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        text = event.value
        kind = field.kind
        if event.style or not _COUNT.fullmatch(text):
            self.diag(
                event,
                "TR102",
                f"`{field.key}` must be {_EXPECTED[kind]}, not {_shape(event)}",
            )
            return None
        number = int(text)
        if kind is ValueKind.VERSION and number != FORMAT_VERSION:
            self.diag(
                event,
                "TR106",
                f"format version {quote(text)} is not supported",
                f"this treatyreg reads version {FORMAT_VERSION}",
            )
            return None
        return number

    def boolean(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        text = event.value
        if not event.style and text in _BOOL:
            return _BOOL[text]
        hint = "write true or false"
        if text in _YAML11_BOOL:
            hint += f" ({quote(text)} is text in YAML 1.2, not a boolean)"
        self.diag(event, "TR102", f"`{field.key}` must be true or false, not {_shape(event)}", hint)
        return None

    def not_a_list(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        self.diag(
            event,
            "TR102",
            f"`{field.key}` must be a list, not {_shape(event)}",
            f"write it as [{event.value}]",
        )
        return None

    def not_a_mapping(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        self.diag(
            event,
            "TR102",
            f"`{field.key}` must be {_EXPECTED[field.kind]}, not {_shape(event)}",
            f"write it as {{ru: {event.value}}}",
        )
        return None

    def text(self, event: Any, field: Field, accepted: dict[str, str] | None) -> Any:
        """Text, and the kinds of text: ids, topics, urls, enum words."""
        text = event.value
        kind = field.kind
        plain = not event.style
        if plain:
            if text in _NULL:
                self.diag(
                    event, "TR102", f"`{field.key}` is empty", "give a value or remove the key"
                )
                return None
            if text in _BOOL or (text[0] in _NUMBER_START and _NUMBER.fullmatch(text)):
                self.diag(
                    event,
                    "TR102",
                    f"`{field.key}` must be text, but {quote(text)} reads "
                    "as a number or boolean in YAML 1.2 editors",
                    f"quote it: '{text}'",
                )
                return None
        elif not text.strip():
            self.diag(event, "TR102", f"`{field.key}` is empty", "give a value or remove the key")
            return None
        if kind is _TEXT:
            char = unshown_in(text, field.key, id(field) in _NAME_FIELDS)
            if char is not None:
                self.diag(event, "TR222", *unshown_problem(field.key, char))
            return text
        if kind is ValueKind.ID and not ID_RE.fullmatch(text):
            self.diag(
                event,
                "TR105",
                f"malformed id {quote(text)} in `{field.key}`",
                "ids are letters, digits, '.', '_' and '-', starting with a letter or digit; "
                "at most 128 characters",
            )
            return None
        if kind is ValueKind.TOPIC and not TOPIC_RE.fullmatch(text):
            slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
            self.diag(
                event,
                "TR105",
                f"malformed topic {quote(text)}",
                f"topics are lowercase slugs, e.g. {slug!r}",
            )
            return None
        if kind is ValueKind.IDENTIFIER and not IDENTIFIER_RE.fullmatch(text):
            self.diag(
                event,
                "TR105",
                f"malformed identifier {quote(text)}",
                "write scheme:value, e.g. wikidata:Q1056 or iso3166:FIN",
            )
            return None
        if kind is ValueKind.URL and not URL_RE.fullmatch(text):
            self.diag(
                event, "TR105", f"malformed url {quote(text)}", "give a full http(s):// address"
            )
            return None
        if kind is ValueKind.ENUM and text not in field.choices:
            close = difflib.get_close_matches(text[:100], field.choices, n=1)
            hint = f"did you mean {close[0]!r}?" if close else "one of: " + ", ".join(field.choices)
            self.diag(event, "TR104", f"{quote(text)} is not a valid `{field.key}`", hint)
            return None
        if accepted is not None and plain:
            accepted[text] = text
        return text

    def text_list(self, start: Any, field: Field, depth: int) -> tuple[str, ...] | None:
        if start.tag is not None:
            self.bad_tag(start)
        self.check_depth(start, depth)
        item_field = _ITEM_FIELD[id(field)]
        accepted = self.plans[id(item_field)][0] or {}
        items: list[str] = []
        kept: set[str] = set()
        count = 0
        get = self.get
        value = self.value
        while True:
            event = get()
            kind = type(event)
            if kind is _SEQ_END:
                break
            count += 1
            # the common case inline: an untagged id or topic accepted before
            converted = accepted.get(event.value) if kind is _SCALAR and event.tag is None else None
            if converted is None:
                converted = value(event, item_field, depth + 1)
            if converted is None:
                continue  # reported; the good items are kept for the checks
            if converted in kept:
                self.diag(
                    event,
                    "TR107",
                    f"{quote(converted)} is listed twice in `{field.key}`",
                )
            else:
                items.append(converted)
                kept.add(converted)
        if count < field.min_items:
            self.diag(start, "TR101", f"`{field.key}` needs at least {field.min_items} item(s)")
            return None
        as_tuple = tuple(items)
        return self.lists.setdefault(as_tuple, as_tuple)

    def text_map(self, start: Any, field: Field, depth: int) -> tuple[tuple[str, str], ...]:
        """A mapping of language tags to text, as (tag, text) pairs in file order; the tags
        are checked with the record (TR225), where a registry built in Python is too."""
        if start.tag is not None:
            self.bad_tag(start)
        self.check_depth(start, depth)
        value_field = _VALUE_FIELD[id(field)]
        pairs: list[tuple[str, str]] = []
        seen: dict[str, Any] = {}
        get = self.get
        inner = depth + 1
        while True:
            key = get()
            kind = type(key)
            if kind is _MAP_END:
                break
            if kind is not _SCALAR:
                self.complex_pair(key, inner)
                continue
            if key.tag is not None:
                self.bad_tag(key)
            event = get()
            if not self.seen_key(key, seen):
                self.skip(event, inner)
                continue
            text = self.value(event, value_field, inner)
            if text is not None:
                pairs.append((key.value, text))
        return tuple(pairs)

    # -- records -----------------------------------------------------------------------
    def record(self, start: Any, name: str, depth: int) -> dict[str, Any]:
        """The converted values of a record's keys, with stand-ins for bad or missing required
        text, counts and lists, so the record can still be built and checked in the same run;
        every problem is reported."""
        if type(start) is not _MAP_START:
            if type(start) is _ALIAS:
                self.undefined(start)
            self.diag(start, "TR102", f"{_a(name)} must be a mapping of keys, not {_shape(start)}")
            self.skip(start, depth)
            return {}
        if start.tag is not None:
            self.bad_tag(start)
        self.check_depth(start, depth)
        fields = _FIELDS[name]
        get, value = self.get, self.value
        scalar, mapping_end, record_list = _SCALAR, _MAP_END, _RECORD_LIST  # locals: hot loop
        values: dict[str, Any] = {}
        seen: dict[str, Any] = {}
        merges: list[tuple[Any, list[Any]]] = []  # each merge key and its value's events
        inner = depth + 1
        while True:
            key = get()
            kind = type(key)
            if kind is mapping_end:
                if not merges:
                    break
                # the merged keys the mapping lacks, read as if written here, then the end
                self.push(self.merged(merges, seen))
                merges = []
                continue
            if kind is not scalar:
                if key is _MERGED_END:
                    break
                self.complex_pair(key, inner)
                continue
            if key.tag is not None:
                self.bad_tag(key)
            value_event = get()
            text = key.value
            if text in seen or text == "<<":
                if text == "<<" and not key.style and key.tag is None:  # merged at the end
                    merged = [value_event]
                    self.skip(value_event, inner, merged)
                    merges.append((key, merged))
                    continue
                if text in seen:  # reported once its value is read
                    self.skip(value_event, inner)
                    self.seen_key(key, seen)
                    continue
            seen[text] = key
            field = fields.get(text)
            if field is None:
                allowed = list(fields)
                close = difflib.get_close_matches(text[:100], allowed, n=1)
                hint = f"did you mean {close[0]!r}?" if close else "allowed: " + ", ".join(allowed)
                self.diag(key, "TR100", f"unknown key {quote(text)} in {_a(name)}", hint)
                self.skip(value_event, inner)
                continue
            if field.kind is record_list:
                converted: Any = self.record_list(value_event, field, inner, values)
            elif field.kind is _RECORD:
                converted = self.one_record(value_event, field, inner, values)
            else:
                converted = value(value_event, field, inner)
            if converted is None and field.required:
                # Keep the raw text of a bad required value, so the record is still built
                # and the checks can report its other problems in the same run.
                converted = self.fallback(value_event, field)
            if converted is not None:
                values[text] = converted
        if _REQUIRED_KEYS[name] <= values.keys():
            return values
        for field in _REQUIRED[name]:
            if field.key in values or field.key in seen:
                continue
            self.diag(
                start,
                "TR101",
                f"missing required key `{field.key}` in {_a(name)}",
                field.description or None,
            )
            if field.kind in (ValueKind.TEXT, ValueKind.ENUM):
                values[field.key] = ""  # an enum's "" fails to build: the record is dropped
            elif field.kind is ValueKind.ID_LIST:
                values[field.key] = ()
        return values

    def push(self, events: list[Any]) -> None:
        assert self.push_merged is not None  # a merge key, so the text has `<<`
        self.push_merged([*events, _MERGED_END])

    def merged(self, merges: list[tuple[Any, list[Any]]], given: dict[str, Any]) -> list[Any]:
        """The events of the merged pairs whose keys a mapping lacks (YAML's merge key):
        keys given in the mapping win over merged ones, earlier merges over later ones, and
        a merged mapping's own keys over what its own merge keys bring. Iterative and linear
        in the merged events (each node's end is found once), however deep merges nest."""
        taken = set(given)
        out: list[Any] = []
        # the mappings still to merge, the next one last: (events, their ends, start, end)
        todo: list[tuple[list[Any], list[int], int, int]] = []
        for key, value in reversed(merges):
            ends = _ends(value)
            found = self.merge_sources(key, value, ends, 0)
            todo.extend((value, ends, a, b) for a, b in reversed(found))
        while todo:
            value, ends, at, end = todo.pop()
            inner: list[tuple[list[Any], list[int], int, int]] = []
            at += 1  # past the mapping's start
            while at < end - 1:
                key = value[at]
                value_at = ends[at]
                after = ends[value_at]
                if type(key) is _SCALAR:  # a complex key is dropped (it is reported)
                    text = key.value
                    if text == "<<" and not key.style and key.tag is None:
                        found = self.merge_sources(key, value, ends, value_at)
                        inner.extend((value, ends, a, b) for a, b in found)
                    elif text not in taken:
                        taken.add(text)
                        out.extend(value[at:after])
                at = after
            todo.extend(reversed(inner))
        return out

    def merge_sources(
        self, key: Any, value: list[Any], ends: list[int], at: int
    ) -> list[tuple[int, int]]:
        """Where the mappings that the merge key's value at `value[at]` names are: one
        mapping, or each item of a list (TR010 for anything else)."""
        kind = type(value[at])
        if kind is _MAP_START:
            return [(at, ends[at])]
        found = []
        if kind is _SEQ_START:
            at += 1
            while type(value[at]) is not _SEQ_END:
                if type(value[at]) is _MAP_START:
                    found.append((at, ends[at]))
                else:
                    self.yaml_problem(key, "bad merge")
                at = ends[at]
        else:
            self.yaml_problem(key, "bad merge")
        return found

    @staticmethod
    def fallback(event: Any, field: Field) -> str | int | None:
        if type(event) is _SCALAR and field.kind in (
            ValueKind.TEXT,
            ValueKind.ID,
            ValueKind.ENUM,
        ):
            return event.value
        if field.kind is ValueKind.COUNT:
            return 0  # a stand-in; the bad count is reported
        return None

    def one_record(self, start: Any, field: Field, depth: int, parent: dict[str, Any]) -> Any:
        """The model of a key whose value is one record, or None (every problem reported;
        a record that cannot be built is kept as `Broken` for the checks)."""
        assert field.record is not None
        values = self.record(start, field.record, depth)
        if not values:
            return None
        try:
            obj = _BUILDERS[field.record](values)
        except (KeyError, ValueError):
            self.out.offsets[id(values)] = start.start_mark.index
            self.out.broken.append(Broken(field.record, values, parent))
            return None
        self.out.offsets[id(obj)] = start.start_mark.index
        return obj

    def record_list(
        self, start: Any, field: Field, depth: int, parent: dict[str, Any]
    ) -> tuple[Any, ...] | None:
        if type(start) is not _SEQ_START:
            if type(start) is _SCALAR and not start.style and start.value in _NULL:
                if start.tag is not None:
                    self.bad_tag(start)
                return ()  # `relations:` left empty is an empty list
            self.not_scalar(start, field, depth)
            return None
        if start.tag is not None:
            self.bad_tag(start)
        self.check_depth(start, depth)
        assert field.record is not None
        name = field.record
        build = _BUILDERS[name]
        offsets = self.out.offsets
        get = self.get
        record = self.record
        built = []
        inner = depth + 1
        while True:
            event = get()
            if type(event) is _SEQ_END:
                break
            values = record(event, name, inner)
            at = event.start_mark.index
            try:
                obj = build(values)
            except (KeyError, ValueError):  # a missing id or date, a bad enum: reported
                if values:  # kept for the checks of what it holds
                    offsets[id(values)] = at
                    self.out.broken.append(Broken(name, values, parent))
                continue
            offsets[id(obj)] = at
            built.append(obj)
        return tuple(built)


def _builder(record: Record) -> Callable[[dict[str, Any]], Any]:
    """What builds a record's model from its converted values, which are keyed by the
    model's attribute names; KeyError when a required value is missing or an enum word is
    not a member (both reported already: the record is kept as `Broken`)."""
    model = record.model
    assert model is not None
    required = frozenset(f.key for f in record.fields if f.required)
    # Enum members by value: a dict lookup, where calling the enum class is several times
    # slower.
    enums = tuple((f.key, {m.value: m for m in f.enum}) for f in record.fields if f.enum)

    def build(values: dict[str, Any]) -> Any:
        if not required <= values.keys():
            raise KeyError(sorted(required - values.keys()))
        for key, members in enums:
            if key in values:
                values[key] = members[values[key]]
        return model(**values)

    return build


_BUILDERS: Final = {name: _builder(r) for name, r in RECORDS.items() if r.model is not None}


def _ends(events: list[Any]) -> list[int]:
    """For each index in `events`, the index after the node that starts there (for an end
    event, the index after it): one pass with a stack."""
    ends = list(range(1, len(events) + 1))
    open_at: list[int] = []
    for i, event in enumerate(events):
        kind = type(event)
        if kind is _MAP_START or kind is _SEQ_START:
            open_at.append(i)
        elif kind is _MAP_END or kind is _SEQ_END:
            ends[open_at.pop()] = i + 1
    return ends


def _convert(text: str, path: str, limits: Limits) -> Converted:
    """Run a converter over the text's one stream; when the YAML turns out unreadable (a
    syntax error, a limit, a second document), only the problems of the YAML itself are
    kept."""
    get, push_merged = events(text, path, limits)
    converter = _Converter(path, get, limits, push_merged)
    try:
        converter.document()
    except StopReadingError as stop:
        converter.reading.extend(stop.args)
        return Converted(path, diagnostics=converter.reading, limits=limits, complete=False)
    except yaml.YAMLError as error:
        converter.reading.append(yaml_error(error, text, path, limits))
        return Converted(path, diagnostics=converter.reading, limits=limits, complete=False)
    except _TooManyProblemsError:
        # the problems found so far, and why there are no more; no records to check
        found = sorted([*converter.reading, *converter.out.diagnostics], key=sort_key)
        last, limit = found[-1], converter.max_problems
        found.append(yaml_problem("too many problems", path, last.line, last.column, limit=limit))
        return Converted(path, diagnostics=found, limits=limits, complete=False)
    finally:
        # the plans hold bound methods of the converter: a cycle that would keep it and its
        # parser alive while the collector is paused (100,000 small files held gigabytes)
        converter.plans.clear()
    out = converter.out
    out.text = text
    # (a record's own problems are reported for each record an alias puts them in)
    out.diagnostics[:0] = converter.reading
    return out


def convert(data: bytes, path: str, limits: Limits | None = None) -> Converted:
    """Convert one file's bytes into records, with every problem in `.diagnostics` (when
    the file cannot be read as YAML, no records and the reason).

    >>> convert(b"treatyreg: 1\\nparties:\\n  - id: NO\\n    name: Norway\\n", "a").parties
    [Party(id='NO', name='Norway', aliases=(), notes=None, identifiers=())]
    >>> [d.code for d in convert(b"a: [", "a").diagnostics]
    ['TR003']
    """
    limits = limits or Limits()
    text, problems = decode(data, path, limits)
    if text is None:
        return Converted(path, diagnostics=problems, limits=limits, complete=False)
    try:
        out = _convert(text, path, limits)
    except yaml.YAMLError as error:  # PyYAML's own reader checks the characters at once
        problems = [yaml_error(error, text, path, limits)]
        out = Converted(path, diagnostics=problems, limits=limits, complete=False)
    lines = Lines(text)
    out.diagnostics = lines.fix_all(out.diagnostics)
    out._lines = lines
    return out

"""File format v1 as data: every record's keys, their value kinds, and which are required.

This table is the one source of truth for the format: `treatyreg._convert` reads files by
it, `treatyreg._schema` turns it into JSON Schema, and `treatyreg.writing` writes keys in
its order.
"""

from __future__ import annotations

import enum
import re
from typing import Any, Final

import attrs

from treatyreg._characters import BIDI, C1, LINE_SEPARATORS
from treatyreg.lifecycle import Action, Means
from treatyreg.model import (
    _PERIOD,
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
)

__all__ = [
    "FORMAT_VERSION",
    "KINDS",
    "LEVELS",
    "MULTILINE_KEYS",
    "QUALIFIERS",
    "RECORDS",
    "Field",
    "Record",
    "ValueKind",
    "language_problem",
]

FORMAT_VERSION: Final = 1

ID_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$"
ID_RE: Final = re.compile(ID_PATTERN)
TOPIC_PATTERN: Final = r"^[a-z0-9][a-z0-9_-]{0,63}$"
TOPIC_RE: Final = re.compile(TOPIC_PATTERN)
# A character of a url or an identifier: no space, and nothing a terminal acts on (control
# characters, bidi controls), which would make a link show one address and lead to another.
_VISIBLE: Final = rf"[^\s\x00-\x1f{C1}{BIDI}]"
URL_PATTERN: Final = rf"^https?://{_VISIBLE}+$"
URL_RE: Final = re.compile(URL_PATTERN)
# An external identifier: `scheme:value`, e.g. wikidata:Q1056, iso3166:FIN, untc:XXVI-5.
IDENTIFIER_PATTERN: Final = rf"^[a-z][a-z0-9_-]{{0,31}}:{_VISIBLE}{{1,200}}$"
IDENTIFIER_RE: Final = re.compile(IDENTIFIER_PATTERN)
# A language tag as RFC 5646 (BCP 47) writes one, `langtag` or `privateuse`: language (with
# up to three extlang subtags), script, region, variants, extensions, private use. Its
# "grandfathered" irregular tags (i-klingon, en-GB-oed ...), all deprecated, are refused:
# write their preferred values (tlh, en-GB-oxendict).
_LANGTAG: Final = (
    r"(?:[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3}|[A-Za-z]{4,8})"  # language, extlang
    r"(?:-[A-Za-z]{4})?"  # script
    r"(?:-(?:[A-Za-z]{2}|[0-9]{3}))?"  # region
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"  # variants
    r"(?:-[0-9A-WY-Za-wy-z](?:-[A-Za-z0-9]{2,8})+)*"  # extensions
    r"(?:-[xX](?:-[A-Za-z0-9]{1,8})+)?"  # private use
)
LANGUAGE_PATTERN: Final = rf"^(?:{_LANGTAG}|[xX](?:-[A-Za-z0-9]{{1,8}})+)$"
_LANGUAGE_RE: Final = re.compile(LANGUAGE_PATTERN)

LEVELS: Final = ("state", "government", "agency")
"""Who concluded an agreement: the states (heads of state), the governments, or ministries,
services and other agencies."""

QUALIFIERS: Final = ("about", "at_least", "exactly")
COUNTED: Final = ("signed", "in_force")
"""What a reported total counts: agreements signed by the day, or those in force on it."""
"""How a reported total was said: "about 130", "over 130" (at least), "83" (exactly)."""

KINDS: Final = (
    "treaty",
    "agreement",
    "protocol",
    "memorandum",
    "exchange_of_notes",
    "convention",
    "charter",
    "declaration",
    "other",
)


class ValueKind(enum.Enum):
    """What a key's value must be."""

    TEXT = "text"
    ID = "id"
    TOPIC = "topic"
    URL = "url"
    DATE = "date"
    DAY = "day"  # one day, YYYY-MM-DD
    COUNT = "count"  # a whole number >= 0
    BOOL = "bool"
    VERSION = "version"
    ENUM = "enum"
    TEXT_LIST = "text list"
    ID_LIST = "id list"
    TOPIC_LIST = "topic list"
    IDENTIFIER = "identifier"  # scheme:value
    IDENTIFIER_LIST = "identifier list"
    LANGUAGE = "language tag"  # BCP 47, e.g. ru, os, ab, sr-Latn
    TEXT_BY_LANGUAGE = "text by language tag"  # a mapping, e.g. {ru: ..., os: ...}
    RECORD_LIST = "list of records"
    RECORD = "record"  # one mapping of a record's keys


# The text keys whose values may hold line breaks (free text in paragraphs); in any other
# text a line break is reported (TR222), as control and bidi characters are everywhere.
MULTILINE_KEYS: Final = frozenset({"notes", "note"})

# What TR222 reports in text: control characters (a line break only in one-line values),
# the line and paragraph separators, and the bidi controls that reorder what is shown.
# A tab is let through: it shows as space.
_UNSHOWN: Final = re.compile(f"[\x00-\x08\x0a-\x1f{C1}{LINE_SEPARATORS}{BIDI}]")
_BIDI: Final = re.compile(f"[{BIDI}]")


def unshown_in(text: str, key: str, name: bool = False) -> str | None:
    r"""The first character of the text value of `key` that TR222 reports, or None: a
    control or bidi character, or a line break where the key is not free text in
    paragraphs. In a party's name (`name=True`) a bidi control is TR213's, an error.

    >>> unshown_in("Treaty\x1b[31m", "title"), unshown_in("a\nb", "notes")
    ('\x1b', None)
    """
    for found in _UNSHOWN.finditer(text):
        char = found[0]
        if char == "\n" and key in MULTILINE_KEYS:
            continue
        if name and _BIDI.fullmatch(char):
            continue
        return char
    return None


def unshown_problem(key: str, char: str) -> tuple[str, str]:
    """TR222's message and hint for `char` in the value of `key`."""
    what = "a line break" if char == "\n" else f"the character U+{ord(char):04X}"
    return (
        f"`{key}` holds {what}",
        "a terminal or a CI log acts on control and bidi characters, and a line break "
        "splits a one-line value: remove it (treatyreg shows such text escaped)",
    )


def language_problem(tag: str) -> str | None:
    """Why `tag` is not a well-formed BCP 47 language tag (RFC 5646, section 2.2.9), or
    None: its syntax, and no variant or extension singleton given twice (case aside).

    >>> language_problem("ru"), language_problem("sr-Latn-RS"), language_problem("x-osc")
    (None, None, None)
    >>> language_problem("russian language")
    'not a BCP 47 language tag (e.g. ru, os, ab, sr-Latn)'
    >>> language_problem("de-1901-1901")
    "the variant '1901' is given twice"
    """
    if len(tag) > 100 or not _LANGUAGE_RE.fullmatch(tag):
        return "not a BCP 47 language tag (e.g. ru, os, ab, sr-Latn)"
    parts = tag.lower().split("-")
    if "x" in parts:
        parts = parts[: parts.index("x")]
    singletons = [p for p in parts[1:] if len(p) == 1]
    first = next((i for i, p in enumerate(parts) if i and len(p) == 1), len(parts))
    variants = [p for p in parts[1:first] if len(p) >= 5 or (len(p) == 4 and p[0].isdigit())]
    for kind, found in (("variant", variants), ("extension", singletons)):
        twice = next((p for i, p in enumerate(found) if p in found[:i]), None)
        if twice is not None:
            return f"the {kind} {twice!r} is given twice"
    return None


# Each list kind and the kind of its items: read, written and given a schema by this.
LIST_ITEMS: Final[dict[ValueKind, ValueKind]] = {
    ValueKind.TEXT_LIST: ValueKind.TEXT,
    ValueKind.ID_LIST: ValueKind.ID,
    ValueKind.TOPIC_LIST: ValueKind.TOPIC,
    ValueKind.IDENTIFIER_LIST: ValueKind.IDENTIFIER,
}


@attrs.frozen
class Field:
    """One key of a record."""

    key: str
    kind: ValueKind
    required: bool = False
    description: str = ""
    choices: tuple[str, ...] = ()
    record: str | None = None  # for RECORD_LIST and RECORD: the name of the item record
    min_items: int = 0
    refers: str | None = None  # for ids of other records: "party", "source" or "agreement"
    enum: type[enum.StrEnum] | None = None  # for ENUM: the model's enum, when it has one
    pattern: str | None = None  # for TEXT: a regular expression the whole value matches


@attrs.frozen
class Record:
    """A mapping in the file: its name, description and keys in canonical order."""

    name: str
    description: str
    fields: tuple[Field, ...]
    # the class its values build (keys are its attribute names); None for the file itself
    model: type[Any] | None = None

    def field(self, key: str) -> Field | None:
        """The field for `key`, or None."""
        for f in self.fields:
            if f.key == key:
                return f
        return None


_T = ValueKind
RECORDS: Final[dict[str, Record]] = {
    r.name: r
    for r in (
        Record(
            "registry",
            "A treatyreg registry file (format version 1).",
            (
                Field("treatyreg", _T.VERSION, True, "The format version: 1."),
                Field(
                    "as_of",
                    _T.DAY,
                    description="The day the data was last reviewed (YYYY-MM-DD): statuses "
                    "are judged on it when no day is asked for.",
                ),
                Field(
                    "parties",
                    _T.RECORD_LIST,
                    record="party",
                    description="States and other entities that are parties.",
                ),
                Field(
                    "sources",
                    _T.RECORD_LIST,
                    record="source",
                    description="Documents and pages that facts are cited from.",
                ),
                Field(
                    "agreements",
                    _T.RECORD_LIST,
                    record="agreement",
                    description="The agreements, each with its sourced lifecycle.",
                ),
                Field(
                    "reported_totals",
                    _T.RECORD_LIST,
                    record="reported_total",
                    description="Counts of agreements that officials reported.",
                ),
            ),
        ),
        Record(
            "party",
            "A state or other entity that can be party to an agreement.",
            (
                Field("id", _T.ID, True, "Short id, e.g. RU; always text."),
                Field("name", _T.TEXT, True, "The name used in the registry."),
                Field("aliases", _T.TEXT_LIST, description="Other names, contested ones included."),
                Field(
                    "identifiers",
                    _T.IDENTIFIER_LIST,
                    description="Its ids elsewhere, as scheme:value (iso3166:FIN, wikidata:Q33).",
                ),
                Field("notes", _T.TEXT, description="Free text."),
            ),
            model=Party,
        ),
        Record(
            "source",
            "A document or page that facts are cited from.",
            (
                Field("id", _T.ID, True, "Id that events cite."),
                Field("title", _T.TEXT, True, "Headline or document title."),
                Field("publisher", _T.TEXT, description="Outlet or institution."),
                Field("published", _T.DATE, description="Publication date (EDTF)."),
                Field("url", _T.URL, description="Where it was read (http or https)."),
                Field("notes", _T.TEXT, description="Free text."),
            ),
            model=Source,
        ),
        Record(
            "agreement",
            "A treaty or agreement and its lifecycle.",
            (
                Field("id", _T.ID, True, "Stable id, e.g. ru-so-2017-units-entry."),
                Field("title", _T.TEXT, True, "The title as the sources give it."),
                Field("aliases", _T.TEXT_LIST, description="Other titles or renderings."),
                Field(
                    "titles",
                    _T.TEXT_BY_LANGUAGE,
                    description="The title in the languages of the text, by BCP 47 language "
                    "tag: {ru: Соглашение ...}.",
                ),
                Field("kind", _T.ENUM, True, "What kind of instrument it is.", choices=KINDS),
                Field(
                    "level",
                    _T.ENUM,
                    description="Who concluded it: the states, the governments, or agencies "
                    "(ministries, services, prosecutors' offices).",
                    choices=LEVELS,
                ),
                Field("parties", _T.ID_LIST, True, "Party ids.", min_items=1, refers="party"),
                Field("topics", _T.TOPIC_LIST, description="Lowercase topic slugs."),
                Field(
                    "identifiers",
                    _T.IDENTIFIER_LIST,
                    description="Its ids elsewhere, as scheme:value (untc:XXVI-5, "
                    "un:35597, cets:210, wikidata:Q...).",
                ),
                Field("depositary", _T.TEXT, description="Who keeps the instruments."),
                Field("notes", _T.TEXT, description="Free text, in the registry's own words."),
                Field(
                    "entry_into_force_rule",
                    _T.RECORD,
                    record="entry_into_force_rule",
                    description="Of a multilateral agreement: how its article dates its entry "
                    "into force for each party from the party's consent.",
                ),
                Field(
                    "events",
                    _T.RECORD_LIST,
                    record="event",
                    description="Dated, sourced steps of its life.",
                ),
                Field(
                    "relations",
                    _T.RECORD_LIST,
                    record="relation",
                    description="Links to other agreements.",
                ),
                Field(
                    "sources",
                    _T.ID_LIST,
                    True,
                    "Source ids for the record.",
                    min_items=1,
                    refers="source",
                ),
            ),
            model=Agreement,
        ),
        Record(
            "event",
            "One dated, sourced step in an agreement's life.",
            (
                Field(
                    "action",
                    _T.ENUM,
                    True,
                    "What happened.",
                    choices=tuple(str(a) for a in Action),
                    enum=Action,
                ),
                Field("date", _T.DATE, True, "When (EDTF): the preferred claim."),
                Field(
                    "party",
                    _T.ID,
                    description="The party that took a domestic step.",
                    refers="party",
                ),
                Field(
                    "means",
                    _T.ENUM,
                    description="Of `ratified`: how the party consented (default ratification).",
                    choices=tuple(str(m) for m in Means),
                    enum=Means,
                ),
                Field(
                    "notified",
                    _T.DATE,
                    description="Of `withdrawn`: the day the withdrawal was notified (EDTF).",
                ),
                Field(
                    "territories",
                    _T.TEXT_LIST,
                    description="Of a party's `signed`, `ratified`, `declaration` or "
                    "`withdrawn`: the territories it names (needs `territorial`).",
                ),
                Field(
                    "territorial",
                    _T.ENUM,
                    description="What the step does with its `territories`: leaves them out "
                    "(`excludes`) or applies to them (`extends to`).",
                    choices=TERRITORIAL,
                ),
                Field("body", _T.TEXT, description="The body that acted, e.g. State Duma."),
                Field("place", _T.TEXT, description="Where it happened."),
                Field("sources", _T.ID_LIST, True, "Source ids.", min_items=1, refers="source"),
                Field("note", _T.TEXT, description="Free text; why this date is preferred."),
                Field(
                    "alternatives",
                    _T.RECORD_LIST,
                    record="claim",
                    description="Other sources' dates for the same step.",
                ),
            ),
            model=Event,
        ),
        Record(
            "entry_into_force_rule",
            "How an agreement's article dates its entry into force for each party.",
            (
                Field(
                    "after",
                    _T.TEXT,
                    True,
                    "The period after the party's consent: `N days` or `N months`.",
                    pattern=_PERIOD.pattern,
                ),
                Field(
                    "then",
                    _T.ENUM,
                    description="Where the day then moves: to the first day of the month the "
                    "period ends in, or of the month after.",
                    choices=THEN,
                ),
                Field(
                    "applies_after",
                    _T.DAY,
                    description="Consents after this day follow the rule; those on or before "
                    "it enter into force with the general entry into force (default: the "
                    "general entry into force's day).",
                ),
                Field(
                    "article",
                    _T.TEXT,
                    True,
                    "The article the rule is taken from, e.g. Article 17(2).",
                ),
                Field("sources", _T.ID_LIST, True, "Source ids.", min_items=1, refers="source"),
            ),
            model=EntryIntoForceRule,
        ),
        Record(
            "claim",
            "A date another source gives for the same event.",
            (
                Field("date", _T.DATE, True, "The other date (EDTF)."),
                Field("sources", _T.ID_LIST, True, "Source ids.", min_items=1, refers="source"),
                Field(
                    "place",
                    _T.TEXT,
                    description="Where this source says it happened, when that differs.",
                ),
                Field("note", _T.TEXT, description="Why it is not the preferred one."),
            ),
            model=Claim,
        ),
        Record(
            "relation",
            "A stated link from this agreement to another.",
            (
                Field(
                    "type",
                    _T.ENUM,
                    True,
                    "How they relate.",
                    choices=tuple(str(t) for t in RelationType),
                    enum=RelationType,
                ),
                Field("target", _T.ID, True, "The other agreement's id.", refers="agreement"),
                Field("note", _T.TEXT, description="Free text."),
                Field("sources", _T.ID_LIST, description="Source ids.", refers="source"),
            ),
            model=Relation,
        ),
        Record(
            "reported_total",
            "A count of agreements that an official reported.",
            (
                Field(
                    "parties",
                    _T.ID_LIST,
                    True,
                    "The parties counted between.",
                    min_items=1,
                    refers="party",
                ),
                Field("count", _T.COUNT, True, "The number reported."),
                Field(
                    "qualifier",
                    _T.ENUM,
                    description="How it was said: about N, at_least N ('over N'), exactly N.",
                    choices=QUALIFIERS,
                ),
                Field(
                    "approximate",
                    _T.BOOL,
                    description="True for 'about N' (the older spelling of `qualifier: about`).",
                ),
                Field(
                    "counted",
                    _T.ENUM,
                    description="What was counted: `signed` (default: agreements concluded by "
                    "the day) or `in_force` (those in force on it).",
                    choices=COUNTED,
                ),
                Field("as_of", _T.DATE, True, "The day it was reported (EDTF)."),
                Field("sources", _T.ID_LIST, True, "Source ids.", min_items=1, refers="source"),
                Field("note", _T.TEXT, description="Free text."),
            ),
            model=ReportedTotal,
        ),
    )
}

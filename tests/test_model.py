"""Tests for treatyreg.model: frozen records and what an agreement derives from its events."""

from __future__ import annotations

import copy
import pickle
import unicodedata

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import treatyreg
from treatyreg import Action, Agreement, Event, FuzzyDate, Party, Status, strategies
from treatyreg.model import name_key


def ev(action: Action, date: str, party: str | None = None) -> Event:
    return Event(action, FuzzyDate.parse(date), party=party, sources=("s",))


UNITS = Agreement(
    "units",
    "Units",
    "agreement",
    ("RU", "XSO"),
    events=(
        ev(Action.SIGNED, "2017-03-31"),
        ev(Action.RATIFIED, "2017-07-12", "XSO"),
        ev(Action.RATIFIED, "2018-01-31/2018-02-05", "RU"),
        ev(Action.ENTERED_INTO_FORCE, "../2019-12-17"),
    ),
    sources=("s",),
)


def test_frozen() -> None:
    """Records cannot be changed after creation; tuples make that deep."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        UNITS.title = "x"  # type: ignore[misc]
    assert isinstance(UNITS.events, tuple)


def test_signed_is_derived() -> None:
    """`signed` is the `signed` event's date, not stored twice."""
    assert str(UNITS.signed) == "2017-03-31"
    assert attrs.evolve(UNITS, events=UNITS.events[1:]).signed is None


def test_entered_into_force_and_events_of() -> None:
    """Shortcuts find events by action."""
    assert str(UNITS.entered_into_force) == "../2019-12-17"
    assert [e.party for e in UNITS.events_of("ratified")] == ["XSO", "RU"]


@pytest.mark.parametrize(
    ("day", "status"),
    [
        ("2017-03-30", None),
        ("2017-03-31", Status.SIGNED),
        ("2017-07-12", Status.IN_RATIFICATION),
        ("2018-02-04", Status.IN_RATIFICATION),  # Russia's step not definite before 02-05
        ("2018-02-05", Status.RATIFIED),
        ("17 December 2019", Status.IN_FORCE),
    ],
)
def test_status_on(day: str, status: Status | None) -> None:
    """status_on() folds the events that definitely happened by the day."""
    assert UNITS.status_on(day) is status


def test_party_status() -> None:
    """Each party's own timeline: South Ossetia ratified months before Russia."""
    assert UNITS.party_status("XSO", "2017-08-01") is Status.RATIFIED
    assert UNITS.party_status("RU", "2017-08-01") is Status.SIGNED
    with pytest.raises(KeyError, match="'XAB' is not a party"):
        UNITS.party_status("XAB")


def test_status_is_today() -> None:
    """`status` is the status today: in force, as of the 2019 report."""
    assert UNITS.status is Status.IN_FORCE


def test_party_names() -> None:
    """A party's names are its name, then its aliases."""
    p = Party("XSO", "Republic of South Ossetia", ("South Ossetia", "Tskhinvali Region"))
    assert p.names == ("Republic of South Ossetia", "South Ossetia", "Tskhinvali Region")


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Cura\u00e7ao", "Curac\u0327ao"),  # NFC and NFD
        ("CURAC\u0327AO", "cura\u00e7ao"),
        ("\ufb01ji", "Fiji"),  # the fi ligature is a compatibility form of f, i
        ("\uff35\uff33\uff21", "usa"),  # fullwidth letters
        ("South\u00a0Ossetia", "south  ossetia"),  # no-break space
        ("Stra\u00dfe", "STRASSE"),
        ("Igd\u0131r", "IGDIR"),  # dotless i, kept from before
    ],
)
def test_name_key_unicode(a: str, b: str) -> None:
    """Names that differ only by normalisation, compatibility forms or case are one name."""
    assert name_key(a) == name_key(b)


def test_name_key_keeps_distinct_names_apart() -> None:
    """Normalising does not merge names that differ in letters or accents."""
    assert name_key("Cura\u00e7ao") != name_key("Curacao")
    assert name_key("Abkhazia") != name_key("Abhazia")


# Characters whose case mapping, normalisation or both are unusual: iota subscript (U+0345),
# Greek with several accents, dotted and dotless i, sharp s, ligatures, Cherokee, Kelvin and
# Angstrom signs, final sigma, Roman numerals, circled letters, ideographic space.
_TRICKY = (
    "\u0345\u0399\u03b9\u1fb3\u1fb4\u0301\u0308\u0323\u0327\u0130\u0131iI\u00df\u1e9e"
    "\ufb01\u01c5\u13a0\uab70\u0390\u1fd3\u2126\u212a\u00b5\u0149\u01f0\u00a8 \u3000"
    "\u2160\u2170\u24b6\u24d0\u0587\u1f80\u1f88\u0342\u0313\u03c2\u03a3\u00c5\u212bcC\u00e7"
)


@given(st.text() | st.text(alphabet=_TRICKY, max_size=8))
def test_name_key_ignores_normal_form_and_case(x: str) -> None:
    """NFD, NFC and upper case of a name all have the same key, and the key is stable.

    Upper case is taken of the NFC form: a name not in canonical order, such as U+0345 U+0301,
    can move an accent across U+0345 when upper-cased, which no key could undo.
    """
    key = name_key(x)
    nfc = unicodedata.normalize("NFC", x)
    assert name_key(unicodedata.normalize("NFD", x)) == key
    assert name_key(nfc) == key
    assert name_key(nfc.upper()) == key
    assert name_key(key) == key


@given(strategies.registries())
def test_a_registry_survives_pickling_field_by_field(reg: treatyreg.Registry) -> None:
    """The cache stores pickled registries; the model's classes pickle as tuples of their
    fields' values (`_pickling.tuple_state`), which must give back every field."""
    back = pickle.loads(pickle.dumps(reg, protocol=pickle.HIGHEST_PROTOCOL))
    assert back == reg
    for mine, theirs in zip(reg, back, strict=True):
        assert attrs.asdict(theirs, recurse=True) == attrs.asdict(mine, recurse=True)
        for event, event_back in zip(mine.events, theirs.events, strict=True):
            for name in ("lower", "upper", "precision", "qualifier", "is_interval"):
                assert getattr(event_back.date, name) == getattr(event.date, name)
    assert copy.deepcopy(reg.agreements[:1]) == reg.agreements[:1]


def test_a_state_of_another_shape_is_refused() -> None:
    """An old entry's state (attrs' dict, or a tuple of another length) is an error, which
    the cache counts as a miss, never a half-built object."""
    event = Event(Action.SIGNED, FuzzyDate.parse("2017-03-31"), sources=("s",))
    blank = Event.__new__(Event)
    with pytest.raises(ValueError, match="shorter"):
        blank.__setstate__(event.__getstate__()[:-1])
    old_format = {f.name: getattr(event, f.name) for f in attrs.fields(Event)}  # attrs' own
    with pytest.raises(ValueError, match="as a tuple"):
        blank.__setstate__(old_format)

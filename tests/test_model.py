"""Tests for treatyreg.model: frozen records and what an agreement derives from its events."""

from __future__ import annotations

import attrs
import pytest

from treatyreg import Action, Agreement, Event, FuzzyDate, Party, Status


def ev(action: Action, date: str, party: str | None = None) -> Event:
    return Event(action, FuzzyDate.parse(date), party=party, sources=("s",))


UNITS = Agreement(
    "units",
    "Units",
    "agreement",
    ("RU", "SO"),
    events=(
        ev(Action.SIGNED, "2017-03-31"),
        ev(Action.RATIFIED, "2017-07-12", "SO"),
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
    assert [e.party for e in UNITS.events_of("ratified")] == ["SO", "RU"]


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
    assert UNITS.party_status("SO", "2017-08-01") is Status.RATIFIED
    assert UNITS.party_status("RU", "2017-08-01") is Status.SIGNED
    with pytest.raises(KeyError, match="'AB' is not a party"):
        UNITS.party_status("AB")


def test_status_is_today() -> None:
    """`status` is the status today: in force, as of the 2019 report."""
    assert UNITS.status is Status.IN_FORCE


def test_party_names() -> None:
    """A party's names are its name, then its aliases."""
    p = Party("SO", "Republic of South Ossetia", ("South Ossetia", "Tskhinvali Region"))
    assert p.names == ("Republic of South Ossetia", "South Ossetia", "Tskhinvali Region")

"""Tests for treatyreg.errors: every error is a TreatyregError and the built-in that fits."""

from __future__ import annotations

import inspect

import pytest

import treatyreg
from treatyreg import errors


@pytest.mark.parametrize(
    "error",
    [e for _, e in inspect.getmembers(errors, inspect.isclass) if e.__module__ == errors.__name__],
)
def test_every_error_is_a_treatyreg_error(error: type[Exception]) -> None:
    """One base to catch them all, and each a built-in exception users already catch."""
    assert issubclass(error, errors.TreatyregError)
    assert error.__doc__
    assert issubclass(treatyreg.ValidationError, errors.TreatyregError)


def test_lookups_raise_the_named_errors() -> None:
    """An unknown agreement, source or party, or a non-party: each its own error, a KeyError
    or LookupError whose message reads as a sentence."""
    reg = treatyreg.load_default()
    with pytest.raises(errors.UnknownAgreementError) as caught:
        reg["ru-so-2017-unit-entry"]
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == (
        "no agreement 'ru-so-2017-unit-entry'; did you mean 'ru-so-2017-units-entry'?"
    )
    with pytest.raises(errors.UnknownSourceError, match="no source 'nope'"):
        reg.source("nope")
    with pytest.raises(errors.UnknownPartyError):
        reg.party("Atlantis")
    units = reg["ru-so-2017-units-entry"]
    with pytest.raises(errors.NotAPartyError, match="'XAB' is not a party"):
        units.party_status("XAB")
    with pytest.raises(errors.DateError):
        treatyreg.FuzzyDate.parse("2017-13")
    assert issubclass(treatyreg.DateError, ValueError)

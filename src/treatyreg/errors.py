"""Every error treatyreg raises on purpose, in one place.

Each subclasses `TreatyregError` and the built-in exception that fits, so that both
`except TreatyregError` and the usual `except KeyError` / `except ValueError` catch it:

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> try:
...     reg["no-such-agreement"]
... except KeyError as error:
...     print(error)
no agreement 'no-such-agreement'

`ValidationError` (a registry that could not be loaded) lives with the diagnostics it
carries, in `treatyreg.diagnostics`; it too is a `TreatyregError` and a `ValueError`.
"""

from __future__ import annotations

__all__ = [
    "AmbiguousNameError",
    "DateError",
    "FilterError",
    "NotAPartyError",
    "RegistryNotFoundError",
    "TooManyLanesError",
    "TreatyregError",
    "UnknownAgreementError",
    "UnknownIdentifierError",
    "UnknownPartyError",
    "UnknownSourceError",
    "UnknownValueError",
]


class TreatyregError(Exception):
    """Base class of the errors treatyreg raises on purpose.

    >>> issubclass(DateError, TreatyregError)
    True
    """


class DateError(TreatyregError, ValueError):
    """A date text that is not one of the accepted forms; the message quotes it.

    >>> from treatyreg import FuzzyDate
    >>> FuzzyDate.parse("2017-13")
    Traceback (most recent call last):
      ...
    treatyreg.errors.DateError: invalid date '2017-13': month 13 is not 01-12
    """


class _LookupMessageError(TreatyregError, KeyError):
    """A KeyError whose message reads as a sentence (`KeyError` itself shows its repr)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class UnknownAgreementError(_LookupMessageError):
    """No agreement has this id (`registry[id]`); the message suggests a close one."""


class UnknownSourceError(_LookupMessageError):
    """No source has this id (`registry.source(id)`)."""


class UnknownIdentifierError(_LookupMessageError):
    """No agreement or party carries this identifier (`registry.by_identifier(...)`)."""


class NotAPartyError(_LookupMessageError):
    """A party that is not a party to the agreement asked about (`party_status`)."""


class UnknownPartyError(TreatyregError, LookupError):
    """No party has this id, name or alias."""


class UnknownValueError(TreatyregError, LookupError, ValueError):
    """A query value (a topic, kind or status) that nothing in the registry has; the
    message suggests the close ones, and `candidates` holds them. A LookupError, and a
    ValueError as a bad status always was.

    >>> import treatyreg
    >>> treatyreg.load_default().filter(topic="defense")
    Traceback (most recent call last):
      ...
    treatyreg.errors.UnknownValueError: no topic 'defense'; did you mean 'defence'?
    """

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class AmbiguousNameError(TreatyregError, LookupError):
    """A title or alias that more than one agreement has (`registry.agreement(name)`);
    `candidates` holds their ids."""

    def __init__(self, message: str, candidates: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.candidates = candidates


class TooManyLanesError(TreatyregError, ValueError):
    """More agreements than a timeline picture can show one lane each; the message says
    how many, and what to do instead."""


class FilterError(TreatyregError, ValueError):
    """Keywords of `Registry.filter` that cannot go together: `party_status` (one party's
    standing) with no party, or with several.

    >>> import treatyreg
    >>> treatyreg.load_default().filter(party_status="in force")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
      ...
    treatyreg.errors.FilterError: party_status is the standing of one party: give exactly ...
    """


class RegistryNotFoundError(TreatyregError, FileNotFoundError):
    """`load` of a path that does not exist: a `FileNotFoundError` (and a `TreatyregError`),
    not a registry with a problem."""

    def __str__(self) -> str:
        return str(self.strerror)

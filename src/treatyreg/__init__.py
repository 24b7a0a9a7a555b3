"""treatyreg: a typed, sourced registry of treaties and agreements, kept as YAML.

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> reg["ru-so-2017-units-entry"].status_on("2019-12-17")
<Status.IN_FORCE: 'in_force'>

The names below are imported on first use (PEP 562), so `import treatyreg` stays fast for
command-line tools and notebooks that need only part of the library.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from treatyreg._version import __version__

if TYPE_CHECKING:
    from treatyreg._limits import Limits
    from treatyreg.dates import FuzzyDate, Precision
    from treatyreg.diagnostics import Diagnostic, Severity, ValidationError
    from treatyreg.errors import (
        DateError,
        NotAPartyError,
        TreatyregError,
        UnknownAgreementError,
        UnknownIdentifierError,
        UnknownPartyError,
        UnknownSourceError,
    )
    from treatyreg.lifecycle import Action, Means, Status
    from treatyreg.loading import load, load_default, loads, validate
    from treatyreg.model import (
        Agreement,
        Claim,
        Event,
        Participation,
        Party,
        Relation,
        RelationType,
        ReportedTotal,
        Source,
    )
    from treatyreg.registry import Coverage, Registry, Related
    from treatyreg.writing import dump, dumps

# name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "Action": "treatyreg.lifecycle",
    "Agreement": "treatyreg.model",
    "Claim": "treatyreg.model",
    "Coverage": "treatyreg.registry",
    "DateError": "treatyreg.errors",
    "Diagnostic": "treatyreg.diagnostics",
    "Event": "treatyreg.model",
    "Means": "treatyreg.lifecycle",
    "Participation": "treatyreg.model",
    "FuzzyDate": "treatyreg.dates",
    "Limits": "treatyreg._limits",
    "NotAPartyError": "treatyreg.errors",
    "Party": "treatyreg.model",
    "Precision": "treatyreg.dates",
    "Registry": "treatyreg.registry",
    "Related": "treatyreg.registry",
    "Relation": "treatyreg.model",
    "RelationType": "treatyreg.model",
    "ReportedTotal": "treatyreg.model",
    "Severity": "treatyreg.diagnostics",
    "Source": "treatyreg.model",
    "Status": "treatyreg.lifecycle",
    "TreatyregError": "treatyreg.errors",
    "UnknownAgreementError": "treatyreg.errors",
    "UnknownIdentifierError": "treatyreg.errors",
    "UnknownPartyError": "treatyreg.errors",
    "UnknownSourceError": "treatyreg.errors",
    "ValidationError": "treatyreg.diagnostics",
    "dump": "treatyreg.writing",
    "dumps": "treatyreg.writing",
    "load": "treatyreg.loading",
    "load_default": "treatyreg.loading",
    "loads": "treatyreg.loading",
    "validate": "treatyreg.loading",
}

__all__ = [
    "Action",
    "Agreement",
    "Claim",
    "Coverage",
    "DateError",
    "Diagnostic",
    "Event",
    "FuzzyDate",
    "Limits",
    "Means",
    "NotAPartyError",
    "Participation",
    "Party",
    "Precision",
    "Registry",
    "Related",
    "Relation",
    "RelationType",
    "ReportedTotal",
    "Severity",
    "Source",
    "Status",
    "TreatyregError",
    "UnknownAgreementError",
    "UnknownIdentifierError",
    "UnknownPartyError",
    "UnknownSourceError",
    "ValidationError",
    "__version__",
    "dump",
    "dumps",
    "load",
    "load_default",
    "loads",
    "validate",
]


def __getattr__(name: str) -> Any:
    try:
        module = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'treatyreg' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups do not come back here
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *__all__])

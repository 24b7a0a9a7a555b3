"""treatyreg: a typed, sourced registry of treaties and agreements, kept as YAML.

>>> import treatyreg
>>> reg = treatyreg.load_default()
>>> reg["ru-so-2017-units-entry"].status_on("2019-12-17")
<Status.IN_FORCE: 'in_force'>
"""

from treatyreg.dates import DateError, FuzzyDate, Precision
from treatyreg.diagnostics import Diagnostic, Severity, TreatyregError, ValidationError
from treatyreg.lifecycle import Action, Status
from treatyreg.loading import load, load_default, loads, validate
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
from treatyreg.reading import Limits
from treatyreg.registry import Coverage, Registry, Related, UnknownPartyError
from treatyreg.writing import dump, dumps

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
    "UnknownPartyError",
    "ValidationError",
    "dump",
    "dumps",
    "load",
    "load_default",
    "loads",
    "validate",
]

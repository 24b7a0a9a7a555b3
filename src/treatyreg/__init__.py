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
    from treatyreg._limits import (
        Limits,
    )
    from treatyreg.changes import (
        Changes,
        diff,
    )
    from treatyreg.dates import (
        FuzzyDate,
        Precision,
        day_or_today,
        parse_bounds,
        parse_day,
    )
    from treatyreg.derive import add_period, derived_date, derived_entries, rule_day
    from treatyreg.diagnostics import (
        CODES,
        Diagnostic,
        Severity,
        ValidationError,
    )
    from treatyreg.errors import (
        AmbiguousNameError,
        DateError,
        FilterError,
        NotAPartyError,
        RegistryNotFoundError,
        TooManyLanesError,
        TreatyregError,
        UnknownAgreementError,
        UnknownIdentifierError,
        UnknownPartyError,
        UnknownSourceError,
        UnknownValueError,
    )
    from treatyreg.evidence import (
        STALE_AFTER_YEARS,
        AsOf,
        Assessment,
        Scope,
        last_evidence,
    )
    from treatyreg.lifecycle import (
        ACTIONS,
        FINAL,
        Action,
        ActionRule,
        Effect,
        Means,
        Status,
        ends,
        fold_status,
        has_party_timelines,
        is_multilateral,
        party_changes,
        party_fold,
        party_statuses,
    )
    from treatyreg.loading import (
        Checked,
        find_files,
        load,
        load_default,
        loads,
        validate,
        validation,
    )
    from treatyreg.model import (
        TERRITORIAL,
        THEN,
        Agreement,
        Claim,
        DerivedEntry,
        EntryIntoForceRule,
        Event,
        Participation,
        Party,
        Relation,
        RelationType,
        ReportedTotal,
        Source,
        derived_from,
        name_key,
        party_changes_of,
        steps_of,
    )
    from treatyreg.registry import (
        Coverage,
        Registry,
        Related,
        registry_of,
        scope,
        status_named,
    )
    from treatyreg.selection import (
        Selection,
    )
    from treatyreg.writing import (
        dump,
        dumps,
    )

# name -> the module that defines it
_EXPORTS: dict[str, str] = {
    "ACTIONS": "treatyreg.lifecycle",
    "Action": "treatyreg.lifecycle",
    "ActionRule": "treatyreg.lifecycle",
    "Agreement": "treatyreg.model",
    "DerivedEntry": "treatyreg.model",
    "EntryIntoForceRule": "treatyreg.model",
    "TERRITORIAL": "treatyreg.model",
    "THEN": "treatyreg.model",
    "add_period": "treatyreg.derive",
    "derived_date": "treatyreg.derive",
    "derived_entries": "treatyreg.derive",
    "derived_from": "treatyreg.model",
    "party_changes_of": "treatyreg.model",
    "steps_of": "treatyreg.model",
    "rule_day": "treatyreg.derive",
    "AmbiguousNameError": "treatyreg.errors",
    "AsOf": "treatyreg.evidence",
    "Assessment": "treatyreg.evidence",
    "CODES": "treatyreg.diagnostics",
    "Changes": "treatyreg.changes",
    "Checked": "treatyreg.loading",
    "Claim": "treatyreg.model",
    "Coverage": "treatyreg.registry",
    "DateError": "treatyreg.errors",
    "Diagnostic": "treatyreg.diagnostics",
    "Effect": "treatyreg.lifecycle",
    "Event": "treatyreg.model",
    "FINAL": "treatyreg.lifecycle",
    "FilterError": "treatyreg.errors",
    "FuzzyDate": "treatyreg.dates",
    "Limits": "treatyreg._limits",
    "Means": "treatyreg.lifecycle",
    "NotAPartyError": "treatyreg.errors",
    "Participation": "treatyreg.model",
    "Party": "treatyreg.model",
    "Precision": "treatyreg.dates",
    "Registry": "treatyreg.registry",
    "RegistryNotFoundError": "treatyreg.errors",
    "Related": "treatyreg.registry",
    "Relation": "treatyreg.model",
    "RelationType": "treatyreg.model",
    "ReportedTotal": "treatyreg.model",
    "STALE_AFTER_YEARS": "treatyreg.evidence",
    "Scope": "treatyreg.evidence",
    "Selection": "treatyreg.selection",
    "Severity": "treatyreg.diagnostics",
    "Source": "treatyreg.model",
    "Status": "treatyreg.lifecycle",
    "TooManyLanesError": "treatyreg.errors",
    "TreatyregError": "treatyreg.errors",
    "UnknownAgreementError": "treatyreg.errors",
    "UnknownIdentifierError": "treatyreg.errors",
    "UnknownPartyError": "treatyreg.errors",
    "UnknownSourceError": "treatyreg.errors",
    "UnknownValueError": "treatyreg.errors",
    "ValidationError": "treatyreg.diagnostics",
    "day_or_today": "treatyreg.dates",
    "diff": "treatyreg.changes",
    "dump": "treatyreg.writing",
    "dumps": "treatyreg.writing",
    "ends": "treatyreg.lifecycle",
    "find_files": "treatyreg.loading",
    "fold_status": "treatyreg.lifecycle",
    "has_party_timelines": "treatyreg.lifecycle",
    "is_multilateral": "treatyreg.lifecycle",
    "last_evidence": "treatyreg.evidence",
    "load": "treatyreg.loading",
    "load_default": "treatyreg.loading",
    "loads": "treatyreg.loading",
    "name_key": "treatyreg.model",
    "parse_bounds": "treatyreg.dates",
    "parse_day": "treatyreg.dates",
    "party_changes": "treatyreg.lifecycle",
    "party_fold": "treatyreg.lifecycle",
    "party_statuses": "treatyreg.lifecycle",
    "registry_of": "treatyreg.registry",
    "scope": "treatyreg.registry",
    "status_named": "treatyreg.registry",
    "validate": "treatyreg.loading",
    "validation": "treatyreg.loading",
}

__all__ = [
    "ACTIONS",
    "CODES",
    "FINAL",
    "STALE_AFTER_YEARS",
    "TERRITORIAL",
    "THEN",
    "Action",
    "ActionRule",
    "Agreement",
    "AmbiguousNameError",
    "AsOf",
    "Assessment",
    "Changes",
    "Checked",
    "Claim",
    "Coverage",
    "DateError",
    "DerivedEntry",
    "Diagnostic",
    "Effect",
    "EntryIntoForceRule",
    "Event",
    "FilterError",
    "FuzzyDate",
    "Limits",
    "Means",
    "NotAPartyError",
    "Participation",
    "Party",
    "Precision",
    "Registry",
    "RegistryNotFoundError",
    "Related",
    "Relation",
    "RelationType",
    "ReportedTotal",
    "Scope",
    "Selection",
    "Severity",
    "Source",
    "Status",
    "TooManyLanesError",
    "TreatyregError",
    "UnknownAgreementError",
    "UnknownIdentifierError",
    "UnknownPartyError",
    "UnknownSourceError",
    "UnknownValueError",
    "ValidationError",
    "__version__",
    "add_period",
    "day_or_today",
    "derived_date",
    "derived_entries",
    "derived_from",
    "diff",
    "dump",
    "dumps",
    "ends",
    "find_files",
    "fold_status",
    "has_party_timelines",
    "is_multilateral",
    "last_evidence",
    "load",
    "load_default",
    "loads",
    "name_key",
    "parse_bounds",
    "parse_day",
    "party_changes",
    "party_changes_of",
    "party_fold",
    "party_statuses",
    "registry_of",
    "rule_day",
    "scope",
    "status_named",
    "steps_of",
    "validate",
    "validation",
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

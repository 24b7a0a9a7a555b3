"""Issue 25's later rounds (4 to 13): each step found, as its page dates it; the status it
gives on a sourced day; the sources, Russian titles, relations and levels recorded with it.

Each row is a fact of data/agreements.yaml from a cited page; the event's `note` says how
its date was read, and docs/data.md ("Rounds 4 to 6" and after) what was searched. The
facts of the first rounds are in test_data.py, whose `test_step` and `test_status_on` also
read this module's `STEPS` and `STATUSES`.
"""

from __future__ import annotations

import pytest

import treatyreg
from treatyreg import Status

from .conftest import BUNDLED_FILE

# (agreement, action, party or None, body or "*" for any, EDTF date as recorded): the one
# event of that action, party and body has this date
STEPS: list[tuple[str, str, str | None, str | None, str]] = [
    ("ru-ab-2008-friendship", "entered_into_force", None, None, "2008-12-23"),
    ("ru-ab-2008-friendship", "ratified", "RUS", "President of Russia", "2008-11-24"),
    ("ru-ab-2009-socio-economic-assistance", "provisionally_applied", None, None, "2009-08-12"),
    ("ru-ab-2010-border-checkpoints", "signed", None, "*", "2010-09-17"),
    ("ru-ab-2010-customs-cooperation", "entered_into_force", None, "*", "../2017-09-12"),
    ("ru-ab-2010-customs-cooperation", "signed", None, None, "2010-10-16"),
    (
        "ru-ab-2010-customs-cooperation",
        "submitted_for_ratification",
        "RUS",
        "President of Russia",
        "2011-07-29",
    ),
    ("ru-ab-2010-unified-military-base", "ratified", "XAB", "*", "2011-12-26"),
    ("ru-ab-2012-customs-specialised-posts", "signed", None, "*", "2012"),
    ("ru-ab-2014-alliance-strategic-partnership", "ratified", "RUS", "*", "2015-02-03"),
    ("ru-ab-2015-joint-group-of-forces", "approved", "RUS", "Federation Council", "2016-11-16"),
    ("ru-ab-2015-joint-group-of-forces", "entered_into_force", None, "*", "../2017-09-21"),
    (
        "ru-ab-2015-joint-group-of-forces",
        "ratified",
        "XAB",
        "Parliament of Abkhazia",
        "../2015-12-22",
    ),
    ("ru-ab-2015-pensions", "entered_into_force", None, None, "2016-01-27?"),
    ("ru-ab-2015-transfer-sentenced-persons", "ratified", "RUS", "*", "../2017-02-07"),
    ("ru-ab-2015-transfer-sentenced-persons", "ratified", "XAB", "*", "2016-11"),
    ("ru-ab-2015-transfer-sentenced-persons", "signed", None, "*", "2015-05-28"),
    (
        "ru-ab-2016-mutual-legal-assistance-criminal",
        "entered_into_force",
        None,
        "*",
        "../2026-02-18",
    ),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "ratified", "RUS", "*", "2016-11-22"),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "signed", None, "*", "../2016-11-22"),
    ("ru-ab-2017-education-recognition", "entered_into_force", None, "*", "2019-01-11"),
    (
        "ru-ab-2017-education-recognition",
        "ratified",
        "RUS",
        "President of Russia",
        "2018-12-21/2018-12-28",
    ),
    (
        "ru-ab-2017-joint-information-coordination-centre",
        "entered_into_force",
        None,
        "*",
        "../2020-12-09",
    ),
    ("ru-ab-2017-joint-information-coordination-centre", "ratified", "RUS", "*", "../2017-12-20"),
    ("ru-ab-2017-joint-information-coordination-centre", "ratified", "XAB", "*", "2017-07-26"),
    ("ru-ab-2017-medical-insurance", "approved", "RUS", "*", "2018-02-16"),
    ("ru-ab-2017-medical-insurance", "entered_into_force", None, "*", "../2025-02-23"),
    ("ru-ab-2017-medical-insurance", "ratified", "RUS", "*", "2018-02-16/.."),
    ("ru-ab-2020-internal-affairs-co-financing", "signed", None, "*", "2020-10-23"),
    ("ru-ab-2022-court-decisions-economic", "approved", "RUS", "*", "2023-03-15"),
    ("ru-ab-2022-court-decisions-economic", "ratified", "RUS", "*", "2023-03-18"),
    ("ru-ab-2022-court-decisions-economic", "ratified", "XAB", "*", "2024-09-25"),
    ("ru-ab-2022-court-decisions-economic", "signed", None, "*", "2022-06-29"),
    ("ru-ab-2022-dual-citizenship", "ratified", "RUS", "*", "2023-07-05/2023-07-10"),
    ("ru-ab-2023-internal-affairs-co-financing-protocol", "signed", None, "*", "2023-08-25"),
    ("ru-ab-2023-sukhum-airport", "ratified", "XAB", "*", "2023-07-26"),
    ("ru-ab-2023-sukhum-airport", "signed", None, "*", "2023-06-16"),
    ("ru-ab-2024-investment-projects", "signed", None, "*", "2024-10-30"),
    ("ru-ab-2025-state-programme-2026-2030", "signed", None, "*", "../2025-12-30"),
    ("ru-so-2009-archives-memorandum", "signed", None, "*", "2009-04-27"),
    ("ru-so-2009-border-protection", "approved", "RUS", "Federation Council", "2010-03-31"),
    ("ru-so-2009-border-protection", "approved", "RUS", "State Duma", "2010-03-26"),
    ("ru-so-2009-border-protection", "provisionally_applied", None, "*", "2009-04-30"),
    ("ru-so-2009-border-protection", "ratified", "XSO", "*", "2009-10-21"),
    ("ru-so-2009-prosecutors-memorandum", "signed", None, "*", "2009-07-21"),
    ("ru-so-2010-culture-ministries", "signed", None, "*", "2010"),
    ("ru-so-2010-customs-cooperation", "ratified", "RUS", "*", "2011-11-20"),
    ("ru-so-2010-sanitary-protection-memorandum", "signed", None, "*", "2010-12-10"),
    ("ru-so-2011-emergencies", "entered_into_force", None, "*", "../2025-02-12"),
    ("ru-so-2011-information-cultural-centres", "entered_into_force", None, "*", "../2012-09"),
    ("ru-so-2014-transfer-sentenced-persons", "ratified", "RUS", "*", "2016-02-26/.."),
    ("ru-so-2015-state-border", "approved", "RUS", "Federation Council", "2016-04-20"),
    ("ru-so-2016-pensions-russian-citizens", "ratified", "RUS", "*", "2017-04-03/2017-05-12"),
    ("ru-so-2016-salary-cofinancing", "entered_into_force", None, "*", "../2021-05-25"),
    ("ru-so-2016-salary-cofinancing", "signed", None, "*", "2016-12-05"),
    ("ru-so-2018-alliance-protocol-stay", "entered_into_force", None, "*", "2019-08-01"),
    ("ru-so-2018-alliance-protocol-stay", "ratified", "RUS", "*", "2019-07-18"),
    ("ru-so-2020-disability-documents", "ratified", "RUS", "*", "../2021-03-10"),
    ("ru-so-2021-civil-service-pay-cofinancing", "signed", None, "*", "2021-06-25"),
    ("ru-so-2021-salary-cofinancing-amendment", "signed", None, "*", "2021-05-25"),
    ("ru-so-2022-state-programme-assistance", "entered_into_force", None, "*", "../2023-06-28"),
    ("ru-so-2022-state-programme-assistance", "signed", None, "*", "2022-08-04"),
    ("ru-so-2023-military-technical-cooperation", "entered_into_force", None, "*", "../2026-01-23"),
    ("ru-so-2023-state-programme-protocol", "signed", None, "*", "2023-02-06"),
    ("ru-so-2025-customs-officers-pensions", "signed", None, "*", "2025-10-09/2025-11-07"),
    ("ru-ab-2010-illegal-migration", "signed", None, "*", "2010-02-17"),
    ("ru-ab-2010-emergencies", "signed", None, "*", "2010-02-17"),
    ("ru-ab-2010-air-services", "signed", None, "*", "2010-02-17"),
    ("ru-ab-2011-transboundary-waters", "signed", None, "*", "2011-10-06"),
    ("ru-ab-2011-checkpoints-information-exchange", "signed", None, "*", "2011-10-06"),
    ("ru-ab-2011-sanitary-protection-memorandum", "signed", None, "*", "2011-10-06"),
    ("ru-ab-2011-archives-memorandum", "signed", None, "*", "2011-10-06"),
    ("ru-ab-2014-air-defence-protocol", "signed", None, "*", "2014-02-06"),
    ("ru-ab-2019-armed-forces-modernisation", "signed", None, "*", "2019"),
    ("ru-ab-2016-trade-protocol", "signed", None, "*", "2016-04-29"),
    ("ru-ab-2019-trade-protocol", "signed", None, "*", "2019-06-07"),
    ("ru-ab-2023-trade-protocol", "signed", None, "*", "2023-05-16"),
    ("ru-ab-2024-trade-protocol", "signed", None, "*", "2024-07-16"),
    ("ru-ab-2024-trade-protocol", "provisionally_applied", None, "*", "2024-07-27"),
    ("ru-ab-2012-free-trade", "signed", None, "*", "2012-05-28"),
    ("ru-ab-2012-free-trade", "ratified", "RUS", "*", "2013-12-21"),
    ("ru-ab-2026-military-base-protocol", "signed", None, "*", "2024-05-31/2026-02-19"),
    ("ru-ab-2026-military-base-protocol", "ratified", "XAB", "*", "2026-02-19"),
    ("ru-ab-2026-medical-insurance", "signed", None, "*", "../2026-03-20"),
    ("ru-ab-2026-medical-insurance-protocol", "signed", None, "*", "../2026-03-20"),
    ("ru-so-2013-state-duma-parliament-cooperation", "signed", None, "*", "2013-09-24"),
    (
        "ru-so-2013-state-duma-parliament-cooperation",
        "entered_into_force",
        None,
        "*",
        "../2023-03-02",
    ),
    ("ru-so-2023-state-duma-parliament-cooperation", "signed", None, "*", "2023-10-09"),
    ("ru-so-2018-emergencies-protocol", "signed", None, "*", "2018-06-08/2019-10-02"),
    ("ru-so-2009-cec-cooperation-protocol", "signed", None, "*", "2009-04-07/2011-04-07"),
    ("ru-so-2017-internal-affairs-co-financing", "entered_into_force", None, "*", "../2017-12-31"),
    ("ru-so-2017-internal-affairs-co-financing", "expired", None, "*", "2019-12-31"),
    ("ru-so-2022-eaeu-tariff-protocol", "ratified", "XSO", "*", "../2024-04-08"),
    # round 11: agreements officials count that the registry lacked
    ("ru-ab-2010-fisheries", "signed", None, "*", "2010-10-16"),
    ("ru-ab-2010-fisheries", "entered_into_force", None, None, "../2019-03-11"),
    ("ru-ab-2010-state-credit", "signed", None, "*", "2010-07-15/2010-08-07"),
    ("ru-ab-2011-psou-bridges", "signed", None, "*", "2011"),
    # round 12: legal databases and the Kremlin's law pages
    ("ru-ab-2010-direct-railway-communication", "signed", None, "*", "2010-10-16"),
    ("ru-ab-2009-military-cooperation", "signed", None, "*", "2009-09-15"),
    ("ru-ab-2021-customs-service-length", "signed", None, "*", "2021-04-05"),
    ("ru-ab-2021-customs-service-length", "approved", "RUS", "State Duma", "2023-02-07"),
    ("ru-ab-2021-customs-service-length", "approved", "RUS", "Federation Council", "2023-02-15"),
    (
        "ru-ab-2021-customs-service-length",
        "ratified",
        "RUS",
        "President of Russia",
        "2023-02-15/..",
    ),
    ("ru-ab-2012-pensions-internal-affairs", "signed", None, "*", "../2012-05-21"),
    # round 13: South Ossetia
    ("ru-so-2012-communications-it", "signed", None, "*", "../2012-05-16"),
    # round 13 (Abkhazia)
    (
        "ru-ab-2022-state-duma-parliament-cooperation",
        "signed",
        None,
        "*",
        "2022-12-01",
    ),
]

# (agreement, day, its status on that day)
STATUSES: list[tuple[str, str, Status | None]] = [
    ("ru-ab-2008-friendship", "2008-12-22", Status.RATIFIED),
    ("ru-ab-2008-friendship", "2008-12-23", Status.IN_FORCE),
    ("ru-ab-2009-socio-economic-assistance", "2009-08-12", Status.PROVISIONALLY_APPLIED),
    ("ru-ab-2010-border-checkpoints", "2010-09-17", Status.SIGNED),
    ("ru-ab-2010-customs-cooperation", "2010-10-15", None),
    ("ru-ab-2010-customs-cooperation", "2010-10-16", Status.SIGNED),
    ("ru-ab-2010-customs-cooperation", "2011-07-29", Status.IN_RATIFICATION),
    ("ru-ab-2010-customs-cooperation", "2017-09-11", Status.IN_RATIFICATION),
    ("ru-ab-2010-customs-cooperation", "2017-09-12", Status.IN_FORCE),
    ("ru-ab-2010-unified-military-base", "2011-12-26", Status.PROVISIONALLY_APPLIED),
    ("ru-ab-2012-customs-specialised-posts", "2013-01-01", Status.SIGNED),
    ("ru-ab-2014-alliance-strategic-partnership", "2015-02-02", Status.IN_RATIFICATION),
    ("ru-ab-2014-alliance-strategic-partnership", "2015-02-03", Status.RATIFIED),
    ("ru-ab-2015-joint-group-of-forces", "2015-12-22", Status.IN_RATIFICATION),
    ("ru-ab-2015-joint-group-of-forces", "2016-11-16", Status.IN_RATIFICATION),
    ("ru-ab-2015-joint-group-of-forces", "2016-11-22", Status.RATIFIED),
    ("ru-ab-2015-joint-group-of-forces", "2017-09-20", Status.RATIFIED),
    ("ru-ab-2015-joint-group-of-forces", "2017-09-21", Status.IN_FORCE),
    ("ru-ab-2015-pensions", "2016-01-26", Status.IN_RATIFICATION),
    ("ru-ab-2015-pensions", "2016-01-27", Status.IN_FORCE),
    ("ru-ab-2015-transfer-sentenced-persons", "2015-05-27", None),
    ("ru-ab-2015-transfer-sentenced-persons", "2015-05-28", Status.SIGNED),
    ("ru-ab-2015-transfer-sentenced-persons", "2016-12-01", Status.IN_RATIFICATION),
    ("ru-ab-2015-transfer-sentenced-persons", "2017-02-07", Status.RATIFIED),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2016-11-22", Status.IN_RATIFICATION),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2026-02-17", Status.IN_RATIFICATION),
    ("ru-ab-2016-mutual-legal-assistance-criminal", "2026-02-18", Status.IN_FORCE),
    ("ru-ab-2017-education-recognition", "2018-12-28", Status.IN_RATIFICATION),
    ("ru-ab-2017-education-recognition", "2019-01-10", Status.IN_RATIFICATION),
    ("ru-ab-2017-education-recognition", "2019-01-11", Status.IN_FORCE),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-07-25", Status.SIGNED),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-07-26", Status.IN_RATIFICATION),
    ("ru-ab-2017-joint-information-coordination-centre", "2017-12-20", Status.RATIFIED),
    ("ru-ab-2017-joint-information-coordination-centre", "2020-12-09", Status.IN_FORCE),
    ("ru-ab-2017-medical-insurance", "2018-02-16", Status.IN_RATIFICATION),
    ("ru-ab-2017-medical-insurance", "2018-03-01", Status.IN_RATIFICATION),
    ("ru-ab-2017-medical-insurance", "2025-02-22", Status.IN_RATIFICATION),
    ("ru-ab-2017-medical-insurance", "2025-02-23", Status.IN_FORCE),
    ("ru-ab-2020-internal-affairs-co-financing", "2020-10-23", Status.SIGNED),
    ("ru-ab-2022-court-decisions-economic", "2023-03-18", Status.IN_RATIFICATION),
    ("ru-ab-2022-court-decisions-economic", "2024-09-25", Status.RATIFIED),
    ("ru-ab-2022-dual-citizenship", "2023-07-09", Status.IN_RATIFICATION),
    ("ru-ab-2022-dual-citizenship", "2023-07-10", Status.RATIFIED),
    ("ru-ab-2023-internal-affairs-co-financing-protocol", "2023-08-25", Status.SIGNED),
    ("ru-ab-2023-sukhum-airport", "2023-07-26", Status.IN_RATIFICATION),
    ("ru-ab-2024-investment-projects", "2024-12-03", Status.SIGNED),
    ("ru-ab-2025-state-programme-2026-2030", "2025-12-30", Status.SIGNED),
    ("ru-so-2009-archives-memorandum", "2009-04-26", None),
    ("ru-so-2009-archives-memorandum", "2009-04-27", Status.SIGNED),
    ("ru-so-2009-border-protection", "2009-04-29", None),
    ("ru-so-2009-border-protection", "2009-04-30", Status.PROVISIONALLY_APPLIED),
    ("ru-so-2009-border-protection", "2010-03-26", Status.PROVISIONALLY_APPLIED),
    ("ru-so-2009-border-protection", "2021-07-28", Status.PROVISIONALLY_APPLIED),
    ("ru-so-2009-prosecutors-memorandum", "2009-07-21", Status.SIGNED),
    ("ru-so-2010-culture-ministries", "2010-06-01", None),
    ("ru-so-2010-culture-ministries", "2011-01-01", Status.SIGNED),
    ("ru-so-2010-customs-cooperation", "2011-11-19", Status.IN_RATIFICATION),
    ("ru-so-2010-customs-cooperation", "2011-11-26", Status.RATIFIED),
    ("ru-so-2010-sanitary-protection-memorandum", "2010-12-10", Status.SIGNED),
    ("ru-so-2010-unified-military-base", "2011-10-05", Status.IN_RATIFICATION),
    ("ru-so-2010-unified-military-base", "2011-10-06", Status.IN_RATIFICATION),
    ("ru-so-2011-emergencies", "2025-02-11", Status.SIGNED),
    ("ru-so-2011-emergencies", "2025-02-12", Status.IN_FORCE),
    ("ru-so-2011-geological-study", "2018-05-27", Status.SIGNED),
    ("ru-so-2011-geological-study", "2018-05-28", Status.SIGNED),
    ("ru-so-2011-information-cultural-centres", "2012-09-29", Status.SIGNED),
    ("ru-so-2011-information-cultural-centres", "2012-09-30", Status.IN_FORCE),
    ("ru-so-2014-transfer-sentenced-persons", "2016-03-01", Status.IN_RATIFICATION),
    ("ru-so-2015-state-border", "2016-04-20", Status.IN_RATIFICATION),
    ("ru-so-2016-pensions-russian-citizens", "2017-05-12", Status.IN_RATIFICATION),
    ("ru-so-2016-salary-cofinancing", "2017-01-01", Status.SIGNED),
    ("ru-so-2016-salary-cofinancing", "2021-05-25", Status.IN_FORCE),
    ("ru-so-2018-alliance-protocol-stay", "2019-07-31", Status.IN_RATIFICATION),
    ("ru-so-2018-alliance-protocol-stay", "2019-08-01", Status.IN_FORCE),
    ("ru-so-2020-disability-documents", "2021-03-09", Status.SIGNED),
    ("ru-so-2020-disability-documents", "2021-03-10", Status.IN_RATIFICATION),
    ("ru-so-2022-state-programme-assistance", "2022-09-01", Status.SIGNED),
    ("ru-so-2022-state-programme-assistance", "2023-06-28", Status.IN_FORCE),
    ("ru-so-2023-military-technical-cooperation", "2026-01-22", Status.IN_RATIFICATION),
    ("ru-so-2023-military-technical-cooperation", "2026-01-23", Status.IN_FORCE),
    ("ru-so-2025-customs-officers-pensions", "2025-10-09", None),
    ("ru-so-2025-customs-officers-pensions", "2025-11-07", Status.SIGNED),
    ("ru-ab-2010-illegal-migration", "2010-02-16", None),
    ("ru-ab-2010-illegal-migration", "2010-02-17", Status.SIGNED),
    ("ru-ab-2010-emergencies", "2010-02-17", Status.SIGNED),
    ("ru-ab-2010-air-services", "2010-02-17", Status.SIGNED),
    ("ru-ab-2011-transboundary-waters", "2011-10-05", None),
    ("ru-ab-2011-transboundary-waters", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-checkpoints-information-exchange", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-sanitary-protection-memorandum", "2011-10-06", Status.SIGNED),
    ("ru-ab-2011-archives-memorandum", "2011-10-06", Status.SIGNED),
    ("ru-ab-2014-air-defence-protocol", "2014-02-06", Status.SIGNED),
    ("ru-ab-2019-armed-forces-modernisation", "2019-12-31", Status.SIGNED),
    ("ru-ab-2016-trade-protocol", "2016-04-29", Status.SIGNED),
    ("ru-ab-2019-trade-protocol", "2019-06-07", Status.SIGNED),
    ("ru-ab-2023-trade-protocol", "2023-05-16", Status.SIGNED),
    ("ru-ab-2024-trade-protocol", "2024-07-26", Status.SIGNED),
    ("ru-ab-2024-trade-protocol", "2024-07-27", Status.PROVISIONALLY_APPLIED),
    ("ru-ab-2012-free-trade", "2013-12-20", Status.SIGNED),
    ("ru-ab-2012-free-trade", "2013-12-22", Status.IN_RATIFICATION),
    ("ru-ab-2012-free-trade", "2013-12-21", Status.IN_RATIFICATION),
    ("ru-ab-2026-military-base-protocol", "2026-02-19", Status.IN_RATIFICATION),
    ("ru-ab-2026-medical-insurance", "2026-03-20", Status.SIGNED),
    ("ru-ab-2026-medical-insurance-protocol", "2026-03-20", Status.SIGNED),
    ("ru-so-2013-state-duma-parliament-cooperation", "2013-09-23", None),
    ("ru-so-2013-state-duma-parliament-cooperation", "2013-09-24", Status.SIGNED),
    ("ru-so-2013-state-duma-parliament-cooperation", "2023-03-02", Status.IN_FORCE),
    ("ru-so-2023-state-duma-parliament-cooperation", "2023-10-09", Status.SIGNED),
    ("ru-so-2018-emergencies-protocol", "2018-06-06", None),
    ("ru-so-2018-emergencies-protocol", "2019-10-02", Status.SIGNED),
    ("ru-so-2009-cec-cooperation-protocol", "2009-04-06", None),
    ("ru-so-2009-cec-cooperation-protocol", "2011-04-07", Status.SIGNED),
    ("ru-so-2017-internal-affairs-co-financing", "2018-01-01", Status.IN_FORCE),
    ("ru-so-2017-internal-affairs-co-financing", "2019-12-30", Status.IN_FORCE),
    ("ru-so-2017-internal-affairs-co-financing", "2020-01-01", Status.EXPIRED),
    ("ru-ab-2010-fisheries", "2010-10-15", None),
    ("ru-ab-2010-fisheries", "2010-10-16", Status.SIGNED),
    ("ru-ab-2010-fisheries", "2019-03-11", Status.IN_FORCE),
    ("ru-ab-2010-state-credit", "2010-07-14", None),
    ("ru-ab-2010-state-credit", "2010-08-07", Status.SIGNED),
    ("ru-ab-2011-psou-bridges", "2010-12-31", None),
    ("ru-ab-2011-psou-bridges", "2011-12-31", Status.SIGNED),
    ("ru-ab-2010-direct-railway-communication", "2010-10-15", None),
    ("ru-ab-2010-direct-railway-communication", "2010-10-16", Status.SIGNED),
    ("ru-ab-2009-military-cooperation", "2009-09-14", None),
    ("ru-ab-2009-military-cooperation", "2009-09-15", Status.SIGNED),
    ("ru-ab-2021-customs-service-length", "2021-04-04", None),
    ("ru-ab-2021-customs-service-length", "2021-04-05", Status.SIGNED),
    ("ru-ab-2021-customs-service-length", "2023-02-07", Status.IN_RATIFICATION),
    ("ru-ab-2021-customs-service-length", "2023-03-01", Status.IN_RATIFICATION),
    ("ru-ab-2012-pensions-internal-affairs", "2012-05-21", Status.SIGNED),
    ("ru-so-2012-communications-it", "2012-05-16", Status.SIGNED),
    ("ru-ab-2022-state-duma-parliament-cooperation", "2022-11-30", None),
    ("ru-ab-2022-state-duma-parliament-cooperation", "2022-12-01", Status.SIGNED),
]

# (agreement, a source its facts cite)
CITED: list[tuple[str, str]] = [
    # round 10's second check: the texts of the memorandum and of two protocols
    ("ru-ab-2011-sanitary-protection-memorandum", "court-info-17073188"),
    ("ru-ab-2019-trade-protocol", "lawmix-2797613"),
    ("ru-ab-2024-trade-protocol", "sigma-soft-1722007642"),
    ("ru-ab-2012-free-trade", "lawmix-2797613"),
    # a duplicate source merged (TR227)
    ("ru-ab-2026-medical-insurance-protocol", "news-pravda-abkhazia-2025-02-23"),
    ("ru-ab-2008-friendship", "vremya-2008-12-24"),
    ("ru-ab-2009-socio-economic-assistance", "cntd-902173803"),
    ("ru-ab-2010-customs-cooperation", "eurasiareview-2017-09-21"),
    ("ru-ab-2014-alliance-strategic-partnership", "cntd-420248221"),
    ("ru-ab-2015-joint-group-of-forces", "news-4-u-state-department-abkhazia"),
    ("ru-ab-2017-joint-information-coordination-centre", "cntd-542605976"),
    ("ru-ab-2017-medical-insurance", "georgiatoday-9408"),
    ("ru-ab-2022-dual-citizenship", "bm-ge-138317"),
    ("ru-ab-2022-dual-citizenship", "sputnik-abkhazia-2023-07-10"),
    ("ru-ab-2022-state-programme-assistance", "caucasuswatch-abkhazia-349-million"),
    ("ru-so-2008-diplomatic-relations-notes", "regnum-1052601"),
    ("ru-so-2014-transfer-sentenced-persons", "garant-71279474"),
    ("ru-so-2016-pensions-russian-citizens", "civil-ge-2017-05-15"),
    ("ru-so-2016-salary-cofinancing", "cominf-2017-09-29"),
    ("ru-so-2021-civil-service-pay-cofinancing", "cominf-en-2021-06-25"),
    ("ru-so-2021-salary-cofinancing-amendment", "cominf-en-2021-06-25"),
    ("ru-so-2022-state-programme-assistance", "kontur-470667"),
    ("ru-so-2022-state-programme-assistance", "ugo-osetia-2023-06-28-no49"),
    ("ru-so-2023-military-technical-cooperation", "interfax-2026-01-23"),
    ("ru-so-2023-military-technical-cooperation", "ria-2026-01-23"),
    ("ru-so-2023-state-programme-protocol", "ugo-osetia-2023-06-28-no49"),
    ("ru-so-2025-customs-officers-pensions", "rulaws-2025-10-09-2819-r"),
    ("ru-so-2017-internal-affairs-co-financing", "sputnik-ossetia-2020-02-05"),
    ("ru-so-2020-internal-affairs-co-financing-protocol", "sputnik-ossetia-2020-02-05"),
    ("ru-so-2022-eaeu-tariff-protocol", "caucasuswatch-so-customs-tariff"),
    ("ru-so-2016-salary-cofinancing", "civil-ge-2017-05-15"),
    # round 11
    ("ru-ab-2010-fisheries", "fishnews-13700"),
    ("ru-ab-2010-fisheries", "russiatourism-ii-abkhazian-business-forum"),
    ("ru-ab-2010-fisheries", "cntd-902258432"),
    ("ru-ab-2010-fisheries", "nfr-2019-03-11"),
    ("ru-ab-2010-state-credit", "lawmix-10383"),
    ("ru-ab-2010-state-credit", "banki-ru-2097189"),
    ("ru-ab-2010-state-credit", "ruvr-mongolian-2010-08-07"),
    ("ru-ab-2011-psou-bridges", "radioatinati-82947"),
    ("ru-ab-2011-psou-bridges", "kodeks-902296638"),
    # round 12
    ("ru-ab-2010-direct-railway-communication", "zaki-58245"),
    ("ru-ab-2009-military-cooperation", "itar-tass-2009-09-15"),
    ("ru-ab-2009-military-cooperation", "twocircles-2009-09-15"),
    ("ru-ab-2009-military-cooperation", "cominf-2019-09-15"),
    ("ru-ab-2021-customs-service-length", "kremlin-70538"),
    ("ru-ab-2012-pensions-internal-affairs", "gazetara-3635"),
    ("ru-ab-2022-dual-citizenship", "abkhazinform-2026-02-06"),
    ("ru-so-2017-units-entry", "mstrok-south-ossetia-units-draft"),
    # round 13
    ("ru-so-2012-communications-it", "ybobra-354444"),
    ("ru-so-2012-communications-it", "blackseanews-38354"),
    # round 13 (Abkhazia)
    ("ru-ab-2022-state-duma-parliament-cooperation", "sputnik-abkhazia-2022-12-01"),
    ("ru-ab-2022-state-duma-parliament-cooperation", "essent-7e4cfa63"),
    ("ru-ab-2022-state-duma-parliament-cooperation", "sputnik-abkhazia-2023-07-05"),
]

# (agreement, words of its Russian title as its cited page gives it)
RUSSIAN_TITLES: list[tuple[str, str]] = [
    ("ru-ab-2011-sanitary-protection-memorandum", "о сотрудничестве в области санитарной охраны"),
    ("ru-ab-2019-trade-protocol", "Протокол о внесении изменения в Соглашение"),
    ("ru-ab-2024-trade-protocol", "Протокол о внесении изменений в Соглашение"),
    ("ru-ab-2012-free-trade", "о режиме торговли товарами"),
    (
        "ru-ab-2009-socio-economic-assistance",
        "Соглашение между Правительством Российской Федерации",
    ),
    ("ru-ab-2022-pitsunda-transfer", "и порядке его использования"),
    (
        "ru-ab-2017-joint-information-coordination-centre",
        "Совместного информационно-координационного центра органов внутренних дел",
    ),
    (
        "ru-ab-2016-mutual-legal-assistance-criminal",
        "о взаимной правовой помощи по уголовным делам",
    ),
    (
        "ru-ab-2022-court-decisions-economic",
        "судебных и арбитражных решений по экономическим делам",
    ),
    (
        "ru-ab-2020-internal-affairs-co-financing",
        "Соглашение между Республикой Абхазия и Российской Федерацией",
    ),
    ("ru-so-2025-customs-officers-pensions", "сотрудников таможенных органов и членов их семей"),
    ("ru-so-2010-sanitary-protection-memorandum", "в области санитарной охраны территорий"),
    ("ru-so-2009-border-protection", "о совместных усилиях в охране"),
    ("ru-so-2010-customs-cooperation", "о сотрудничестве и взаимопомощи в таможенных делах"),
    ("ru-ab-2010-illegal-migration", "о сотрудничестве в борьбе с незаконной миграцией"),
    ("ru-ab-2019-armed-forces-modernisation", "о финансировании расходов на модернизацию"),
    ("ru-ab-2026-military-base-protocol", "от 17 февраля 2010 года"),
    ("ru-so-2018-emergencies-protocol", "от 11 февраля 2011 года"),
    ("ru-ab-2010-fisheries", "о сотрудничестве в области рыбного хозяйства"),
    ("ru-ab-2010-state-credit", "о предоставлении Республике Абхазия государственного кредита"),
    ("ru-ab-2011-psou-bridges", "автомобильных мостов через реку Псоу"),
    (
        "ru-ab-2010-direct-railway-communication",
        "прямого международного железнодорожного сообщения",
    ),
    ("ru-ab-2021-customs-service-length", "о взаимном зачёте в выслугу лет службы"),
    (
        "ru-ab-2012-pensions-internal-affairs",
        "пенсионного обеспечения сотрудников органов внутренних дел",
    ),
    ("ru-so-2017-units-entry", "о порядке вхождения отдельных подразделений"),
]

# (agreement, relation type, target) as a page states it
RELATIONS: list[tuple[str, str, str]] = [
    (
        "ru-ab-2023-internal-affairs-co-financing-protocol",
        "protocol_to",
        "ru-ab-2020-internal-affairs-co-financing",
    ),
    ("ru-ab-2012-customs-specialised-posts", "implements", "ru-ab-2010-customs-cooperation"),
    ("ru-so-2021-salary-cofinancing-amendment", "protocol_to", "ru-so-2016-salary-cofinancing"),
    ("ru-so-2021-salary-cofinancing-amendment", "amends", "ru-so-2016-salary-cofinancing"),
    ("ru-ab-2016-trade-protocol", "amends", "ru-ab-2012-free-trade"),
    ("ru-ab-2019-trade-protocol", "amends", "ru-ab-2012-free-trade"),
    ("ru-ab-2023-trade-protocol", "amends", "ru-ab-2012-free-trade"),
    ("ru-ab-2024-trade-protocol", "protocol_to", "ru-ab-2012-free-trade"),
    ("ru-ab-2026-military-base-protocol", "amends", "ru-ab-2010-unified-military-base"),
    ("ru-ab-2026-medical-insurance", "similar_to", "ru-ab-2017-medical-insurance"),
    ("ru-so-2018-emergencies-protocol", "amends", "ru-so-2011-emergencies"),
    ("ru-so-2018-emergencies-protocol", "protocol_to", "ru-so-2011-emergencies"),
    (
        "ru-so-2023-state-duma-parliament-cooperation",
        "continues",
        "ru-so-2013-state-duma-parliament-cooperation",
    ),
    ("ru-ab-2009-military-cooperation", "similar_to", "ru-so-2009-military-base"),
    ("ru-so-2012-communications-it", "similar_to", "ru-ab-2012-communications-it"),
]

# (agreement, level)
LEVELS: list[tuple[str, str]] = [
    ("ru-so-2009-archives-memorandum", "agency"),
    ("ru-so-2009-prosecutors-memorandum", "agency"),
    ("ru-so-2010-culture-ministries", "agency"),
    ("ru-so-2010-sanitary-protection-memorandum", "agency"),
    ("ru-so-2025-customs-officers-pensions", "state"),
    ("ru-so-2013-state-duma-parliament-cooperation", "agency"),
    ("ru-so-2023-state-duma-parliament-cooperation", "agency"),
    ("ru-so-2018-emergencies-protocol", "government"),
    ("ru-so-2009-cec-cooperation-protocol", "agency"),
    ("ru-ab-2011-transboundary-waters", "government"),
    ("ru-ab-2019-armed-forces-modernisation", "state"),
    ("ru-ab-2011-archives-memorandum", "agency"),
    ("ru-ab-2024-trade-protocol", "government"),
    ("ru-ab-2010-direct-railway-communication", "government"),
    ("ru-ab-2009-military-cooperation", "state"),
    ("ru-ab-2021-customs-service-length", "state"),
    ("ru-ab-2012-pensions-internal-affairs", "state"),
    ("ru-so-2012-communications-it", "government"),
    ("ru-ab-2022-state-duma-parliament-cooperation", "agency"),
]

# (agreement, words of its Russian ratification event's note: the law's number)
LAW_NOTES: list[tuple[str, str]] = [
    ("ru-so-2018-alliance-protocol-stay", "No. 174-FZ"),
]

# (agreement, words of its notes)
NOTES: list[tuple[str, str]] = [
    ("ru-ab-2008-diplomatic-relations-notes", "No ratification law is recorded"),
    ("ru-so-2008-diplomatic-relations-notes", "No ratification law is recorded"),
    ("ru-ab-2020-medicines-supply-supplement", "No Russian ratification law is recorded"),
    ("ru-ab-2022-pensions-protocol", "No ratification law is recorded"),
    ("ru-so-2009-military-base", "No ratification law is recorded"),
    ("ru-so-2014-mutual-legal-assistance-criminal", "No ratification law is recorded"),
    ("ru-so-2015-customs-integration", "No ratification law is recorded"),
    ("ru-so-2016-salary-cofinancing", "No ratification law is recorded"),
    ("ru-so-2019-salary-co-financing-protocol", "No ratification law is recorded"),
    ("ru-so-2021-salary-cofinancing-amendment", "No ratification law is recorded"),
    ("ru-so-2017-medical-insurance", "No ratification law is recorded"),
    ("ru-so-2017-internal-affairs-co-financing", "No ratification law is recorded"),
    ("ru-so-2020-internal-affairs-co-financing-protocol", "No ratification law is recorded"),
    ("ru-so-2022-state-programme-assistance", "No ratification law is recorded"),
    ("ru-so-2023-state-programme-protocol", "No ratification law is recorded"),
    ("ru-so-2022-eaeu-tariff-protocol", "No ratification law is recorded"),
    ("ru-so-2025-pensions-protocol", "No ratification law is recorded"),
    ("ru-so-2025-customs-officers-pensions", "No ratification law is recorded"),
    ("ru-ab-2009-military-cooperation", "No ratification law is recorded"),
    ("ru-ab-2012-pensions-internal-affairs", "No ratification law is recorded"),
]

# (agreement, action, party or None, a date another source gives for that step: an alternative)
ALTERNATIVES: list[tuple[str, str, str | None, str]] = [
    ("ru-ab-2019-armed-forces-modernisation", "signed", None, "2019-08-23"),
    # the Russian embassy's day for Abkhazia's ratification, beside Sila-rf's 30 December
    ("ru-ab-2022-dual-citizenship", "ratified", "XAB", "2022-12-29"),
]

# the agreements these rounds added
ADDED: list[str] = [
    "ru-ab-2010-border-checkpoints",
    "ru-ab-2012-customs-specialised-posts",
    "ru-ab-2015-transfer-sentenced-persons",
    "ru-ab-2016-mutual-legal-assistance-criminal",
    "ru-ab-2020-internal-affairs-co-financing",
    "ru-ab-2022-court-decisions-economic",
    "ru-ab-2023-internal-affairs-co-financing-protocol",
    "ru-ab-2023-sukhum-airport",
    "ru-ab-2024-investment-projects",
    "ru-ab-2025-state-programme-2026-2030",
    "ru-so-2009-archives-memorandum",
    "ru-so-2009-prosecutors-memorandum",
    "ru-so-2010-culture-ministries",
    "ru-so-2010-sanitary-protection-memorandum",
    "ru-so-2025-customs-officers-pensions",
    "ru-ab-2010-illegal-migration",
    "ru-ab-2010-emergencies",
    "ru-ab-2010-air-services",
    "ru-ab-2011-transboundary-waters",
    "ru-ab-2011-checkpoints-information-exchange",
    "ru-ab-2011-sanitary-protection-memorandum",
    "ru-ab-2011-archives-memorandum",
    "ru-ab-2014-air-defence-protocol",
    "ru-ab-2019-armed-forces-modernisation",
    "ru-ab-2016-trade-protocol",
    "ru-ab-2019-trade-protocol",
    "ru-ab-2023-trade-protocol",
    "ru-ab-2024-trade-protocol",
    "ru-ab-2026-military-base-protocol",
    "ru-ab-2026-medical-insurance",
    "ru-ab-2026-medical-insurance-protocol",
    "ru-so-2013-state-duma-parliament-cooperation",
    "ru-so-2023-state-duma-parliament-cooperation",
    "ru-so-2018-emergencies-protocol",
    "ru-so-2009-cec-cooperation-protocol",
    "ru-ab-2010-fisheries",
    "ru-ab-2010-state-credit",
    "ru-ab-2011-psou-bridges",
    "ru-ab-2010-direct-railway-communication",
    "ru-ab-2009-military-cooperation",
    "ru-ab-2021-customs-service-length",
    "ru-ab-2012-pensions-internal-affairs",
    "ru-so-2012-communications-it",
    "ru-ab-2022-state-duma-parliament-cooperation",
]


@pytest.fixture(scope="module")
def reg() -> treatyreg.Registry:
    """The dataset, loaded from the repository (not the installed wheel)."""
    return treatyreg.load(BUNDLED_FILE)


@pytest.mark.parametrize(("agreement_id", "source_id"), CITED)
def test_cited(reg: treatyreg.Registry, agreement_id: str, source_id: str) -> None:
    assert source_id in reg[agreement_id].sources


@pytest.mark.parametrize(("agreement_id", "words"), RUSSIAN_TITLES)
def test_russian_title(reg: treatyreg.Registry, agreement_id: str, words: str) -> None:
    assert words in (reg[agreement_id].title_in("ru") or "")


@pytest.mark.parametrize(("agreement_id", "kind", "target"), RELATIONS)
def test_relation(reg: treatyreg.Registry, agreement_id: str, kind: str, target: str) -> None:
    assert (kind, target) in {(r.type, r.target) for r in reg[agreement_id].relations}


@pytest.mark.parametrize(("agreement_id", "level"), LEVELS)
def test_level(reg: treatyreg.Registry, agreement_id: str, level: str) -> None:
    assert reg[agreement_id].level == level


@pytest.mark.parametrize(("agreement_id", "words"), LAW_NOTES)
def test_law_note(reg: treatyreg.Registry, agreement_id: str, words: str) -> None:
    (event,) = [e for e in reg[agreement_id].events if e.action == "ratified" and e.party == "RUS"]
    assert words in (event.note or "")


@pytest.mark.parametrize(("agreement_id", "words"), NOTES)
def test_notes(reg: treatyreg.Registry, agreement_id: str, words: str) -> None:
    assert words in (reg[agreement_id].notes or "")


@pytest.mark.parametrize("agreement_id", ADDED)
def test_added_agreement(reg: treatyreg.Registry, agreement_id: str) -> None:
    """An added agreement is between Russia and one partner, dated by its signature."""
    agreement = reg[agreement_id]
    assert agreement.parties[0] == "RUS" or "RUS" in agreement.parties
    assert len(agreement.parties) == 2
    assert agreement.signed is not None
    assert agreement.sources


@pytest.mark.parametrize(("agreement_id", "action", "party", "date"), ALTERNATIVES)
def test_alternative(
    reg: treatyreg.Registry, agreement_id: str, action: str, party: str | None, date: str
) -> None:
    """Another source's date for the step is kept beside the preferred one."""
    (event,) = [e for e in reg[agreement_id].events if e.action == action and e.party == party]
    assert date in [str(alt.date) for alt in event.alternatives]

"""A deterministic generator of society books: the sample county and benchmark ledgers.

``python -m jjn_ledger.sample ledgers/示例县`` writes the sample county committed in the repo;
the same code, with ``--societies`` and ``--aid-per-month``, writes the large ledgers the
benchmarks use. Every society is generated from a seed derived from its slug, so the output is
byte-for-byte the same on every run. Each "violation" plants exactly one broken rule in an
otherwise compliant society, which the tests and the demo use to show that the rules find
exactly what was planted.

The sample is a whole county, laid out as a real one (``ledger.county_secret``): its books hold
no clear ID number, only each recipient's pseudonym under the county's key; the clear (and
fictitious: address code 3499xx) numbers are in ``.jjn-county/ids/``; every notice is anchored
in ``.jjn-county/anchors.jsonl``. The key is fixed (``SAMPLE_SECRET``) so the output is the same
on every run — which also means the sample's pseudonyms protect nothing: a real county creates
its own random key with ``jjn county init``.
"""

from jjn_ledger.sample.files import (
    main,
    write_county_office,
    write_documents,
    write_society,
)
from jjn_ledger.sample.people import twin
from jjn_ledger.sample.specs import (
    ACCIDENT,
    CROSS_SOCIETY_DUPLICATE,
    END,
    ILLNESS,
    OTHER,
    SAMPLE,
    SAMPLE_COUNTY,
    SAMPLE_SECRET,
    VIOLATIONS,
    SocietySpec,
    bulk_specs,
)

__all__ = [
    "ACCIDENT",
    "CROSS_SOCIETY_DUPLICATE",
    "END",
    "ILLNESS",
    "OTHER",
    "SAMPLE",
    "SAMPLE_COUNTY",
    "SAMPLE_SECRET",
    "VIOLATIONS",
    "SocietySpec",
    "bulk_specs",
    "main",
    "twin",
    "write_county_office",
    "write_documents",
    "write_society",
]

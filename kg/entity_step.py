"""Names in entries: authority data, mentions, participants and event types.

Kept apart from ``kg.enrich`` so that the parse runs (and is tested) without the
authority tables, and so that the extractor can be swapped or switched off.
"""

from __future__ import annotations

from kg.findings import Finding
from kg.parse import Chronicle


def load_authority_names():
    """The authority, every known written form (for readings) and name prefixes."""
    return None, frozenset(), []


def assign_entities(chron: Chronicle, records: list[dict], authority) -> list[Finding]:
    return []

"""The one registry of entity types: persons, polities, groups, places.

Every stage that handles entities by type — the authority tables it reads, the ID
prefix of their rows, the IRI path, the ontology class, the index page of the site
and the names the reconciliation export gives — takes them from here, so that a
new type (or a renamed table) is one row, not six edits.  The order is the order
of the authority tables, which breaks ties between candidates.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class EntityType:
    """One kind of entity and everything named after it."""

    name: str  # person: the type as the records and tables name it; also the IRI path
    table: str  # seeds/entities/persons.tsv
    id_prefix: str  # p: the IDs of its rows are p001, p002 …
    cls: str  # Person: the ontology class xxj:Person
    index: str  # persons: the site's index page
    index_title: str  # 人物 Persons: the heading of that page and its menu entry
    export_name: str  # Person 人物: the type's name in the reconciliation export


ENTITY_TYPES: tuple[EntityType, ...] = (
    EntityType("person", "persons.tsv", "p", "Person", "persons", "人物 Persons", "Person 人物"),
    EntityType("polity", "polities.tsv", "po", "Polity", "polities", "政權 Polities",
               "Polity 政權"),
    EntityType("group", "groups.tsv", "g", "Group", "groups", "部族 Groups", "Group 群體"),
    EntityType("place", "places.tsv", "pl", "Place", "places", "地名 Places", "Place 地名"),
)
BY_NAME: dict[str, EntityType] = {t.name: t for t in ENTITY_TYPES}
BY_PREFIX: dict[str, EntityType] = {t.id_prefix: t for t in ENTITY_TYPES}

"""The authority tables (persons, polities, groups, places) as one name index.

The curated tables in ``seeds/entities/`` say which written forms name which
entity.  Mention extraction needs the reverse: for every written form, the
entities it may name, with what restricts each reading (a date range for
designations such as 梁氏 / 國母 / 宋帝, "short form" for 憲 = 李憲 that is valid
only after the full name occurred in the same entry).  Keeping that index in one
place means the extractor, the benchmark and the graph builder agree on it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from kg.core.tables import SEEDS, TableError, optional_int, read_tsv, split_list
from kg.terms.entity_types import ENTITY_TYPES

# table file -> (entity type, id prefix); order fixes the order of candidates
TABLES: tuple[tuple[str, str, str], ...] = tuple((t.table, t.name, t.id_prefix)
                                                 for t in ENTITY_TYPES)


@dataclass(frozen=True)
class ContextRule:
    """One token of a ``context_rule`` cell: ``NAME:LABEL`` or ``NAME:LABEL=ARG1,ARG2``.

    The curators' vocabulary (documented in the table headers): season-marker,
    surname, not-in, only-in, list-is-place, weak, speaker-relative, allusion
    (polities); abbr, not-in, prefer-if (places).  ``abbr:F1,F2`` has no label:
    its forms are in ``args`` and ``label`` is empty.
    """

    name: str
    label: str
    args: tuple[str, ...] = ()


def parse_context_rules(cell: str) -> list[ContextRule]:
    """Parse a context_rule cell; unknown rule names are kept (the extractor ignores them)."""
    rules: list[ContextRule] = []
    for token in split_list(cell):
        name, _, rest = token.partition(":")
        name = name.strip()
        if name == "abbr":
            forms = tuple(f.strip() for f in rest.split(",") if f.strip())
            rules.append(ContextRule(name, "", forms))
            continue
        label, _, args = rest.partition("=")
        rules.append(ContextRule(name, label.strip(),
                                 tuple(a.strip() for a in args.split(",") if a.strip())))
    return rules


@dataclass(frozen=True)
class Entity:
    """One row of an authority table, reduced to what name resolution needs."""

    id: str
    type: str  # person | polity | group | place
    pref_label: str
    alt_labels: tuple[str, ...] = ()
    short_forms: tuple[str, ...] = ()
    polity: str = ""
    active_from: int | None = None
    active_to: int | None = None
    context_rule: str = ""
    source_line: int = 0

    @cached_property
    def rules(self) -> list[ContextRule]:
        """The parsed ``context_rule`` tokens (see parse_context_rules)."""
        return parse_context_rules(self.context_rule)

    def rules_for(self, label: str) -> list[ContextRule]:
        """Rules that apply to one written form of this entity."""
        return [r for r in self.rules if r.label == label]

    def active_in(self, year: int) -> bool:
        """Whether the name-to-entity identification applies in CE ``year``."""
        if self.active_from is not None and year < self.active_from:
            return False
        return not (self.active_to is not None and year > self.active_to)

    @property
    def dated(self) -> bool:
        return self.active_from is not None or self.active_to is not None

    @property
    def full_forms(self) -> tuple[str, ...]:
        return (self.pref_label, *self.alt_labels)


@dataclass(frozen=True)
class Candidate:
    """One reading of a written form: ``entity`` named by ``form``."""

    entity: Entity
    form: str
    is_short_form: bool

    # flat accessors, so callers need not know about Entity
    id = property(lambda self: self.entity.id)
    type = property(lambda self: self.entity.type)
    pref_label = property(lambda self: self.entity.pref_label)
    polity = property(lambda self: self.entity.polity)
    active_from = property(lambda self: self.entity.active_from)
    active_to = property(lambda self: self.entity.active_to)


@dataclass
class Authority:
    """All entities and the index from written form to candidate readings."""

    entities: dict[str, Entity] = field(default_factory=dict)
    index: dict[str, list[Candidate]] = field(default_factory=dict)
    # forms valid only inside an enumeration joined by 、 (興、靈) or before 帥 (延帥)
    abbr_index: dict[str, list[Candidate]] = field(default_factory=dict)
    # every leading part of a form of ``index``: the extractor stops lengthening a
    # stretch of text as soon as no form starts with it
    prefixes: set[str] = field(default_factory=set, repr=False)
    max_form_length: int = field(default=0, repr=False)  # the longest form of ``index``
    missing_tables: list[str] = field(default_factory=list)
    _pending_list_places: list[tuple[str, str]] = field(default_factory=list, repr=False)

    @classmethod
    def load(cls, seeds_dir: Path | str | None = None) -> Authority:
        """Read the four tables from ``seeds_dir`` (default ``seeds/entities``).

        A missing table is recorded in ``missing_tables`` rather than raised: the
        tables are curated separately and a partial authority still finds names.
        """
        base = Path(seeds_dir) if seeds_dir is not None else SEEDS / "entities"
        auth = cls()
        for filename, etype, prefix in TABLES:
            path = base / filename
            if not path.exists():
                auth.missing_tables.append(filename)
                continue
            for row in read_tsv(path):
                ent = _entity(row, etype, prefix, path)
                if ent.id in auth.entities:
                    first = auth.entities[ent.id]
                    raise TableError(f"{path}:{row['_line']}: duplicate entity id {ent.id} "
                                     f"(first on line {first.source_line})")
                auth.add(ent)
        auth.finish()
        return auth

    @classmethod
    def from_entities(cls, entities: list[Entity]) -> Authority:
        """An authority built from entities in memory (tests, tools)."""
        auth = cls()
        for ent in entities:
            auth.add(ent)
        auth.finish()
        return auth

    def add(self, ent: Entity) -> None:
        """Register an entity and all its forms; a duplicate id is an error in the tables."""
        if ent.id in self.entities:
            raise TableError(f"duplicate entity id {ent.id} (line {ent.source_line})")
        self.entities[ent.id] = ent
        seen: set[tuple[str, bool]] = set()
        for form in ent.full_forms:
            self._index(ent, form, False, seen)
        for form in ent.short_forms:
            if form not in ent.full_forms:
                self._index(ent, form, True, seen)
        for rule in ent.rules:
            if rule.name == "abbr":
                for form in rule.args:
                    self.abbr_index.setdefault(form, []).append(Candidate(ent, form, False))
            elif rule.name == "list-is-place" and rule.args:
                self._pending_list_places.append((rule.label, rule.args[0]))

    def finish(self) -> None:
        """Link rules that name another row (list-is-place:夏=pl0068) once all rows are in."""
        for form, place_id in self._pending_list_places:
            place = self.entities.get(place_id)
            if place is None:
                raise TableError(f"list-is-place:{form}={place_id}: no such place")
            cands = self.abbr_index.setdefault(form, [])
            if all(c.id != place_id for c in cands):
                cands.append(Candidate(place, form, False))
        self._pending_list_places.clear()

    def _index(self, ent: Entity, form: str, short: bool, seen: set[tuple[str, bool]]) -> None:
        if not form or (form, short) in seen:
            return
        seen.add((form, short))
        self.index.setdefault(form, []).append(Candidate(ent, form, short))
        # what is computed once from the index is stale now
        self.__dict__.pop("_forms_by_type", None)
        self.__dict__.pop("_full_forms", None)
        self.prefixes.update(form[:k] for k in range(1, len(form) + 1))
        self.max_form_length = max(self.max_form_length, len(form))

    def lookup(self, form: str) -> list[Candidate]:
        """Candidates for an exact written form (empty list when unknown)."""
        return self.index.get(form, [])

    def lookup_abbr(self, form: str) -> list[Candidate]:
        """Candidates for a short form valid only in an enumeration (興、靈) or before 帥."""
        return self.abbr_index.get(form, [])

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def full_forms(self, *etypes: str) -> frozenset[str]:
        """The forms that name an entity of one of ``etypes`` in full (not a short form),
        computed once per set of types: the extractor asks for every entry."""
        cache = self.__dict__.setdefault("_full_forms", {})
        if etypes not in cache:
            cache[etypes] = frozenset(
                f for f, cands in self.index.items()
                if any(c.type in etypes and not c.is_short_form for c in cands))
        return cache[etypes]

    def forms_by_type(self, etype: str) -> frozenset[str]:
        """All written forms that can name an entity of ``etype`` (computed once per type:
        the extractor asks for every entry)."""
        cache = self.__dict__.setdefault("_forms_by_type", {})
        if etype not in cache:
            cache[etype] = frozenset(f for f, cands in self.index.items()
                                     if any(c.type == etype for c in cands))
        return cache[etype]


def _entity(row: dict[str, str], etype: str, prefix: str, path: Path) -> Entity:
    eid = row.get("id", "").strip()
    if not eid.startswith(prefix) or not eid[len(prefix):].isdigit():
        raise TableError(f"{path}:{row['_line']}: id {eid!r} does not look like {prefix}NNN")
    label = row.get("pref_label", "").strip()
    if not label:
        raise TableError(f"{path}:{row['_line']}: {eid} has no pref_label")
    return Entity(
        id=eid,
        type=etype,
        pref_label=label,
        alt_labels=tuple(split_list(row.get("alt_labels", ""))),
        short_forms=tuple(split_list(row.get("short_forms", ""))),
        polity=row.get("polity", "").strip(),
        active_from=optional_int(row, "active_from", str(path), "a CE year"),
        active_to=optional_int(row, "active_to", str(path), "a CE year"),
        context_rule=row.get("context_rule", "").strip(),
        source_line=int(row["_line"]),
    )

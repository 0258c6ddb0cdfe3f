"""Event types and participant roles from an entry's headline (綱).

A headline is a terse sentence whose main verb comes first and whose subject is
often left out: in this chronicle the unnamed subject is the Xia state
(攻宋永樂，陷之 = "[Xia] attacked Song's 永樂 and took it").  Headlines with
another actor say so at the start (宋…, 契丹…, 西蕃首領董氈…).  So the event type
is read from trigger words (curated in seeds/event-types.tsv, where the
decision order is documented), and roles from word order: the actors before the
first verb are the subject; the actors after it are patients of military acts
and recipients of diplomatic ones; places are where it happened unless they
belong to an office title (知蘭州李浩).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TypedDict

from kg.core.tables import SEEDS, TableError, read_tsv, split_list
from kg.entities.mentions import LEXICON, PLACE_SUFFIXES, TITLE_GAP_RE, TITLE_RE, WORDS, Mention
from kg.text.markers import match_marker

EVENT_TYPES_TSV = SEEDS / "event-types.tsv"
ROLES = ("agent", "patient", "recipient", "place", "other")
# the unnamed subject of a headline (the Xia state): its authority id and its label
[(XIA_LABEL, XIA)] = WORDS.values("default-agent").items()
_GAP = "[^，。；：、,.;:（）()]{0,20}?"
_CLAUSE_STOPS = "，。；："
_ACTORS = ("person", "polity", "group")
# how the actors after the verb take part (the family column of the typology)
FAMILIES = ("military", "recipient", "other")


class Participant(TypedDict):
    """One participant of an event.  Keys are fixed (the graph builder reads them).

    Implied participants (the unnamed Xia subject) have ``text``, ``start`` and
    ``end`` None and ``rule`` 'implied-subject' (or 'implied-object' for the Xia
    side of a 來 headline: 宋環慶兵來襲).  For named ones ``rule`` is the mention's
    rule and the offsets are into the headline (``part`` 'headline').
    """

    id: str | None
    label: str
    type: str
    role: str
    text: str | None
    part: str
    start: int | None
    end: int | None
    rule: str


@dataclass(frozen=True)
class EventType:
    """A row of seeds/event-types.tsv."""

    id: str
    label_en: str
    label_zh: str
    broader: str
    priority: int
    definition: str
    triggers: tuple[str, ...]  # specific triggers
    generic: tuple[str, ...]  # ?-marked triggers, used only when no specific one occurs
    source: str
    family: str = ""  # military | recipient | other; '' = the broader concept's
    implied_agent: bool = True  # a headline naming no subject has the Xia state as agent


@cache  # the triggers of one table: compiled once, not per headline
def _trigger_re(trigger: str) -> re.Pattern[str]:
    anchored = trigger.startswith("^")
    body = trigger[1:] if anchored else trigger
    # an anchored trigger is matched with .match at the headline's body (a '^' in the
    # pattern would only match at offset 0, i.e. never after a time marker)
    del anchored
    return re.compile(_GAP.join(re.escape(piece) for piece in body.split("…")))


@lru_cache(maxsize=4)
def load_event_types(path: Path | str = EVENT_TYPES_TSV) -> tuple[EventType, ...]:
    """The typology, checked: unique ids, broader ids that exist, an 'other' concept."""
    rows = read_tsv(path)
    types: list[EventType] = []
    for row in rows:
        try:
            priority = int(row["priority"])
        except ValueError:
            raise TableError(f"{path}:{row['_line']}: priority {row['priority']!r}") from None
        family, implied = row.get("family", ""), row.get("implied_agent", "")
        if family and family not in FAMILIES:
            raise TableError(f"{path}:{row['_line']}: family {family!r} is not one of {FAMILIES}")
        if implied not in ("yes", "no"):
            raise TableError(f"{path}:{row['_line']}: implied_agent {implied!r} is not yes or no")
        triggers = split_list(row["triggers"])
        types.append(EventType(row["id"], row["label_en"], row["label_zh"], row["broader"],
                               priority, row["definition"],
                               tuple(t for t in triggers if not t.startswith("?")),
                               tuple(t[1:] for t in triggers if t.startswith("?")),
                               row["source"], family, implied == "yes"))
    ids = [t.id for t in types]
    if len(set(ids)) != len(ids):
        raise TableError(f"{path}: duplicate event type ids")
    for t in types:
        if t.broader and t.broader not in ids:
            raise TableError(f"{path}: {t.id} has unknown broader {t.broader}")
        if not re.fullmatch(r"[a-z][a-z-]*", t.id):
            raise TableError(f"{path}: id {t.id!r} is not lower-case ASCII")
    if "other" not in ids:
        raise TableError(f"{path}: no 'other' concept")
    return tuple(types)


def event_type_concepts(path: Path | str = EVENT_TYPES_TSV) -> list[dict[str, str]]:
    """The typology as plain rows for the graph builder (SKOS concepts)."""
    return [{"id": t.id, "label_en": t.label_en, "label_zh": t.label_zh, "broader": t.broader,
             "definition": t.definition,
             "triggers": "|".join(t.triggers + tuple("?" + g for g in t.generic)),
             "source": t.source}
            for t in load_event_types(path)]


def _body_start(headline: str) -> int:
    """Offset after the time marker (夏四月，) if the headline has one."""
    marker = match_marker(headline, 0)
    return marker.end if marker else 0


def _masked(headline: str, mentions: list[Mention] | None = None) -> str:
    """The headline with parentheses, 《》 titles and names blanked out (offsets kept).

    Names are blanked because their characters can look like triggers (克 in
    策木多伊克, 略 in 經略司, 平 in 賀羅平); polity names stay (宋詔, 宋城).
    """
    out = list(headline)
    for m in mentions or ():
        if m.type != "polity":
            # a place keeps its suffix so that 宋復…州 still reads 宋復豐州
            keep = m.type == "place" and m.text[-1:] in PLACE_SUFFIXES
            for k in range(m.start, min(m.end, len(out)) - (1 if keep else 0)):
                out[k] = "〇"
    depth = 0
    for k, ch in enumerate(headline):
        if ch in "（(《":
            depth += 1
        if depth:
            out[k] = "\u3000"
        if ch in "）)》":
            depth = max(0, depth - 1)
    return "".join(out)


def _trigger_text(headline: str, mentions: list[Mention] | None = None) -> str:
    """The masked headline with office titles blanked as well, for finding triggers.

    A title written out in the table is never the act (略 in 經略使, 進 in 引進使, 克 in
    謀克), nor is a word of the not-trigger list (卒 in 士卒); the title patterns (知X州)
    stay, as 以王素知渭州 is an appointment.  Only the search for triggers is spared the
    titles: the subject and envoy rules read titles between names (宋涇原路經略使章楶築…:
    章楶 is the subject), so ``_masked`` keeps them.
    """
    out = list(_masked(headline, mentions))
    for rx in (_WRITTEN_TITLE_RE, _NOT_TRIGGER_RE):
        for t in rx.finditer(headline):
            out[t.start():t.end()] = "〇" * (t.end() - t.start())
    return "".join(out)


_WRITTEN_TITLE_RE = LEXICON.written_title_re or re.compile(r"(?!)")
# words that hold a trigger's character but are not the act (士卒: soldiers, not a death)
_NOT_TRIGGER_RE = re.compile(WORDS.pattern("not-trigger"))


@cache
def _trigger_head(trigger: str) -> frozenset[str]:
    """The character every match of a trigger starts with (none: no such character)."""
    first = trigger.lstrip("^").split("…")[0]
    return frozenset(first[:1])


@cache
def _heads(triggers: tuple[str, ...]) -> frozenset[str] | None:
    """The characters any of ``triggers`` starts with (None: one of them has no fixed
    first character, so any span may hold a match)."""
    heads = [_trigger_head(t) for t in triggers]
    if any(not h for h in heads):
        return None
    return frozenset().union(*heads)


def _first_hit(triggers: tuple[str, ...], text: str, body: int, end: int | None = None,
               anchored_ok: bool = True, present: set[str] | None = None
               ) -> tuple[int, int] | None:
    """(start, -length) of the earliest of ``triggers`` in text[body:end]; ^-triggers
    only when ``anchored_ok`` (the span starts the headline's body).  ``present``: the
    characters of the span, when the caller has them."""
    end = len(text) if end is None else end
    best: tuple[int, int] | None = None
    if present is None:
        present = set(text[body:end])
    for trigger in triggers:
        if trigger.startswith("^") and not anchored_ok:
            continue
        if not _trigger_head(trigger) <= present:
            continue  # its first character is not in the span: it cannot match
        rx = _trigger_re(trigger)
        m = rx.match(text, body, end) if trigger.startswith("^") else rx.search(text, body, end)
        if m:
            hit = (m.start(), -(m.end() - m.start()))
            best = hit if best is None or hit < best else best
    return best


def clauses(text: str, body: int = 0) -> list[tuple[int, int]]:
    """Spans of the clauses of a (masked) headline, each with its closing ，；。：."""
    spans: list[tuple[int, int]] = []
    start = body
    for k in range(body, len(text)):
        if text[k] in _CLAUSE_STOPS:
            if k > start:
                spans.append((start, k + 1))  # with its stop: the trigger 卒。
            start = k + 1
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def _specific(types: tuple[EventType, ...], text: str, a: int, b: int, first: bool
              ) -> str | None:
    hits = []
    present = set(text[a:b])
    for t in types:
        heads = _heads(t.triggers)
        if heads is not None and heads.isdisjoint(present):
            continue  # no trigger of this type can start in the span
        hit = _first_hit(t.triggers, text, a, b, first, present)
        if hit:
            hits.append((hit[0], hit[1], t.priority, t.id))
    return min(hits)[3] if hits else None


def _generic(types: tuple[EventType, ...], text: str, a: int, b: int, first: bool
             ) -> str | None:
    for t in sorted(types, key=lambda t: t.priority):
        if _first_hit(t.generic, text, a, b, first):
            return t.id
    return None


def main_clause(headline: str, mentions: list[Mention] | None = None,
                path: Path | str = EVENT_TYPES_TSV) -> tuple[str, tuple[int, int] | None]:
    """The event type of a headline and the span of the clause that decides it.

    One event type per clause: the clauses are read in order and the first one
    with a specific trigger gives the type (the earliest trigger in it, then the
    longer, then the lower priority).  A clause with only a generic trigger
    (遣使, 上書) decides unless a later clause states the diplomatic purpose with a
    specific trigger (上書於遼，求與宋和 is a negotiation); a later military clause
    does not (遣使如宋，約攻金 stays an embassy).  No trigger at all: 'other'.
    """
    types = load_event_types(path)
    text = _trigger_text(headline, mentions)
    body = _body_start(text)
    pending: tuple[str, tuple[int, int]] | None = None
    for a, b in clauses(text, body):
        specific = _specific(types, text, a, b, a == body)
        if specific is not None:
            if pending is None:
                return specific, (a, b)
            if _family(specific, path) == "recipient":
                return specific, pending[1]
            return pending
        if pending is None:
            generic = _generic(types, text, a, b, a == body)
            if generic is not None:
                pending = (generic, (a, b))
    if pending is None:
        return "other", None
    # generic triggers only: by priority over the whole headline (宋遣…來，賜…: a grant)
    for t in sorted(types, key=lambda t: t.priority):
        for a, b in clauses(text, body):
            if _first_hit(t.generic, text, a, b, a == body):
                return t.id, (a, b)
    return pending


def classify(headline: str, mentions: list[Mention] | None = None,
             path: Path | str = EVENT_TYPES_TSV) -> str:
    """The event-type concept id of a headline ('other' when nothing matches).

    Pass the headline's ``mentions`` so that names are not read as triggers.
    Order (also documented in the table): see ``main_clause``.
    """
    return main_clause(headline, mentions, path)[0]


@lru_cache(maxsize=4)
def _types_by_id(path: Path | str = EVENT_TYPES_TSV) -> dict[str, EventType]:
    """The typology by concept id (read once; asked for every headline and clause)."""
    return {t.id: t for t in load_event_types(path)}


def _family(event_type: str, path: Path | str = EVENT_TYPES_TSV) -> str:
    """'military', 'recipient' or 'other': how actors after the verb take part (the
    type's family in the typology, else its broader concept's, else 'other')."""
    by_id = _types_by_id(path)
    seen: set[str] = set()
    current: str | None = event_type
    while current and current not in seen and current in by_id:
        seen.add(current)
        if by_id[current].family:
            return by_id[current].family
        current = by_id[current].broader
    return "other"


def _implied_agent(event_type: str, path: Path | str = EVENT_TYPES_TSV) -> bool:
    """Whether a headline of ``event_type`` that names no subject has the Xia state as agent."""
    by_id = _types_by_id(path)
    return event_type not in by_id or by_id[event_type].implied_agent


# characters that end a subject besides the table's verbs and function words
_SUBJECT_END_PUNCT = "，。"
_RECIPIENT_PREP = WORDS.chars("recipient-before")


@lru_cache(maxsize=4)
def _gap_verbs(path: Path | str = EVENT_TYPES_TSV) -> frozenset[str]:
    """Characters that end a subject: verbs and function words, plus each trigger's first."""
    firsts = {t.lstrip("^")[:1] for et in load_event_types(path) for t in et.triggers + et.generic}
    return (WORDS.chars("subject-end") | frozenset(_SUBJECT_END_PUNCT)
            | (firsts - {"宋", "契", ""}))


def _gap_ok(gap: str, first: bool) -> bool:
    """Text between subject mentions: empty, an office title, 、, or a few non-verbs."""
    gap = gap.replace("\u3000", "")
    if gap in ("", "、", "及") or TITLE_GAP_RE.fullmatch(gap):
        return True
    return len(gap) <= (4 if first else 2) and not any(c in _gap_verbs() for c in gap)


def _subject(headline: str, body: int, mentions: list[Mention]) -> list[int]:
    """Indexes of the mentions that form the explicit subject at the start of the headline."""
    chain: list[int] = []
    pos = body
    for k, m in enumerate(mentions):
        if m.start < body:
            continue
        if not _gap_ok(headline[pos:m.start], first=not chain):
            break
        chain.append(k)
        pos = m.end
    # a subject names an actor; a lone place at the start (靈、夏二州大水) is no subject
    if not any(mentions[k].type in _ACTORS for k in chain):
        return []
    return chain


def _envoy_span(headline: str, start: int, body: int, mentions: list[Mention]
                ) -> tuple[int, int] | None:
    """The stretch naming the envoys or agents sent: 遣吳宗等如宋, 使鈐轄香逋詐降."""
    m = re.compile(r"遣使?").search(headline, start)
    if headline.startswith("使", body) and (m is None or m.start() > body):
        m = re.compile("使").match(headline, body)
    if not m:
        return None
    starts = {x.start: x.end for x in mentions}
    stops = _gap_verbs() - {"使"}
    end = m.end()
    while end < len(headline):
        title = TITLE_RE.match(headline, end)
        if end in starts:
            end = starts[end]
        elif title:
            end = title.end()
        elif headline[end] in stops:
            break
        else:
            end += 1
    return m.end(), end


def _participant(m: Mention, role: str) -> Participant:
    return Participant(id=m.id, label=m.label, type=m.type, role=role, text=m.text,
                       part=m.part or "headline", start=m.start, end=m.end, rule=m.rule)


def _implied(entity_id: str, role: str, rule: str, label: str) -> Participant:
    return Participant(id=entity_id, label=label, type="polity", role=role, text=None,
                       part="headline", start=None, end=None, rule=rule)


@dataclass
class _Roles:
    """One headline while its participants are read: what every role decision looks at."""

    text: str  # the headline, masked (offsets kept)
    body: int
    usable: list[Mention]  # mentions that can take part (not allusions, not in parentheses)
    event_type: str
    family: str
    subject: set[int]  # indexes into ``usable``
    passive: tuple[int, int] | None  # the X of 為X所Y
    envoys: tuple[int, int] | None = None
    recipients: set[int] = field(default_factory=set)
    patient_taken: bool = False
    out: list[Participant] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)

    def add(self, p: Participant) -> None:
        """Record a participant unless the entity already has a role."""
        # a name written twice is one participant (its first role); unresolved
        # names are the same participant when their text and type are the same
        key = p["id"] if p["id"] is not None else f"{p['type']}:{p['text']}"
        if key in self.seen:
            return
        self.seen.add(key)
        self.out.append(p)

    def in_envoys(self, m: Mention) -> bool:
        """Whether ``m`` is among those sent (遣吳宗等如宋)."""
        return self.envoys is not None and self.envoys[0] <= m.start < self.envoys[1]


def assign_roles(headline: str, mentions: list[Mention], event_type: str,
                 default_agent: str | None = XIA, default_label: str = XIA_LABEL
                 ) -> list[Participant]:
    """Participants of the event a headline reports, each with one role.

    ``mentions`` are the headline's mentions (kg.entities.mentions.extract_mentions with
    part 'headline').  ``default_agent`` is the implied subject (the Xia state);
    None disables implied participants.  Allusions and names inside parentheses
    are not participants.  Each resolved entity appears once (its first role).
    """
    text = _masked(headline)
    body = _body_start(text)
    usable = [m for m in mentions if m.context in ("", "title") and text[m.start] != "\u3000"]
    family = _family(event_type)
    later = _later_acts(headline, text, mentions, usable, event_type, family)
    subject = set(_subject(text, body, usable))
    if subject and all(usable[k].type == "place" for k in subject):
        subject = set()
    # 為X所Y in the clause that decides the event: X acts, the subject suffers
    passive = _passive_span(text, body, event_type, usable)
    roles = _Roles(text, body, usable, event_type, family, subject, passive)
    _add_subject(roles, default_agent, default_label)
    _add_objects(roles, later)
    to_xia = bool(subject) and default_agent is not None and _comes_to_xia(text, body)
    if to_xia and default_agent is not None and default_agent not in roles.seen:
        role = "patient" if family == "military" else "recipient"
        roles.add(_implied(default_agent, role, "implied-object", default_label))
    return roles.out


def _later_acts(headline: str, text: str, mentions: list[Mention], usable: list[Mention],
                event_type: str, family: str) -> set[int]:
    """Indexes of the usable mentions that belong to another act than the event's
    (``text`` is the masked headline).

    A later clause with a subject and a verb of its own, of another kind, reports
    another act (侵宋靜邊寨，宋以王素知渭州): its names are only mentioned here.
    """
    # the clause that decides the event type (later clauses with a subject of their
    # own report other acts)
    span = main_clause(headline, mentions)[1] if event_type != "other" else None
    later: set[int] = set()
    if span is None:
        return later
    types = load_event_types()
    masked = _trigger_text(headline, mentions)
    for a, b in clauses(text, span[1]):
        own = _specific(types, masked, a, b, False)
        if own is not None and _family(own) != family and _subject(text, a, usable):
            later |= {k for k, m in enumerate(usable) if a <= m.start < b}
    return later


def _add_subject(roles: _Roles, default_agent: str | None, default_label: str) -> None:
    """The explicit subject, or the unnamed Xia state when the headline names none."""
    if not roles.subject and default_agent and _implied_agent(roles.event_type):
        roles.add(_implied(default_agent, "patient" if roles.passive else "agent",
                           "implied-subject", default_label))
    subject_role = "patient" if roles.event_type == "death" or roles.passive else "agent"
    usable, subject = roles.usable, roles.subject
    for k in sorted(subject):
        m = usable[k]
        if m.type == "place":
            role = "other" if m.context == "title" or any(
                usable[j].type == "person" for j in subject if j > k) else "place"
        elif m.type == "polity" and roles.event_type in ("defection", "surrender") and any(
                usable[j].type in ("person", "group") for j in subject if j > k):
            role = "other"  # 西蕃益麻黨征來降: the side he leaves
        else:
            role = subject_role
        roles.add(_participant(m, role))


def _add_objects(roles: _Roles, later: set[int]) -> None:
    """The names after the subject, in text order."""
    text, body, usable, subject = roles.text, roles.body, roles.usable, roles.subject
    subject_end = max((usable[k].end for k in subject), default=body)
    roles.envoys = _envoy_span(text, subject_end, body, usable)
    objects = [k for k, m in enumerate(usable) if k not in subject and m.start >= body
               and not roles.in_envoys(m)]
    if roles.family == "recipient":
        roles.recipients = _recipients(text, usable, objects)
    for k, m in enumerate(usable):
        if k in subject or m.start < body:
            continue
        role = "other" if k in later else _object_role(roles, k)
        roles.add(_participant(m, role))


def _object_role(roles: _Roles, k: int) -> str:
    """The role of a name after the subject: by what precedes it, then by the event type."""
    text, body, m = roles.text, roles.body, roles.usable[k]
    in_envoys = roles.in_envoys(m)
    passive = roles.passive
    if m.type == "place":
        return "other" if m.context == "title" or in_envoys else "place"
    if passive and passive[0] <= m.start < passive[1] and m.type in _ACTORS:
        return "agent"
    if m.type in _ACTORS and _sent_to(text, body, m.start):
        return "recipient"  # 遣使如宋 / 獻…於遼 / 請於金: the court addressed
    if in_envoys and m.type in _ACTORS:
        assert roles.envoys is not None
        return "agent" if m.type == "person" or roles.envoys[0] == body + 1 else "other"
    if roles.event_type in ("death", "accession"):
        return "other"
    if roles.family == "military":
        return "other" if _after(text, m.start, "為") and "所" in text[m.end:m.end + 8] \
            else "patient"
    if roles.family == "recipient":
        if roles.event_type == "defection" and "誘" in text[body:m.start]:
            return "patient"  # 誘蕃族奔雅等降: the lured are the objects
        return "recipient" if k in roles.recipients else "other"
    if roles.event_type == "appointment":
        return "patient" if m.type == "person" else "other"
    if not roles.patient_taken:
        roles.patient_taken = m.type in _ACTORS
        return "patient"
    return "other"


def _passive_span(text: str, body: int, event_type: str, mentions: list[Mention]
                  ) -> tuple[int, int] | None:
    """The X of 為X所Y when it stands in the headline's first clause, else None."""
    spans = clauses(text, body)
    if not spans or event_type == "other":
        return None
    a, b = spans[0]
    for m in re.finditer(r"為([^，。；：]{1,12}?)所", text[a:b]):
        s, e = a + m.start(1), a + m.end(1)
        if any(s <= x.start < e and x.type in _ACTORS for x in mentions):
            return s, e
    return None


_SENDING = WORDS.words("sending")


def _sent_to(text: str, body: int, start: int) -> bool:
    """An actor right after 如/於/詣 in a clause that sends or asks (遣使如宋, 請於金)."""
    if start <= body or text[start - 1] not in "如於詣":
        return False
    k = start - 1
    while k > body and text[k - 1] not in _CLAUSE_STOPS:
        k -= 1
    before = text[k:start - 1]
    return any(w in before for w in _SENDING) or text[start - 1] == "如" and "遣" in before


def _recipients(text: str, mentions: list[Mention], objects: list[int]) -> set[int]:
    """Which actors after the verb receive: the one after 於/如/詣/向/入/朝/報, else the first.

    A polity directly before a person of it goes with the person (宋邊臣劉昌祚).
    For a 來 headline without such a word the recipient is the implied Xia side
    (宋以國子監所印《九經》來賜), so none is chosen here.
    """
    actors = [k for k in objects if mentions[k].type in _ACTORS]
    marked = [k for k in actors if mentions[k].start > 0
              and text[mentions[k].start - 1] in _RECIPIENT_PREP]
    for k in actors:
        if _title_prefix(mentions, k) and mentions[k].start > 0 \
                and text[mentions[k].start - 1] in _RECIPIENT_PREP:
            marked.append(k + 1)
    if marked:
        first = min(marked)
    elif actors and not _comes_to_xia(text, 0):
        first = actors[0]
    else:
        return set()
    chosen = {first}
    if first > 0 and first - 1 in actors and _title_prefix(mentions, first - 1):
        chosen.add(first - 1)
    # the chosen actor with its officials (宋邊臣劉昌祚)
    k = first
    while k + 1 in actors and _gap_ok(text[mentions[k].end:mentions[k + 1].start], False):
        k += 1
        chosen.add(k)
    return chosen


def _after(text: str, start: int, word: str) -> bool:
    """Whether ``word`` precedes ``start`` within the same clause."""
    k = start
    while k > 0 and text[k - 1] not in _CLAUSE_STOPS:
        k -= 1
    return word in text[k:start]


def _title_prefix(mentions: list[Mention], k: int) -> bool:
    """A polity directly followed by a person of it (宋邊臣劉昌祚): the person is the object."""
    m = mentions[k]
    nxt = mentions[k + 1] if k + 1 < len(mentions) else None
    return m.type == "polity" and nxt is not None and nxt.type == "person" \
        and nxt.start - m.end <= 6


def _comes_to_xia(text: str, body: int) -> bool:
    """來 + verb after a foreign subject: the act is directed at Xia (宋環慶兵來襲, 契丹來伐)."""
    return re.search(r"來(?!年)", text[body:]) is not None and "來議與" not in text

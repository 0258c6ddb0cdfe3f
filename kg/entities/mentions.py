"""Finding names of persons, polities, groups and places in headlines and narratives.

The chronicle names people with an office or place before the name (知蘭州李浩,
鄜延副總管曲珍), shortens names once introduced (憲 for 李憲), uses designations
whose referent depends on the date (梁氏, 國母, 宋帝), and writes 夏 both for the
Xia state and for the summer season (夏四月).  Dictionary look-up alone gets all
of these wrong somewhere, so the extractor combines:

* longest-first matching against the authority index (kg.entities.authority);
* context rules: 夏 as a season or as 中夏 "China", single-character designations
  (帝, 上) only at a clause start, short forms only after the full name occurred
  in the same entry, 干支 days never read as names;
* date resolution of designations by the entry's CE year (ambiguity is reported,
  never guessed);
* rules that find names the authority does not know yet, returned with id None:
  an office title before a name, a place suffix (X州 / X寨 …), the destination of
  an embassy, and the other written form in ``X（一作Y）`` / ``X（《書》作Y）``;
* parentheses: work titles in 《》 and the bibliographic part of a citation never
  yield mentions; names in variant readings, quotations and notes do, marked
  with ``context``.

Offsets are code points into the string passed in, end-exclusive.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace

from kg.entities.authority import Authority, Candidate
from kg.knowledge.lexicon import load_lexicon
from kg.text.markers import GANZHI_SET
from kg.text.parens import classify, paren_tree

# the word lists (seeds/office-titles.tsv, surnames.tsv, name-stops.tsv, word-lists.tsv),
# checked on load
LEXICON = load_lexicon()
WORDS = LEXICON.lists
# place suffixes (X州, X寨) and the fewest characters of a name before each
_MIN_PLACE_NAME = {suffix: int(n) for suffix, n in WORDS.values("place-suffix").items()}
PLACE_SUFFIXES = "".join(_MIN_PLACE_NAME)
# the most characters of a place name read backwards from its suffix: the reach of the
# rule (a longer stretch is cut by a stop character or the authority's forms first)
_MAX_PLACE_NAME = 3
# parentheses nested deeper than this are read as part of the one around them: the
# chronicle nests two or three levels; a stray run of openers must not cost
# (length × depth) or exhaust the recursion limit
_MAX_PAREN_DEPTH = 8
# characters that end a name when reading forward (persons after a title) or
# backward (places before a suffix): verbs, function words, numerals
NAME_STOP = LEXICON.stop("function", "verb", "determiner")
PLACE_STOP = NAME_STOP | LEXICON.stop("place-stop")
# what follows a suffix that is a word of its own: 城寨 (forts), 城下, 鎮撫 (to pacify)
_NOT_AFTER_SUFFIX = {"城": LEXICON.stop("not-after-城"), "鎮": LEXICON.stop("not-after-鎮")}
_NOT_AFTER_ARMY = LEXICON.stop("not-after-軍")
# 城 and 軍 are also verbs and common nouns (乘城, 敵軍): an unknown X城 / X軍 needs a
# verb of place or a polity right before it (攻X城, 知X軍, 宋X城)
_PLACE_CONTEXT = LEXICON.stop("place-context")
_NEEDS_CONTEXT = WORDS.chars("needs-context")
# a guessed name never starts with these (酋豪多怨, 邊臣雖擅納)
NAME_FIRST_STOP = LEXICON.stop("first-stop")
# what ends a tribe name read backwards from 族 (其族, 宗族, 九族, 舉族)
GROUP_STOP = LEXICON.stop("group-stop")
_MAX_GROUP_NAME = 4
# Office and rank titles that stand directly before a person's name.
TITLE_RE = LEXICON.title_re
TITLE_GAP_RE = LEXICON.title_gap_re
# 遣使如X, 遣使貢於X: the destination X follows
_EMBASSY_RE = re.compile(WORDS.pattern("embassy-sender") + WORDS.pattern("embassy-to"))
_EMBASSY_STOP = LEXICON.stop("embassy-stop") | frozenset("，。；、")
_MONTH_AFTER_RE = re.compile(r"閏?(?:十一|十二|正|[一二三四五六七八九十])月")
_BOUNDARY = frozenset("，。；：、「」『』！？ 　（）,.;:!?\n")


def _by_designation(pairs: tuple[str, ...], at: int) -> dict[str, frozenset[str]]:
    """Two-character words grouped by their designation (the character at ``at``)."""
    out: dict[str, frozenset[str]] = {}
    for pair in pairs:
        out[pair[at]] = out.get(pair[at], frozenset()) | {pair[1 - at]}
    return out


# 上言, 上書: 上 followed by these is another word, not the emperor
_SINGLE_DESIGNATION_DENY = _by_designation(WORDS.words("not-designation"), 0)
# 言於帝: 帝 as the object of 於 is still the emperor
_SINGLE_DESIGNATION_AFTER = _by_designation(WORDS.words("designation-after"), 1)

_RULE_PRIORITY = {"abbreviation": -1, "authority": 0, "short-form": 0, "authority+suffix": 1,
                  "variant-form": 1, "source-reading": 1, "office-title": 2, "place-suffix": 3,
                  "group-suffix": 3, "embassy": 4, "after-polity": 5}


@dataclass(frozen=True)
class Mention:
    """A name in a text; ``id`` is None when unresolved or ambiguous (see ``candidates``).

    ``rule`` says what found it: authority (a full form in the tables), short-form,
    authority+suffix (永樂 + 城), variant-form / source-reading (the Y of X（一作Y）),
    office-title, place-suffix, embassy.  ``context`` is '' in running text, 'title'
    for a place that is part of an office title (蘭州 in 知蘭州李浩), and 'variant',
    'reading', 'quote', 'note' inside parentheses.
    """

    id: str | None
    label: str
    type: str
    text: str
    start: int
    end: int
    part: str
    rule: str
    candidates: tuple[str, ...] = ()
    context: str = ""

    def to_dict(self) -> dict:
        # the fields are flat: a plain copy, which dataclasses.asdict makes ten times slower
        d = {name: getattr(self, name) for name in _MENTION_FIELDS}
        d["candidates"] = list(self.candidates)
        return d


_MENTION_FIELDS = tuple(f.name for f in fields(Mention))


@dataclass
class _Option:
    end: int
    rule: str
    id: str | None
    label: str
    type: str
    candidates: tuple[str, ...] = ()
    single_polity: bool = False
    weak: bool = False
    context: str = ""


@dataclass
class _Regions:
    """Per-character masks: blocked characters never belong to a mention."""

    blocked: list[bool]
    context: list[str]
    # variant slots: start of Y -> (paren start, end of Y, kind)
    variants: dict[int, tuple[int, int, str]] = field(default_factory=dict)


def is_han(ch: str) -> bool:
    """A CJK ideograph (BMP blocks, compatibility block, supplementary planes).

    Private-use characters count too: the transcription uses them for glyphs it
    could not encode, inside names (仁多\ue406丁).
    """
    o = ord(ch)
    return (0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF
            or 0x20000 <= o <= 0x3FFFF or 0xE000 <= o <= 0xF8FF)


def _find_outside_titles(text: str, start: int, end: int, chars: str) -> int:
    """First index in [start, end) of one of ``chars`` that is not inside 《》, or ``end``."""
    depth = 0
    for k in range(start, end):
        ch = text[k]
        if ch == "《":
            depth += 1
        elif ch == "》":
            depth = max(0, depth - 1)
        elif depth == 0 and ch in chars:
            return k
    return end


def _regions(text: str) -> _Regions:
    n = len(text)
    reg = _Regions([False] * n, [""] * n)
    pairs, children = paren_tree(text)
    for a, b in pairs:
        _paren(text, a, b, reg, children)
    # work titles: 《…》 never yield mentions (an unclosed 《 blocks only itself)
    k = 0
    while k < n:
        if text[k] == "《":
            close = text.find("》", k)
            stop = close + 1 if close >= 0 else k + 1
            for j in range(k, stop):
                reg.blocked[j] = True
            k = stop
        else:
            k += 1
    # 干支 days (丁亥，…) are dates, not names (丁 is also a short form of 仁多丁)
    for k in range(n - 1):
        if text[k:k + 2] in GANZHI_SET and (k + 2 == n or text[k + 2] in "，,"):
            reg.blocked[k] = reg.blocked[k + 1] = True
    return reg


def _paren(text: str, a: int, b: int, reg: _Regions,
           children: dict[tuple[int, int], list[tuple[int, int]]], depth: int = 0) -> None:
    """Mark a parenthesis: what of it is bibliography (blocked) and what context the rest has."""
    inner_a, inner_b = a + 1, b - 1
    reg.blocked[a] = True
    if text[b - 1] in "）)":
        reg.blocked[b - 1] = True
    content = text[inner_a:inner_b]
    kind = classify(content)
    lead = len(content) - len(content.lstrip())
    s = inner_a + lead
    if kind == "citation":
        cut = _find_outside_titles(text, s, inner_b, "。，；：;:,")
        _block(reg, inner_a, cut)
        _context(reg, cut, inner_b, "note")
    elif kind == "variant":
        prefix = 3 if content.lstrip().startswith("一本作") else 2
        _block(reg, inner_a, s + prefix)
        _context(reg, s + prefix, inner_b, "variant")
        _variant_slot(text, s + prefix, inner_b, a, "variant-form", reg)
    elif kind == "reading":
        zuo = _find_outside_titles(text, s, inner_b, "作")
        _block(reg, inner_a, min(zuo + 1, inner_b))
        _context(reg, zuo + 1, inner_b, "reading")
        _variant_slot(text, zuo + 1, inner_b, a, "source-reading", reg)
    elif kind == "quote":
        colon = _find_outside_titles(text, s, inner_b, "：:")
        _block(reg, inner_a, min(colon + 1, inner_b))
        _context(reg, colon + 1, inner_b, "quote")
    else:
        _context(reg, inner_a, inner_b, "note")
    if depth >= _MAX_PAREN_DEPTH:
        return
    for na, nb in children.get((a, b), ()):
        _paren(text, na, nb, reg, children, depth + 1)


def _block(reg: _Regions, start: int, end: int) -> None:
    if end > start:
        reg.blocked[start:end] = [True] * (end - start)


def _context(reg: _Regions, start: int, end: int, ctx: str) -> None:
    if end > start:
        reg.context[start:end] = [ctx] * (end - start)


def _variant_slot(text: str, s: int, end: int, paren: int, kind: str, reg: _Regions) -> None:
    """Y in X（一作Y）: another written form of the name just before the parenthesis."""
    stop = s
    while stop < end and text[stop] not in "，。；、,;（(":
        stop += 1
    y = text[s:stop]
    if 2 <= len(y) <= 7 and all(is_han(c) for c in y):
        reg.variants[s] = (paren, stop, kind)


def _season_or_china(text: str, i: int) -> bool:
    """夏 at i that is not the Xia state: a season (夏四月, 夏，…, 春夏) or 中夏 / 諸夏 (China)."""
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if _MONTH_AFTER_RE.match(text, i + 1):
        return True
    if nxt in "，," and (i == 0 or prev in _BOUNDARY):
        return True
    if prev in "春是" or nxt == "秋":
        return True
    return prev in "中諸華"


def _inside(text: str, i: int, label: str, strings: tuple[str, ...]) -> bool:
    """Whether the ``label`` at text[i:] is part of one of ``strings`` (中夏 for 夏)."""
    for whole in strings:
        k = whole.find(label)
        while k >= 0:
            if i - k >= 0 and text[i - k:i - k + len(whole)] == whole:
                return True
            k = whole.find(label, k + 1)
    return False


def _verdict(c: Candidate, text: str, i: int, ce_year: int | None = None,
             after_title: bool = False) -> str:
    """'ok', 'skip', 'weak' or 'allusion' for candidate ``c`` at text[i:].

    Table rules (context_rule column) first; then built-in rules for risky
    one-character forms that hold whatever the tables say: 夏 as a season or as
    中夏, and 帝 / 上 as the emperor only at the start of a clause.  A
    one-character personal name (睍) also stands right after an office title
    (南平王睍): ``after_title``.
    """
    verdict = "ok"
    end = i + len(c.form)
    for rule in c.entity.rules_for(c.form):
        if rule.name == "season-marker" and _season_or_china(text, i):
            return "skip"
        if rule.name == "after-year" and rule.args and (
                ce_year is None or not rule.args[0].isdigit() or ce_year < int(rule.args[0])):
            return "skip"
        if rule.name == "not-before" and any(text.startswith(a, end) for a in rule.args):
            return "skip"
        if rule.name == "not-after" and any(text[:i].endswith(a) for a in rule.args):
            return "skip"
        if rule.name == "not-in" and _inside(text, i, c.form, rule.args):
            return "skip"
        if rule.name == "only-in" and not _inside(text, i, c.form, rule.args):
            return "skip"
        if rule.name == "weak":
            verdict = "weak"
        elif rule.name == "allusion" and verdict == "ok":
            verdict = "allusion"
    if len(c.form) != 1 or c.is_short_form:
        return verdict
    if c.type == "polity" and c.form == "夏" and _season_or_china(text, i):
        return "skip"
    if c.type == "person":
        prev = text[i - 1] if i > 0 else ""
        if after_title and c.form not in _SINGLE_DESIGNATION_DENY and c.form != "帝":
            return verdict
        if i > 0 and prev not in _BOUNDARY \
                and prev not in _SINGLE_DESIGNATION_AFTER.get(c.form, frozenset()):
            return "skip"
        nxt = text[i + 1] if i + 1 < len(text) else ""
        if nxt in _SINGLE_DESIGNATION_DENY.get(c.form, frozenset()):
            return "skip"
    return verdict


def _known(c: Candidate, known: set[str]) -> bool:
    ent = c.entity
    return ent.id in known or any(f in known for f in ent.full_forms)


def _prefer(pool: list[Candidate], text: str, known: set[str]) -> list[Candidate]:
    """Places sharing a label: a prefer-if row when its string occurs, else the lowest id."""
    if len(pool) < 2 or any(c.type != "place" for c in pool):
        return pool
    for c in pool:
        for rule in c.entity.rules_for(c.form):
            if rule.name == "prefer-if" and any(s in text or s in known for s in rule.args):
                return [c]
    return [min(pool, key=lambda c: (len(c.id), c.id))]


def _resolve(cands: list[Candidate], ce_year: int | None, known: set[str], text: str, i: int,
             after_title: bool = False) -> _Option | None:
    form = cands[0].form
    end = i + len(form)
    verdicts = {id(c): _verdict(c, text, i, ce_year, after_title) for c in cands}
    usable = [c for c in cands if verdicts[id(c)] != "skip"]
    full = [c for c in usable if not c.is_short_form]
    short = [c for c in usable if c.is_short_form and _known(c, known)]
    pool, rule = (full, "authority") if full else (short, "short-form")
    if not pool:
        return None
    weak = all(verdicts[id(c)] == "weak" for c in pool)
    context = "allusion" if all(verdicts[id(c)] == "allusion" for c in pool) else ""
    # the date decides only between rows sharing a label (梁氏, 宋帝); a label of one
    # row names that row at any date
    if ce_year is not None and len({c.id for c in pool}) > 1:
        dated = [c for c in pool if c.entity.active_in(ce_year)]
        if dated:
            pool = dated
    all_ids = tuple(dict.fromkeys(c.id for c in pool))
    pool = _prefer(pool, text, known)
    ids = list(dict.fromkeys(c.id for c in pool))
    if weak:
        return _Option(end, rule, None, form, pool[0].type, all_ids, weak=True)
    if len(ids) == 1:
        c = pool[0]
        alternatives = all_ids if len(all_ids) > 1 else ()
        return _Option(end, rule, c.id, c.pref_label, c.type, alternatives,
                       single_polity=len(form) == 1 and c.type == "polity", context=context)
    types = {c.type for c in pool}
    etype = pool[0].type if len(types) > 1 else types.pop()
    return _Option(end, rule, None, form, etype, tuple(ids), context=context)


def _abbr_options(text: str, reg: _Regions, auth: Authority) -> dict[int, _Option]:
    """One-character place forms (興, 靈, 夏 …) valid only in 、-runs of places or before 帥.

    A run is two or more members joined by 、, each an abbreviation or a full place
    label: the first may follow other text, inner members fill the space between
    two 、, the last may be followed by other text (麟、府州, 銀、夏、綏三州).
    """
    out: dict[int, _Option] = {}

    def member_at(start: int, end: int, exact: bool, anchor_end: bool) -> tuple[int, int] | None:
        # the longest abbreviation or place label that ends at ``end`` (anchor_end) or
        # starts at ``start``; exact: it must fill [start, end)
        spans = []
        for length in range(1, _MAX_PLACE_NAME + 2):
            s, e = (end - length, end) if anchor_end else (start, start + length)
            if s < 0 or e > len(text) or any(reg.blocked[s:e]):
                continue
            form = text[s:e]
            if auth.lookup_abbr(form) or any(c.type == "place" for c in auth.lookup(form)):
                if not exact or (s, e) == (start, end):
                    spans.append((s, e))
        return max(spans, key=lambda se: se[1] - se[0]) if spans else None

    seps = [k for k, ch in enumerate(text) if ch == "、" and not reg.blocked[k]]
    runs: list[list[tuple[int, int]]] = []
    k = 0
    while k < len(seps):
        first = member_at(0, seps[k], False, True)
        if first is None:
            k += 1
            continue
        members = [first]
        while True:
            sep = seps[k]
            nxt_sep = seps[k + 1] if k + 1 < len(seps) else None
            inner = member_at(sep + 1, nxt_sep, True, False) if nxt_sep else None
            if inner is not None:
                members.append(inner)
                k += 1
                continue
            last = member_at(sep + 1, len(text), False, False)
            if last is not None:
                members.append(last)
            break
        k += 1
        if len(members) >= 2:
            runs.append(members)
    for members in runs:
        for s, e in members:
            cands = auth.lookup_abbr(text[s:e])
            if cands:
                c = cands[0]
                out[s] = _Option(e, "abbreviation", c.id, c.pref_label, c.type)
    for m in re.finditer("帥", text):
        s = m.start() - 1
        if s >= 0 and not reg.blocked[s] and auth.lookup_abbr(text[s]):
            c = auth.lookup_abbr(text[s])[0]
            out.setdefault(s, _Option(s + 1, "abbreviation", c.id, c.pref_label, c.type, (),
                                      context="title"))
    return out


def _guess_person_end(text: str, t: int, reg: _Regions, auth: Authority) -> int | None:
    """End of an unknown name right after an office title, or None.

    The name runs until a verb, function word or punctuation: at most 3 characters
    for a Han surname, 4 otherwise, or 5 when punctuation or a parenthesis closes
    it (嵬名妹精嵬（一作…）); it stops before a name the tables know (酋豪怨諒祚).
    A Han given name may start with a stop character (郝從政).  Fewer than 2
    characters is no name.
    """
    if t >= len(text) or text[t] in NAME_FIRST_STOP:
        return None
    j = t
    while (j < len(text) and j - t < 5 and is_han(text[j]) and not reg.blocked[j]
           and text[j] not in NAME_STOP):
        if j > t and any(auth.lookup(text[j:j + k]) for k in range(2, 5)):
            break
        j += 1
    closed = j >= len(text) or not is_han(text[j]) or reg.blocked[j]
    surname = LEXICON.surname_at(text, t)
    limit = len(surname) + 2 if surname else (5 if closed else 4)
    j = min(j, t + limit)
    if surname and j == t + len(surname):
        # a given name may begin with a function word (郝從政, 王以道): take it when
        # the character after it is a plain one
        k = j

        def plain(x: int) -> bool:
            return x < len(text) and is_han(text[x]) and not reg.blocked[x] \
                and text[x] not in NAME_STOP

        if k < len(text) and is_han(text[k]) and not reg.blocked[k] and plain(k + 1):
            j = k + 2
    return j if j - t >= 2 else None


_POLITY_BEFORE_NAME = frozenset(WORDS.words("polity-before-name"))


def _name_after_actor(text: str, i: int, reg: _Regions, prev: Mention, auth: Authority
                      ) -> int | None:
    """End of a Han name the tables do not know, right after a polity (宋王樞縱…)
    or after a person and 、 (程信、王仕信), or None.

    Headlines introduce officials as polity + surname + given name; the guess needs
    a surname from the table, one or two more characters that are neither stop nor
    place characters, and a verb, function word or punctuation right after it.
    """
    after_polity = prev.type == "polity" and prev.end == i and prev.text in _POLITY_BEFORE_NAME
    after_person = (prev.type == "person" and prev.end == i - 1 and i > 0
                    and text[i - 1] == "、")
    if not (after_polity or after_person):
        return None
    surname = LEXICON.surname_at(text, i)
    if not surname or surname in _POLITY_BEFORE_NAME or surname == "夏" or text[i] in NAME_STOP:
        return None
    j = i + len(surname)
    while (j < len(text) and j - i - len(surname) < 2 and is_han(text[j])
           and not reg.blocked[j] and text[j] not in PLACE_STOP):
        j += 1
    if j == i + len(surname):
        return None
    closed = j >= len(text) or not is_han(text[j]) or text[j] in NAME_STOP or reg.blocked[j]
    if not closed or any(auth.lookup(text[i:k]) for k in range(i + 2, j + 1)):
        return None  # a form the tables know in another sense (江南)
    return j


def _office_starts(text: str, reg: _Regions) -> set[int]:
    """Positions right after an office title, where a person's name may start."""
    starts: set[int] = set()
    for m in TITLE_RE.finditer(text):
        # a title followed by another title (都統昂星嵬名濟): the name comes after both
        if not any(reg.blocked[m.start():m.end()]) and not TITLE_RE.match(text, m.end()):
            starts.add(m.end())
    return starts


def _place_suffix_options(text: str, reg: _Regions, auth: Authority) -> dict[int, _Option]:
    """X州 / X軍 / X寨 / X堡 / X城 / X鎮 with a plausible name, by start offset."""
    out: dict[int, _Option] = {}
    polity_forms = auth.forms_by_type("polity") | auth.forms_by_type("person")
    for j, suffix in enumerate(text):
        if suffix not in PLACE_SUFFIXES or reg.blocked[j]:
            continue
        nxt = text[j + 1] if j + 1 < len(text) else ""
        # a known place before the suffix makes it a fort of that name even in 葭蘆城下
        known_before = any(
            any(c.type == "place" and not c.is_short_form for c in auth.lookup(text[k:j]))
            for k in range(max(0, j - _MAX_PLACE_NAME), j - 1))
        if not known_before and (suffix == "軍" and nxt in _NOT_AFTER_ARMY or
                                 nxt in _NOT_AFTER_SUFFIX.get(suffix, frozenset())):
            continue
        s = j
        while (s > 0 and j - s < _MAX_PLACE_NAME and is_han(text[s - 1]) and not reg.blocked[s - 1]
               and text[s - 1] not in PLACE_STOP):
            s -= 1
        # a polity or person name directly before the place is not part of it (宋定西城);
        # one that fills the whole name makes it no place at all (契丹城 = 契丹 fortified)
        for k in range(j, s, -1):
            if text[s:k] in polity_forms:
                s = k
                break
        if j - s < _MIN_PLACE_NAME[suffix]:
            continue
        if suffix in _NEEDS_CONTEXT and not (
                s > 0 and (text[s - 1] in _PLACE_CONTEXT
                           or any(text[k:s] in polity_forms for k in range(max(0, s - 3), s)))):
            continue
        # a known place ending at the suffix is the dictionary's (升西市城 → 西市城)
        if any(any(c.type == "place" for c in auth.lookup(text[k:j + 1])) for k in range(s, j)):
            continue
        name = text[s:j]
        places = [c for c in auth.lookup(name) if c.type == "place" and not c.is_short_form]
        if suffix == "軍" and places:
            continue  # 涇原軍 is the army of 涇原, not a place
        # a prefecture's name before a fort's suffix or 路 names the fort or the circuit
        # (臨州堡, 利州路)
        end = j + 1
        if suffix == "州" and end < len(text) and not reg.blocked[end] and (
                text[end] == "路" or text[end] in "堡寨" or text[end] == "城" and
                text[end + 1:end + 2] not in _NOT_AFTER_SUFFIX["城"]):
            if not any(c.type == "place" for c in auth.lookup(text[s:j + 1])):
                out[s] = _Option(end + 1, "place-suffix", None, text[s:end + 1], "place")
                continue
        if places and suffix in "城寨堡":
            c = places[0]
            out[s] = _Option(j + 1, "authority+suffix", c.id, c.pref_label, "place")
        else:
            out[s] = _Option(j + 1, "place-suffix", None, text[s:j + 1], "place")
    return out


def _group_suffix_options(text: str, reg: _Regions, auth: Authority) -> dict[int, _Option]:
    """X族 (a tribe or clan the tables do not know), and Y in Y、X族 (蒙羅角、抹耳水巴族).

    X is 2–4 characters read backwards from 族 up to a stop character; a known
    person name that fills X is the person, not a group (沒藏訛龐族 stays 沒藏訛龐
    + 族 only when the tables say so).
    """
    out: dict[int, _Option] = {}
    stop = PLACE_STOP | GROUP_STOP
    person_forms = auth.full_forms("person", "polity")

    def back(j: int) -> int:
        s = j
        while (s > 0 and j - s < _MAX_GROUP_NAME and is_han(text[s - 1])
               and not reg.blocked[s - 1] and text[s - 1] not in stop):
            s -= 1
        return s

    for j, ch in enumerate(text):
        if ch != "族" or reg.blocked[j]:
            continue
        s = back(j)
        if j - s < 2 or text[s:j] in person_forms:
            continue
        if any(c.type == "group" for c in auth.lookup(text[s:j + 1])):
            continue  # the tables know it (longest match finds it)
        out[s] = _Option(j + 1, "group-suffix", None, text[s:j + 1], "group")
        # a run of names sharing the suffix: 蒙羅角、抹耳水巴族
        while s > 1 and text[s - 1] == "、":
            t = back(s - 1)
            if s - 1 - t < 2 or text[t:s - 1] in person_forms:
                break
            out[t] = _Option(s - 1, "group-suffix", None, text[t:s - 1], "group")
            s = t
    return out


def _embassy_options(text: str, reg: _Regions, auth: Authority) -> dict[int, _Option]:
    """The destination X of 遣使如X / 遣使貢於X when the authority does not know it."""
    out: dict[int, _Option] = {}
    for m in _EMBASSY_RE.finditer(text):
        s = j = m.end()
        # a court the tables know is found by them (遣使詣宋行闕 is 宋, not 宋行闕)
        if any(c.type in ("polity", "place") for k in range(1, 4)
               for c in auth.lookup(text[s:s + k])):
            continue
        while (j < len(text) and j - s < 3 and is_han(text[j]) and not reg.blocked[j]
               and text[j] not in _EMBASSY_STOP):
            j += 1
        if j > s:
            etype = "place" if text[j - 1] in PLACE_SUFFIXES else "polity"
            out[s] = _Option(j, "embassy", None, text[s:j], etype)
    return out


def _title_context(text: str, mentions: list[Mention]) -> list[Mention]:
    """Mark places that are part of an office title before a person (知蘭州李浩, 鄜延副總管曲珍)."""
    out = list(mentions)
    for k, m in enumerate(out):
        if m.type != "place" or m.context:
            continue
        nxt = out[k + 1] if k + 1 < len(out) else None
        after_zhi = m.start > 0 and text[m.start - 1] in "知判"
        gap = text[m.end:nxt.start] if nxt else ""
        # the gap is a title, or the place and the gap together are one (涇原將折可適)
        before_person = (nxt is not None and nxt.type == "person" and gap != ""
                         and (TITLE_GAP_RE.fullmatch(gap) is not None
                              or TITLE_RE.fullmatch(text, m.start, nxt.start) is not None))
        if after_zhi or before_person:
            out[k] = replace(m, context="title")
    return out


@dataclass
class _Scan:
    """One text being read for names: what the choice at every offset looks at."""

    text: str
    ce_year: int | None
    authority: Authority
    reg: _Regions
    known: set[str]  # ids and forms named so far: short forms resolve only to these
    office: set[int]  # offsets right after an office title
    # options the rules found ahead of time, by start offset: place suffixes,
    # embassies, group suffixes, abbreviations (in this order, which breaks ties)
    by_rule: tuple[dict[int, _Option], ...]
    maxlen: int = 0  # the longest form of the tables: read once per text, not per offset


def extract_mentions(text: str, ce_year: int | None, authority: Authority, part: str,
                     known_in_entry: Iterable[str] | None = None) -> list[Mention]:
    """Names in ``text`` (a headline or a narrative, parentheses included), left to right.

    ``known_in_entry``: ids or written forms of entities already named in the entry
    (the headline's mentions, for the narrative call); short forms resolve only
    to those, or to entities named earlier in ``text`` itself.
    """
    reg = _regions(text)
    scan = _Scan(text, ce_year, authority, reg, set(known_in_entry or ()),
                 _office_starts(text, reg),
                 (_place_suffix_options(text, reg, authority),
                  _embassy_options(text, reg, authority),
                  _group_suffix_options(text, reg, authority),
                  _abbr_options(text, reg, authority)), authority.max_form_length)
    mentions: list[Mention] = []
    weak: list[int] = []
    n = len(text)
    i = 0
    while i < n:
        if reg.blocked[i] or not is_han(text[i]):
            i += 1
            continue
        best = _choose(_options_at(scan, i, mentions))
        if best is None:
            i += 1
            continue
        mention = Mention(best.id, best.label, best.type, text[i:best.end], i, best.end,
                          part, best.rule, best.candidates, reg.context[i] or best.context)
        if best.weak:
            weak.append(len(mentions))
        elif best.id is not None and best.rule != "short-form":
            scan.known.add(best.id)
        mentions.append(mention)
        i = best.end
    return _title_context(text, _settle_weak(text, mentions, weak))


def _options_at(scan: _Scan, i: int, mentions: list[Mention]) -> list[_Option]:
    """Every reading of a name starting at ``i``, for ``_choose`` to pick the best of."""
    text, reg = scan.text, scan.reg
    options = _authority_options(scan, i)
    if i in scan.office:
        end = _guess_person_end(text, i, reg, scan.authority)
        if end is not None:
            options.append(_Option(end, "office-title", None, text[i:end], "person"))
    if i in reg.variants and mentions:
        paren, end, kind = reg.variants[i]
        prev = mentions[-1]
        if prev.end == paren:
            options.append(_Option(end, kind, prev.id, prev.label, prev.type,
                                   prev.candidates))
    options.extend(found[i] for found in scan.by_rule if i in found)
    if not options and mentions:
        end = _name_after_actor(text, i, reg, mentions[-1], scan.authority)
        if end is not None:
            options.append(_Option(end, "after-polity", None, text[i:end], "person"))
    return options


def _authority_options(scan: _Scan, i: int) -> list[_Option]:
    """The forms the tables know at ``i``, longest first, each resolved in its context."""
    text, reg = scan.text, scan.reg
    known: list[list[Candidate]] = []
    # shortest first, stopping where a blocked character or no form of the tables
    # starts with the stretch; then resolved longest first
    for end in range(i + 1, i + min(scan.maxlen, len(text) - i) + 1):
        piece = text[i:end]
        if reg.blocked[end - 1] or piece not in scan.authority.prefixes:
            break
        cands = scan.authority.lookup(piece)
        if cands:
            known.append(cands)
    options: list[_Option] = []
    for cands in reversed(known):
        opt = _resolve(cands, scan.ce_year, scan.known, text, i, i in scan.office)
        if opt is not None:
            options.append(opt)
    return options


def _sentence(text: str, i: int) -> tuple[int, int]:
    """Bounds of the sentence around offset i (。！？ and parentheses end sentences)."""
    stops = "。！？!?（）()"
    s = i
    while s > 0 and text[s - 1] not in stops:
        s -= 1
    e = i
    while e < len(text) and text[e] not in stops:
        e += 1
    return s, e


def _settle_weak(text: str, mentions: list[Mention], weak: list[int]) -> list[Mention]:
    """Keep a weak label (賊, 虜, 國人) only if its sentence also names the entity plainly."""
    if not weak:
        return mentions
    out: list[Mention] = []
    weak_set = set(weak)
    for k, m in enumerate(mentions):
        if k not in weak_set:
            out.append(m)
            continue
        s, e = _sentence(text, m.start)
        named = {o.id for j, o in enumerate(mentions)
                 if j not in weak_set and o.id is not None and s <= o.start < e}
        ids = [c for c in m.candidates if c in named]
        if len(ids) == 1:
            out.append(replace(m, id=ids[0], label=_label_of(mentions, ids[0]), candidates=()))
        elif ids:
            out.append(replace(m, candidates=tuple(ids)))
    return out


def _label_of(mentions: list[Mention], entity_id: str) -> str:
    return next(m.label for m in mentions if m.id == entity_id)


def _choose(options: list[_Option]) -> _Option | None:
    """Longest first; on equal length the authority beats rules.

    An office title followed by a name yields to any name the tables know at that
    place (the guessed length is only a guess), but beats the one-character polity
    宋 / 夏 there (知州宋X: 宋 is a surname).
    """
    if not options:
        return None
    office = [o for o in options if o.rule == "office-title"]
    if office:
        known = [o for o in options if o.rule in ("authority", "short-form")]
        if not known or all(o.single_polity for o in known):
            return office[0]
        options = [o for o in options if o.rule != "office-title"]
    return min(options, key=lambda o: (-o.end, _RULE_PRIORITY.get(o.rule, 9)))

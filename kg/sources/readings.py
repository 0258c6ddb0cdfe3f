"""Disputed readings: 一作 variants, other sources' readings (作/俱作) and 按 judgements.

The chronicle's own text stays the preferred statement; each reading found here
is a claim *about* a stretch of that text, with the work that reads otherwise
(or none, for 一作 "one version"), a kind (name, number, date, statement) and a
standing (alternative, rejected 誤, undecided 未知孰是).  Where the stretch of
text a reading is about cannot be read off the page, the rule used to find it is
recorded in ``form_basis`` so that a user can judge it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass, field

from kg.knowledge.lexicon import word_lists
from kg.text.numerals import DIGITS, UNITS

# the markers of the notes (seeds/word-lists.tsv): 俱作/亦作, 誤, 未知孰是, 此從/據, 與此異
WORDS = word_lists()

_PUNCT = set("，,。.、；;：:「」『』（）()《》·！？!? \u3000\n")
_NOT_AUTHOR = r"[^按又及而、，,。《》（）()\s]"  # 而高永年《隴右日錄》: 而 joins, it names nobody
_TITLE_RE = re.compile(
    r"(?P<author>(?:" + _NOT_AUTHOR + r"[\u4e00-\u9fff]{0,3}、)?" + _NOT_AUTHOR + r"{0,4}?)"
    r"《(?P<title>[^》]+)》")
_ZUO_RE = re.compile(r"(?P<mod>" + WORDS.pattern("zuo-modifier") + r")?作"
                     r"(?P<var>[^，,。；;：:）)（(]+)")
# 亦作 / 又作: the work and the form of the reading before
_ZUO_AGAIN = WORDS.with_value("zuo-modifier", "again")
_REJECTED = WORDS.with_value("reading-standing", "rejected")
_UNDECIDED = WORDS.with_value("reading-standing", "undecided")
_ADOPTED_RE = re.compile(WORDS.pattern("reading-standing", "adopted") + r"(?P<work>《[^》]+》)")
_INNER_PUNCT = set("、，,")
_CLAUSE_CHARS = WORDS.chars("clause-char")
_NUMBERISH = set(DIGITS) | set(UNITS) | set("萬另餘")
_DATEISH = re.compile(r"[元一二三四五六七八九十]+年|[正一二三四五六七八九十]+月|"
                      r"[甲乙丙丁戊己庚辛壬癸][子丑寅卯辰巳午未申酉戌亥]")


def searchable(text: str) -> str:
    """The form of a reading a search can match: NFC, without private-use code points.

    The transcription writes characters it could not print as private-use code
    points (仁多\ue406丁); nobody can type them, so a search for 仁多丁 would
    miss the verbatim form.  The verbatim form stays the one published as the
    reading; this one is published beside it (``xxj:normalizedReadingText``).
    """
    nfc = unicodedata.normalize("NFC", text)
    return "".join(ch for ch in nfc if unicodedata.category(ch) != "Co")


@dataclass
class Reading:
    """One reading; offsets are relative to the text the caller passed."""

    kind: str  # 一作 | 作 | judgement
    reading_kind: str  # variant-form | source-reading | number | date | statement
    form: str | None  # the chronicle's form the reading is about
    variant: str | None  # what the other version / source reads
    works: list[str] = field(default_factory=list)  # printed titles that read it
    standing: str = "alternative"  # alternative | rejected | undecided | adopted
    form_basis: str = "explicit"
    start: int = 0
    end: int = 0
    raw: str = ""

    def to_dict(self) -> dict:
        return asdict(self)


def _name_run_before(text: str, pos: int, parts: int = 1) -> str:
    """The run of characters before ``pos`` back to the last punctuation.

    ``parts`` > 1 takes that many punctuation-separated pieces: a reading that
    itself contains 、 or ， (因舉寶元、康定事) replaces as many pieces of the text.
    """
    i = pos
    for n in range(parts):
        while i > 0 and text[i - 1] not in _PUNCT:
            i -= 1
        if n + 1 < parts and i > 0 and text[i - 1] in _INNER_PUNCT:
            i -= 1
        else:
            break
    return text[i:pos]


def _pieces(variant: str) -> int:
    """How many punctuation-separated pieces a reading has."""
    return 1 + sum(ch in _INNER_PUNCT for ch in variant)


def _guess_form(run: str, variant: str, names: set[str], prefixes: list[str]) -> tuple[str, str]:
    """Which end of ``run`` the variant replaces, and by which rule."""
    if not run:
        return "", "none"
    for k in range(len(run)):
        if run[k:] in names:
            known = run[k:]
            wider = run.rfind(variant[0], 0, k) if variant else -1
            if len(variant) >= len(known) + 3 and wider >= 0:
                # the reading is longer than the name by an office or a title
                # (延昌宮使高家奴 / 延慶宮使耶律元衡): it replaces the whole stretch
                return run[wider:], "shared-prefix"
            return known, "authority"
    if variant:
        first = variant[0]
        k = run.rfind(first)
        if k >= 0 and len(variant) > 1:
            return run[k:], "shared-prefix"
        common = 0
        while (common < min(len(run), len(variant))
               and run[-1 - common] == variant[-1 - common]):
            common += 1
        if common and common < len(variant):
            return run[-len(variant):], "shared-suffix"
        if len(variant) == 1 or len(run) > len(variant):
            # retransliterations (一作) usually keep the syllable count
            return run[-len(variant):], "length"
    trimmed = run
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if trimmed.startswith(p) and len(trimmed) > len(p) + 1:
                trimmed = trimmed[len(p):]
                changed = True
    return trimmed, "prefix-trim" if trimmed != run else "run"


def _reading_kind(form: str | None, variant: str | None, base: str) -> str:
    v = variant or ""
    if v and sum(ch in _NUMBERISH for ch in v) >= 2:
        return "number"
    if v and _DATEISH.search(v) and ("年" in v or "月" in v):
        return "date"
    if len(v) > 10 or any(ch in v for ch in "，,、"):
        return "statement"
    # a clause rather than a name: a verb or particle in a reading of four or more
    # characters (元昊以女妻花麻, 宋遣使於元昊, 遺書盧秉 for 移書…請平)
    for text in (v, form or ""):
        if len(text) >= 4 and any(ch in _CLAUSE_CHARS for ch in text):
            return "statement"
    return base


def _whole_name(run: str, part: str, variant: str, names: set[str],
                default: str | None = None) -> tuple[str, str]:
    """A reading of one character of a name, as a reading of the whole name.

    ``賀從勖（韓、范《文集》勖俱作勉）`` and ``景思義（一作誼）`` give the last
    character of the name the text just wrote; the two written forms of the name
    are 賀從勖 / 賀從勉 and 景思義 / 景思誼.  The name is the longest known name
    (authority data) that ends the run with ``part``; without one, ``part`` alone.
    """
    for k in range(len(run) - len(part)):
        if run[k:] in names and run.endswith(part):
            name = run[k:]
            return name, name[:len(name) - len(part)] + variant
    if default and default.endswith(part):
        return default, default[:len(default) - len(part)] + variant
    return part, variant


def inline_reading(text: str, paren_start: int, paren_end: int, kind: str,
                   names: set[str] | frozenset[str] = frozenset(),
                   prefixes: list[str] | None = None) -> list[Reading]:
    """Readings of an inline （一作Y） or （《書》作Y） parenthesis."""
    prefixes = prefixes or []
    names = set(names)
    inner = text[paren_start + 1:paren_end - 1]
    run = _name_run_before(text, paren_start)
    raw = text[paren_start:paren_end]
    out: list[Reading] = []
    if kind == "variant":
        variant = inner.removeprefix("一本作").removeprefix("一作").strip()
        run = _name_run_before(text, paren_start, _pieces(variant))
        form, basis = _guess_form(run, variant, names, prefixes)
        if len(variant) == 1 and len(form) > 1:
            # 一作 with one character is a reading of the character just before it
            form, variant = _whole_name(run, form[-1], variant, names, default=form)
        out.append(Reading("一作", _reading_kind(form, variant, "variant-form"), form or None,
                           variant, [], "alternative", basis, paren_start, paren_end, raw))
        return out
    works = [m.group(0).lstrip("按又及、，,。") for m in _TITLE_RE.finditer(inner.split("作")[0])]
    m = _ZUO_RE.search(inner)
    if not m:
        return out
    variant = m.group("var").strip()
    explicit = inner[:m.start()]
    explicit = _TITLE_RE.sub("", explicit).strip("、，, ")
    if explicit and len(explicit) <= 4:
        form, basis = explicit, "explicit"
        if len(form) == 1 and len(variant) == 1:
            form, variant = _whole_name(run, form, variant, names)
    else:
        run = _name_run_before(text, paren_start, _pieces(variant))
        form, basis = _guess_form(run, variant, names, prefixes)
    after = inner[m.end():m.end() + 3]
    standing = "rejected" if any(w in after for w in _REJECTED) else "alternative"
    out.append(Reading("作", _reading_kind(form, variant, "source-reading"), form or None,
                       variant, works, standing, basis, paren_start, paren_end, raw))
    return out


def chronicle_text(entry_text: str) -> str:
    """The chronicle's own words in an entry: its text without any parenthesis.

    What a note compares with: a source that reads what the chronicle itself
    reads agrees with it (《長編》亦作三二里), whatever the note's wording.
    """
    out: list[str] = []
    depth = 0
    for ch in entry_text:
        if ch in "（(":
            depth += 1
        elif ch in "）)" and depth:
            depth -= 1
        elif not depth:
            out.append(ch)
    return "".join(out)


def _agrees(variant: str, chronicle: str) -> bool:
    """Does the chronicle itself read ``variant`` (as a whole number, for numbers)?"""
    if not variant or not chronicle:
        return False
    start = chronicle.find(variant)
    while start >= 0:
        end = start + len(variant)
        if _reading_kind(None, variant, "") != "number" or (
                (start == 0 or chronicle[start - 1] not in _NUMBERISH)
                and (end == len(chronicle) or chronicle[end] not in _NUMBERISH)):
            return True
        start = chronicle.find(variant, start + 1)
    return False


def _similar_stretch(chronicle: str, variant: str) -> str | None:
    """The stretch of the chronicle's text that ``variant`` reads otherwise.

    For a number, the numeral run (with the words around it the variant has too)
    that shares the most leading characters with the variant's numeral
    (三二十里 → 三二里, 二十五萬 → 二十五萬五千).  Otherwise a stretch of about
    the variant's length that begins and ends with the variant's first and last
    characters.  The last of equally good candidates wins (the nearest to a
    note that follows the text).  None when nothing is similar enough.
    """
    if not variant or not chronicle:
        return None
    if _reading_kind(None, variant, "") == "number":
        i = 0
        while i < len(variant) and variant[i] not in _NUMBERISH:
            i += 1
        j = len(variant)
        while j > i and variant[j - 1] not in _NUMBERISH:
            j -= 1
        before, core, after = variant[:i], variant[i:j], variant[j:]
        best, best_score = None, 0
        for m in re.finditer("[" + re.escape("".join(sorted(_NUMBERISH))) + "]+", chronicle):
            if not chronicle[:m.start()].endswith(before):
                continue
            if not chronicle[m.end():].startswith(after):
                continue
            score = 0
            while score < min(len(core), len(m.group(0))) and core[score] == m.group(0)[score]:
                score += 1
            if score and score >= best_score:
                best, best_score = before + m.group(0) + after, score
        return best
    found = None
    for k, ch in enumerate(chronicle):
        if ch != variant[0]:
            continue
        for length in range(max(2, len(variant) - 2), len(variant) + 3):
            piece = chronicle[k:k + length]
            if len(piece) == length and piece[-1] == variant[-1]:
                found = piece
                break
    return found


_DIFFERS_RE = re.compile(WORDS.pattern("reading-differs"))
# 《紀元彙考》據《本紀》: the work after these is only the ground of the one before
_GROUND = WORDS.words("reading-ground")
_DIFFERS_LEAD = re.compile(r"^(?:據《[^》]+》)?(?:謂|曰|云|言)?[：:，,「『\s]*")


def differs_readings(text: str, offset: int = 0) -> list[Reading]:
    """``《書》…，與此異``: the work named tells it otherwise than this entry.

    For every 與此異 not already stated as a reading (``《書》作Y，與此異``), the
    work is the last one named before it that is not only the ground of another
    (``《紀元彙考》據《本紀》謂…``: 紀元彙考), and what it reads is its words up
    to 與此異.  It is about the entry's account as a whole, so it has no form
    (``form_basis`` "entry"); the chronicle's account stays the preferred one.
    """
    out: list[Reading] = []
    last = 0
    for dm in _DIFFERS_RE.finditer(text):
        segment = text[last:dm.start()]
        seg_start = last
        last = dm.end()
        titles = [t for t in _TITLE_RE.finditer(segment)
                  if not segment[:t.start("title") - 1].endswith(_GROUND)]
        if not titles:
            continue
        title = titles[-1]
        said = segment[title.end():]
        if _ZUO_RE.search(said) and "作" in said[:12]:
            continue  # 《書》作Y，與此異: a reading of its own, found by note_readings
        said = _DIFFERS_LEAD.sub("", said).rstrip("，,；; \n").strip()
        if not said:
            continue
        work = title.group(0).lstrip("按又及、，,。")
        start = seg_start + title.start() + (len(title.group(0)) - len(work))
        out.append(Reading("作", _reading_kind(None, said, "statement"), None, said, [work],
                           "alternative", "entry", offset + start, offset + dm.end(),
                           text[start:dm.end()]))
    return out


# 係之元豐六年十月 / 此條係於重熙十八年秋七月: the date another work puts the matter at
_DATED_RE = re.compile(WORDS.pattern("reading-dated"))


def _date_at(text: str, pos: int) -> str | None:
    """The date written at ``pos`` (read by kg.chronology.dates, eras resolved), if any."""
    from kg.chronology.dates import find_date_expressions

    found = find_date_expressions(text[pos:])
    return found[0].printed if found and found[0].start == 0 else None


def _dated(sent: str, base: int, last_works: list[str]) -> list[Reading]:
    """``《書》係之X`` / ``此條係於X``: the work dates the matter at X.  A reading of
    the entry's date (its kind "date", no form: the entry's own date is the form), by
    the work named last in the sentence, or before it when the sentence names none."""
    out: list[Reading] = []
    for dm in _DATED_RE.finditer(sent):
        date = _date_at(sent, dm.end())
        titles = [t.group(0) for t in _TITLE_RE.finditer(sent[:dm.start()])]
        works = [w.lstrip("按又及、，,。") for w in (titles[-1:] or last_works[-1:])]
        if date is None or not works:
            continue  # no date written, or dated by nobody named: no claim to attribute
        out.append(Reading("作", "date", None, date, works, "alternative", "entry",
                           base + dm.start(), base + dm.end() + len(date), sent))
    return out


_SENTENCE_RE = re.compile(r"[^。；;]+[。；;]?")


@dataclass(frozen=True)
class _Note:
    """What every 作 of a note is read against, the same for all its sentences."""

    context: str  # the headline or narrative the note is about
    names: set[str]
    prefixes: list[str]
    chronicle: str  # the entry's own text (``chronicle_text``)


def note_readings(note: str, offset: int = 0, context: str = "",
                  names: set[str] | frozenset[str] = frozenset(),
                  prefixes: list[str] | None = None,
                  carry: list[str] | None = None, chronicle: str = "") -> list[Reading]:
    """Readings and judgements stated in a 按 note (or any editorial text).

    Recognised: ``X，《書》作Y`` (explicit form, written before the work), ``《書》「X」作「Y」``
    and ``《書》X作Y`` (explicit form after the work; unquoted only when the chronicle
    has X), ``《書》作Y``
    (form guessed from ``context``, the headline or narrative the note is about),
    ``俱作/亦作/又作``, ``…，誤`` (rejected), ``未知孰是`` (undecided, applied to every
    reading of the note), ``與此異`` (differs from this entry: a reading of the
    entry's account as a whole when no form is written, see ``differs_readings``),
    ``《書》係之X`` / ``此條係於X`` (the work dates the matter at X: a date reading),
    ``據《書》`` / ``此從《書》`` (the chronicle or the editor follows that work: a
    judgement, unless a work is the subject: 《紀元彙考》據《本紀》 is that work's
    reasoning, not the editor's).
    ``chronicle`` is the entry's own text (``chronicle_text``): a work said to read
    what the chronicle itself reads agrees with it and is no reading (《長編》亦作
    三二里; 《韓琦傳》作或); ``按此作Y`` (this quoted source reads Y) is a reading of
    the stretch of the chronicle most like Y.
    ``carry`` holds the works named last, so that 此/亦作 in the next note of the
    same entry still know what they refer to; it is updated in place.
    """
    about = _Note(context, set(names), prefixes or [], chronicle)
    out: list[Reading] = []
    last_works: list[str] = list(carry or [])
    for sm in _SENTENCE_RE.finditer(note):
        sent = sm.group(0)
        base = offset + sm.start()
        titles = list(_TITLE_RE.finditer(sent))
        earlier_works = last_works
        if titles:
            last_works = [t.group(0) for t in titles]
        for zm in _ZUO_RE.finditer(sent):
            reading = _zuo_reading(about, sent, base, zm, bool(titles), last_works,
                                   earlier_works, out[-1] if out else None)
            if reading is not None:
                out.append(reading)
        out.extend(_adopted(sent, base))
        out.extend(_dated(sent, base, earlier_works))
    out.extend(differs_readings(note, offset))
    if carry is not None:
        carry[:] = last_works
    if any(w in note for w in _UNDECIDED):
        for r in out:
            if r.kind == "作":
                r.standing = "undecided"
    return out


def _zuo_reading(about: _Note, sent: str, base: int, zm: re.Match[str], titled: bool,
                 last_works: list[str], earlier_works: list[str],
                 previous: Reading | None) -> Reading | None:
    """The reading of one 作 in a sentence of a note, or None when it states no disagreement.

    ``titled``: the sentence names a work; ``last_works`` / ``earlier_works``: the
    works named last, counting this sentence or only the ones before it.
    """
    before = sent[:zm.start()]
    if before.endswith(("不", "當")):
        return None
    # the works named since the sentence's previous 作 (《東都事略》作A，《宋史》作B: B is
    # the 宋史's alone)
    since = max((m.end() for m in _ZUO_RE.finditer(before)), default=0)
    works = [t.group(0) for t in _TITLE_RE.finditer(before, since)]
    if not works and zm.group("mod") in _ZUO_AGAIN and last_works:
        works = last_works[-1:]
    works = [w.lstrip("按又及、，,。") for w in works]
    quoted = before.startswith(("按此", "此"))
    if not works and not quoted and not titled:
        return None  # a 作 with no work named: a reading of the note's own (e.g. 作或)
    variant = _unquoted(zm.group("var").strip())
    if _agrees(variant, about.chronicle):
        return None  # the work reads what the chronicle reads: no disagreement
    form, basis = _zuo_form(about, sent, zm, variant, previous)
    if quoted and basis != "explicit" and not works and earlier_works:
        # 此 is the text quoted from the work named before (徐氏…《宋會要》：… 按此作…)
        works = [w.lstrip("按又及、，,。") for w in earlier_works[-1:]]
    rest = sent[zm.end():]
    standing = "rejected" if rest.lstrip("，,").startswith(_REJECTED) else "alternative"
    return Reading("作", _reading_kind(form, variant, "source-reading"), form or None,
                   variant, works, standing, basis, base + zm.start(), base + zm.end(), sent)


def _zuo_form(about: _Note, sent: str, zm: re.Match[str], variant: str,
              previous: Reading | None) -> tuple[str | None, str]:
    """The chronicle's form a 作 reading is about, and the rule (``form_basis``) found it.

    The note rarely writes the form, so the ways to find it are tried from the
    most to the least certain.
    """
    before = sent[:zm.start()]
    first_title = _TITLE_RE.search(before)
    pre = before[:first_title.start()] if first_title else before
    explicit_m = re.search(r"(?:按|又)?([^，,。按又]{1,8})[，,]\s*$", pre)
    if explicit_m and not re.search(r"[《》]", explicit_m.group(1)):
        return explicit_m.group(1), "explicit"
    named = _named_after_work(before, about.chronicle)
    if named:
        return named, "explicit"
    if before.startswith(("按此", "此")):
        # 此 is the text just quoted in the note (徐氏…《宋會要》：… 按此作…);
        # what it reads otherwise is the stretch of the chronicle most like it
        similar = _similar_stretch(about.chronicle, variant)
        return (similar, "similar") if similar else (None, "none")
    if zm.group("mod") in _ZUO_AGAIN and previous is not None and previous.form:
        return previous.form, "previous-reading"
    if _DIFFERS_RE.search(sent, zm.end()):
        return None, "entry"  # 《書》…作Y，與此異: the entry's account
    if _reading_kind(None, variant, "") == "date":
        return None, "entry"  # 作「正月卒」: another date for the entry, not a name's form
    similar = (_similar_stretch(about.chronicle, variant)
               if _reading_kind(None, variant, "") == "number" else None)
    if similar:
        return similar, "similar"
    run = _name_run_before(about.context, len(about.context.rstrip("。")), _pieces(variant))
    return _guess_form(run, variant, about.names, about.prefixes)


_QUOTES = (("「", "」"), ("『", "』"))


def _unquoted(text: str) -> str:
    """「曹光寶」 → 曹光寶: the quotation marks around a form are not part of it."""
    for o, c in _QUOTES:
        if len(text) > 2 and text[0] == o and text[-1] == c and o not in text[1:-1]:
            return text[1:-1]
    return text


def _named_after_work(before: str, chronicle: str) -> str | None:
    """The form written between the work and 作: 《東都事略》「曹光實」作「曹光寶」 (quoted:
    the note says which words it means) or 《文集》勖作勉 (unquoted: only when the
    chronicle has those words, as 《朝野雜記》歲賜之數作… names a topic, not words)."""
    close = before.rfind("》")
    if close < 0:
        return None
    between = before[close + 1:].strip()
    form = _unquoted(between)
    if not form or len(form) > 12 or any(ch in _PUNCT for ch in form):
        return None
    if form != between or form in chronicle:
        return form
    return None


def _adopted(sent: str, base: int) -> list[Reading]:
    """Judgements of a sentence: the editor (or the chronicle) follows a work's account."""
    out: list[Reading] = []
    for fm in _ADOPTED_RE.finditer(sent):
        if sent[:fm.start()].endswith("》"):
            continue  # 《紀元彙考》據《本紀》: that work's reasoning, not the editor's
        # 此從《X》 / 據《X》: the account of X is the one adopted
        out.append(Reading("judgement", "statement", None, None, [fm.group("work")],
                           "adopted", "explicit", base + fm.start(), base + fm.end(), sent))
    return out

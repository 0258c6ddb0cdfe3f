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

from kg.numerals import DIGITS, UNITS

_PUNCT = set("，,。.、；;：:「」『』（）()《》·！？!? \u3000\n")
_NOT_AUTHOR = r"[^按又及、，,。《》（）()\s]"
_TITLE_RE = re.compile(
    r"(?P<author>(?:" + _NOT_AUTHOR + r"[\u4e00-\u9fff]{0,3}、)?" + _NOT_AUTHOR + r"{0,4}?)"
    r"《(?P<title>[^》]+)》")
_ZUO_RE = re.compile(r"(?P<mod>俱|亦|又|並|皆)?作(?P<var>[^，,。；;：:）)（(]+)")
_CLAUSE_CHARS = set("以於為遣舉取降載謂書請")
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


def _name_run_before(text: str, pos: int) -> str:
    """The run of characters before ``pos`` back to the last punctuation."""
    i = pos
    while i > 0 and text[i - 1] not in _PUNCT:
        i -= 1
    return text[i:pos]


def _guess_form(run: str, variant: str, names: set[str], prefixes: list[str]) -> tuple[str, str]:
    """Which end of ``run`` the variant replaces, and by which rule."""
    if not run:
        return "", "none"
    for k in range(len(run)):
        if run[k:] in names:
            return run[k:], "authority"
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


def inline_reading(text: str, paren_start: int, paren_end: int, kind: str,
                   names: set[str] | frozenset[str] = frozenset(),
                   prefixes: list[str] | None = None) -> list[Reading]:
    """Readings of an inline （一作Y） or （《書》作Y） parenthesis."""
    prefixes = prefixes or []
    inner = text[paren_start + 1:paren_end - 1]
    run = _name_run_before(text, paren_start)
    raw = text[paren_start:paren_end]
    out: list[Reading] = []
    if kind == "variant":
        variant = inner.removeprefix("一本作").removeprefix("一作").strip()
        form, basis = _guess_form(run, variant, set(names), prefixes)
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
    else:
        form, basis = _guess_form(run, variant, set(names), prefixes)
    standing = "rejected" if re.search(r"誤", inner[m.end():m.end() + 3]) else "alternative"
    out.append(Reading("作", _reading_kind(form, variant, "source-reading"), form or None,
                       variant, works, standing, basis, paren_start, paren_end, raw))
    return out


_SENTENCE_RE = re.compile(r"[^。；;]+[。；;]?")


def note_readings(note: str, offset: int = 0, context: str = "",
                  names: set[str] | frozenset[str] = frozenset(),
                  prefixes: list[str] | None = None,
                  carry: list[str] | None = None) -> list[Reading]:
    """Readings and judgements stated in a 按 note (or any editorial text).

    Recognised: ``X，《書》作Y`` (explicit form), ``《書》作Y`` (form guessed from
    ``context``, the headline or narrative the note is about), ``俱作/亦作/又作``,
    ``…，誤`` (rejected), ``未知孰是`` (undecided, applied to every reading of the
    note), ``與此異`` (alternative, recorded on the reading), ``據《書》`` / ``此從《書》``
    (the chronicle or the editor follows that work: a judgement, unless a work
    is the subject: 《紀元彙考》據《本紀》 is that work's reasoning, not the editor's).
    ``carry`` holds the works named last, so that 此/亦作 in the next note of the
    same entry still know what they refer to; it is updated in place.
    """
    prefixes = prefixes or []
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
            before = sent[:zm.start()]
            if before.endswith(("不", "當")):
                continue
            works = [t.group(0) for t in _TITLE_RE.finditer(before)]
            if not works and zm.group("mod") in ("亦", "又") and last_works:
                works = last_works[-1:]
            works = [w.lstrip("按又及、，,。") for w in works]
            if not works and not before.strip("按此 "):
                works = []
            if not works and not before.startswith(("按此", "此")):
                # a 作 with no work named: a reading of the note's own (e.g. 作或) — skip
                if not titles:
                    continue
            variant = zm.group("var").strip()
            pre = _TITLE_RE.sub("", before)
            explicit_m = re.search(r"(?:按|又)?([^，,。按又]{1,8})[，,]\s*$", pre)
            if explicit_m and not _TITLE_RE.search(explicit_m.group(1)):
                form, basis = explicit_m.group(1), "explicit"
            elif before.startswith(("按此", "此")):
                # 此 is the text just quoted in the note (徐氏…《宋會要》：… 按此作…)
                form, basis = "此", "chronicle"
                if not works and earlier_works:
                    works = [w.lstrip("按又及、，,。") for w in earlier_works[-1:]]
            elif zm.group("mod") in ("亦", "又") and out and out[-1].form:
                form, basis = out[-1].form, "previous-reading"
            else:
                form, basis = _guess_form(_name_run_before(context, len(context.rstrip("。"))),
                                          variant, set(names), prefixes)
            rest = sent[zm.end():]
            standing = "rejected" if rest.lstrip("，,").startswith("誤") else "alternative"
            out.append(Reading("作", _reading_kind(form, variant, "source-reading"), form or None,
                               variant, works, standing, basis, base + zm.start(),
                               base + zm.end(), sent))
        for fm in re.finditer(r"(?:此從|據)(?P<work>《[^》]+》)", sent):
            if sent[:fm.start()].endswith("》"):
                continue
            # 此從《X》 / 據《X》: the account of X is the one adopted
            out.append(Reading("judgement", "statement", None, None, [fm.group("work")],
                               "adopted", "explicit", base + fm.start(), base + fm.end(), sent))
    if carry is not None:
        carry[:] = last_works
    if "未知孰是" in note:
        for r in out:
            if r.kind == "作":
                r.standing = "undecided"
    return out

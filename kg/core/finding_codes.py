"""Every finding code the parser and the chronology emit, in one registry.

Reports that pick findings by kind (``kg dates`` shows the date findings) read the
kinds from here, so that a code renamed or added where it is emitted cannot silently
drop out of a report: ``tests/test_finding_codes.py`` checks that every code written
in the modules matched by ``SCANNED`` is registered.

Categories: ``input`` (the file cannot be read), ``structure`` (where entries are),
``date`` (years, eras, months, days), ``citation`` (closing citations and works),
``names`` (the authority data).
"""

from __future__ import annotations

CODES: dict[str, tuple[str, str]] = {
    # input
    "empty": ("input", "the file holds no text"),
    "binary": ("input", "the file is binary data"),
    "encoding": ("input", "the file is not UTF-8"),
    "io": ("input", "the file cannot be read"),
    "too-large": ("input", "the file is larger than the input limit (--max-bytes)"),
    # structure
    "unbalanced-open": ("structure", "a parenthesis that is never closed"),
    "unbalanced-close": ("structure", "a closing parenthesis with no opening one"),
    "unplaced-citation": ("structure", "a closing citation with no entry before it"),
    "no-citation": ("structure", "a narrative that ends without a closing citation"),
    "headline-alone": ("structure", "a headline with neither narrative nor citation"),
    "long-headline": ("structure", "a headline so long it may be narrative"),
    "private-use": ("structure", "a private-use character kept as printed"),
    "unbalanced-many": ("structure", "more unbalanced parentheses on a line than are listed"),
    "entry-too-long": ("structure", "an entry so long that its names are not read"),
    "headline-too-long": ("structure", "a headline so long that its event is not read"),
    "leading-fragment": ("structure", "the file opens with the end of an entry cut from the "
                                      "previous page"),
    # date
    "unknown-era": ("date", "an era name the tables do not know"),
    "era-misprint": ("date", "a misprinted era name, read as the right one"),
    "ambiguous-era": ("date", "an era name of several polities, settled by the context"),
    "era-year-out-of-range": ("date", "an era year beyond the era's length"),
    "era-chronology-fallback": ("date", "an era with no row in the book's chronology"),
    "era-offset": ("date", "an era this text reckons a year off the table, followed"),
    "era-end-unknown": ("date", "an era whose last year no table gives"),
    "year-from-sequence": ("date", "a heading's year taken from the sequence of years"),
    "year-gap": ("date", "years without a heading"),
    "year-inferred": ("date", "a new year inferred where the months start again"),
    "year-order": ("date", "a Song/Liao/Jin heading earlier than the year before it"),
    "year-unknown": ("date", "no year for the entries: no heading and no start year"),
    "start-year-mismatch": ("date", "the start year given differs from the first heading"),
    "start-year-inferred": ("date", "entries before the first heading dated by it"),
    "heading-disagreement": ("date", "the headings of one year give different CE years"),
    "heading-ruler-mismatch": ("date", "a heading's era year outside its emperor's reign"),
    "inferred-era-ambiguous": ("date", "an inferred year in which the era changed"),
    "month-order": ("date", "a month earlier than the one before it, under one heading"),
    "same-month-without-month": ("date", "是月 with no month in force"),
    "season-mismatch": ("date", "a month outside the season printed with it"),
    "no-leap-month": ("date", "a leap month the calendar does not have that year"),
    "day-out-of-month": ("date", "a day number beyond the month"),
    "ganzhi-not-in-month": ("date", "a 干支 day that does not occur in its month"),
    "ganzhi-day-mismatch": ("date", "a 干支 day and a day number that disagree"),
    "day-without-month": ("date", "a day with no month to place it in"),
    "year-numeral": ("date", "a heading whose year is not a numeral"),
    "calendar-range": ("date", "a year the calendar cannot convert to days"),
    # citation
    "citation": ("citation", "a doubtful or unknown work in a closing citation"),
    "citation-other": ("citation", "text in a citation block that is no citation"),
    "citation-not-found": ("citation", "the cited juan holds no passage the entry draws on "
                                       "(seeds/kanripo-alignments.tsv)"),
    # names
    "unresolved-name": ("names", "a name found by rule but not in the authority data"),
}

# the modules whose emitted codes tests/test_finding_codes.py checks against CODES
SCANNED = "**/*.py"  # every module of the package is scanned by the registry test


def codes_of(category: str) -> frozenset[str]:
    """All registered codes of one category."""
    return frozenset(c for c, (cat, _) in CODES.items() if cat == category)


DATE_CODES = codes_of("date")

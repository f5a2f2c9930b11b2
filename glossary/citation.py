"""How to cite one revision of an entry: an APA-like line in Korean and in English, and BibTeX.

A citation names the revision and its date, so a reader can find the text that was cited in the entry's history
even after it has changed.
"""

import re
from dataclasses import dataclass
from datetime import datetime

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
             "November", "December")
BIBTEX_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
BIBTEX_ESCAPES = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
    "^": r"\^{}", "~": r"\~{}",
}
BIBTEX_SPECIAL = re.compile("|".join(map(re.escape, BIBTEX_ESCAPES)))


@dataclass(frozen=True)
class Citation:
    text_ko: str
    text_en: str
    bibtex: str


def _bibtex_escape(text: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda match: BIBTEX_ESCAPES[match.group(0)], text)


def cite(
    slug: str,
    name_ko: str,
    name_en: str,
    revision: int,
    updated_at: datetime,
    url_ko: str,
    url_en: str,
    site_ko: str,
    site_en: str,
) -> Citation:
    """The citations of revision `revision` (made at `updated_at`) of the entry `slug`, linking its page."""
    day = updated_at.date()
    text_ko = (
        f"{site_ko}. ({day.year}. {day.month}. {day.day}.). {name_ko}({name_en}) "
        f"[용어 항목, 개정 {revision}]. {url_ko}"
    )
    text_en = (
        f"{site_en}. ({day.year}, {MONTHS_EN[day.month - 1]} {day.day}). {name_en} ({name_ko}) "
        f"[Glossary entry, revision {revision}]. {url_en}"
    )
    bibtex = "\n".join(
        [
            f"@misc{{dlglossary:{slug}:r{revision},",
            f"  author = {{{{{_bibtex_escape(site_en)}}}}},",
            f"  title = {{{{{_bibtex_escape(name_en)} ({_bibtex_escape(name_ko)})}}}},",
            f"  year = {{{day.year}}},",
            f"  month = {BIBTEX_MONTHS[day.month - 1]},",
            f"  note = {{Glossary entry, revision {revision} of {day.isoformat()}}},",
            f"  url = {{{url_en}}},",
            "}",
        ]
    )
    return Citation(text_ko=text_ko, text_en=text_en, bibtex=bibtex)

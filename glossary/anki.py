"""A selection of terms as an Anki deck (.apkg), built with genanki.

The note type and each note's GUID are fixed, and the deck's id is derived from the selection, so importing a newer
export of the same selection updates the cards already in Anki (keeping their review history) instead of adding
duplicates.
"""

import hashlib
import html
import io
import itertools
import sqlite3
import time
import zipfile

import genanki

from glossary.study import Selection, term_path

# Never change these: Anki matches note types by id, notes by GUID.
MODEL_ID = 1_795_231_604
GUID_NAMESPACE = "dl-glossary"
FIELDS = ("Korean", "English", "SummaryKo", "SummaryEn", "Link")

CARD_CSS = """.card { font-family: system-ui, "Apple SD Gothic Neo", "Noto Sans KR", "Malgun Gothic", sans-serif;
  font-size: 22px; line-height: 1.6; text-align: center; color: #1d2125; background: #fff; word-break: keep-all; }
.night_mode .card { color: #e7eaee; background: #15181b; }
.name { font-size: 30px; font-weight: 700; }
.summary { font-size: 18px; text-align: left; max-width: 36em; margin: 0.8em auto 0; }
.link { font-size: 14px; margin-top: 1em; }
"""

MODEL = genanki.Model(
    MODEL_ID,
    "DL Glossary term (Korean/English)",
    fields=[{"name": name} for name in FIELDS],
    templates=[
        {
            "name": "Korean → English",
            "qfmt": '<div class="name" lang="ko">{{Korean}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="name" lang="en">{{English}}</div>'
            '<div class="summary" lang="ko">{{SummaryKo}}</div><div class="link">{{Link}}</div>',
        },
        {
            "name": "English → Korean",
            "qfmt": '<div class="name" lang="en">{{English}}</div>',
            "afmt": '{{FrontSide}}<hr id="answer"><div class="name" lang="ko">{{Korean}}</div>'
            '<div class="summary" lang="en">{{SummaryEn}}</div><div class="link">{{Link}}</div>',
        },
    ],
    css=CARD_CSS,
    sort_field_index=0,
)


def deck_id(selection: Selection) -> int:
    """A stable id per selection, in the range genanki suggests for deck ids."""
    digest = hashlib.sha256(f"{selection.kind}:{selection.value}".encode()).digest()
    return (1 << 30) + int.from_bytes(digest[:4], "big") % (1 << 30)


def note_guid(slug: str) -> str:
    return genanki.guid_for(GUID_NAMESPACE, slug)


def build_deck(selection: Selection, site_url: str) -> genanki.Deck:
    deck = genanki.Deck(deck_id(selection), f"딥러닝 용어 사전 · DL Glossary — {selection.label_ko}")
    for term in selection.terms:
        url = html.escape(site_url + term_path(term.slug), quote=True)
        # Anki fields are HTML: the text is escaped, the link is the only markup.
        fields = [html.escape(text, quote=False) for text in (term.name_ko, term.name_en, term.summary_ko, term.summary_en)]
        fields.append(f'<a href="{url}">{url}</a>')
        deck.add_note(genanki.Note(model=MODEL, fields=fields, guid=note_guid(term.slug), sort_field=term.name_ko))
    return deck


def build_apkg(selection: Selection, site_url: str, timestamp: float | None = None) -> bytes:
    """The .apkg file's bytes: a zip holding the SQLite collection and an empty media list."""
    package = genanki.Package(build_deck(selection, site_url))
    timestamp = time.time() if timestamp is None else timestamp
    # genanki's write_to_file builds the collection in a temporary file (which it leaves behind) and commits each
    # schema statement to disk; an in-memory database, serialised, is the same file without touching the disk.
    connection = sqlite3.connect(":memory:")
    try:
        package.write_to_db(connection.cursor(), timestamp, itertools.count(int(timestamp * 1000)))
        connection.commit()
        collection = connection.serialize()
    finally:
        connection.close()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("collection.anki2", collection)
        archive.writestr("media", "{}")
    return buffer.getvalue()

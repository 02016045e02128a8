"""The two catalogues hold every message the code uses, and only those; plurals follow each language."""

from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from dvk.i18n import KEYWORDS, LANGS, Translator, catalogue_path

ROOT = Path(__file__).resolve().parent.parent


def _used() -> set[tuple[str | None, str]]:
    method_map = [("app.py", "python"), ("pages/**.py", "python"), ("dvk/**.py", "python")]
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        str(ROOT), method_map, keywords=KEYWORDS, comment_tags=()
    ):
        found.add((context, message if isinstance(message, str) else message[0]))
    return found


def _catalogue(lang: str):
    with catalogue_path(lang).open("rb") as f:
        return read_po(f, locale=lang)


def test_every_used_message_is_in_both_catalogues_and_none_is_unused():
    used = _used()
    for lang in LANGS:
        cat = _catalogue(lang)
        held = {(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in cat if m.id}
        assert not (used - held), f"{lang}: missing {sorted(used - held, key=str)[:20]}"
        assert not (held - used), f"{lang}: unused {sorted(held - used, key=str)[:20]}"


def test_english_has_a_text_for_every_message_and_vietnamese_keeps_its_own():
    for m in _catalogue("en"):
        if m.id:
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            assert all(s.strip() for s in strings), f"en: no text for {m.id!r}"
            assert not m.fuzzy, f"en: fuzzy entry {m.id!r}"
    for m in _catalogue("vi"):
        if m.id and m.string:
            # a Vietnamese entry may only restate its id (the id is the Vietnamese text)
            assert m.string == m.id or (isinstance(m.id, tuple) and m.string[0] == m.id[0]), m.id


def test_plural_forms_follow_each_language():
    # hand-worked: English says "1 model" / "2 models"; Vietnamese has one form ("1 mô hình", "2 mô hình")
    en, vi = Translator("en"), Translator("vi")
    one, many = ("{n} mô hình", "{n} mô hình")
    assert _catalogue("en").num_plurals == 2 and _catalogue("vi").num_plurals == 1
    if (None, one) in _used():
        assert en.n(one, many, 1) == "1 model"
        assert en.n(one, many, 1200) == "1,200 models"
        assert vi.n(one, many, 1200) == "1.200 mô hình"

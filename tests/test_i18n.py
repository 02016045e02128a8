"""The two catalogues hold every message the code uses, and only those; plurals follow each language."""

import ast
import string
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
        if m.id and any(m.string if isinstance(m.string, tuple) else (m.string,)):  # empty: the id itself
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


# --- how the code calls the translator --------------------------------------------------------------

CODE = [ROOT / "app.py", *sorted((ROOT / "pages").rglob("*.py")), *sorted((ROOT / "dvk").rglob("*.py"))]
# How many leading arguments of each call are message texts: t(msg), t.n(singular, plural, count), t.p(context, msg).
MESSAGE_ARGS = {"t": 1, "n": 2, "p": 2}
MAKERS = {"translator", "Translator"}


def _trees():
    for path in CODE:
        yield path.relative_to(ROOT), ast.parse(path.read_text(encoding="utf-8"), str(path))


def _translator_calls(tree):
    """(call, kind) for every `t(...)`, `t.n(...)`, `t.p(...)`."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id == "t":
                yield node, "t"
            elif (
                isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "t" and f.attr in "np"
            ):
                yield node, f.attr


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def _makes_translator(node) -> bool:
    """A call of dvk.i18n.translator / Translator or dvk.ui.i18n.translator (however imported)."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    return (isinstance(f, ast.Name) and f.id in MAKERS) or (isinstance(f, ast.Attribute) and f.attr in MAKERS)


def _makes_translators(tree) -> bool:
    """Whether a module makes or receives a translator (there, the name `t` means nothing else)."""
    return any(
        _makes_translator(node)
        or (
            isinstance(node, ast.ImportFrom) and node.module == "dvk.i18n" and any(a.name in MAKERS for a in node.names)
        )
        for node in ast.walk(tree)
    )


def _call_problems(path, tree) -> tuple[int, list[str]]:
    """How many translator calls a module makes, and what is wrong with them."""
    problems, calls = [], 0
    in_fstring = {id(n) for j in ast.walk(tree) if isinstance(j, ast.JoinedStr) for n in ast.walk(j)}
    for call, kind in _translator_calls(tree):
        calls += 1
        where = f"{path}:{call.lineno}"
        texts = call.args[: MESSAGE_ARGS[kind]]
        literal = len(texts) == MESSAGE_ARGS[kind] and all(
            isinstance(a, ast.Constant) and isinstance(a.value, str) for a in texts
        )
        if not literal or any(isinstance(a, ast.Starred) for a in call.args):
            problems.append(f"{where}: the message must be string literals (no f-string, no variable)")
            continue
        if id(call) in in_fstring:
            problems.append(f"{where}: a translator call inside an f-string is invisible to the extractor")
        if any(k.arg is None for k in call.keywords):
            continue  # **values: the names cannot be checked here
        message = texts[-1].value if kind == "p" else texts[0].value
        wanted = _fields(message) | (_fields(texts[1].value) if kind == "n" else set())
        given = {k.arg for k in call.keywords}
        if kind == "n":  # t.n supplies {n}, the count, itself
            wanted, given = wanted | {"n"}, given | {"n"}
        if wanted != given:
            problems.append(f"{where}: placeholders {sorted(wanted)} but values {sorted(given)}")
    return calls, problems


def _naming_problems(path, tree) -> list[str]:
    """A translator bound to another name than `t`, or `t` bound to something else where translators are made."""
    problems = []
    strict_t = _makes_translators(tree)
    for node in ast.walk(tree):
        where = f"{path}:{getattr(node, 'lineno', '?')}"
        if isinstance(node, (ast.Assign, ast.AnnAssign, ast.NamedExpr)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                pairs = (
                    zip(target.elts, node.value.elts, strict=False)
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple)
                    else [(target, node.value)]
                )
                for name, value in pairs:
                    is_t = isinstance(name, ast.Name) and name.id == "t"
                    if _makes_translator(value) and not is_t:
                        problems.append(f"{where}: a translator bound to {ast.unparse(name)!r}, not 't'")
                    if strict_t and is_t and not _makes_translator(value):
                        problems.append(f"{where}: 't' bound to {ast.unparse(value)!r}, not a translator")
        elif strict_t and isinstance(node, (ast.For, ast.comprehension, ast.withitem)):
            target = node.optional_vars if isinstance(node, ast.withitem) else node.target
            if target is not None and any(isinstance(n, ast.Name) and n.id == "t" for n in ast.walk(target)):
                problems.append(f"{where}: 't' used as a loop or with variable")
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            a = node.args
            for arg in [*a.posonlyargs, *a.args, *a.kwonlyargs]:
                note = arg.annotation
                typed = note is not None and ast.unparse(note).split(".")[-1].strip("'\"") == "Translator"
                if typed and arg.arg != "t":
                    problems.append(f"{where}: a Translator parameter named {arg.arg!r}, not 't'")
                if strict_t and arg.arg == "t" and not typed and not isinstance(node, ast.Lambda):
                    problems.append(f"{where}: parameter 't' without the Translator annotation")
    return problems


def test_translator_calls_have_literal_messages_and_their_placeholders():
    problems, calls = [], 0
    for path, tree in _trees():
        n, found = _call_problems(path, tree)
        calls, problems = calls + n, problems + found
    assert calls > 200  # the UI's texts all go through the translator
    assert problems == [], "\n".join(problems)


def test_the_translator_is_always_named_t():
    problems = [p for path, tree in _trees() for p in _naming_problems(path, tree)]
    assert problems == [], "\n".join(problems)


def test_the_code_checks_see_what_they_look_for():
    """The two checks above, on code that breaks each rule once (and on code that keeps them)."""
    bad = ast.parse(
        "from dvk.ui.i18n import translator\n"
        "t = translator()\n"
        "t(f'Năm {year}')\n"  # 3: an f-string
        "t(message)\n"  # 4: a variable
        "t.n('{n} tệp', plural, 2)\n"  # 5: a variable plural
        "x = f\"{t('Bản đồ')}\"\n"  # 6: inside an f-string
        "t('Năm {year}')\n"  # 7: a placeholder without its value
        "t('Bản đồ', year=2024)\n"  # 8: a value without its placeholder
        "words = translator()\n"  # 9: another name
        "for t in range(3): pass\n"  # 10: t as something else
        "def f(words: Translator): pass\n"  # 11: a Translator parameter with another name
    )
    calls, problems = _call_problems("bad.py", bad)
    assert calls == 6
    assert sorted(int(p.split(":")[1]) for p in problems) == [3, 4, 5, 6, 7, 8]
    naming = _naming_problems("bad.py", bad)
    assert sorted(int(p.split(":")[1]) for p in naming) == [9, 10, 11]
    good = ast.parse(
        "from dvk.i18n import Translator, translator\n"
        "t = translator('en')\n"
        "t('Năm {year}', year=2024)\n"
        "t.n('{n} mô hình', '{n} mô hình', 3)\n"
        "t.p('nút', 'Tải xuống')\n"
        "def f(t: Translator): return t('Bản đồ')\n"
    )
    assert _call_problems("good.py", good) == (4, [])
    assert _naming_problems("good.py", good) == []


def test_english_keeps_the_placeholders_of_each_message():
    # a translation that drops or renames a placeholder would raise (or lose a value) on an English page
    for m in _catalogue("en"):
        if m.id:
            ids = m.id if isinstance(m.id, tuple) else (m.id,)
            strings = m.string if isinstance(m.string, tuple) else (m.string,)
            wanted = set().union(*map(_fields, ids))
            for s in strings:
                assert _fields(s) <= wanted and (_fields(s) | {"n"}) >= (wanted - {"n"}), (m.id, s)


def test_the_pages_plurals_in_both_languages():
    # hand-worked: the Data page's count of rejected cells and the commune map's caption (a count of models
    # inside a sentence whose verbs follow it)
    en, vi = Translator("en"), Translator("vi")
    cells = ("{n} ô bị loại", "{n} ô bị loại")
    assert (en.n(*cells, 1), en.n(*cells, 2), vi.n(*cells, 1)) == ("1 rejected cell", "2 rejected cells", "1 ô bị loại")
    # (the commune map's "{models} … not on the commune map" sentence gave way to the placed share: a
    # plural the commune map and ranking use now)
    sentence = "Trên 10.000 dân chỉ tính cho {n} xã, phường có số dân đã nạp; các xã, phường khác để xám."
    models = ("{n} mô hình", "{n} mô hình")
    assert en.n(sentence, sentence, 1) == (
        "Per 10,000 residents is given only for the 1 commune with a loaded population; the others are grey."
    )
    assert en.n(sentence, sentence, 1200) == (
        "Per 10,000 residents is given only for the 1,200 communes with a loaded population; the others are grey."
    )
    assert vi.n(sentence, sentence, 1200) == (
        "Trên 10.000 dân chỉ tính cho 1.200 xã, phường có số dân đã nạp; các xã, phường khác để xám."
    )
    assert (en.n(*models, 1), en.n(*models, 1200)) == ("1 model", "1,200 models")

"""Helpers for the page sweeps: every text a page draws, and every file its download controls deliver.

`page_texts` walks the AppTest element tree and returns every string the browser receives (titles,
markdown and the inline SVG map, captions, metrics, widget labels and options, chart specs, button
labels) and every table cell as drawn (dvk.ui.tables: the Styler's display values; a missing value
as the placeholder, or 'None' when a table has none, which is what Streamlit draws then).

`Downloads` records the function behind every deferred download button as the page registers it
(Streamlit's MediaFileManager.add_deferred); `fetch` then asks the manager to run it, which is
exactly what the server does when the person clicks (MediaFileManager.execute_deferred, where a
failing function gives "Callable execution failed"), and reads the file it stored.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from dataclasses import dataclass

import docx
from google.protobuf.message import Message
from openpyxl import load_workbook
from PIL import Image
from streamlit.runtime.media_file_manager import MediaFileManager

from tests.conftest import on_screen, page_app

# What a missing value looks like when it leaks into text: Python's None, pandas' NaN/NaT/<NA>.
TOKENS = re.compile(r"\b(?:None|nan|NaN|NaT)\b|<NA>")


def _nodes(node):
    yield node
    for child in (getattr(node, "children", None) or {}).values():
        yield from _nodes(child)


def _strings(message: Message, where: str):
    """Every string field of a proto message, recursively (bytes fields are data, not text)."""
    for field, value in message.ListFields():
        items = value if field.is_repeated else [value]
        for item in items:
            if isinstance(item, Message):
                if field.name != "arrow_data":  # a table: read as drawn, below
                    yield from _strings(item, f"{where}.{field.name}")
            elif isinstance(item, str):
                yield f"{where}.{field.name}", item


def page_texts(at) -> list[tuple[str, str]]:
    """(where, text) for every string the page sends and every table cell as drawn."""
    out: list[tuple[str, str]] = []
    for node in _nodes(at._tree):
        proto = getattr(node, "proto", None)
        if proto is None or not isinstance(proto, Message):
            continue
        kind = getattr(node, "type", type(node).__name__)
        out.extend(_strings(proto, kind))
        if kind == "dataframe":
            shown = on_screen(node)
            key = node.key or "table"
            out.extend((f"{key}: header", str(c)) for c in shown.columns)
            out.extend((f"{key}: index", str(i)) for i in shown.index)
            for col in shown.columns:
                out.extend((f"{key}[{col}]", str(v)) for v in shown[col])
    return out


def bad_words(texts) -> list[tuple[str, str]]:
    """The (where, excerpt) of every text that shows a missing-value word."""
    found = []
    for where, text in texts:
        for m in TOKENS.finditer(text):
            found.append((where, text[max(0, m.start() - 60) : m.end() + 60]))
    return found


def run_page(page: str, variant: dict, lang: str, con, user: dict | None = None, secrets: dict | None = None):
    """Run one page through the frame with an address (`variant`; its "_state" sets widgets first,
    a value "sql:…" read from the warehouse), a language and, when given, a signed-in user."""
    at = page_app(page)
    if secrets:
        at.secrets["auth"] = secrets
    if user:
        at.user = user
    for key, value in variant.items():
        if key != "_state":
            at.query_params[key] = value
    if lang == "en":
        at.query_params["lang"] = "en"
    for key, value in variant.get("_state", {}).items():
        if isinstance(value, str) and value.startswith("sql:"):
            value = con.execute(value[4:]).fetchone()[0]
        at.session_state[key] = value
    return at.run()


# ---------------------------------------------------------------- downloads


@dataclass
class File:
    key: str
    label: str
    name: str
    mime: str
    body: bytes


class Downloads:
    """Records the deferred download functions a page registers (see the module docstring)."""

    def __init__(self, monkeypatch):
        self.registered: dict[str, tuple[MediaFileManager, str]] = {}
        original = MediaFileManager.add_deferred
        registered = self.registered

        def add_deferred(mgr, data_callable, mimetype, coordinates, file_name=None, *, element_id=""):
            file_id = original(mgr, data_callable, mimetype, coordinates, file_name, element_id=element_id)
            registered[file_id] = (mgr, file_name or "")
            return file_id

        monkeypatch.setattr(MediaFileManager, "add_deferred", add_deferred)

    def fetch(self, at) -> list[File]:
        """Click every download button of the last run, as the server would: run its function, read the file."""
        files = []
        for button in at.get("download_button"):
            proto = button.proto
            assert proto.deferred_file_id, f"{proto.label}: made on every run instead of on a click"
            mgr, name = self.registered[proto.deferred_file_id]
            url = mgr.execute_deferred(proto.deferred_file_id)  # raises "Callable execution failed: …"
            stored = mgr._storage.get_file(url.rsplit("/", 1)[-1].split(".")[0])
            files.append(File(button.key or proto.id, proto.label, name, stored.mimetype, bytes(stored.content)))
        return files


def csv_rows(body: bytes) -> list[list[str]]:
    assert body.startswith(b"\xef\xbb\xbf"), "CSV without BOM"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_sheets(body: bytes) -> list[list[tuple]]:
    wb = load_workbook(io.BytesIO(body))
    return [list(ws.iter_rows(values_only=True)) for ws in wb.worksheets]


def docx_text(body: bytes) -> str:
    doc = docx.Document(io.BytesIO(body))
    parts = [p.text for p in doc.paragraphs]
    parts += [cell.text for t in doc.tables for row in t.rows for cell in row.cells]
    return "\n".join(parts)


def _html_text(text: str) -> str:
    """The page without plotly.js: its markup, the table and stamp, and the figure's own script."""
    scripts = re.findall(r"<script[^>]*>(.*?)</script>", text, flags=re.S)
    figure = [s for s in scripts if "PLOTLYENV" in s]
    return re.sub(r"<script[^>]*>.*?</script>", "", text, flags=re.S) + "\n".join(figure[-1:])


def file_text(f: File) -> str:
    """The file opened as what its name says, checked to be that, and its text (empty for a PNG)."""
    ext = f.name.rsplit(".", 1)[-1]
    assert f.body, f"{f.name}: empty"
    if ext == "csv":
        assert f.mime == "text/csv"
        rows = csv_rows(f.body)
        assert rows and rows[0], f"{f.name}: no header"
        return "\n".join("\t".join(r) for r in rows)
    if ext == "xlsx":
        assert zipfile.is_zipfile(io.BytesIO(f.body))
        return "\n".join("\t".join("" if v is None else str(v) for v in row) for s in xlsx_sheets(f.body) for row in s)
    if ext == "png":
        image = Image.open(io.BytesIO(f.body))
        assert image.format == "PNG" and image.width > 100, f.name
        return ""
    if ext == "svg":
        text = f.body.decode("utf-8")
        assert re.search(r"<svg[^>]*xmlns=\"http://www.w3.org/2000/svg\"", text), f.name
        return text
    if ext == "html":
        text = f.body.decode("utf-8")
        assert text.startswith("<!DOCTYPE html>") and "Plotly.newPlot" in text, f.name
        return _html_text(text)
    if ext == "docx":
        assert f.mime.endswith("wordprocessingml.document")
        return docx_text(f.body)
    raise AssertionError(f"unexpected download {f.name}")

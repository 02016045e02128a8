"""Word building blocks for the periodic report (python-docx): an A4 page in the administrative
style (Times New Roman 13, margins of Decree 30/2020), tables with a bold header row, images."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd
from docx import Document
from docx.document import Document as DocumentType
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.0  # A4 (21 cm) less 3 cm left and 2 cm right margins
WARNING_RED = RGBColor(0xB7, 0x1C, 0x1C)
GREY = RGBColor(0x55, 0x55, 0x55)


def new_document(title: str, lang: str = "vi") -> DocumentType:
    """An empty A4 document with Times New Roman 13 and the document's title and language set."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin, section.right_margin = Cm(3), Cm(2)
    section.top_margin, section.bottom_margin = Cm(2), Cm(2)
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Caption"):
        style = doc.styles[name]
        style.font.name = FONT
        rpr = style.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        if fonts is None:
            fonts = OxmlElement("w:rFonts")
            rpr.append(fonts)
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attr), FONT)
        for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(theme), None)
        lang_el = rpr.find(qn("w:lang"))
        if lang_el is None:
            lang_el = OxmlElement("w:lang")
            rpr.append(lang_el)
        lang_el.set(qn("w:val"), "vi-VN" if lang == "vi" else "en-GB")
    doc.styles["Normal"].font.size = Pt(13)
    doc.styles["Caption"].font.size = Pt(11)
    doc.core_properties.title = title
    doc.core_properties.language = "vi-VN" if lang == "vi" else "en-GB"
    return doc


def paragraph(
    doc: DocumentType,
    text: str,
    *,
    bold: bool = False,
    colour: RGBColor | None = None,
    size: float | None = None,
    italic: bool = False,
    align: str | None = None,
):
    """A paragraph of one run."""
    p = doc.add_paragraph()
    run = p.add_run(text)
    run.bold, run.italic = bold, italic
    if colour is not None:
        run.font.color.rgb = colour
    if size:
        run.font.size = Pt(size)
    if align == "center":
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    return p


def table(doc: DocumentType, df: pd.DataFrame, *, right: Sequence[str] = (), widths_cm: Sequence[float] = ()):
    """A grid table of the frame's text: bold repeated header row, chosen columns right-aligned."""
    t = doc.add_table(rows=1, cols=len(df.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    header = t.rows[0]
    for cell, name in zip(header.cells, df.columns, strict=True):
        cell.text = ""
        run = cell.paragraphs[0].add_run(str(name))
        run.bold = True
    tr_pr = header._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")  # the header row repeats on every page
    repeat.set(qn("w:val"), "true")
    tr_pr.append(repeat)
    right_idx = {i for i, c in enumerate(df.columns) if c in set(right)}
    for values in df.itertuples(index=False):
        cells = t.add_row().cells
        for i, (cell, value) in enumerate(zip(cells, values, strict=True)):
            cell.text = "" if value is None or (isinstance(value, float) and pd.isna(value)) else str(value)
            if i in right_idx:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for i, w in enumerate(widths_cm):
        for row in t.rows:
            row.cells[i].width = Cm(w)
    for row in t.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(11)
    return t


def image(doc: DocumentType, png: bytes, caption: str, width_cm: float = TEXT_WIDTH_CM) -> None:
    """A centred picture with its caption below."""
    doc.add_picture(io.BytesIO(png), width=Cm(width_cm))
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    p = doc.add_paragraph(caption, style="Caption")
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER


def to_bytes(doc: DocumentType) -> bytes:
    """The .docx file as bytes."""
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

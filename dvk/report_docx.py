"""Word building blocks for the periodic report (python-docx): an A4 page in the format of Party
documents (Hướng dẫn 36-HD/VPTW, 2018), its header blocks, title, "Nơi nhận" and signature block,
tables with a bold header row, images.

The rules, as read in the guideline's published text (RULES below; each value cites its page):
- paper A4, 210 × 297 mm; font Times New Roman (TCVN 6909:2001 Unicode) —
  https://vpdangdoan.vinhuni.edu.vn/thong-bao-van-ban/seo/huong-dan-ve-the-thuc-va-ky-thuat-trinh-bay-van-ban-cua-dang-86250
  ("Hướng dẫn về thể thức và kỹ thuật trình bày văn bản của Đảng", summary of 36-HD/VPTW);
- sizes and styles, Phụ lục 3 of 36-HD/VPTW ("Mẫu trình bày thể thức văn bản … của Đảng") —
  https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/40E84-hd-mau-trinh-bay-the-thuc-van-ban-va-ban-sao-van-ban-cua-dang.html :
  "ĐẢNG CỘNG SẢN VIỆT NAM" upper case 15 bold; the superior body upper case 14 upright; the issuing
  body upper case 14 bold; number and symbol lower case 14 upright ("Số 127-QĐ/TW"); place and date
  lower case 14 italic; the document type upper case 15–16 bold; its subject lower case 14–15 bold;
  the body lower case 14–15 upright;
- "ĐẢNG CỘNG SẢN VIỆT NAM" on the first page, top right, first line, with a solid line under it as
  long as the title (Điểm 1.1, Mục II) —
  https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/40E51-hd-cach-trinh-bay-tieu-de-dang-cong-san-viet-nam-trong-van-ban-cua-dang.html ;
- the issuing body's name at top left with a star "*" under it (Điểm 1.2) —
  https://thuvienphapluat.vn/hoi-dap-phap-luat/40E57-hd-cach-trinh-bay-ten-co-quan-ban-hanh-van-ban-trong-van-ban-cua-dang.html ;
- the signature (Điểm 1.7): a committee's documents are signed "T/M" (on behalf of); an advisory
  commission's head signs directly, a deputy "K/T" —
  https://thuvienphapluat.vn/hoi-dap-phap-luat/40E6A-hd-cach-trinh-bay-quyen-han-chuc-vu-ho-ten-va-chu-ky-cua-nguoi-co-tham-quyen-trong-van-ban-cua-dang.html ;
- margins: the summary page above stops just before its margins passage; the values used (front
  page: top 25, bottom 25, left 35, right 15 mm) are the Party handbook's of the Đảng ủy Khối Bình
  Thuận, "Yêu cầu kỹ thuật trình bày văn bản" —
  https://stdt.danguykhoibinhthuan.vn/sotay/cong-tac-van-phong-cap-uy/the-thuc-van-ban/yeu-cau-ky%CC%83-thua%CC%A3t-trinh-bay-van-ba%CC%89n
  — set in config/report.toml [page] (check them against the guideline's own text before printing);
- not read in a page reached: the sizes of "Nơi nhận" and the signature lines; common practice is
  used ("Nơi nhận:" 14 underlined, its lines 12; authority and position upper case 14 bold, name 14 bold).
"""

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
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
TEXT_WIDTH_CM = 16.0  # A4 (21 cm) less 3.5 cm left and 1.5 cm right margins
# Hướng dẫn 36-HD/VPTW, Phụ lục 3 (sources in the module docstring): size in points, bold, italic.
RULES = {
    "title": (15, True, False),  # "ĐẢNG CỘNG SẢN VIỆT NAM", underlined
    "superior": (14, False, False),  # "ĐẢNG BỘ TỈNH THANH HÓA"
    "issuer": (14, True, False),  # the commission's name
    "number": (14, False, False),  # "Số      -BC/…"
    "place_date": (14, False, True),  # "Thanh Hóa, ngày … tháng … năm …"
    "kind": (16, True, False),  # "BÁO CÁO" (15–16)
    "subject": (14, True, False),  # the subject line (14–15)
    "body": (14, False, False),  # the body (14–15)
    "recipients_head": (14, False, False),  # "Nơi nhận:", underlined (common practice)
    "recipients": (12, False, False),  # its lines (common practice)
    "signature": (14, True, False),  # authority, position and name (common practice)
}
BODY_PT = RULES["body"][0]
TABLE_PT = 12
WARNING_RED = RGBColor(0xB7, 0x1C, 0x1C)
GREY = RGBColor(0x55, 0x55, 0x55)


def new_document(
    title: str, lang: str = "vi", margins_mm: tuple[float, float, float, float] = (25, 25, 35, 15)
) -> DocumentType:
    """An empty A4 document in Times New Roman 14 with the margins (top, bottom, left, right in mm),
    black headings in the body font, and the document's title and language set."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    top, bottom, left, right = margins_mm
    section.top_margin, section.bottom_margin = Mm(top), Mm(bottom)
    section.left_margin, section.right_margin = Mm(left), Mm(right)
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
    doc.styles["Normal"].font.size = Pt(BODY_PT)
    for name in ("Title", "Heading 1", "Heading 2"):
        style = doc.styles[name]
        style.font.size = Pt(BODY_PT)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = RGBColor(0, 0, 0)
    doc.styles["Title"].font.size = Pt(RULES["kind"][0])
    doc.styles["Caption"].font.size = Pt(12)
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
                    run.font.size = Pt(TABLE_PT)
    return t


def _run(paragraph_, text: str, rule: str, *, underline: bool = False):
    size, bold, italic = RULES[rule]
    run = paragraph_.add_run(text)
    run.font.size, run.bold, run.italic, run.underline = Pt(size), bold, italic, underline
    return run


def _lines(cell, items: Sequence[tuple[str, str]], align=WD_ALIGN_PARAGRAPH.CENTER, underline: str = "") -> None:
    """Write (text, rule) lines into a table cell, one paragraph each; the `underline` rule's runs underlined."""
    for i, (text, rule) in enumerate(items):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        _run(p, text, rule, underline=rule == underline)


def _borderless(doc: DocumentType, widths_cm: Sequence[float]):
    t = doc.add_table(rows=1, cols=len(widths_cm))
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    for cell, w in zip(t.rows[0].cells, widths_cm, strict=True):
        cell.width = Cm(w)
    return t


def party_header(doc: DocumentType, superior: str, issuer: str, number: str, title: str, place_date: str) -> None:
    """The first page's top: the issuing body at left (superior, issuer, '*', number), the Party's
    title (underlined) and the place and date at right (36-HD/VPTW, ô số 1–4)."""
    t = _borderless(doc, (7.0, 9.0))
    left, right = t.rows[0].cells
    _lines(left, [(superior, "superior"), (issuer, "issuer"), ("*", "issuer"), (number, "number")])
    _lines(right, [(title, "title"), ("", "body"), (place_date, "place_date")], underline="title")
    right.paragraphs[2].alignment = WD_ALIGN_PARAGRAPH.RIGHT


def party_title(doc: DocumentType, kind: str, subject: str) -> None:
    """The document type ('BÁO CÁO') and its subject, centred (36-HD/VPTW, ô số 5a)."""
    doc.add_paragraph()
    for text, rule in ((kind, "kind"), (subject, "subject"), ("-----", "subject")):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        _run(p, text, rule)
    doc.add_paragraph()


def party_closing(doc: DocumentType, head: str, recipients: Sequence[str], signature: Sequence[str], name: str) -> None:
    """'Nơi nhận:' with its lines at left and the signature block at right: authority and position,
    room for the signature and seal, the signer's name (36-HD/VPTW, ô số 7–9)."""
    doc.add_paragraph()
    t = _borderless(doc, (7.5, 8.5))
    left, right = t.rows[0].cells
    _lines(
        left,
        [(head, "recipients_head")] + [("- " + r, "recipients") for r in recipients],
        align=WD_ALIGN_PARAGRAPH.LEFT,
        underline="recipients_head",
    )
    lines = [(s, "signature") for s in signature if s] + [("", "body")] * 4 + [(name, "signature")]
    _lines(right, lines)


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

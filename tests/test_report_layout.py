"""The report as a Party document: its layout read back with python-docx against the rules of Hướng dẫn
36-HD/VPTW (2018) as read in its published text. Expectations are written by hand from these pages:

- A4 210 × 297 mm, Times New Roman — https://vpdangdoan.vinhuni.edu.vn/thong-bao-van-ban/seo/huong-dan-ve-the-thuc-va-ky-thuat-trinh-bay-van-ban-cua-dang-86250
- sizes and styles (Phụ lục 3): "ĐẢNG CỘNG SẢN VIỆT NAM" 15 bold; superior body 14 upright; issuing body
  14 bold; number 14 upright; place and date 14 italic; document type 15–16 bold; subject 14–15 bold; body
  14–15 — https://thuvienphapluat.vn/hoi-dap-phap-luat/iframe/40E84-hd-mau-trinh-bay-the-thuc-van-ban-va-ban-sao-van-ban-cua-dang.html
- the title top right with a line under it — .../40E51-hd-cach-trinh-bay-tieu-de-dang-cong-san-viet-nam-trong-van-ban-cua-dang.html
- the issuing body top left, a star under it — .../40E57-hd-cach-trinh-bay-ten-co-quan-ban-hanh-van-ban-trong-van-ban-cua-dang.html
- margins 25/25/35/15 mm (front page) — https://stdt.danguykhoibinhthuan.vn/sotay/cong-tac-van-phong-cap-uy/the-thuc-van-ban/
  (the Party handbook of the Đảng ủy Khối Bình Thuận; see dvk/report_docx.py).
"""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
from docx.shared import Pt

from dvk import report, report_config
from dvk.filters import Filters

TODAY = dt.date(2026, 11, 28)


def _doc(con, f=None, lang="vi"):
    f = f or Filters(2024, 2024)
    return docx.Document(io.BytesIO(report.build_report(con, f, lang, today=TODAY, images=False)))


def _runs(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def _style(paragraph) -> tuple[float, bool, bool]:
    (run,) = _runs(paragraph)
    return run.font.size.pt, bool(run.bold), bool(run.italic)


def test_page_is_a4_with_the_margins(fixture_con):
    s = _doc(fixture_con).sections[0]
    assert (round(s.page_width.mm), round(s.page_height.mm)) == (210, 297)
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [25, 25, 35, 15]
    assert round(s.page_width.mm - s.left_margin.mm - s.right_margin.mm) == 160  # the pictures' 16 cm


def test_header_blocks_fonts_and_sizes(fixture_con):
    doc = _doc(fixture_con)
    left, right = doc.tables[0].rows[0].cells  # the first thing on the page
    assert doc.element.body.index(doc.tables[0]._tbl) == 0
    lines = [p for p in left.paragraphs if p.text.strip()]
    assert [p.text for p in lines[:3]] == ["ĐẢNG BỘ TỈNH THANH HÓA", "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY", "*"]
    assert _style(lines[0]) == (14, False, False)  # superior body: upper case 14 upright
    assert _style(lines[1]) == (14, True, False)  # issuing body: upper case 14 bold
    assert re.fullmatch(r"Số +-BC/BTGDVTU", lines[3].text)  # the number left blank to fill
    assert _style(lines[3]) == (14, False, False)
    top = [p for p in right.paragraphs if p.text.strip()]
    assert top[0].text == "ĐẢNG CỘNG SẢN VIỆT NAM" and _style(top[0]) == (15, True, False)
    assert _runs(top[0])[0].underline  # the line under the title, as long as the title
    assert re.fullmatch(r"Thanh Hóa, ngày +tháng +năm 2026", top[1].text)
    assert _style(top[1]) == (14, False, True)  # place and date: 14 italic
    for p in lines + top:
        assert all(r.font.name in (None, "Times New Roman") for r in p.runs)
    assert doc.styles["Normal"].font.name == "Times New Roman" and doc.styles["Normal"].font.size == Pt(14)


def test_title_subject_sections_and_closing(fixture_con):
    doc = _doc(fixture_con)
    paras = [p for p in doc.paragraphs if p.text.strip()]
    kind = next(p for p in paras if p.text == "BÁO CÁO")
    assert _style(kind) == (16, True, False)  # document type 15–16 bold
    subject = paras[paras.index(kind) + 1]
    assert subject.text == "kết quả phong trào thi đua “Dân vận khéo” năm 2024" and _style(subject) == (14, True, False)
    assert [p.text.split(".")[0] for p in doc.paragraphs if p.style.name == "Heading 1"] == ["I", "II", "III"]
    numbers = [p.text.split(".")[0] for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert numbers == ["1", "2", "1", "2", "3", "4", "5", "6"]  # 1., 2. restart under each Roman section
    for name in ("Heading 1", "Heading 2"):
        assert doc.styles[name].font.name == "Times New Roman" and doc.styles[name].font.size == Pt(14)
    left, right = doc.tables[-1].rows[0].cells  # the last thing: "Nơi nhận" and the signature
    cfg = report_config.load()
    head = left.paragraphs[0]
    assert head.text == "Nơi nhận:" and _runs(head)[0].underline
    assert [p.text for p in left.paragraphs[1:]] == ["- " + r for r in cfg.recipients]
    assert [p.text for p in right.paragraphs if p.text.strip()] == ["TRƯỞNG BAN"]  # the name left to write
    assert _style(right.paragraphs[0]) == (14, True, False)


def test_configured_issuer_signer_and_date(fixture_con, tmp_path, monkeypatch):
    path = tmp_path / "report.toml"
    path.write_text(
        '[issuer]\nname = "Tỉnh ủy Thanh Hóa"\nsymbol = "TU"\ndate = "today"\n'
        '[signer]\nauthority = "T/M Ban Thường vụ"\nposition = "Phó Bí thư"\nname = "Nguyễn Văn A"\n'
        '[recipients]\nlines = ["Như trên,", "Lưu VT."]\n[page]\ntop_mm = 20\nleft_mm = 30\n',
        encoding="utf-8",
    )
    monkeypatch.setattr(report_config, "DEFAULT_PATH", path)
    doc = _doc(fixture_con)
    left, right = doc.tables[0].rows[0].cells
    assert [p.text for p in left.paragraphs][1] == "TỈNH ỦY THANH HÓA"
    assert re.fullmatch(r"Số +-BC/TU", left.paragraphs[3].text)
    assert right.paragraphs[-1].text == "Thanh Hóa, ngày 28 tháng 11 năm 2026"
    s = doc.sections[0]
    assert [round(m.mm) for m in (s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)] == [20, 25, 30, 15]
    left, right = doc.tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == ["Nơi nhận:", "- Như trên,", "- Lưu VT."]
    assert [p.text for p in right.paragraphs if p.text.strip()] == ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"]


def test_english_keeps_a_plain_layout(fixture_con):
    doc = _doc(fixture_con, lang="en")
    assert doc.paragraphs[0].style.name == "Title"
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" not in text and "Nơi nhận" not in text
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"][0] == "I. SCOPE AND REPORTS RECEIVED"

"""Write the hostile-input corpus: bad submissions of every kind, and what the loader must do with each.

    .venv/bin/python tests/hostile/make_hostile.py

Writes tests/hostile/files/ and tests/hostile/manifest.json (both committed; the whole corpus stays
well under 3 MB: the zip bombs inflate to gigabytes from a few hundred kilobytes). Every outcome
in the manifest is written here by hand from what the file contains — never by running the loader.

Manifest entries:
  file      path under files/ (or the name of a file the test creates, see "setup")
  kind      what is hostile about it
  outcome   "refused": the load stops with a LoadError naming the file, the warehouse untouched
            "loaded": the good rows are loaded, the others rejected with reasons
  message   refused: substrings the error message must contain (besides the file's name)
  loaded / rejected   loaded: exact numbers of rows loaded and rejected
  warnings / reasons  loaded: substrings that must appear among the load's warnings / reject reasons
  checks    loaded: [sql, rows] pairs run on the new warehouse ($file is the file's name)
  env       environment variables set for the load
  setup     made by the test in a temporary folder: "symlink_loop"
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import shutil
import struct
import sys
import unicodedata
import zipfile
import zlib
from pathlib import Path

import xlsxwriter

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))

from etl.headers import _col_letter as _col  # noqa: E402
from tests.fixtures.make_fixtures import COMM_HEADER, MODEL_HEADER, tcvn3, to_cp1258, write_csv  # noqa: E402

FILES = HERE / "files"
MANIFEST = HERE / "manifest.json"
FIXED = dt.datetime(2026, 1, 1, 8, 0, 0)
ENTRIES: list[dict] = []

MODEL_DEFAULTS = {
    "Loại": "Mô hình tập thể",
    "Lĩnh vực": "Kinh tế",
    "Chủ thể": "Hội Nông dân",
    "Huyện": "Nga Sơn",
    "Năm công nhận": "2023",
    "Cấp công nhận": "Cấp xã",
}
COMM_DEFAULTS = {
    "Đối tượng": "Tập thể",
    "Huyện": "Nga Sơn",
    "Năm": "2023",
    "Hình thức": "Giấy khen",
    "Cơ quan khen thưởng": "Cấp huyện",
}


def model(name: str, **cells) -> list:
    """A valid model row (CSV text) with some cells replaced; keys are headers with _ for spaces."""
    values = {**MODEL_DEFAULTS, "Tên mô hình": name, **{_header(k): v for k, v in cells.items()}}
    return [values.get(h, "") for h in MODEL_HEADER]


def commendation(name: str, **cells) -> list:
    values = {**COMM_DEFAULTS, "Tên tập thể/cá nhân": name, **{_header(k): v for k, v in cells.items()}}
    return [values.get(h, "") for h in COMM_HEADER]


_KEYS = {
    "kind": "Loại",
    "field": "Lĩnh vực",
    "host": "Chủ thể",
    "unit": "Đơn vị/Cá nhân thực hiện",
    "district": "Huyện",
    "commune": "Xã",
    "year": "Năm công nhận",
    "level": "Cấp công nhận",
    "land": "Đất hiến (m²)",
    "workdays": "Ngày công",
    "funds": "Kinh phí (triệu đồng)",
    "roads": "Đường (km)",
    "households": "Hộ hưởng lợi",
    "description": "Mô tả",
    "recipient_kind": "Đối tượng",
    "cyear": "Năm",
    "form": "Hình thức",
    "issuer": "Cơ quan khen thưởng",
    "decision_no": "Số quyết định",
    "decision_date": "Ngày quyết định",
    "model_name": "Tên mô hình",
}


def _header(key: str) -> str:
    return _KEYS[key]


def numeric(row: list) -> list:
    """Years and plain numbers as Excel numbers (as a workbook holds them)."""
    out = []
    for v in row:
        if isinstance(v, str) and v.isdigit() and len(v) < 12:
            out.append(int(v))
        else:
            out.append(v)
    return out


def add(file: str, kind: str, outcome: str, **spec) -> None:
    ENTRIES.append({"file": file, "kind": kind, "outcome": outcome, **spec})


def refused(file: str, kind: str, *message: str, **spec) -> None:
    add(file, kind, "refused", message=list(message), **spec)


def loaded(file: str, kind: str, n_loaded: int, n_rejected: int, **spec) -> None:
    add(file, kind, "loaded", loaded=n_loaded, rejected=n_rejected, **spec)


# ------------------------------------------------------------------------------------------------
# Writers
# ------------------------------------------------------------------------------------------------


def xlsx(path: Path, sheets: dict[str, list[list]], merge=None) -> Path:
    """A workbook written by xlsxwriter (what Excel would save), deterministic bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    wb = xlsxwriter.Workbook(
        str(path), {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
    )
    wb.set_properties({"created": FIXED})
    date_fmt = wb.add_format({"num_format": "dd/mm/yyyy"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is None or v == "":
                    continue
                if isinstance(v, (dt.date, dt.datetime)):
                    ws.write_datetime(r, c, v, date_fmt)
                elif isinstance(v, Formula):
                    ws.write_formula(r, c, v.formula, None, v.value)
                elif isinstance(v, (int, float)) and not isinstance(v, bool):
                    ws.write_number(r, c, v)
                elif isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                elif isinstance(v, dt.time):
                    ws.write_datetime(r, c, v, wb.add_format({"num_format": "hh:mm"}))
                else:
                    ws.write_string(r, c, v)
        if merge:
            merge(wb, ws)
    wb.close()
    return path


class Formula:
    def __init__(self, formula: str, value) -> None:
        self.formula, self.value = formula, value


_CT = (
    '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{overrides}</Types>"
)
_SHEET_CT = '<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
    "</Relationships>"
)
_WB = (
    '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>{sheets}</sheets></workbook>'
)
_WB_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    "{rels}</Relationships>"
)
_SHEET_HEAD = b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
_SHEET_TAIL = b"</sheetData></worksheet>"


def _esc(s: str) -> str:
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def sheet_xml(rows: dict[int, list]) -> bytes:
    """Worksheet XML by hand, for what Excel itself cannot write (1 MB cells, a cell at XFD1048576…).
    rows: Excel row number → cells; a cell is a str (inline string), a number, None, or a raw '<c…>' tag."""
    out = [_SHEET_HEAD]
    for r in sorted(rows):
        cells = []
        for j, v in enumerate(rows[r]):
            ref = f"{_col(j)}{r}"
            if v is None or v == "":
                continue
            if isinstance(v, RawCell):
                cells.append(v.xml.format(ref=ref))
            elif isinstance(v, (int, float)):
                cells.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{_esc(v)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cells)}</row>'.encode())
    out.append(_SHEET_TAIL)
    return b"".join(out)


class RawCell:
    def __init__(self, xml: str) -> None:
        self.xml = xml


def raw_xlsx(path: Path, sheets: dict[str, bytes], extra: dict[str, bytes] | None = None) -> Path:
    """A minimal workbook zip from given worksheet XML (deflated, fixed timestamps)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    names = list(sheets)
    overrides = "".join(_SHEET_CT.format(i=i + 1) for i in range(len(names)))
    wb = _WB.format(
        sheets="".join(f'<sheet name="{_esc(n)}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, n in enumerate(names))
    )
    rels = _WB_RELS.format(
        rels="".join(
            f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i + 1}.xml"/>'
            for i in range(len(names))
        )
    )
    parts = {
        "[Content_Types].xml": _CT.format(overrides=overrides).encode(),
        "_rels/.rels": _RELS.encode(),
        "xl/workbook.xml": wb.encode(),
        "xl/_rels/workbook.xml.rels": rels.encode(),
    }
    parts |= {f"xl/worksheets/sheet{i + 1}.xml": sheets[n] for i, n in enumerate(names)}
    parts |= extra or {}
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for part, data in parts.items():
            info = zipfile.ZipInfo(part, date_time=(2026, 1, 1, 8, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)
    return path


def cfb(streams: dict[str, bytes]) -> bytes:
    """A Compound File Binary (OLE2) container, version 3, with the given streams — the container of
    Excel 97–2003 .xls files and of password-encrypted .xlsx files. Each stream is padded to 4 KB so
    it lives in regular sectors (no mini stream)."""
    streams = {k: v + b"\0" * max(0, 4096 - len(v)) for k, v in streams.items()}
    free, end, fat_sect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [fat_sect, end]  # sector 0: the FAT itself; sector 1: the directory
    data, starts = b"", []
    for v in streams.values():
        v += b"\0" * (-len(v) % 512)
        n = len(v) // 512
        first = len(fat)
        starts.append(first)
        fat += [first + i + 1 for i in range(n - 1)] + [end]
        data += v
    assert len(fat) <= 128 and len(streams) <= 3
    fat += [free] * (128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, size: int) -> bytes:
        raw = (name + "\0").encode("utf-16-le")
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", nostream, right, child)
            + b"\0" * 16
            + b"\0" * 4
            + b"\0" * 16
            + struct.pack("<IQ", start, size)
        )

    names = list(streams)
    dir_entries = entry("Root Entry", 5, 1, nostream, end, 0)
    for i, name in enumerate(names):
        dir_entries += entry(
            name, 2, nostream, i + 2 if i + 1 < len(names) else nostream, starts[i], len(streams[name])
        )
    dir_entries = dir_entries.ljust(512, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
        + struct.pack("<I", 0)
        + b"\xff" * 4 * 108
    )
    assert len(header) == 512
    return header + struct.pack("<128I", *fat) + dir_entries + data


def kernel(size: int, head: bytes, fill: bytes = b" ", tail: bytes = b"") -> tuple[bytes, int, int]:
    """(raw deflate stream, inflated size, crc) of head + `size` bytes of fill + tail, compressed in pieces."""
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts, crc, block = [comp.compress(head)], zlib.crc32(head), fill * (1 << 20)
    left = size
    while left:
        piece = block[: min(left, len(block))]
        parts.append(comp.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    parts += [comp.compress(tail), comp.flush()]
    crc = zlib.crc32(tail, crc)
    return b"".join(parts), len(head) + size + len(tail), crc


def handmade_zip(path: Path, members: list[tuple[str, bytes, int, int, int | None]]) -> None:
    """A zip written byte by byte: (name, compressed data or b'' to share the previous member's data,
    declared inflated size, crc, method). Lets a member declare sizes it does not have, or several
    central-directory entries point at one compressed stream."""
    out, central, last_offset = bytearray(), bytearray(), 0
    for name, data, size, crc, method in members:
        raw = name.encode()
        method = 8 if method is None else method
        if data:
            last_offset, last_len = len(out), len(data)
            out += (
                struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x5C21, crc, len(data), size, len(raw), 0)
                + raw
                + data
            )
        central += (
            struct.pack(
                "<IHHHHHHIIIHHHHHII",
                0x02014B50,
                20,
                20,
                0,
                method,
                0,
                0x5C21,
                crc,
                last_len,
                size,
                len(raw),
                0,
                0,
                0,
                0,
                0,
                last_offset,
            )
            + raw
        )
    start = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    path.write_bytes(bytes(out))


# ------------------------------------------------------------------------------------------------
# The corpus
# ------------------------------------------------------------------------------------------------


def empty_and_headers() -> None:
    (FILES / "empty.xlsx").write_bytes(b"")
    refused("empty.xlsx", "empty workbook (0 bytes)", "file rỗng")
    (FILES / "empty.csv").write_bytes(b"")
    refused("empty.csv", "empty CSV (0 bytes)", "file rỗng")
    (FILES / "bom_only.csv").write_bytes(b"\xef\xbb\xbf")
    refused("bom_only.csv", "CSV holding only a UTF-8 BOM", "không có nội dung", "BOM")
    (FILES / "whitespace_only.csv").write_bytes(b" \r\n\t\r\n   \r\n")
    refused("whitespace_only.csv", "CSV of blank lines and spaces", "không có nội dung")
    xlsx(FILES / "header_only.xlsx", {"Mô hình": [MODEL_HEADER], "Khen thưởng": [COMM_HEADER]})
    loaded("header_only.xlsx", "template sheets with headers and no rows", 0, 0, warnings=["không có dòng số liệu nào"])
    write_csv(FILES / "header_only.csv", [MODEL_HEADER])
    loaded("header_only.csv", "CSV header row only", 0, 0, warnings=["không có dòng số liệu nào"])


def sheets() -> None:
    xlsx(
        FILES / "wrong_sheet_names.xlsx",
        {
            "Sheet1": [MODEL_HEADER] + [numeric(model(f"H-sheets mô hình {i}")) for i in range(3)],
            "Data 2": [COMM_HEADER] + [numeric(commendation(f"H-sheets tập thể {i}")) for i in range(2)],
            "Ghi chú": [["Ghi chú của người lập biểu"], ["không có bảng số liệu"]],
        },
    )
    loaded(
        "wrong_sheet_names.xlsx",
        "sheets not named as in the template (Sheet1, Data 2)",
        5,
        0,
        checks=[["SELECT count(*) FROM commendations WHERE source_file = $file", [[2]]]],
    )
    xlsx(FILES / "sheet_named_wrong_kind.xlsx", {"Khen thưởng": [MODEL_HEADER, numeric(model("H-kind 1"))]})
    refused(
        "sheet_named_wrong_kind.xlsx",
        "sheet 'Khen thưởng' holding the models table",
        "sheet tên 'Khen thưởng' nhưng chứa bảng 'Mô hình'",
        "Đổi tên sheet",
    )
    xlsx(
        FILES / "data_outside_named_sheet.xlsx",
        {
            "Mô hình": [["Điền số liệu vào đây"]],
            "Sheet2": [MODEL_HEADER, numeric(model("H-outside 1"))],
        },
    )
    refused(
        "data_outside_named_sheet.xlsx",
        "template sheet left empty, data typed on another sheet",
        "không tìm thấy dòng tiêu đề",
        "'Sheet2'",
    )
    rows = [[f"Ghi chú dòng {i}: hướng dẫn điền biểu"] for i in range(1, 40)]
    rows += [
        MODEL_HEADER,
        numeric(model("H-row40 1")),
        numeric(model("H-row40 2")),
        numeric(model("H-row40 3", district="Hà Tây")),
    ]
    xlsx(FILES / "header_on_row_40.xlsx", {"Mô hình": rows})
    loaded(
        "header_on_row_40.xlsx",
        "sheet named right, header on row 40 under 39 note rows",
        2,
        1,
        checks=[['SELECT "row" FROM rejects WHERE file = $file', [[43]]]],
    )


def merged_header() -> None:
    top = [
        "Tên mô hình",
        "Loại",
        "Lĩnh vực",
        "Chủ thể",
        "Đơn vị/Cá nhân thực hiện",
        "Địa bàn",
        "",
        "Năm công nhận",
        "Cấp công nhận",
        "Kết quả",
        "",
        "",
        "",
        "",
        "Mô tả",
    ]
    sub = [
        "",
        "",
        "",
        "",
        "",
        "Huyện",
        "Xã",
        "",
        "",
        "Đất hiến (m²)",
        "Ngày công",
        "Kinh phí (triệu đồng)",
        "Đường (km)",
        "Hộ hưởng lợi",
        "",
    ]
    rows = [
        ['BÁO CÁO KẾT QUẢ PHONG TRÀO "DÂN VẬN KHÉO" NĂM 2023'],
        top,
        sub,
        numeric(model("H-merged 1", land="1200", workdays="350")),
        numeric(model("H-merged 2", funds="45")),
        numeric(model("H-merged 3", households="20")),
        numeric(model("H-merged 4", district="Nga Sơn Bắc")),
    ]

    def merge(wb, ws):
        bold = wb.add_format({"bold": True, "align": "center", "valign": "vcenter"})
        ws.merge_range("A1:O1", rows[0][0], bold)
        for j, title in enumerate(top):
            if title and not sub[j]:
                ws.merge_range(1, j, 2, j, title, bold)
        ws.merge_range("F2:G2", "Địa bàn", bold)
        ws.merge_range("J2:N2", "Kết quả", bold)

    body = [[""] * 15, [""] * 15, sub, *rows[3:]]
    xlsx(FILES / "merged_header.xlsx", {"Mô hình": body}, merge=merge)
    loaded(
        "merged_header.xlsx",
        "two-row header with merged cells (groups 'Địa bàn', 'Kết quả')",
        3,
        1,
        checks=[
            ["SELECT land_m2, workdays FROM models WHERE name = 'H-merged 1'", [[1200.0, 350.0]]],
            ['SELECT "row", "column" FROM rejects WHERE file = $file', [[7, "Huyện"]]],
        ],
    )


def big_cells() -> None:
    mb = "Hiến đất " * ((1 << 20) // 9 + 1)
    assert len(mb) >= 1 << 20
    header = MODEL_HEADER + ["Ghi chú riêng"]
    rows = {
        1: header,
        2: numeric(model(mb)) + [""],
        3: numeric(model("H-1mb 2", description=mb)) + [""],
        4: numeric(model("H-1mb 3")) + [mb],
        5: numeric(model("H-1mb 4", district=mb)) + [""],
        6: numeric(model("H-1mb 5")) + [""],
    }
    raw_xlsx(FILES / "one_mb_cell.xlsx", {"Mô hình": sheet_xml(rows)})
    loaded(
        "one_mb_cell.xlsx",
        "1 MB cells (name, description, an extra column, district): a name or place that long is rejected, "
        "a description is cut to 4,000 characters with a warning",
        3,
        2,
        reasons=["quá dài (tối đa 500 ký tự)", "không nhận ra huyện (ô quá dài)"],
        warnings=["Ghi chú riêng"],
        checks=[
            ["SELECT max(length(value)) <= 201 FROM rejects WHERE file = $file", [[True]]],
            ["SELECT length(description) FROM models WHERE source_file = $file AND source_row = 3", [[4000]]],
            ["SELECT became, reason FROM load_warnings WHERE file = $file", [["cắt còn 4.000 ký tự", "quá dài"]]],
        ],
    )
    write_csv(
        FILES / "big_cell_300kb.csv",
        [MODEL_HEADER, model("H-300kb 1", description="Mô tả dài " * 30000), model("H-300kb 2")],
    )
    loaded(
        "big_cell_300kb.csv",
        "CSV cell of 300 KB (over the csv module's 128 KB field limit): the description is cut, with a warning",
        2,
        0,
        checks=[["SELECT count(*) FROM load_warnings WHERE file = $file AND reason = 'quá dài'", [[1]]]],
    )


def wide() -> None:
    extra = [f"Cột thêm {i}" for i in range(1, 9986)]
    header = MODEL_HEADER + extra
    assert len(header) == 10_000
    rows = [header]
    for i in range(3):
        row = numeric(model(f"H-wide {i}")) + [""] * len(extra)
        row[-1 - i * 1000] = "giá trị ở cột rất xa"
        rows.append(row)
    xlsx(FILES / "ten_thousand_columns.xlsx", {"Mô hình": rows})
    loaded(
        "ten_thousand_columns.xlsx",
        "10,000 columns (9,985 not in the template)",
        3,
        0,
        warnings=["… và 9.975 cột khác"],
    )
    write_csv(FILES / "ten_thousand_columns.csv", [header, *[[str(v) for v in r] for r in rows[1:]]])
    loaded("ten_thousand_columns.csv", "CSV with 10,000 columns", 3, 0, warnings=["… và 9.975 cột khác"])
    long = model("H-longrow 2") + ["x"] * 50_000
    write_csv(FILES / "long_row.csv", [MODEL_HEADER, model("H-longrow 1"), long, model("H-longrow 3")])
    loaded(
        "long_row.csv",
        "a row of 50,015 cells",
        2,
        1,
        reasons=["nhiều ô hơn dòng tiêu đề"],
        checks=[['SELECT "row", "column" FROM rejects WHERE file = $file', [[3, "(ô thừa ngoài bảng)"]]]],
    )


def characters() -> None:
    header = list(MODEL_HEADER)
    header[0] = "Tên\x07 mô hình"
    write_csv(
        FILES / "control_chars.csv",
        [
            header,
            model("H-ctl 1 \x1b[31mđỏ\x1b[0m"),
            model("H-ctl 2 chuông\x07\x08", district="Nga\x0bSơn"),
            model("H-ctl 3 \x7fxóa\x01\x02\x03", kind="Mô hình\x0c tập thể"),
            model("H-ctl 4 \x85C1\x9b"),
        ],
    )
    loaded(
        "control_chars.csv",
        "C0/C1 control characters in headers, names, districts, lists",
        4,
        0,
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-ctl 1 [31mđỏ[0m"], ["H-ctl 2 chuông"], ["H-ctl 3 xóa"], ["H-ctl 4 C1"]],
            ]
        ],
    )
    xlsx(
        FILES / "control_chars.xlsx",
        {
            "Mô hình": [
                MODEL_HEADER,
                numeric(model("H-ctlx 1 \x01\x1b[1m")),
                numeric(model("H-ctlx 2\x00nul")),
                numeric(model("H-ctlx 3", district="Nga\x1fSơn")),
            ]
        },
    )
    loaded(
        "control_chars.xlsx",
        "control characters in workbook cells (_x0001_ escapes)",
        3,
        0,
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-ctlx 1 [1m"], ["H-ctlx 2nul"], ["H-ctlx 3"]],
            ]
        ],
    )
    text = (
        "\r\n".join(",".join(r) for r in [MODEL_HEADER, model("H-nul 1\x00"), model("H-nul\x00 2"), model("H-nul 3")])
        + "\r\n"
    )
    (FILES / "nul_bytes.csv").write_bytes(text.encode("utf-8"))
    loaded(
        "nul_bytes.csv",
        "NUL bytes inside cells",
        3,
        0,
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-nul 1"], ["H-nul 2"], ["H-nul 3"]],
            ]
        ],
    )
    rnd = random.Random(1470)
    (FILES / "binary_garbage.csv").write_bytes(
        bytes(rnd.randrange(256) for _ in range(4096)).replace(b"PK", b"QK").replace(b"%P", b"%Q")
    )
    refused("binary_garbage.csv", "random bytes named .csv", "ký tự nhị phân")
    write_csv(
        FILES / "rtl_override.csv",
        [
            MODEL_HEADER,
            model("H-rtl 1 \u202egnp.exe"),
            model("\u2066H-rtl 2 hiến đất\u2069"),
            model("H-rtl 3 \u200e\u200fđảo chiều", district="\u202bNga Sơn\u202c"),
        ],
    )
    loaded(
        "rtl_override.csv",
        "right-to-left override and bidi isolates in names and districts",
        3,
        0,
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-rtl 1 gnp.exe"], ["H-rtl 2 hiến đất"], ["H-rtl 3 đảo chiều"]],
            ]
        ],
    )
    header = list(MODEL_HEADER)
    header[0] = "Tên\u200b mô\u2060 hình"
    write_csv(
        FILES / "zero_width.csv",
        [
            header,
            model("H-zw\u200b 1", kind="Mô\u200b hình tập thể"),
            model("H-zw 2\u200c\u200d\ufeff", district="Nga\u200bSơn"),
            model("\ufeffH-zw 3\u2060"),
        ],
    )
    loaded(
        "zero_width.csv",
        "zero-width spaces, joiners, word joiner and BOM inside cells and headers",
        3,
        0,
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-zw 1"], ["H-zw 2"], ["H-zw 3"]],
            ]
        ],
    )
    nfd = lambda v: unicodedata.normalize("NFD", v) if isinstance(v, str) else v  # noqa: E731
    xlsx(
        FILES / "nfd_text.xlsx",
        {
            nfd("Mô hình"): [[nfd(h) for h in MODEL_HEADER]]
            + [
                [nfd(v) for v in numeric(model(f"H-nfd {i} hiến đất", district="Hoằng Hóa", field="Văn hóa – xã hội"))]
                for i in range(3)
            ]
        },
    )
    loaded(
        "nfd_text.xlsx",
        "decomposed Unicode (NFD) in sheet name, headers and cells",
        3,
        0,
        checks=[
            [
                "SELECT count(*) FROM models WHERE source_file = $file AND name = nfc_normalize(name) AND name LIKE '%hiến đất'"
                " AND district_code = '399' AND field = 'van_hoa_xa_hoi'",
                [[3]],
            ]
        ],
    )


def encodings() -> None:
    head = ",".join(MODEL_HEADER) + "\r\n"
    utf8 = [",".join(model(f"H-mix {i} Hiến đất thôn Đông")) + "\r\n" for i in (1, 2)]
    legacy = [",".join(model(f"H-mix {i} Hiến đất thôn Đông", district="Hoằng Hóa")) + "\r\n" for i in (3, 4)]
    (FILES / "mixed_encodings.csv").write_bytes(head.encode() + "".join(utf8).encode() + to_cp1258("".join(legacy)))
    loaded(
        "mixed_encodings.csv",
        "UTF-8 and Windows-1258 lines in one CSV",
        4,
        0,
        warnings=["trộn hai bảng mã", "Windows-1258", "dòng 4, 5"],
        checks=[["SELECT count(*) FROM models WHERE source_file = $file AND name LIKE '%Hiến đất thôn Đông'", [[4]]]],
    )
    rows = [MODEL_HEADER, model("H-u16 1 Hiến đất", district="Thọ Xuân"), model("H-u16 2 Đường hoa")]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    (FILES / "utf16le_no_bom.csv").write_bytes(text.encode("utf-16-le"))
    loaded(
        "utf16le_no_bom.csv",
        "UTF-16 little-endian without BOM",
        2,
        0,
        warnings=["UTF-16-LE"],
        checks=[
            [
                "SELECT name FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-u16 1 Hiến đất"], ["H-u16 2 Đường hoa"]],
            ]
        ],
    )
    (FILES / "utf16be_no_bom.csv").write_bytes(text.replace("H-u16", "H-u16be").encode("utf-16-be"))
    loaded("utf16be_no_bom.csv", "UTF-16 big-endian without BOM", 2, 0, warnings=["UTF-16-BE"])
    write_csv(
        FILES / "cp1258.csv",
        [
            MODEL_HEADER,
            model("H-1258 Hiến đất mở đường", district="Hoằng Hóa", field="Văn hóa – xã hội"),
            model("H-1258 Ngày Chủ nhật xanh", unit="Đoàn xã Nga Thủy"),
        ],
        encoding="cp1258",
    )
    loaded(
        "cp1258.csv",
        "Windows-1258 text (combining tones)",
        2,
        0,
        checks=[
            [
                "SELECT name, district_code FROM models WHERE source_file = $file ORDER BY source_row",
                [["H-1258 Hiến đất mở đường", "399"], ["H-1258 Ngày Chủ nhật xanh", "401"]],
            ]
        ],
    )
    rows = [
        [tcvn3(h) for h in MODEL_HEADER],
        [tcvn3(v) for v in model("H-tcvn3 Hiến đất xây dựng nông thôn mới", district="Thọ Xuân")],
        [tcvn3(v) for v in model("H-tcvn3 Tổ tự quản an ninh trật tự", field="Quốc phòng - an ninh")],
    ]
    text = "\r\n".join(",".join(r) for r in rows) + "\r\n"
    (FILES / "tcvn3_bytes.csv").write_bytes(text.encode("latin-1"))
    loaded(
        "tcvn3_bytes.csv",
        "TCVN3 (.VnTime) bytes saved as an ANSI CSV",
        2,
        0,
        checks=[
            [
                "SELECT name, district_code, field FROM models WHERE source_file = $file ORDER BY source_row",
                [
                    ["H-tcvn3 Hiến đất xây dựng nông thôn mới", "395", "kinh_te"],
                    ["H-tcvn3 Tổ tự quản an ninh trật tự", "401", "quoc_phong_an_ninh"],
                ],
            ]
        ],
    )
    xlsx(
        FILES / "tcvn3_cells.xlsx",
        {
            "Mô hình": [MODEL_HEADER]
            + [
                [
                    tcvn3(v) if isinstance(v, str) else v
                    for v in numeric(model(f"H-tcvn3x {i} Hiến đất làm đường", district="Hoằng Hóa"))
                ]
                for i in (1, 2)
            ]
        },
    )
    loaded(
        "tcvn3_cells.xlsx",
        "TCVN3 mojibake typed into a workbook",
        2,
        0,
        checks=[
            [
                "SELECT count(*) FROM models WHERE source_file = $file AND name LIKE '%Hiến đất làm đường' AND district_code = '399'",
                [[2]],
            ]
        ],
    )


def formulas() -> None:
    hyperlink = '=HYPERLINK("http://evil.example/x","Bấm vào đây")'
    dde = "=cmd|' /C calc'!A0"
    cells = {
        1: MODEL_HEADER,
        2: numeric(model(hyperlink)),
        3: numeric(model("=1+2")),
        4: numeric(model("H-fx cached")),
        5: numeric(model("H-fx uncached")),
        6: numeric(model("H-fx link description")),
        7: numeric(model("@SUM(1+1)*cmd|' /C calc'!A0")),
        8: numeric(model("+cmd|' /C calc'!A0")),
        9: numeric(model("-2+3+cmd|' /C calc'!A0")),
        10: numeric(model("")),
        11: numeric(model("H-fx text in number", funds="=1+2")),
    }
    cells[4][10] = RawCell('<c r="{ref}"><f>1+2</f><v>3</v></c>')  # Ngày công: a formula and the value Excel cached
    cells[5][10] = RawCell('<c r="{ref}"><f>10*10</f></c>')  # a formula no program has calculated: no value
    cells[6][14] = RawCell('<c r="{ref}" t="str"><f>HYPERLINK("http://evil.example","x")</f><v>x</v></c>')
    cells[10][0] = RawCell('<c r="{ref}" t="e"><f>' + _esc(dde[1:]) + "</f><v>#N/A</v></c>")
    raw_xlsx(FILES / "formulas.xlsx", {"Mô hình": sheet_xml(cells)})
    loaded(
        "formulas.xlsx",
        "formulas (=1+2, =HYPERLINK, DDE =cmd|…) and =/+/-/@ text in cells; a formula with no cached value "
        "and formula text in a number column load with a warning",
        9,
        1,
        reasons=["ô chứa công thức cho kết quả lỗi (#N/A)"],
        checks=[
            [
                'SELECT "row", value, reason FROM load_warnings WHERE file = $file ORDER BY "row"',
                [
                    [
                        5,
                        "'=10*10",
                        "ô chứa công thức nhưng không có giá trị lưu sẵn (mở file bằng Excel để Excel tính, rồi lưu lại)",
                    ],
                    [11, "=1+2", "không phải số (viết số, ví dụ 1.200 hoặc 12,5)"],
                ],
            ],
            [
                "SELECT name FROM models WHERE source_file = $file AND source_row IN (2, 3, 7, 8, 9) ORDER BY source_row",
                [
                    [hyperlink],
                    ["=1+2"],
                    ["@SUM(1+1)*cmd|' /C calc'!A0"],
                    ["+cmd|' /C calc'!A0"],
                    ["-2+3+cmd|' /C calc'!A0"],
                ],
            ],
            [
                "SELECT workdays FROM models WHERE source_file = $file AND source_row IN (4, 5) ORDER BY source_row",
                [[3.0], [None]],
            ],
            ["SELECT description FROM models WHERE source_file = $file AND source_row = 6", [["x"]]],
        ],
    )
    write_csv(
        FILES / "formulas_dde.csv",
        [
            MODEL_HEADER,
            model(dde),
            model("@SUM(A1:A2) H-dde"),
            model("+1+cmd|' /C calc'!A0"),
            model("-1+cmd|' /C calc'!A0"),
            model("\t=1+2 H-dde"),
            model('=HYPERLINK("http://evil.example";"x")', unit="=cmd|' /C notepad'!A0"),
            model("=2+5 H-dde bad funds", funds="=2+5"),
            model("-H-dde negative", workdays="-5"),
            model("H-dde plus", workdays="+5"),
        ],
    )
    loaded(
        "formulas_dde.csv",
        "DDE payloads and formula-looking text in a CSV (formula text in a number column: a warning)",
        8,
        1,
        reasons=["không được âm"],
        checks=[
            [
                "SELECT name, host_unit FROM models WHERE source_file = $file AND source_row IN (2, 7) ORDER BY source_row",
                [[dde, None], ['=HYPERLINK("http://evil.example";"x")', "=cmd|' /C notepad'!A0"]],
            ],
            ["SELECT name FROM models WHERE source_file = $file AND source_row = 6", [["=1+2 H-dde"]]],
            ["SELECT workdays FROM models WHERE name = 'H-dde plus'", [[5.0]]],
        ],
    )
    xlsx(
        FILES / "cell_types.xlsx",
        {
            "Mô hình": [
                MODEL_HEADER,
                numeric(model("H-types 1")),
                [*numeric(model("H-types bool year"))[:7], True, *numeric(model("x"))[8:]],
                [*numeric(model("H-types time workdays"))[:10], dt.time(8, 30), *numeric(model("x"))[11:]],
                [*numeric(model("H-types date land"))[:9], dt.datetime(2023, 3, 15), *numeric(model("x"))[10:]],
            ]
        },
    )
    loaded(
        "cell_types.xlsx",
        "booleans, times and dates where numbers or years belong: no year is a reject, an unreadable number a warning",
        3,
        1,
        reasons=["không phải năm"],
        checks=[["SELECT count(*) FROM load_warnings WHERE file = $file AND became = '(để trống)'", [[2]]]],
    )


def dates_and_numbers() -> None:
    good = [
        dt.datetime(2023, 3, 15),
        45000,
        "15/03/2023",
        "2023-03-15",
        "ngày 15 tháng 3 năm 2023",
        "15.03.2023",
        "45000",
    ]
    bad = ["March 15, 2023", "31/02/2023", 2, "15/03/2099"]
    rows = [COMM_HEADER]
    for i, d in enumerate(good + bad):
        row = numeric(commendation(f"H-date {i}"))
        row[7] = d
        rows.append(row)
    rows[1][3] = dt.datetime(2023, 6, 1)  # the year typed as a date
    xlsx(FILES / "dates_serial_and_text.xlsx", {"Khen thưởng": rows})
    loaded(
        "dates_serial_and_text.xlsx",
        "decision dates as Excel dates, serial numbers and text in many forms; an unreadable one is a warning "
        "and the commendation loads with its year",
        len(good) + len(bad),
        0,
        checks=[
            [
                "SELECT count(decision_date), min(decision_date)::VARCHAR, max(decision_date)::VARCHAR FROM commendations WHERE source_file = $file",
                [[len(good), "2023-03-15", "2023-03-15"]],
            ],
            [
                "SELECT count(*) FROM load_warnings WHERE file = $file AND \"column\" = 'Ngày quyết định' AND "
                "(reason LIKE 'không phải ngày%' OR reason LIKE 'ngày không tồn tại (31/02/2023)%' "
                "OR reason LIKE 'ngày ngoài khoảng%')",
                [[len(bad)]],
            ],
        ],
    )
    good = ["15/03/2023", "2023-03-15", "45000", "ngày 15 tháng 3 năm 2023", "15-3-2023", "2023/03/15"]
    bad = ["03/15/2023", "hôm qua", "0", "1/1/1900"]
    write_csv(
        FILES / "dates.csv",
        [COMM_HEADER] + [commendation(f"H-cdate {i}", decision_date=d) for i, d in enumerate(good + bad)],
    )
    loaded(
        "dates.csv",
        "dates as text: d/m/y, y-m-d, y/m/d, serials, words, US order (unreadable: a warning)",
        len(good) + len(bad),
        0,
        checks=[
            ["SELECT count(DISTINCT decision_date) FROM commendations WHERE source_file = $file", [[1]]],
            ["SELECT count(*) FROM commendations WHERE source_file = $file AND decision_date IS NULL", [[len(bad)]]],
            ["SELECT count(*) FROM load_warnings WHERE file = $file", [[len(bad)]]],
        ],
    )
    units = [
        ("land", "1.200 m²"),
        ("funds", "5 triệu"),
        ("roads", "12 km"),
        ("households", "85 hộ"),
        ("funds", "1.200.000 đ"),
        ("workdays", "50%"),
        ("workdays", "~50"),
        ("workdays", "50-60"),
        ("workdays", "1e5"),
    ]
    write_csv(
        FILES / "numbers_with_units.csv",
        [
            MODEL_HEADER,
            model("H-units ok 1", land="1.200", workdays="350"),
            model("H-units ok 2", roads="12,5", funds="1.250,5"),
            model("H-units ok 3", households="1.024"),
            *[model(f"H-units {i} {v}", **{k: v}) for i, (k, v) in enumerate(units)],
        ],
    )
    loaded(
        "numbers_with_units.csv",
        "numbers written with units or ranges (1.200 m², 5 triệu, 50-60): units are read, the rest load empty "
        "with a warning",
        3 + len(units),
        0,
        checks=[
            [
                "SELECT land_m2, workdays, roads_km, funds_million_vnd, households_benefited FROM models WHERE source_file = $file ORDER BY source_row",
                [
                    [1200.0, 350.0, None, None, None],
                    [None, None, 12.5, 1250.5, None],
                    [None, None, None, None, 1024],
                    [1200.0, None, None, None, None],
                    [None, None, None, 5.0, None],
                    [None, None, 12.0, None, None],
                    [None, None, None, None, 85],
                    [None, None, None, 1.2, None],
                    [None, None, None, None, None],
                    [None, 50.0, None, None, None],
                    [None, None, None, None, None],
                    [None, None, None, None, None],
                ],
            ],
            [
                'SELECT "row", became FROM load_warnings WHERE file = $file ORDER BY "row"',
                [[10, "(để trống)"], [11, "50"], [12, "(để trống)"], [13, "(để trống)"]],
            ],
        ],
    )
    write_csv(
        FILES / "absurd_numbers.csv",
        [
            MODEL_HEADER,
            model("H-absurd ok", land="300"),
            model("H-absurd zero road", roads="0"),
            model("H-absurd tiny land", land="0,000001"),
            model("H-absurd negative", land="-5"),
            model("H-absurd land bigger than the province", land="99.999.999.999.999"),
            model("H-absurd households", households="1000000000000"),
            model("H-absurd infinite", workdays="1" + "0" * 400),
            model("H-absurd two commas", funds="12,5,6"),
            model("H-absurd half household", households="12,5"),
        ],
    )
    loaded(
        "absurd_numbers.csv",
        "negative, astronomically large (1e400) and malformed numbers (malformed: a warning)",
        4,
        5,
        reasons=["không được âm", "quá lớn", "phải là số nguyên"],
        checks=[["SELECT count(*) FROM models WHERE source_file = $file AND isinf(coalesce(workdays, 0))", [[0]]]],
    )
    years = ["2099", "3000", "9999", "1899", "0", "-2023", "2023.5", "năm 2090", "20233", ""]
    write_csv(
        FILES / "future_years.csv",
        [
            MODEL_HEADER,
            model("H-year ok", year="2023"),
            model("H-year words", year="năm 2022"),
            *[model(f"H-year {y or 'blank'}", year=y) for y in years],
        ],
    )
    loaded(
        "future_years.csv",
        "future, ancient, negative, fractional and missing years",
        2,
        len(years),
        reasons=["năm ngoài khoảng", "bắt buộc, không được để trống"],
    )


def places_and_names() -> None:
    good = ["Thọ Xuân", "Tho Xuan", "H. Thọ Xuân", "Ngoc Lac", "Ðông Sơn"]
    bad = ["Hà Nội", "Quận 1", "Huyện Không Tồn Tại", "Sơn La"]
    write_csv(FILES / "unknown_districts.csv", [MODEL_HEADER] + [model(f"H-place {d}", district=d) for d in good + bad])
    loaded(
        "unknown_districts.csv",
        "districts outside Thanh Hóa or made up, beside spelling variants",
        len(good),
        len(bad),
        reasons=["không nhận ra huyện (gần giống:"],
    )
    names = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '"><svg onload=alert(1)>',
        "javascript:alert(document.cookie)",
        "<b>in đậm</b> H-html",
    ]
    rows = [MODEL_HEADER] + [numeric(model(n, unit="<iframe src=//evil.example></iframe>")) for n in names]
    rows.append(numeric(model("H-html bad district", district="<script>alert(2)</script>")))
    xlsx(FILES / "html_js_names.xlsx", {"<img src=x onerror=alert(1)>": rows})
    loaded(
        "html_js_names.xlsx",
        "HTML/JavaScript in names, units, districts and the sheet name",
        len(names),
        1,
        checks=[
            ["SELECT name FROM models WHERE source_file = $file ORDER BY source_row", [[n] for n in names]],
            [
                "SELECT DISTINCT sheet, value FROM rejects WHERE file = $file",
                [["<img src=x onerror=alert(1)>", "<script>alert(2)</script>"]],
            ],
        ],
    )
    names = [
        "'); DROP TABLE models;--",
        "Robert'); DROP TABLE commendations;--",
        "1' OR '1'='1",
        "$$; DELETE FROM models; $$",
        "\\'; ATTACH '/tmp/x.db' AS x;--",
    ]
    write_csv(
        FILES / "sql_fragments.csv",
        [MODEL_HEADER]
        + [model(n) for n in names]
        + [model("H-sql district", district="Nga Sơn'; DROP TABLE districts;--")],
    )
    loaded(
        "sql_fragments.csv",
        "SQL injection fragments in names and districts",
        len(names),
        1,
        checks=[
            ["SELECT name FROM models WHERE source_file = $file ORDER BY source_row", [[n] for n in names]],
            ["SELECT count(*) FROM districts", [[27]]],
        ],
    )
    name = "=Báo cáo Hoằng Hóa (bản cuối) #1; $(rm -rf) & 'x' %20.csv"
    write_csv(
        FILES / name,
        [MODEL_HEADER, model("H-oddname 1", district="Hoằng Hóa"), model("=H-oddname 2", district="Hoằng Hoá Bắc")],
    )
    loaded(
        name,
        "file name with Vietnamese letters, quotes, $(…), &, % and a leading =",
        1,
        1,
        checks=[["SELECT count(*) FROM submissions WHERE source_file = $file", [[1]]]],
    )


def ragged() -> None:
    write_csv(
        FILES / "inconsistent_columns.csv",
        [
            MODEL_HEADER,
            model("H-ragged full"),
            model("H-ragged short")[:9],
            model("H-ragged trailing empties") + ["", "", ""],
            ["H-ragged unquoted comma", "mở đường"] + model("x")[1:],
            model("H-ragged extra filled") + ["", "ghi chú thêm", "", "x"],
        ],
    )
    loaded(
        "inconsistent_columns.csv",
        "rows with fewer and more cells than the header",
        3,
        2,
        reasons=["nhiều ô hơn dòng tiêu đề"],
    )
    text = ",".join(MODEL_HEADER) + "\n" + ",".join(model("H-quote 1")) + "\n" + ",".join(model("H-quote 2")) + "\n"
    text += (
        ",".join(model('"H-quote 3 mở ngoặc không đóng'))
        + "\n"
        + "".join(",".join(model(f"H-quote {i}")) + "\n" for i in range(4, 9))
    )
    (FILES / "unclosed_quote.csv").write_text(text, encoding="utf-8")
    refused(
        "unclosed_quote.csv",
        "a quote opened and never closed (would swallow the rest of the file)",
        "ngoặc kép",
        "dòng 4",
    )
    lines = [",".join(MODEL_HEADER), ",".join(model("H-ws 1")), "   ", "\t\t", " , , ,", ",".join(model("H-ws 2")), ""]
    (FILES / "whitespace_rows.csv").write_text("\n".join(lines), encoding="utf-8")
    loaded("whitespace_rows.csv", "rows of spaces and tabs between the data", 2, 0)


def blank_rows() -> None:
    text = ",".join(MODEL_HEADER) + "\n" + ",".join(model("H-blank 1")) + "\n" + ",".join(model("H-blank 2")) + "\n"
    text += "\n" * 200_000 + ",".join(model("H-blank last", district="Nga Sơn Nam")) + "\n"
    (FILES / "blank_rows_200k.csv").write_text(text, encoding="utf-8")
    loaded(
        "blank_rows_200k.csv",
        "200,000 blank lines before the last row",
        2,
        1,
        checks=[['SELECT "row" FROM rejects WHERE file = $file', [[200_004]]]],
    )
    rows = {
        1: MODEL_HEADER,
        2: numeric(model("H-blankx 1")),
        3: numeric(model("H-blankx 2")),
        200_004: numeric(model("H-blankx last", district="Nga Sơn Nam")),
    }
    raw_xlsx(FILES / "blank_rows_200k.xlsx", {"Mô hình": sheet_xml(rows)})
    loaded(
        "blank_rows_200k.xlsx",
        "200,000 empty rows before the last row of a sheet",
        2,
        1,
        checks=[['SELECT "row" FROM rejects WHERE file = $file', [[200_004]]]],
    )
    far = {1: MODEL_HEADER, 2: numeric(model("H-far 1")), 1_048_576: [RawCell('<c r="XFD1048576"><v>1</v></c>')]}
    raw_xlsx(FILES / "far_cell.xlsx", {"Mô hình": sheet_xml(far)})
    refused(
        "far_cell.xlsx",
        "one value in the last cell XFD1048576 (a 17-billion-cell sheet from 1 KB)",
        "dòng 1.048.576",
        "cột 16.384",
        "Xóa các dòng và cột thừa",
    )


def wrong_types() -> None:
    (FILES / "renamed_pdf.xlsx").write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    refused("renamed_pdf.xlsx", "a PDF renamed .xlsx", "PDF", "Lưu thành")
    good = (FILES / "wrong_sheet_names.xlsx").read_bytes()
    (FILES / "truncated.xlsx").write_bytes(good[: len(good) // 2])
    refused("truncated.xlsx", "a workbook cut off halfway (interrupted download)", "hỏng")
    (FILES / "png_renamed.csv").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    refused("png_renamed.csv", "an image renamed .csv", "file ảnh")
    (FILES / "xlsx_renamed.csv").write_bytes(good)
    refused("xlsx_renamed.csv", "a workbook renamed .csv", "file Excel bị đặt đuôi .csv")
    (FILES / "no_extension").write_bytes(",".join(MODEL_HEADER).encode())
    refused("no_extension", "a file without an extension", "không được hỗ trợ")
    table = (
        "<html><head><meta charset='utf-8'></head><body><table><tr>"
        + "".join(f"<td>{h}</td>" for h in MODEL_HEADER)
        + "</tr></table></body></html>"
    )
    (FILES / "html_table.xls").write_text(table, encoding="utf-8")
    refused("html_table.xls", "a web page saved as .xls by a reporting system", "HTML", "Lưu thành")
    (FILES / "html_table.xlsx").write_text(table, encoding="utf-8")
    refused("html_table.xlsx", "a web page named .xlsx", "HTML")
    with zipfile.ZipFile(FILES / "docx_renamed.xlsx", "w") as z:
        z.writestr(zipfile.ZipInfo("[Content_Types].xml", (2026, 1, 1, 8, 0, 0)), "<Types/>")
        z.writestr(zipfile.ZipInfo("word/document.xml", (2026, 1, 1, 8, 0, 0)), "<w:document/>")
    refused("docx_renamed.xlsx", "a Word document renamed .xlsx", "file Word (.docx)")
    with zipfile.ZipFile(FILES / "zip_renamed.xlsx", "w") as z:
        z.writestr(zipfile.ZipInfo("bao-cao.csv", (2026, 1, 1, 8, 0, 0)), ",".join(MODEL_HEADER))
    refused("zip_renamed.xlsx", "a .zip of CSV files renamed .xlsx", "file nén .zip")
    ods = io.BytesIO()
    with zipfile.ZipFile(ods, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2026, 1, 1, 8, 0, 0)), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr(zipfile.ZipInfo("content.xml", (2026, 1, 1, 8, 0, 0)), "<office:document-content/>")
    (FILES / "ods_renamed.xlsx").write_bytes(ods.getvalue())
    refused("ods_renamed.xlsx", "a LibreOffice .ods renamed .xlsx", "LibreOffice")
    (FILES / "bao-cao.ods").write_bytes(ods.getvalue())
    refused("bao-cao.ods", "a LibreOffice spreadsheet (.ods)", "LibreOffice", "xlsx")


def office_containers() -> None:
    info = b"\x04\x00\x04\x00\x40\x00\x00\x00" + "Microsoft.Container.EncryptionTransform".encode("utf-16-le")
    package = struct.pack("<Q", 9000) + random.Random(7).randbytes(9000)
    (FILES / "encrypted.xlsx").write_bytes(cfb({"EncryptionInfo": info, "EncryptedPackage": package}))
    refused(
        "encrypted.xlsx",
        "password-protected workbook (encrypted OOXML in an OLE container)",
        "mật khẩu",
        "lưu thành .xlsx",
    )
    bof = struct.pack("<HHHHHHII", 0x0809, 16, 0x0600, 0x0005, 0x1FF5, 1997, 0xC1, 6) + struct.pack("<HH", 0x000A, 0)
    legacy = cfb({"Workbook": bof})
    (FILES / "legacy.xls").write_bytes(legacy)
    refused("legacy.xls", "Excel 97–2003 binary workbook (.xls)", "97–2003", "Excel Workbook (.xlsx)")
    (FILES / "legacy_renamed.xlsx").write_bytes(legacy)
    refused("legacy_renamed.xlsx", "an old .xls renamed .xlsx", "97–2003")
    vba = HERE / "_vbaProject.bin"
    vba.write_bytes(cfb({"PROJECT": b'ID="{00000000-0000-0000-0000-000000000000}"\r\nModule=Module1\r\n'}))
    wb = xlsxwriter.Workbook(str(FILES / "macro.xlsm"))
    wb.set_properties({"created": FIXED})
    ws = wb.add_worksheet("Mô hình")
    for j, h in enumerate(MODEL_HEADER):
        ws.write_string(0, j, h)
    for j, v in enumerate(numeric(model("H-macro 1"))):
        if v != "":
            ws.write(1, j, v)
    wb.add_vba_project(str(vba))
    wb.close()
    vba.unlink()
    refused("macro.xlsm", "macro-enabled workbook (.xlsm with vbaProject.bin)", "macro", "Excel Workbook (.xlsx)")
    shutil.copy(FILES / "macro.xlsm", FILES / "macro_renamed.xlsx")
    refused("macro_renamed.xlsx", "a macro-enabled workbook renamed .xlsx", "macro (VBA)")


def bombs() -> None:
    head = _SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>'
    tail = b"</t></is></c></row>" + _SHEET_TAIL
    data, size, crc = kernel(512 * 1024 * 1024, head, tail=tail)
    small = {
        "[Content_Types].xml": _CT.format(overrides="".join(_SHEET_CT.format(i=i) for i in range(1, 5))).encode(),
        "_rels/.rels": _RELS.encode(),
        "xl/workbook.xml": _WB.format(
            sheets="".join(f'<sheet name="Mô hình {i}" sheetId="{i}" r:id="rId{i}"/>' for i in range(1, 5))
        ).encode(),
        "xl/_rels/workbook.xml.rels": _WB_RELS.format(
            rels="".join(
                f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
                f'Target="worksheets/sheet{i}.xml"/>'
                for i in range(1, 5)
            )
        ).encode(),
    }
    members = [(n, zlib.compress(v)[2:-4], len(v), zlib.crc32(v), None) for n, v in small.items()]
    members.append(("xl/worksheets/sheet1.xml", data, size, crc, None))
    members += [
        (f"xl/worksheets/sheet{i}.xml", b"", size, crc, None) for i in range(2, 5)
    ]  # the same bytes, three more times
    handmade_zip(FILES / "zip_bomb.xlsx", members)
    refused(
        "zip_bomb.xlsx",
        "zip bomb: four sheets sharing one stream that inflates to 512 MB each (2 GB from 0.5 MB)",
        "zip bomb",
        "2.048 MB",
    )
    data, size, crc = kernel(20 * 1024 * 1024, head, tail=tail)
    one = {
        **small,
        "[Content_Types].xml": _CT.format(overrides=_SHEET_CT.format(i=1)).encode(),
        "xl/workbook.xml": _WB.format(sheets='<sheet name="Mô hình" sheetId="1" r:id="rId1"/>').encode(),
    }
    members = [(n, zlib.compress(v)[2:-4], len(v), zlib.crc32(v), None) for n, v in one.items()]
    handmade_zip(FILES / "zip_bomb_ratio.xlsx", members + [("xl/worksheets/sheet1.xml", data, size, crc, None)])
    refused("zip_bomb_ratio.xlsx", "one sheet compressed 1000:1 (20 MB from 20 KB)", "zip bomb", "lần, tối đa 100 lần")
    data, size, crc = kernel(64 * 1024 * 1024, head, tail=tail)
    handmade_zip(
        FILES / "zip_bomb_lying_sizes.xlsx", members + [("xl/worksheets/sheet1.xml", data, 100_000, crc, None)]
    )
    refused(
        "zip_bomb_lying_sizes.xlsx",
        "a sheet declaring 100 KB that inflates to 64 MB",
        "zip bomb",
        "nhiều hơn kích thước khai báo",
    )


def paths_and_limits() -> None:
    folder = FILES / "thu-muc.xlsx"
    folder.mkdir(exist_ok=True)
    (folder / ".gitkeep").write_bytes(b"")
    refused("thu-muc.xlsx", "a folder named like a workbook, with no submission inside", "thư mục không chứa file")
    add("vong-lap.xlsx", "a symbolic link that points to itself", "refused", message=["symlink"], setup="symlink_loop")
    refused(
        "big_cell_300kb.csv",
        "a file over the size limit (limit lowered to 0.1 MB)",
        "quá lớn",
        "DVK_MAX_FILE_MB",
        env={"DVK_MAX_FILE_MB": "0.1"},
    )
    write_csv(FILES / "duplicated_headers.csv", [MODEL_HEADER + ["Huyện"], model("H-duphead 1") + ["Nga Sơn"]])
    refused("duplicated_headers.csv", "a template column twice (two 'Huyện')", "xuất hiện hai lần")
    write_csv(
        FILES / "duplicated_unknown_headers.csv",
        [
            MODEL_HEADER + ["Ghi chú riêng", "Ghi chú riêng"],
            model("H-dupextra 1") + ["a", "b"],
            model("H-dupextra 2") + ["", ""],
        ],
    )
    loaded(
        "duplicated_unknown_headers.csv",
        "the same extra column name twice",
        2,
        0,
        warnings=["Ghi chú riêng, Ghi chú riêng"],
    )


def main() -> None:
    if FILES.exists():
        shutil.rmtree(FILES)
    FILES.mkdir(parents=True)
    for make in (
        empty_and_headers,
        sheets,
        merged_header,
        big_cells,
        wide,
        characters,
        encodings,
        formulas,
        dates_and_numbers,
        places_and_names,
        ragged,
        blank_rows,
        wrong_types,
        office_containers,
        bombs,
        paths_and_limits,
    ):
        make()
    names = [e["file"] for e in ENTRIES if "env" not in e]
    assert len(names) == len(set(names)), "one entry per file"
    MANIFEST.write_text(json.dumps(ENTRIES, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    total = sum(f.stat().st_size for f in FILES.rglob("*") if f.is_file())
    print(f"{len(ENTRIES)} kinds, {total / 1e6:.2f} MB in {FILES}")


if __name__ == "__main__":
    main()

"""The submission workbook districts fill in: two data sheets with dropdowns, lists, instructions."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from dvk import clock
from dvk.labels import ENUMS
from dvk.reporting import load_config
from etl import reference
from etl.columns import COMMENDATIONS, GUIDE_SHEET, MODELS, SHEET_TITLES, SHEETS, Column
from etl.headers import DECLARED_FIELDS

LISTS_SHEET = "Danh mục"
MAX_ROWS = 5000  # rows that carry the dropdowns
HEADER_FILL = PatternFill("solid", fgColor="FFDDEBF7")

INSTRUCTIONS = [
    'MẪU NỘP SỐ LIỆU PHONG TRÀO THI ĐUA "DÂN VẬN KHÉO"',
    "",
    "1. Mỗi đơn vị nộp một file cho mỗi năm. Tên file xác định bản nộp: nộp lại file cùng tên sẽ thay thế số liệu cũ của file đó.",
    '2. Sheet "Mô hình": mỗi dòng một mô hình hoặc điển hình. Sheet "Khen thưởng": mỗi dòng một quyết định khen thưởng cho một tập thể/cá nhân.',
    "3. Không đổi tên sheet và dòng tiêu đề cột. Có thể thêm dòng tiêu đề báo cáo phía trên dòng tiêu đề cột.",
    "4. Các cột có danh sách chọn: chọn trong danh sách (bấm mũi tên ở ô).",
    "5. Số: nên ghi số theo đơn vị của cột, ví dụ 1.200 hoặc 12,5 (dấu chấm phân cách hàng nghìn, dấu phẩy thập phân); "
    "số kèm đơn vị (3.000 m2, 1,5 tỷ đồng, 2,5 km) cũng được đọc và đổi sang đơn vị của cột.",
    "6. Ngày: dd/mm/yyyy, ví dụ 15/03/2023. Năm: 4 chữ số.",
    '7. Từ 1/7/2025 không còn cấp huyện: ghi tên xã/phường mới ở cột "Xã" (166 đơn vị, xem sheet Danh mục), cột "Huyện" có thể để trống.',
    "8. Với cá nhân, chỉ ghi chức danh và chữ cái đầu của tên nếu chưa có sự đồng ý công bố tên đầy đủ.",
    "9. Dòng thiếu tên, thiếu nơi (huyện hoặc xã/phường mới), thiếu năm hợp lệ hoặc có số vô lý (âm, quá lớn) sẽ bị "
    'loại và liệt kê kèm lý do. Giá trị không có trong danh sách vẫn được nạp, ghi là "Chưa phân loại" và liệt kê '
    "trong phần cảnh báo sau khi nạp.",
    "",
    "Các cột (* là bắt buộc):",
]


FIELD_ROWS = list(DECLARED_FIELDS.values())  # rows 2 and 3 of the guide sheet, the value in column B
FIELD_HELP = {
    "unit": "Chọn đơn vị gửi báo cáo: huyện (đến 30/6/2025), xã/phường mới (từ 1/7/2025) hoặc cơ quan cấp tỉnh.",
    "period": "Chọn kỳ báo cáo: năm-H1 là báo cáo 6 tháng, năm-N là báo cáo năm (hạn nộp: config/reporting.toml).",
}


def _choices(col: Column) -> list[str]:
    if col.type == "enum":
        return [o.vi for o in ENUMS[col.enum]]
    if col.type == "district":
        return [d for d in reference.districts()["name"]]
    if col.type == "commune":
        return list(reference.communes_2025()["name"])
    return []


def write_template(out: Path) -> Path:
    """Write the template workbook to `out` and return its path."""
    wb = Workbook()
    guide = wb.active
    guide.title = GUIDE_SHEET
    lists = wb.create_sheet(LISTS_SHEET)
    list_cols: dict[str, str] = {}  # column key → absolute range on the lists sheet
    lcol = 1
    for kind in (MODELS, COMMENDATIONS):
        for col in SHEETS[kind]:
            values = _choices(col)
            if not values or col.key in list_cols:
                continue
            letter = get_column_letter(lcol)
            lists.cell(1, lcol, col.header).font = Font(bold=True)
            for i, v in enumerate(values, 2):
                lists.cell(i, lcol, v)
            lists.column_dimensions[letter].width = max(len(v) for v in [col.header, *values]) + 2
            list_cols[col.key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
            lcol += 1

    # The two header fields (etl.headers.declared_fields, etl.attribution): unit "Name (code)" and period code.
    cfg = load_config()
    units = [f"{n} ({c})" for c, n in zip(reference.districts()["code"], reference.districts()["name"])]
    units += [f"{n} ({c})" for c, n in zip(reference.communes_2025()["code"], reference.communes_2025()["name"])]
    units += [f"{b.name} ({b.code})" for b in cfg.provincial]
    periods = [f"{p.code}" for p in cfg.periods(clock.today().year + 1)]
    field_lists = {}
    for key, values in (("unit", units), ("period", periods)):
        letter = get_column_letter(lcol)
        lists.cell(1, lcol, DECLARED_FIELDS[key]).font = Font(bold=True)
        for i, v in enumerate(values, 2):
            lists.cell(i, lcol, v)
        lists.column_dimensions[letter].width = max(len(v) for v in [DECLARED_FIELDS[key], *values]) + 2
        field_lists[key] = f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(values) + 1}"
        lcol += 1

    for kind in (MODELS, COMMENDATIONS):
        ws = wb.create_sheet(SHEET_TITLES[kind])
        for j, col in enumerate(SHEETS[kind], 1):
            cell = ws.cell(1, j, col.header)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            letter = get_column_letter(j)
            ws.column_dimensions[letter].width = min(max(len(col.header) + 4, 14), 45)
            rng = f"{letter}2:{letter}{MAX_ROWS}"
            dv = None
            if col.key in list_cols:
                # Districts and communes may be left empty or written freely (old commune names).
                strict = col.type == "enum"
                dv = DataValidation(
                    type="list", formula1=f"={list_cols[col.key]}", allow_blank=True, showErrorMessage=strict
                )
                dv.error = "Chọn một giá trị trong danh sách."
            elif col.type in ("year",):
                dv = DataValidation(
                    type="whole", operator="between", formula1="2009", formula2="2100", allow_blank=True
                )
                dv.error = "Năm gồm 4 chữ số, từ 2009."
            elif col.type in ("number", "int"):
                dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
                dv.error = "Số không âm, không ghi đơn vị."
            elif col.type == "date":
                dv = DataValidation(type="date", operator="greaterThan", formula1="39448", allow_blank=True)
                dv.error = "Ngày dạng dd/mm/yyyy."
                for r in range(2, 200):
                    ws.cell(r, j).number_format = "dd/mm/yyyy"
            if dv is not None:
                dv.errorTitle = col.header
                dv.prompt = col.help
                dv.promptTitle = col.header
                dv.showInputMessage = True
                ws.add_data_validation(dv)
                dv.add(rng)
            if col.type in ("number", "int"):
                for r in range(2, 200):
                    ws.cell(r, j).number_format = "#,##0.##" if col.type == "number" else "#,##0"
        ws.freeze_panes = "A2"
        ws.row_dimensions[1].height = 32

    lines = [INSTRUCTIONS[0], *FIELD_ROWS, *INSTRUCTIONS[1:]]
    for i, line in enumerate(lines, 1):
        guide.cell(i, 1, line).font = Font(bold=i == 1 or line in DECLARED_FIELDS.values(), size=14 if i == 1 else 11)
    for i, key in enumerate(DECLARED_FIELDS, 2):
        cell = guide.cell(i, 2)
        cell.fill = HEADER_FILL
        dv = DataValidation(type="list", formula1=f"={field_lists[key]}", allow_blank=True, showErrorMessage=True)
        dv.error = "Chọn một giá trị trong danh sách."
        dv.errorTitle = DECLARED_FIELDS[key]
        dv.prompt = FIELD_HELP[key]
        dv.promptTitle = DECLARED_FIELDS[key]
        dv.showInputMessage = True
        guide.add_data_validation(dv)
        dv.add(cell.coordinate)
    row = len(lines) + 1
    for kind in (MODELS, COMMENDATIONS):
        guide.cell(row, 1, f'Sheet "{SHEET_TITLES[kind]}"').font = Font(bold=True)
        row += 1
        for col in SHEETS[kind]:
            guide.cell(row, 1, f"  {col.header}{' *' if col.required else ''}")
            guide.cell(row, 2, col.help)
            row += 1
        row += 1
    guide.column_dimensions["A"].width = 40
    guide.column_dimensions["B"].width = 100
    wb.move_sheet(LISTS_SHEET, offset=len(wb.sheetnames))
    out.parent.mkdir(parents=True, exist_ok=True)
    wb.save(out)
    return out

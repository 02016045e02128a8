"""The submission template: sheets, headers, dropdowns, and a filled copy loads."""

import duckdb
from openpyxl import load_workbook

from etl.columns import COMMENDATION_COLUMNS, MODEL_COLUMNS
from etl.load import load
from etl.template import write_template
from tests.conftest import quiet


def test_template_sheets_headers_and_dropdowns(tmp_path):
    path = write_template(tmp_path / "mau.xlsx")
    wb = load_workbook(path)
    assert wb.sheetnames == ["Hướng dẫn", "Mô hình", "Khen thưởng", "Danh mục"]
    models = [c.value for c in wb["Mô hình"][1]]
    assert models == [c.header for c in MODEL_COLUMNS]
    for h in [
        "Tên mô hình",
        "Loại",
        "Lĩnh vực",
        "Chủ thể",
        "Đơn vị/Cá nhân thực hiện",
        "Huyện",
        "Xã",
        "Năm công nhận",
        "Cấp công nhận",
        "Đất hiến (m²)",
        "Ngày công",
        "Kinh phí (triệu đồng)",
        "Đường (km)",
        "Hộ hưởng lợi",
        "Mô tả",
    ]:
        assert h in models
    comm = [c.value for c in wb["Khen thưởng"][1]]
    assert comm == [c.header for c in COMMENDATION_COLUMNS]
    for h in [
        "Tên tập thể/cá nhân",
        "Đối tượng",
        "Huyện",
        "Năm",
        "Hình thức",
        "Cơ quan khen thưởng",
        "Số quyết định",
        "Ngày quyết định",
        "Tên mô hình",
    ]:
        assert h in comm
    # Every enumerated column has a list dropdown pointing at the lists sheet.
    ws = wb["Mô hình"]
    lists = {
        str(dv.sqref).split(":")[0].rstrip("0123456789"): dv
        for dv in ws.data_validations.dataValidation
        if dv.type == "list"
    }
    letters = {c.header: chr(65 + i) for i, c in enumerate(MODEL_COLUMNS)}
    for col in MODEL_COLUMNS:
        if col.type in ("enum", "district", "commune"):
            assert letters[col.header] in lists, col.header
    kind_dv = lists[letters["Loại"]]
    rng = kind_dv.formula1.split("!")[1].replace("$", "")
    values = [c.value for row in wb["Danh mục"][rng] for c in row]
    assert values == ["Mô hình tập thể", "Điển hình tập thể", "Điển hình cá nhân"]
    assert "Xã Hoằng Tiến" in {c.value for col in wb["Danh mục"].iter_cols() for c in col}
    assert "1/7/2025" in " ".join(str(c.value) for c in wb["Hướng dẫn"]["A"] if c.value)


def test_a_filled_template_loads(tmp_path):
    path = write_template(tmp_path / "2024_399_hoang-hoa.xlsx")
    wb = load_workbook(path)
    row = {
        "Tên mô hình": "Tổ hòa giải ở cơ sở thôn 2",
        "Loại": "Mô hình tập thể",
        "Lĩnh vực": "Quốc phòng – an ninh",
        "Chủ thể": "Mặt trận Tổ quốc",
        "Đơn vị/Cá nhân thực hiện": "Ban CTMT thôn 2",
        "Huyện": "Huyện Hoằng Hóa",
        "Xã": "Hoằng Phụ",
        "Năm công nhận": 2024,
        "Cấp công nhận": "Cấp huyện",
        "Ngày công": 60,
        "Kinh phí (triệu đồng)": 15,
        "Hộ hưởng lợi": 120,
    }
    wb["Mô hình"].append([row.get(c.header) for c in MODEL_COLUMNS])
    comm = {
        "Tên tập thể/cá nhân": "Ban CTMT thôn 2",
        "Đối tượng": "Tập thể",
        "Huyện": "Huyện Hoằng Hóa",
        "Năm": 2024,
        "Hình thức": "Giấy khen",
        "Cơ quan khen thưởng": "Cấp huyện",
        "Số quyết định": "88/QĐ-UBND",
        "Ngày quyết định": "02/12/2024",
        "Tên mô hình": "Tổ hòa giải ở cơ sở thôn 2",
    }
    wb["Khen thưởng"].append([comm.get(c.header) for c in COMMENDATION_COLUMNS])
    wb.save(path)
    db = tmp_path / "w.duckdb"
    summary = load([path], db, progress=quiet)
    assert summary.rows_loaded == 2 and summary.rows_rejected == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT field, level, district_code FROM models").fetchone() == (
        "quoc_phong_an_ninh",
        "huyen",
        "399",
    )
    assert con.execute("SELECT model_id IS NOT NULL FROM commendations").fetchone()[0]

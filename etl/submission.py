"""One submission from its bytes to recognised sheets, each stage once and in order.

gate (etl.guard) → reader (etl.readers) → text repair (etl.tcvn3) → header recognition
(etl.headers); the loader then validates each sheet (etl.validate). No stage calls back into an
earlier one.
"""

from __future__ import annotations

from pathlib import Path

from etl import guard, headers, readers
from etl.columns import kind_from_sheet_name
from etl.errors import LoadError, display_name
from etl.headers import RawSheet
from etl.tcvn3 import fix_tcvn3_grid


def read_submission(path: Path) -> tuple[list[RawSheet], list[str]]:
    """All recognised sheets of a file and warnings about it; raises LoadError for a bad file."""
    fmt = guard.admit(path)
    name = display_name(path)
    grids, formulas, warnings = readers.read_grids(path, fmt)
    # When the workbook has sheets named like the template's, only those hold data (a lists or
    # instructions sheet may carry the same headers); otherwise any sheet with a header row counts.
    others = grids
    if any(kind_from_sheet_name(n) for n, _ in grids):
        grids = [(n, grid) for n, grid in grids if kind_from_sheet_name(n)]
    sheets = []
    for sheet_name, grid in grids:
        fixed = fix_tcvn3_grid(grid)
        if fixed is not grid and isinstance(
            grid, readers.CsvGrid
        ):  # a TCVN3 file: convert all of it, not just the head
            fixed = fix_tcvn3_grid(grid.all_rows())
        sheet = headers.recognise(
            name, sheet_name, fixed, warnings=warnings, others=others, formulas=formulas.get(sheet_name)
        )
        if sheet is not None:
            sheets.append(sheet)
    declared = headers.declared_fields(others)
    for sheet in sheets:
        sheet.declared = declared
    if not sheets:
        raise LoadError(
            f"{name}: không tìm thấy bảng 'Mô hình' hoặc 'Khen thưởng' (không có dòng tiêu đề cột nào "
            "khớp mẫu). Dùng mẫu nộp số liệu: python -m etl template --out mau.xlsx"
        )
    return sheets, warnings

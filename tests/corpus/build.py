"""Write the real-phrasing corpus (real_phrasing.json) as the workbook a district would send."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook

from etl.columns import COMMENDATION_COLUMNS, MODEL_COLUMNS

CORPUS = json.loads((Path(__file__).parent / "real_phrasing.json").read_text(encoding="utf-8"))
ROWS = CORPUS["rows"]
HEADERS = {"models": [c.header for c in MODEL_COLUMNS], "commendations": [c.header for c in COMMENDATION_COLUMNS]}
SHEET_TITLES = {"models": "Mô hình", "commendations": "Khen thưởng"}


def write_xlsx(path: Path) -> dict[tuple[str, int], dict]:
    """The corpus as one workbook, cells as text as a district's sheet holds them; (sheet, row) → entry."""
    wb = Workbook()
    wb.remove(wb.active)
    where = {}
    for sheet in ("models", "commendations"):
        ws = wb.create_sheet(SHEET_TITLES[sheet])
        ws.append(HEADERS[sheet])
        for entry in (r for r in ROWS if r["sheet"] == sheet):
            ws.append([entry["cells"].get(h, "") or None for h in HEADERS[sheet]])
            where[(SHEET_TITLES[sheet], ws.max_row)] = entry
    wb.save(path)
    return where

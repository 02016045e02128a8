"""The periodic report's issuing body, signer, recipients and margins (config/report.toml), with defaults."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from dvk.config import PROJECT_ROOT

DEFAULT_PATH = PROJECT_ROOT / "config" / "report.toml"


class ReportConfigError(ValueError):
    """config/report.toml cannot be used; the message names the file and the fix."""


@dataclass(frozen=True)
class ReportConfig:
    superior: str = "ĐẢNG BỘ TỈNH THANH HÓA"
    issuer: str = "BAN TUYÊN GIÁO VÀ DÂN VẬN TỈNH ỦY"
    symbol: str = "BTGDVTU"
    place: str = "Thanh Hóa"
    date: str = "blank"  # "blank" | "today"
    authority: str = ""
    position: str = "TRƯỞNG BAN"
    signer: str = ""
    recipients: tuple[str, ...] = field(
        default=(
            "Ban Tuyên giáo và Dân vận Trung ương (để báo cáo),",
            "Thường trực Tỉnh ủy (để báo cáo),",
            "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,",
            "Các đảng ủy trực thuộc Tỉnh ủy,",
            "Lưu Văn phòng Ban.",
        )
    )
    margins_mm: tuple[float, float, float, float] = (25, 25, 35, 15)  # top, bottom, left, right


def load(path: Path | str | None = None) -> ReportConfig:
    """Read config/report.toml (the defaults when there is no file; ReportConfigError for a broken one)."""
    path = Path(path) if path else DEFAULT_PATH
    if not path.exists():
        return ReportConfig()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ReportConfigError(f"{path}: lỗi cú pháp TOML ({exc}). Sửa dòng đó: chuỗi trong dấu nháy kép.") from None
    base = ReportConfig()
    issuer, signer, page = data.get("issuer", {}), data.get("signer", {}), data.get("page", {})

    def text(table: dict, key: str, default: str) -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise ReportConfigError(f'{path}: {key} phải là một chuỗi trong dấu nháy kép (ví dụ {key} = "…").')
        return value.strip()

    date = text(issuer, "date", base.date)
    if date not in ("blank", "today"):
        raise ReportConfigError(f'{path}: date phải là "blank" hoặc "today" (đang là {date!r}).')
    lines = data.get("recipients", {}).get("lines", list(base.recipients))
    if not isinstance(lines, list) or not all(isinstance(x, str) for x in lines):
        raise ReportConfigError(f'{path}: recipients.lines phải là một danh sách chuỗi, ví dụ lines = ["…", "…"].')
    margins = []
    for key, default in zip(("top_mm", "bottom_mm", "left_mm", "right_mm"), base.margins_mm, strict=True):
        value = page.get(key, default)
        if not isinstance(value, int | float) or not 5 <= value <= 60:
            raise ReportConfigError(f"{path}: {key} phải là số milimét từ 5 đến 60 (đang là {value!r}).")
        margins.append(float(value))
    return ReportConfig(
        superior=text(issuer, "superior", base.superior),
        issuer=text(issuer, "name", base.issuer),
        symbol=text(issuer, "symbol", base.symbol),
        place=text(issuer, "place", base.place),
        date=date,
        authority=text(signer, "authority", base.authority),
        position=text(signer, "position", base.position),
        signer=text(signer, "name", base.signer),
        recipients=tuple(x.strip() for x in lines),
        margins_mm=tuple(margins),
    )

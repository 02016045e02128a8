"""Official boundary files imported from the browser (admins): the same `etl.boundaries.import_boundaries`
as `python -m etl boundaries`, the same matching report, the same atomic swap."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import streamlit as st

from dvk.config import db_path
from dvk.ui.i18n import translator
from dvk.ui.upload import safe_name
from etl import api
from etl.api import LoadError

TYPES = ["geojson", "json", "zip", "gpkg"]
LEVELS = ("", "district", "commune")  # "": the importer detects the level


@dataclass
class ImportResult:
    ok: bool
    report: str  # the matching report (matched, unmatched, missing units)
    message: str  # the refusal, when not ok


def import_file(name: str, content: bytes, db: Path, level: str = "", allow_partial: bool = False) -> ImportResult:
    """Write the upload to a private folder under its own name (the name becomes the boundaries'
    source label), import it, and remove the folder whatever happens."""
    folder = Path(tempfile.mkdtemp(prefix="dvk-boundaries-"))
    lines: list[str] = []
    try:
        path = folder / safe_name(name)
        path.write_bytes(content)
        api.import_boundaries(path, db, level or None, allow_partial, progress=lines.append)
        return ImportResult(True, "\n".join(lines), "")
    except LoadError as exc:
        return ImportResult(False, "\n".join(lines), str(exc))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def section() -> None:
    """The boundary import of the Data page (the caller checks the role)."""
    t = translator()
    st.subheader(t("Nạp ranh giới chính thức"))
    st.caption(
        t(
            "GeoJSON, Shapefile nén .zip hoặc GeoPackage, hệ tọa độ bất kỳ được khai báo (kể cả VN-2000). Đơn vị được khớp "
            "theo mã hoặc tên; thiếu đơn vị thì file bị từ chối, trừ khi cho phép thay từng phần. Ranh giới gần đúng "
            "đang dùng chỉ bị thay khi nạp thành công."
        )
    )
    c1, c2 = st.columns(2)
    level = c1.selectbox(
        t("Cấp đơn vị"),
        LEVELS,
        key="bnd_level",
        format_func=lambda v: {"": t("Tự nhận biết"), "district": t("Cấp huyện"), "commune": t("Cấp xã")}[v],
    )
    partial = c2.checkbox(
        t("Cho phép thiếu đơn vị (chỉ thay các đơn vị có trong file)"),
        key="bnd_partial",
    )
    file = st.file_uploader(t("File ranh giới"), type=TYPES, key="bnd_file")
    if file is not None and st.button(t("Nạp ranh giới"), type="primary", key="bnd_import"):
        with st.spinner(t("Đang đọc, khớp và lưu ranh giới…")):
            result = import_file(file.name, file.getvalue(), db_path(), level, partial)
        if result.ok:
            st.success(t("Đã nạp ranh giới. Các bản đồ dùng ranh giới mới từ lần tương tác tiếp theo."))
        else:
            st.error(result.message)
        if result.report:
            st.code(result.report, language=None)

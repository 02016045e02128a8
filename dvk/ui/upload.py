"""Upload in the browser: an analyst drops submissions, sees what a load would do, confirms or cancels.

The preview and the load are the ETL's own `etl.load.load` (dry run, then the real one): the same
checks, the same atomic swap; every open session sees the new warehouse on its next rerun.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import unicodedata
from pathlib import Path

import pandas as pd
import streamlit as st

from dvk import clock, l10n
from dvk.config import db_path
from dvk.ui import downloads, tables
from dvk.ui.i18n import lang, translator
from etl import api
from etl.api import LoadError

TYPES = ["xlsx", "csv"]
_STATE = "upload_preview"


def max_mb() -> float:
    """The loader's own size limit for one file ($DVK_MAX_FILE_MB, 20 MB by default), in MB."""
    try:
        return api.max_file_mb()
    except LoadError:  # a bad setting: the loader says so on preview; the caption shows the default
        return api.DEFAULT_MAX_FILE_MB


def safe_name(name: str) -> str:
    """A file name kept as the submission's name (the loader identifies a submission by it), minus
    any folder part and characters a file system rejects."""
    base = unicodedata.normalize("NFC", Path(name.replace("\\", "/")).name)
    base = re.sub(r'[<>:"/|?*\x00-\x1f]', "_", base).strip(" .")
    return base or "file"


def _progress(bar, stage: str):
    """A progress callback for the loader: the bar stands where the loader's line says the load is
    (etl.api.load_share: each file read, then each step of the build); other lines keep it in place."""
    at = [0.0]

    def report(message: str) -> None:
        share = api.load_share(message)
        if share is not None:
            at[0] = max(at[0], min(share, 1.0))
        bar.progress(at[0], text=f"{stage}: {message}")

    return report


def _discard(state: dict | None) -> None:
    if state:
        shutil.rmtree(state["dir"], ignore_errors=True)


def section(filters) -> None:
    """The upload section of the Data page (the caller checks the role)."""
    t = translator()
    st.subheader(t("Nạp file nộp"))
    st.caption(
        t(
            "Kéo thả một hoặc nhiều file .xlsx/.csv (tối đa {mb} MB mỗi file). Tên file là tên bản nộp: "
            "nộp lại cùng tên sẽ thay bản cũ. Xem trước rồi mới xác nhận; hủy thì không có gì thay đổi.",
            mb=l10n.number(max_mb(), lang=lang()),
        )
    )
    state = st.session_state.get(_STATE)
    files = st.file_uploader(
        t("File nộp"),
        type=TYPES,
        accept_multiple_files=True,
        key=f"upload_files_{st.session_state.get('upload_round', 0)}",
    )
    if files and st.button(t("Xem trước"), type="primary", key="upload_preview_button"):
        _discard(state)
        state = _preview(files)
        st.session_state[_STATE] = state
    if state:
        _show(state, filters)


def _preview(files) -> dict | None:
    t = translator()
    too_big = [f.name for f in files if f.size > max_mb() * 1024 * 1024]
    if too_big:
        st.error(
            t(
                "File quá lớn (trên {mb} MB): {files}. Chia nhỏ file theo năm hoặc theo huyện.",
                mb=l10n.number(max_mb(), lang=lang()),
                files=", ".join(too_big),
            )
        )
        return None
    folder = Path(tempfile.mkdtemp(prefix="dvk-upload-"))
    paths = []
    for f in files:
        path = folder / safe_name(f.name)
        path.write_bytes(f.getvalue())
        paths.append(path)
    bar = st.progress(0.0, text=t("Đang đọc và kiểm tra…"))
    try:
        summary = api.preview(paths, db_path(), progress=_progress(bar, t("Xem trước")))
    except LoadError as exc:
        bar.empty()
        shutil.rmtree(folder, ignore_errors=True)
        st.error(str(exc))
        return None
    bar.empty()
    return {"dir": str(folder), "paths": [str(p) for p in paths], "summary": summary}


def _show(state: dict, filters) -> None:
    t = translator()
    s = state["summary"]
    with st.container(border=True):
        st.markdown("**" + t("Xem trước lần nạp") + "**")
        c = st.columns(5)
        c[0].metric(t("Dòng đọc được"), l10n.number(s.rows_read, lang=lang()))
        c[1].metric(t("Sẽ nạp"), l10n.number(s.rows_loaded, lang=lang()))
        c[2].metric(t("Bị loại"), l10n.number(s.rows_rejected, lang=lang()))
        c[3].metric(t("Trùng lặp (trong số bị loại)"), l10n.number(s.duplicates, lang=lang()))
        c[4].metric(t("Dòng cũ được thay"), l10n.number(s.rows_replaced, lang=lang()))
        parts = [t.n("{n} file mới", "{n} file mới", len(s.files_new))]
        if s.files_replaced:
            parts.append(t("thay bản cũ: ") + ", ".join(s.files_replaced))
        if s.files_unchanged:
            parts.append(t("không đổi (bỏ qua): ") + ", ".join(s.files_unchanged))
        st.caption(" · ".join(parts))
        for w in s.warnings:
            st.warning(w)
        rejects = s.rejects if s.rejects is not None else pd.DataFrame()
        if len(rejects):
            from dvk import records

            shown = records.display_rejects(rejects, lang())
            tables.show(shown, key="upload_rejects")
            downloads.table_downloads(
                shown, None, "rejects", filters, lang(), key="upload_rejects", extra=t("xem-truoc")
            )
        warned = s.cell_warnings if s.cell_warnings is not None else pd.DataFrame()
        if len(warned):
            from dvk import records

            st.caption(
                t.n(
                    "{n} ô sẽ được nạp kèm cảnh báo (vẫn được tính), theo giá trị:",
                    "{n} ô sẽ được nạp kèm cảnh báo (vẫn được tính), theo giá trị:",
                    len(warned),
                )
            )
            tables.show(records.display_warnings(s.warning_counts(top=50), lang()), key="upload_warnings")
        cycle = _cycle_inputs(s)
        nothing = not (s.files_new or s.files_replaced)
        go, cancel = st.columns(2)
        if go.button(t("Xác nhận nạp"), type="primary", disabled=nothing, key="upload_confirm"):
            _confirm(state, cycle)
        if cancel.button(t("Hủy"), key="upload_cancel"):
            _finish(state)
            st.rerun()


def _cycle_inputs(s) -> dict:
    """The reporting unit and period for the files the loader cannot attribute (etl.attribution), and the
    day the files came in: the load's unit/period/received (received only when changed from today, so a
    file's own "Ngày nhận" field stays in force)."""
    t = translator()
    unknown = sorted(name for name, (_u, _p, source) in s.attributions.items() if source == "unattributed")
    today = clock.today()
    cycle: dict = {}
    if unknown:
        st.warning(
            t.n(
                "Chưa rõ đơn vị hoặc kỳ báo cáo của {n} file: {files}. Chọn đơn vị và kỳ (áp dụng cho các file "
                "chưa rõ của lần nạp này; file của các đơn vị khác nhau thì nạp riêng).",
                "Chưa rõ đơn vị hoặc kỳ báo cáo của {n} file: {files}. Chọn đơn vị và kỳ (áp dụng cho các file "
                "chưa rõ của lần nạp này; file của các đơn vị khác nhau thì nạp riêng).",
                len(unknown),
                files=", ".join(unknown),
            )
        )
        try:
            periods = api.reporting_periods(today.year + 1)
            c1, c2 = st.columns(2)
            period = c1.selectbox(t("Kỳ báo cáo"), periods, index=None, key="upload_period", placeholder=t("Chọn kỳ"))
            units = dict(api.reporting_units(period))
            unit = c2.selectbox(
                t("Đơn vị báo cáo"),
                list(units),
                format_func=lambda c: f"{units[c]} ({c})",
                index=None,
                key="upload_unit",
                placeholder=t("Chọn đơn vị"),
            )
        except ValueError as exc:  # config/reporting.toml broken: the message names the line and the fix
            st.error(str(exc))
            period = unit = None
        cycle = {"unit": unit, "period": period}
    received = st.date_input(
        t("Ngày nhận"),
        value=today,
        max_value=today,
        format="DD/MM/YYYY",
        key="upload_received",
        help=t("Ngày file đến Ban (file gửi qua bưu điện, e-mail); để hôm nay nếu vừa nhận."),
    )
    if received and received != today:
        cycle["received"] = received
    return cycle


def _confirm(state: dict, cycle: dict | None = None) -> None:
    t = translator()
    bar = st.progress(0.0, text=t("Đang nạp…"))
    try:
        summary = api.load(
            [Path(p) for p in state["paths"]],
            db_path(),
            progress=_progress(bar, t("Nạp")),
            command="upload: " + ", ".join(Path(p).name for p in state["paths"]),
            **(cycle or {}),
        )
    except LoadError as exc:
        bar.empty()
        st.error(str(exc))
        return
    bar.progress(1.0)
    _finish(state)
    st.session_state["upload_done"] = t(
        "Đã nạp lần #{run}: {rows} dòng, {rejected} dòng bị loại. "
        "Mọi trang đang mở sẽ thấy số liệu mới ở lần tương tác tiếp theo.",
        run=summary.run_id,
        rows=l10n.number(summary.rows_loaded, lang=lang()),
        rejected=l10n.number(summary.rows_rejected, lang=lang()),
    )
    st.rerun()


def _finish(state: dict) -> None:
    """Forget the preview and its files, and empty the uploader."""
    _discard(state)
    st.session_state.pop(_STATE, None)
    st.session_state["upload_round"] = st.session_state.get("upload_round", 0) + 1


def done_message() -> None:
    """The result of the last confirmed load, once."""
    if msg := st.session_state.pop("upload_done", None):
        st.success(msg)

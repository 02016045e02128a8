"""The frame around every page: shared filters bound to the URL, language, data banner."""

from __future__ import annotations

import streamlit as st

from dvk.filters import LIST_KEYS, YEAR_MAX, YEAR_MIN, Filters, from_query
from dvk.labels import ENUMS, label
from dvk.ui import data
from dvk.ui.i18n import lang, tr  # noqa: F401  (pages use frame.lang and frame.tr)

WIDGETS = {"field": "field", "kind": "kind", "sector": "host_sector", "level": "level"}
TITLES = {
    "vi": {"years": "Giai đoạn (năm công nhận)", "field": "Lĩnh vực", "kind": "Loại", "sector": "Chủ thể",
           "level": "Cấp công nhận", "district": "Huyện", "all": "Tất cả", "filters": "Bộ lọc",
           "bad_url": "Đã bỏ qua giá trị không hợp lệ trên địa chỉ trang"},
    "en": {"years": "Period (year recognised)", "field": "Field", "kind": "Kind", "sector": "Host sector",
           "level": "Recognition level", "district": "District", "all": "All", "filters": "Filters",
           "bad_url": "Ignored invalid values in the page address"},
}


def _init_from_url() -> None:
    """On a session's first run, the URL decides the widgets' values."""
    if st.session_state.get("_frame_ready"):
        return
    qp = st.query_params.to_dict()
    f, notes = from_query(qp)
    st.session_state["lang"] = "en" if qp.get("lang") == "en" else "vi"
    st.session_state["f_years"] = (f.year_from, f.year_to)
    for key, (attr, _) in LIST_KEYS.items():
        st.session_state[f"f_{key}"] = list(getattr(f, attr))
    st.session_state["_url_notes"] = notes
    st.session_state["_frame_ready"] = True


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar, keep the URL in step, and return the choice."""
    _init_from_url()
    version = data.warehouse_version()
    names = data.district_names(version) if version else {}
    with st.sidebar:
        st.segmented_control("Ngôn ngữ / Language", ["vi", "en"], key="lang",
                             format_func=lambda v: "Tiếng Việt" if v == "vi" else "English")
        t = TITLES[lang()]
        st.subheader(t["filters"])
        st.slider(t["years"], YEAR_MIN, YEAR_MAX, key="f_years")
        for key, enum in WIDGETS.items():
            st.multiselect(t[key], [o.code for o in ENUMS[enum]], key=f"f_{key}", placeholder=t["all"],
                           format_func=lambda c, e=enum: label(e, c, lang()))
        st.multiselect(t["district"], list(names), key="f_districts", placeholder=t["all"],
                       format_func=lambda c: names.get(c, c))
        if st.session_state.get("_url_notes"):
            st.caption(f"{t['bad_url']}: {', '.join(st.session_state['_url_notes'])}")
    y0, y1 = st.session_state["f_years"]
    f = Filters(year_from=y0, year_to=y1, **{LIST_KEYS[k][0]: tuple(st.session_state[f"f_{k}"]) for k in LIST_KEYS})
    _write_url(f)
    st.session_state["filters"] = f
    return f


def _write_url(f: Filters) -> None:
    """Mirror the filters (and language) into the query string, leaving page-specific keys alone."""
    wanted = f.to_query() | ({"lang": "en"} if lang() == "en" else {})
    for key in ("from", "to", "lang", *LIST_KEYS):
        if key in wanted:
            if st.query_params.get(key) != wanted[key]:
                st.query_params[key] = wanted[key]
        elif key in st.query_params:
            del st.query_params[key]


def current() -> Filters:
    """The filters chosen in the frame for this run."""
    return st.session_state.get("filters", Filters())

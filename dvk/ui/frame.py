"""The frame around every page: shared filters bound to the URL, language, data banner."""

from __future__ import annotations

import streamlit as st

from dvk import communes, periods
from dvk.filters import LIST_KEYS, UNIT_KEY, UNITS, Filters, all_chosen, filter_label, from_query, unit_label
from dvk.labels import codes, label, md
from dvk.ui import auth, data
from dvk.ui.i18n import lang, translator

WIDGETS = {"field": "field", "kind": "kind", "sector": "host_sector", "level": "level"}


URL_KEYS = ("from", "to", "lang", UNIT_KEY, *LIST_KEYS)  # the frame's part of the query string


def _url_state() -> dict[str, str]:
    """The frame's keys as they are in the page address now."""
    return {k: v for k, v in st.query_params.to_dict().items() if k in URL_KEYS}


def link_query(f: Filters) -> dict[str, str]:
    """The frame's keys for these filters and the current language (for links and st.switch_page);
    the period is left out when it is the default view."""
    return f.to_query(st.session_state.get("_default_years")) | ({"lang": "en"} if lang() == "en" else {})


def _set_widgets(f: Filters, language: str) -> None:
    """Put the filters and the language into the widgets' state (before the widgets are drawn)."""
    st.session_state["lang"] = language
    st.session_state["f_years"] = (f.year_from, f.year_to)
    st.session_state["f_unit"] = f.unit
    for key, (attr, _) in LIST_KEYS.items():
        st.session_state[f"f_{key}"] = list(getattr(f, attr))


def init_from_url(years: tuple[int, int], default: tuple[int, int], commune_codes=None) -> None:
    """The URL decides the widgets' values on a session's first run, and again whenever the address
    changed under us (back/forward, a pasted link) rather than by our own last write. `years` is the
    range the data allows and `default` the period shown when the address names none; `commune_codes`
    the 2025 communes a `communes=` value may name."""
    here = _url_state()
    if st.session_state.get("_frame_ready") and here == st.session_state.get("_url_written"):
        if "f_years" not in st.session_state:  # st.switch_page drops widget state: restore the last choice
            _set_widgets(current(), lang())
        lo, hi = years  # a load may have changed the years present: keep the choice inside them
        y0, y1 = st.session_state["f_years"]
        inside = (min(max(y0, lo), hi), min(max(y1, lo), hi))
        if inside != (y0, y1):
            st.session_state["f_years"] = inside
        return
    language = "en" if here.get("lang") == "en" else "vi"
    f, notes = from_query(here, years, default, language, communes=tuple(commune_codes or ()))
    _set_widgets(f, language)
    st.session_state["_url_notes"] = notes
    st.session_state["_url_written"] = here
    st.session_state["_frame_ready"] = True


def sidebar() -> Filters:
    """Draw the shared filters in the sidebar (under a slot for the page links), keep the URL in
    step, and return the choice. Called before st.navigation: widgets drawn there keep their
    state across pages."""
    version = data.warehouse_version()
    cov = data.coverage(version) if version else periods.Coverage()
    years, default = cov.years(), cov.default_period()
    st.session_state["_default_years"] = default
    commune_df = data.commune_list(version) if version else communes.commune_list_empty()
    init_from_url(years, default, commune_df["code"].tolist())
    auth.gate()  # signed in with a role (or local mode), else the page stops here
    names = data.district_names(version) if version else {}
    with st.sidebar:
        st.session_state["_links_slot"] = st.container()
        st.segmented_control(
            "Ngôn ngữ / Language",
            ["vi", "en"],
            key="lang",
            format_func=lambda v: "Tiếng Việt" if v == "vi" else "English",
        )
        t = translator()
        st.radio(
            filter_label("unit", lang()),
            UNITS,
            key="f_unit",
            horizontal=True,
            format_func=lambda u: unit_label(u, lang()),
        )
        st.subheader(t("Bộ lọc"))
        if years[0] < years[1]:  # the years the data holds (a slider needs two)
            st.slider(filter_label("period", lang()), years[0], years[1], key="f_years")
        else:
            st.session_state["f_years"] = years
            st.caption(filter_label("period", lang()) + ": " + t("Kho chỉ có số liệu năm {y}.", y=years[0]))
        for key, enum in WIDGETS.items():
            st.multiselect(
                filter_label(key, lang()),
                codes(enum),  # the unclassified code too: rows the loader could not classify stay findable
                key=f"f_{key}",
                placeholder=all_chosen(lang()),
                format_func=lambda c, e=enum: label(e, c, lang()),
            )
        st.multiselect(
            filter_label("districts", lang()),
            list(names),
            key="f_districts",
            placeholder=all_chosen(lang()),
            format_func=lambda c: names.get(c, c),
        )
        _commune_filter(commune_df)
        # The maps are HTML in Markdown: asking for the HTML-enabled renderer here, early in every page,
        # has the browser fetch it while the page runs instead of after the map arrives.
        st.markdown('<div hidden aria-hidden="true"></div>', unsafe_allow_html=True)
        if st.session_state.get("_url_notes"):
            st.caption(
                t("Đã bỏ qua giá trị không hợp lệ trên địa chỉ trang")
                + ": "
                + md(", ".join(st.session_state["_url_notes"]))
            )
    y0, y1 = st.session_state["f_years"]
    f = Filters(
        year_from=y0,
        year_to=y1,
        unit=st.session_state.get("f_unit") or "district",
        **{LIST_KEYS[k][0]: tuple(st.session_state[f"f_{k}"]) for k in LIST_KEYS},
    )
    _write_url(f)
    auth.sidebar_note()
    st.session_state["filters"] = f
    return f


def _commune_filter(df) -> None:
    """The commune filter: a search box whose folded text narrows the options (the multiselect's own
    search matches its labels literally, so "hac thanh" would not find Hạc Thành), then the options
    in the list's order (by former district), each labelled with its former district. The chosen
    communes always stay among the options."""
    t = translator()
    q = st.text_input(
        t("Tìm xã, phường (gõ không dấu được)"),
        key="f_commune_q",
        placeholder=t("ví dụ: hac thanh"),
    )
    chosen = [c for c in st.session_state.get("f_communes", []) if c in set(df["code"])]
    found = set(communes.search(df, q)) | set(chosen)
    options = [c for c in df["code"] if c in found]
    shown = communes.labels(df, lang())
    st.multiselect(
        filter_label("communes", lang()),
        options,
        key="f_communes",
        placeholder=all_chosen(lang()),
        format_func=lambda c: shown.get(c, c),
    )


def unit() -> str:
    """The unit the pages count by this run: 'district' (default) or 'commune' (dvk.filters.UNITS)."""
    return current().unit


def nav_links(pages: list) -> None:
    """Links to the pages at the top of the sidebar that carry the filters, so that a page change
    is one history step and back/forward restore it (called after st.navigation)."""
    slot = st.session_state.pop("_links_slot")
    for page in pages:
        slot.page_link(page, query_params=link_query(current()))
    slot.divider()


def _write_url(f: Filters) -> None:
    """Mirror the filters (and language) into the query string in one step (one history entry),
    leaving page-specific keys alone."""
    wanted = link_query(f)
    if _url_state() != wanted:
        st.query_params.from_dict({k: v for k, v in st.query_params.to_dict().items() if k not in URL_KEYS} | wanted)
    st.session_state["_url_written"] = wanted


def current() -> Filters:
    """The filters chosen in the frame for this run."""
    return st.session_state.get("filters", Filters())

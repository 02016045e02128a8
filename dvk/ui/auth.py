"""Sign-in and roles on the server side: every restricted page and action asks here, nowhere else.

With an `[auth]` section in .streamlit/secrets.toml the app signs people in (OIDC, `st.login`) and
maps them to roles with dvk.roles; without it the app runs in local mode for the one person at
this machine (bound to localhost by `make run`), who may do everything.
"""

from __future__ import annotations

import streamlit as st

from dvk import roles
from dvk.i18n import Translator
from dvk.labels import md
from dvk.ui.i18n import translator


def role_name(t: Translator, r: str) -> str:
    """A role in words."""
    return {"viewer": t("Người xem"), "analyst": t("Chuyên viên"), "admin": t("Quản trị")}[r]


def mode() -> str:
    """'oidc' when sign-in is configured, else 'local'."""
    try:
        return "oidc" if "auth" in st.secrets else "local"
    except FileNotFoundError:  # no secrets file at all
        return "local"


@st.cache_resource(max_entries=4)
def _config(path: str, stamp: float | None) -> roles.RoleConfig:
    return roles.load(path)


def _role_config() -> roles.RoleConfig:
    """The role file, read again when it changes."""
    path = roles.config_path()
    return _config(str(path), path.stat().st_mtime if path.exists() else None)


def role() -> str | None:
    """The current person's role (local mode: admin; signed out or unlisted: None)."""
    if mode() == "local":
        return "admin"
    if not st.user.get("is_logged_in"):
        return None
    groups = st.user.get("groups") or []
    if isinstance(groups, str):
        groups = [groups]
    return roles.role_for(_role_config(), st.user.get("email"), groups)


def allowed(action: str) -> bool:
    """Whether the current person may do this action (the role file's [grants] apply when signed in)."""
    return roles.allows(role(), action, None if mode() == "local" else _role_config())


def require(action: str) -> None:
    """Stop the page here, with the reason, unless the current person may do this action."""
    if not allowed(action):
        need = _role_config().grants.get(action) or roles.ACTIONS.get(action, "admin")  # local mode allows all
        t = translator()
        st.error(
            t("Phần này dành cho vai trò {role} trở lên.", role=role_name(t, need)),
            icon=":material/lock:",
        )
        st.stop()


def gate() -> None:
    """In the frame: sign-in when configured (stops the page until signed in with a role), and who is here."""
    if mode() == "local":
        return
    t = translator()
    if not st.user.get("is_logged_in"):
        st.title(t("Đăng nhập"))
        st.write(t("Bảng điều khiển Dân vận khéo chỉ dành cho người được cấp quyền."))
        st.button(t("Đăng nhập"), on_click=st.login, type="primary", key="login")
        st.stop()
    r = role()
    who = md(st.user.get("email") or st.user.get("name") or "?")
    if r is None:
        st.error(t("Tài khoản {who} chưa được cấp quyền xem. Liên hệ quản trị.", who=who))
        st.button(t("Đăng xuất"), on_click=st.logout, key="logout_denied")
        st.stop()


def sidebar_note() -> None:
    """Who is here, at the foot of the sidebar: the signed-in person and role, or local mode."""
    t = translator()
    if mode() == "local":
        st.sidebar.caption(t("Chế độ cục bộ: không đăng nhập, mọi quyền — chỉ chạy trên máy này (localhost)."))
        return
    who = md(st.user.get("email") or st.user.get("name") or "?")
    st.sidebar.caption(f"{who} · {role_name(t, role())}")
    st.sidebar.button(t("Đăng xuất"), on_click=st.logout, key="logout")

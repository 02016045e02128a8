"""Sign-in and roles on the server side: every restricted page and action asks here, nowhere else.

With an `[auth]` section in .streamlit/secrets.toml the app signs people in (OIDC, `st.login`) and
maps them to roles with dvk.roles; without it the app runs in local mode for the one person at
this machine (bound to localhost by `make run`), who may do everything.
"""

from __future__ import annotations

import streamlit as st

from dvk import roles
from dvk.labels import md
from dvk.ui.i18n import tr

ROLE_NAMES = {"viewer": ("Người xem", "Viewer"), "analyst": ("Chuyên viên", "Analyst"), "admin": ("Quản trị", "Admin")}


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
        st.error(
            tr(
                f"Phần này dành cho vai trò {ROLE_NAMES[need][0]} trở lên.",
                f"This part needs the {ROLE_NAMES[need][1]} role or higher.",
            ),
            icon=":material/lock:",
        )
        st.stop()


def gate() -> None:
    """In the frame: sign-in when configured (stops the page until signed in with a role), and who is here."""
    if mode() == "local":
        return
    if not st.user.get("is_logged_in"):
        st.title(tr("Đăng nhập", "Sign in"))
        st.write(
            tr(
                "Bảng điều khiển Dân vận khéo chỉ dành cho người được cấp quyền.",
                "The Dân vận khéo dashboard is for authorised people only.",
            )
        )
        st.button(tr("Đăng nhập", "Sign in"), on_click=st.login, type="primary", key="login")
        st.stop()
    r = role()
    who = md(st.user.get("email") or st.user.get("name") or "?")
    if r is None:
        st.error(
            tr(
                f"Tài khoản {who} chưa được cấp quyền xem. Liên hệ quản trị.",
                f"The account {who} has no access. Ask an administrator.",
            )
        )
        st.button(tr("Đăng xuất", "Sign out"), on_click=st.logout, key="logout_denied")
        st.stop()


def sidebar_note() -> None:
    """Who is here, at the foot of the sidebar: the signed-in person and role, or local mode."""
    if mode() == "local":
        st.sidebar.caption(
            tr(
                "Chế độ cục bộ: không đăng nhập, mọi quyền — chỉ chạy trên máy này (localhost).",
                "Local mode: no sign-in, every permission — for this machine only (localhost).",
            )
        )
        return
    who = md(st.user.get("email") or st.user.get("name") or "?")
    st.sidebar.caption(f"{who} · {tr(*ROLE_NAMES[role()])}")
    st.sidebar.button(tr("Đăng xuất", "Sign out"), on_click=st.logout, key="logout")

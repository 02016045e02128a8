"""Who may do what: roles from a config file mapping e-mails and groups, and the actions each role allows.

No Streamlit here; dvk/ui/auth.py asks these questions for the signed-in user.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROLES = ("viewer", "analyst", "admin")  # each role can do everything the ones before it can
# action → the least role allowed to do it
ACTIONS = {
    "dashboards": "viewer",
    "exports": "viewer",
    "rejects": "analyst",  # the Data page's rejected rows (raw cell values)
    "personal_names": "analyst",  # individuals' names, host units and descriptions (dvk.privacy); grantable to viewers
    "upload": "analyst",
    "status": "analyst",  # the reporting status page (who has reported for a period)
    "boundaries": "admin",  # importing official boundary files
}
DEFAULT_PATH = Path("config/roles.toml")


class RoleConfigError(ValueError):
    """The role file is unreadable or names an unknown role."""


@dataclass(frozen=True)
class RoleConfig:
    """E-mail → role, group → role, the role of a signed-in person listed nowhere (None: no access),
    and the actions the deployment gives to another least role than ACTIONS does (`[grants]`)."""

    users: dict[str, str] = field(default_factory=dict)
    groups: dict[str, str] = field(default_factory=dict)
    default: str | None = None
    grants: dict[str, str] = field(default_factory=dict)


def _check_role(role: str, where: str) -> str:
    if role not in ROLES:
        raise RoleConfigError(f"{where}: unknown role {role!r} (use one of {', '.join(ROLES)})")
    return role


def config_path() -> Path:
    """The role file: DVK_ROLES, else config/roles.toml."""
    return Path(os.environ.get("DVK_ROLES") or DEFAULT_PATH)


def load(path: Path | None = None) -> RoleConfig:
    """The role file; no file means nobody is listed and no default."""
    path = Path(path or config_path())
    if not path.exists():
        return RoleConfig()
    try:
        doc = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise RoleConfigError(f"{path}: not valid TOML ({exc})") from exc
    users, groups = {}, {}
    for role, members in (doc.get("roles") or {}).items():
        _check_role(role, str(path))
        for m in members:
            m = str(m).strip()
            if m.lower().startswith("group:"):
                groups[m[6:].strip().lower()] = _best(groups.get(m[6:].strip().lower()), role)
            else:
                users[m.lower()] = _best(users.get(m.lower()), role)
    default = doc.get("default_role")
    grants = {}
    for action, role in (doc.get("grants") or {}).items():
        if action not in ACTIONS:
            raise RoleConfigError(f"{path}: unknown action {action!r} in [grants] (use one of {', '.join(ACTIONS)})")
        grants[action] = _check_role(str(role), str(path))
    return RoleConfig(users, groups, _check_role(default, str(path)) if default else None, grants)


def _best(a: str | None, b: str | None) -> str | None:
    """The higher of two roles (None is below every role)."""
    ranked = [r for r in (a, b) if r]
    return max(ranked, key=ROLES.index) if ranked else None


def role_for(config: RoleConfig, email: str | None, groups: list[str] | tuple[str, ...] = ()) -> str | None:
    """The highest role given to this e-mail or any of its groups, else the default (None: no access)."""
    role = config.users.get((email or "").strip().lower())
    for g in groups or ():
        role = _best(role, config.groups.get(str(g).strip().lower()))
    return role or (config.default if email else None)


def allows(role: str | None, action: str, config: RoleConfig | None = None) -> bool:
    """Whether a role may do an action (unknown actions are refused); the role file's `[grants]`
    may give an action to another least role (e.g. personal_names = "viewer")."""
    need = (config.grants if config else {}).get(action) or ACTIONS.get(action)
    return bool(role) and need is not None and ROLES.index(role) >= ROLES.index(need)

"""Roles: the config file, the role of a person, and the server-side checks on restricted pages."""

import pytest

from dvk import roles
from tests.conftest import ALL_YEARS, page_app

CONFIG = """
default_role = "viewer"

[roles]
admin = ["QuanTri@thanhhoa.gov.vn"]
analyst = ["group:chuyen-vien", "cv1@thanhhoa.gov.vn"]
viewer = ["cv1@thanhhoa.gov.vn"]
"""
AUTH = {
    "redirect_uri": "http://localhost:8501/oauth2callback",
    "cookie_secret": "x" * 32,
    "client_id": "id",
    "client_secret": "secret",
    "server_metadata_url": "https://idp.example/.well-known/openid-configuration",
}


@pytest.fixture()
def role_file(tmp_path, monkeypatch):
    path = tmp_path / "roles.toml"
    path.write_text(CONFIG, encoding="utf-8")
    monkeypatch.setenv("DVK_ROLES", str(path))
    return path


def test_roles_from_emails_groups_and_default(role_file):
    cfg = roles.load()
    assert roles.role_for(cfg, "quantri@THANHHOA.gov.vn") == "admin"  # e-mails compared without case
    assert roles.role_for(cfg, "cv1@thanhhoa.gov.vn") == "analyst"  # listed twice: the higher role
    assert roles.role_for(cfg, "x@thanhhoa.gov.vn", ["Chuyen-Vien"]) == "analyst"
    assert roles.role_for(cfg, "x@thanhhoa.gov.vn") == "viewer"  # the default for a signed-in person
    assert roles.role_for(cfg, None) is None
    assert roles.role_for(roles.RoleConfig(), "x@y.vn") is None  # no file: nobody gets in


def test_what_each_role_allows():
    assert [roles.allows(r, "exports") for r in roles.ROLES] == [True, True, True]
    assert [roles.allows(r, "rejects") for r in roles.ROLES] == [False, True, True]
    assert [roles.allows(r, "upload") for r in roles.ROLES] == [False, True, True]
    assert [roles.allows(r, "boundaries") for r in roles.ROLES] == [False, False, True]
    assert not roles.allows(None, "dashboards") and not roles.allows("admin", "no-such-action")


def test_bad_role_file_is_refused(tmp_path):
    bad = tmp_path / "roles.toml"
    bad.write_text('[roles]\nboss = ["a@b.vn"]\n', encoding="utf-8")
    with pytest.raises(roles.RoleConfigError, match="unknown role 'boss'"):
        roles.load(bad)
    bad.write_text("[roles\n", encoding="utf-8")
    with pytest.raises(roles.RoleConfigError, match="not valid TOML"):
        roles.load(bad)


def _app(fixture_db, monkeypatch, page, user):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app(page)
    app.query_params.update(ALL_YEARS)  # every record of the fixture, not the default year
    app.secrets["auth"] = AUTH
    app.user = user
    return app


def test_signed_out_sees_only_the_sign_in(fixture_db, monkeypatch, role_file):
    app = _app(fixture_db, monkeypatch, "overview.py", {"is_logged_in": False})
    app.run()
    assert not app.exception
    assert [t.value for t in app.title] == ["Đăng nhập"] and not app.metric and not app.dataframe


def test_unlisted_person_without_default_is_refused(fixture_db, monkeypatch, tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[roles]\nadmin = ["a@b.vn"]\n', encoding="utf-8")
    monkeypatch.setenv("DVK_ROLES", str(path))
    app = _app(fixture_db, monkeypatch, "overview.py", {"is_logged_in": True, "email": "x@y.vn"})
    app.run()
    assert any("chưa được cấp quyền" in e.value for e in app.error) and not app.metric


def test_viewer_gets_no_rejects_and_no_personal_names(fixture_db, monkeypatch, role_file, fixture_con):
    app = _app(fixture_db, monkeypatch, "data.py", {"is_logged_in": True, "email": "x@thanhhoa.gov.vn"})
    app.run()
    assert not app.exception
    assert any("Chuyên viên" in e.value for e in app.error)
    assert len(app.dataframe) == 2  # loads and boundaries, no rejects table sent
    app = _app(fixture_db, monkeypatch, "records.py", {"is_logged_in": True, "email": "x@thanhhoa.gov.vn"})
    app.run()
    names = set(app.dataframe[0].value["Tên mô hình, điển hình"])
    individuals = {
        n for (n,) in fixture_con.execute("SELECT name FROM models WHERE kind = 'dien_hinh_ca_nhan'").fetchall()
    }
    assert individuals and not (names & individuals)
    assert "(ẩn tên cá nhân)" in names


def test_analyst_sees_rejects_and_names(fixture_db, monkeypatch, role_file, fixture_con):
    app = _app(fixture_db, monkeypatch, "data.py", {"is_logged_in": True, "email": "y@x.vn", "groups": ["chuyen-vien"]})
    app.run()
    assert not app.exception and not app.error
    assert "Nạp ranh giới chính thức" not in [h.value for h in app.subheader]  # admins only
    assert len(app.dataframe[2].value) == fixture_con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    app = _app(fixture_db, monkeypatch, "records.py", {"is_logged_in": True, "email": "cv1@thanhhoa.gov.vn"})
    app.run()
    names = set(app.dataframe[0].value["Tên mô hình, điển hình"])
    assert names & {
        n for (n,) in fixture_con.execute("SELECT name FROM models WHERE kind = 'dien_hinh_ca_nhan'").fetchall()
    }


def test_local_mode_says_so(fixture_db, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(fixture_db))
    app = page_app("data.py")
    app.run()
    assert any("Chế độ cục bộ" in c.value for c in app.sidebar.caption)
    # local mode: every permission (loads, boundaries, rejects, warnings, placement in the 2025 communes)
    assert len(app.dataframe) == 5
    assert "Nạp ranh giới chính thức" in [h.value for h in app.subheader]
    assert "Dân số các xã, phường mới" in [h.value for h in app.subheader]  # the population upload (admins)

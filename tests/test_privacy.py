"""One privacy rule: individuals' names, and the host unit and description of an individual's record,
reach only the roles allowed to see them — on every page, in every download and in the report.

The personal values come from SQL on the people warehouse (tests/fixtures/people adds individuals
named in their host unit and description, an individual's commendation, and a collective commended
for an individual's example); a viewer's pages and files must hold none of them, an analyst's must.
"""

from __future__ import annotations

import pandas as pd
import pytest

from dvk import privacy, report, roles
from dvk.labels import md
from tests.sweep import Downloads, file_text, page_texts, run_page
from tests.test_roles import AUTH  # the same sign-in settings

COLLECTIVE = "('mo_hinh_tap_the', 'dien_hinh_tap_the')"
ROLES = """
default_role = "viewer"

[roles]
analyst = ["cv@thanhhoa.gov.vn"]
"""
VIEWER = {"is_logged_in": True, "email": "lanhdao@thanhhoa.gov.vn"}
ANALYST = {"is_logged_in": True, "email": "cv@thanhhoa.gov.vn"}
ALL_YEARS = {"from": "2016", "to": "2026"}
# The placeholder a reader without the right sees instead of a name (dvk.privacy), as written in each language.
WITHHELD = {"vi": "(ẩn tên cá nhân)", "en": "(name withheld)"}
INDIVIDUALS = f"SELECT model_id FROM models WHERE kind NOT IN {COLLECTIVE} ORDER BY year_recognized DESC, CASE level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END, households_benefited DESC NULLS LAST, name COLLATE vi, model_id"

# page → the views that could show personal data (a record in detail: one view per individual's record)
VIEWS = {
    "overview.py": [ALL_YEARS],
    "map.py": [ALL_YEARS],
    "trends.py": [ALL_YEARS],
    "rankings.py": [ALL_YEARS, {**ALL_YEARS, "_state": {"rank_result": "funds_million_vnd"}}],
    "profile.py": [{**ALL_YEARS, "district": "395"}, {**ALL_YEARS, "district": "399"}],
    "records.py": [ALL_YEARS]
    + [{**ALL_YEARS, "_state": {"rec_detail": f"sql:{INDIVIDUALS} OFFSET {i} LIMIT 1"}} for i in range(3)],
    "data.py": [{}],
}
# where an analyst must see names (pages that list records)
NAMED = {"overview.py", "rankings.py", "profile.py", "records.py"}


def personal_values(con) -> set[str]:
    """Every value the rule withholds, read with SQL."""
    rows = con.execute(
        f"""SELECT name FROM models WHERE kind NOT IN {COLLECTIVE}
        UNION SELECT host_unit FROM models WHERE kind NOT IN {COLLECTIVE}
        UNION SELECT description FROM models WHERE kind NOT IN {COLLECTIVE}
        UNION SELECT recipient_name FROM commendations WHERE recipient_kind <> 'tap_the'
        UNION SELECT model_name FROM commendations WHERE recipient_kind <> 'tap_the'
        UNION SELECT c.model_name FROM commendations c LEFT JOIN models m ON m.model_id = c.model_id
              WHERE m.kind IS NULL OR m.kind NOT IN {COLLECTIVE}"""
    ).fetchall()
    return {v for (v,) in rows if v}


@pytest.fixture()
def signed_in(people_db, tmp_path, monkeypatch):
    monkeypatch.setenv("DVK_DB", str(people_db))
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    monkeypatch.setenv("DVK_ROLES", str(path))
    return path


def _everything(page, variant, lang, con, user, monkeypatch) -> tuple[str, str]:
    """(all the page's text, all its downloads' text) for one signed-in person."""
    downloads = Downloads(monkeypatch)
    at = run_page(page, variant, lang, con, user=user, secrets=AUTH)
    assert not at.exception, at.exception[0].message if at.exception else ""
    screen = "\n".join(text for _, text in page_texts(at))
    # A PNG is a picture of the chart whose SVG and HTML are read here; charts show districts, not people.
    files = "\n".join(file_text(f) for f in downloads.fetch(at) if not f.name.endswith(".png"))
    return screen, files


def _found(values: set[str], text: str) -> set[str]:
    return {v for v in values if v in text or md(v) in text}  # markdown shows names escaped


CASES = [(page, i, lang) for page, views in VIEWS.items() for i in range(len(views)) for lang in ("vi", "en")]


@pytest.mark.parametrize(("page", "i", "lang"), CASES, ids=[f"{p[:-3]}-{i}-{lang}" for p, i, lang in CASES])
def test_a_viewer_sees_no_individual(signed_in, people_con, monkeypatch, page, i, lang):
    secret = personal_values(people_con)
    assert len(secret) >= 8  # names, host units, descriptions, recipients, models given for individuals
    screen, files = _everything(page, VIEWS[page][i], lang, people_con, VIEWER, monkeypatch)
    assert _found(secret, screen) == set(), "on screen"
    assert _found(secret, files) == set(), "in a download"
    if page in NAMED:  # every view of these lists an individual: a placeholder stands in, not an empty cell
        assert WITHHELD[lang] in screen


@pytest.mark.parametrize("page", sorted(NAMED))
def test_an_analyst_sees_the_names(signed_in, people_con, monkeypatch, page):
    secret = personal_values(people_con)
    seen_screen, seen_files = set(), set()
    for variant in VIEWS[page]:
        screen, files = _everything(page, variant, "vi", people_con, ANALYST, monkeypatch)
        assert WITHHELD["vi"] not in screen + files
        seen_screen |= _found(secret, screen)
        seen_files |= _found(secret, files)
    example = "Ông T.V.K. – người có uy tín bản Lược"  # an individual example in 2024 with the most households
    assert example in seen_screen and example in seen_files
    if page == "records.py":  # the record in detail: host unit and description, which name the person
        host, description = people_con.execute(
            "SELECT host_unit, description FROM models WHERE name = ?", [example]
        ).fetchone()
        assert {host, description} <= seen_screen
    if page == "profile.py":  # the collective commended for an individual's example, and the individual recipient
        assert {"Bà L.T.M. – hội viên phụ nữ tiêu biểu", "Ông T.V.K., người có uy tín bản Lược"} <= seen_screen


def test_a_viewer_cannot_find_an_individual_by_name(signed_in, people_con, monkeypatch):
    at = run_page("records.py", {**ALL_YEARS, "_state": {"rec_q": "T.V.K"}}, "vi", people_con, VIEWER, AUTH)
    assert not at.exception and any("Không có mô hình nào" in i.value for i in at.info)
    at = run_page("records.py", {**ALL_YEARS, "_state": {"rec_q": "T.V.K"}}, "vi", people_con, ANALYST, AUTH)
    n = people_con.execute("SELECT count(*) FROM models WHERE search_text LIKE '%t.v.k%'").fetchone()[0]
    assert n == 1 and any(c.value == f"Hiển thị 1–{n} trong {n} mô hình" for c in at.caption)


def test_a_deployment_can_grant_viewers_the_names(signed_in, people_con, monkeypatch):
    signed_in.write_text(ROLES + '\n[grants]\npersonal_names = "viewer"\n', encoding="utf-8")
    screen, files = _everything("rankings.py", ALL_YEARS, "vi", people_con, VIEWER, monkeypatch)
    assert "Ông T.V.K. – người có uy tín bản Lược" in screen and "Ông T.V.K. – người có uy tín bản Lược" in files
    cfg = roles.load(signed_in)
    assert roles.allows("viewer", "personal_names", cfg) and not roles.allows("viewer", "rejects", cfg)
    assert not roles.allows("viewer", "personal_names")  # without the grant: analysts and admins only


def test_grants_name_known_actions_and_roles(tmp_path):
    bad = tmp_path / "roles.toml"
    bad.write_text('[grants]\nsee_everything = "viewer"\n', encoding="utf-8")
    with pytest.raises(roles.RoleConfigError, match="unknown action 'see_everything'"):
        roles.load(bad)
    bad.write_text('[grants]\npersonal_names = "guest"\n', encoding="utf-8")
    with pytest.raises(roles.RoleConfigError, match="unknown role 'guest'"):
        roles.load(bad)


def test_the_rule_on_every_kind():
    """Individual, unclassified (issue 11's 'chua_phan_loai') and missing kinds are personal; collectives are not."""
    models = pd.DataFrame(
        {
            "kind": ["mo_hinh_tap_the", "dien_hinh_tap_the", "dien_hinh_ca_nhan", "chua_phan_loai", None],
            "name": ["A", "B", "Ông X", "Bà Y", "Z"],
            "host_unit": ["U", None, "Ông X", "Thôn 1", None],
            "description": [None, "d", "", "Bà Y làm", None],
        }
    )
    out = privacy.protect(models, "en").astype(object)
    out = out.where(out.notna(), None)
    assert out["name"].tolist() == ["A", "B"] + ["(name withheld)"] * 3
    assert out["host_unit"].tolist() == [
        "U",
        None,
        "(withheld: may name a person)",
        "(withheld: may name a person)",
        None,
    ]
    assert out["description"].tolist()[2:] == ["", "(withheld: may name a person)", None]  # nothing to hide stays empty
    assert privacy.protect(models, "en", allowed=True).equals(models)
    awards = pd.DataFrame(
        {
            "recipient_kind": ["tap_the", "tap_the", "tap_the", "ca_nhan", "chua_phan_loai"],
            "recipient_name": ["Chi hội", "Tổ", "Hội", "Ông X", "Bà Y"],
            "model_name": ["Mô hình", "Ông X – điển hình", "Tên ghi tay", None, "M"],
            "model_kind": ["mo_hinh_tap_the", "dien_hinh_ca_nhan", None, None, "mo_hinh_tap_the"],
        }
    )
    out = privacy.protect(awards, "vi").astype(object)
    out = out.where(out.notna(), None)
    assert out["recipient_name"].tolist() == ["Chi hội", "Tổ", "Hội", "(ẩn tên cá nhân)", "(ẩn tên cá nhân)"]
    assert out["model_name"].tolist() == ["Mô hình", "(ẩn tên cá nhân)", "(ẩn tên cá nhân)", None, "(ẩn tên cá nhân)"]
    district_names = pd.DataFrame({"name": ["Hoằng Hóa"], "value": [3]})  # no kind: not a record of a person
    assert privacy.protect(district_names, "vi").equals(district_names)


def test_the_command_line_report_runs_as_the_local_admin(people_db, tmp_path):
    out = tmp_path / "bao-cao.docx"
    assert (
        report.main(["--from", "2024", "--to", "2024", "--db", str(people_db), "--out", str(out), "--no-images"]) == 0
    )
    from tests.sweep import docx_text

    text = docx_text(out.read_bytes())
    assert "Ông T.V.K. – người có uy tín bản Lược" in text and "Ông T.V.K., người có uy tín bản Lược" in text

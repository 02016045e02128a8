"""Architecture rules that keep the code base as the README describes it."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_sql_file_is_used_by_name():
    code = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "dvk").rglob("*.py"))
    for f in (ROOT / "dvk" / "sql").glob("*.sql"):
        assert re.search(rf"[\"']{f.stem}[\"']", code), f"{f.name} is not used"


def test_pages_hold_no_sql_and_core_holds_no_streamlit():
    for page in (ROOT / "pages").rglob("*.py"):
        assert not re.search(r"\bSELECT\b", page.read_text(encoding="utf-8")), page.name
    for module in (ROOT / "dvk").rglob("*.py"):
        if "ui" in module.relative_to(ROOT / "dvk").parts:
            continue
        assert "import streamlit" not in module.read_text(encoding="utf-8"), module.name
    for module in (ROOT / "etl").rglob("*.py"):
        assert "dvk.ui" not in module.read_text(encoding="utf-8"), module.name


def test_the_project_never_reads_the_shared_folder():
    for f in (
        list((ROOT / "etl").rglob("*.py"))
        + list((ROOT / "dvk").rglob("*.py"))
        + list((ROOT / "pages").rglob("*.py"))
        + [ROOT / "app.py"]
    ):
        assert "/".join(("shared", "reference")) not in f.read_text(encoding="utf-8"), f.name


def test_pages_read_the_warehouse_only_through_the_data_layer():
    """The privacy rule is applied in dvk/ui/data*.py: a page that read the warehouse itself, or called
    a core reader directly, would skip it. Tables are drawn only by dvk.ui.tables (no None on screen)."""
    readers = (
        r"\bcon\(\)|\bduckdb\b|\bqueries\.|\brecords\.(page|detail|commendations|rejects)\(|\bbuild_report\("
        r"|\bprofile\.(top_models|commendations)\(|\boverview\.newest_examples\(|\btrends\.top_examples\("
    )
    for page in (ROOT / "pages").rglob("*.py"):
        assert not re.search(readers, page.read_text(encoding="utf-8")), page.name
    for module in [*(ROOT / "pages").rglob("*.py"), *(ROOT / "dvk" / "ui").rglob("*.py"), ROOT / "app.py"]:
        if module.name != "tables.py":
            assert "st.dataframe(" not in module.read_text(encoding="utf-8"), module.name

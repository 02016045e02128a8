"""Shared fixtures: a warehouse built by the real loader from the committed fixture submissions."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from etl.load import load

FIXTURES = Path(__file__).parent / "fixtures"
ROOT = Path(__file__).resolve().parent.parent


def page_app(name: str) -> AppTest:
    """The frame and one page in one script, as the app runs them (AppTest.switch_page skips the frame)."""
    script = f"""
import runpy, sys
sys.path.insert(0, {str(ROOT)!r})
from dvk.ui import frame
frame.sidebar()
runpy.run_path({str(ROOT / "pages" / "views" / name)!r}, run_name="__main__")
"""
    return AppTest.from_string(script, default_timeout=60)


def quiet(_msg: str) -> None:
    """Progress sink for tests."""


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A warehouse loaded from tests/fixtures/submissions (read it, never write it)."""
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    load([FIXTURES / "submissions"], db, progress=quiet)
    return db


@pytest.fixture()
def fixture_con(fixture_db):
    """A read-only connection to the fixture warehouse."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    yield con
    con.close()

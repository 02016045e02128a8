"""Shared fixtures: a warehouse built by the real loader from the committed fixture submissions."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dvk import clock
from etl.load import load

FIXTURES = Path(__file__).parent / "fixtures"
# The fixture warehouse is loaded on this day (province time), so that how far its data goes
# (meta data_through: 30 Nov 2026, 2026 a partial year) does not depend on the day the tests run.
LOADED_ON = dt.datetime(2026, 11, 30, 12, 0)
ROOT = Path(__file__).resolve().parent.parent
# The address of a view over every year the fixture holds (pages open on the latest complete year).
ALL_YEARS = {"from": "2019", "to": "2026"}


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
    with clock.pinned(LOADED_ON):
        load([FIXTURES / "submissions"], db, progress=quiet)
    return db


@pytest.fixture()
def fixture_con(fixture_db):
    """A read-only connection to the fixture warehouse."""
    con = duckdb.connect(str(fixture_db), read_only=True)
    yield con
    con.close()

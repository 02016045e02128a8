"""Shared fixtures: a warehouse built by the real loader from the committed fixture submissions."""

from __future__ import annotations

import os

# A message missing from a catalogue raises instead of showing its Vietnamese text (dvk.i18n).
os.environ.setdefault("DVK_I18N_STRICT", "1")

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit import dataframe_util
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


def on_screen(table) -> pd.DataFrame:
    """An AppTest dataframe as the reader sees it: every cell as drawn (the Styler's display values;
    a missing value as the placeholder), where `.value` holds the numbers behind them."""
    proto = table.proto
    data = table.value
    if proto.arrow_data.styler.display_values:
        shown = dataframe_util.convert_arrow_bytes_to_pandas_df(proto.arrow_data.styler.display_values)
        shown.columns, shown.index = data.columns, data.index
    else:
        shown = data.astype(object).where(data.notna(), None).map(lambda v: v if v is None else str(v))
    return shown.where(data.notna(), proto.placeholder if proto.HasField("placeholder") else "None")


def quiet(_msg: str) -> None:
    """Progress sink for tests."""


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory) -> Path:
    """A warehouse loaded from tests/fixtures/submissions (read it, never write it)."""
    db = tmp_path_factory.mktemp("wh") / "warehouse.duckdb"
    with clock.pinned(LOADED_ON):
        load([FIXTURES / "submissions"], db, progress=quiet)
    return db


def _read_only(db: Path):
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


@pytest.fixture()
def fixture_con(fixture_db):
    """A read-only connection to the fixture warehouse."""
    yield from _read_only(fixture_db)


@pytest.fixture(scope="session")
def people_db(tmp_path_factory) -> Path:
    """The fixture warehouse plus tests/fixtures/people (individuals named in their host unit and
    description; a collective commended for an individual's example), for the privacy tests."""
    db = tmp_path_factory.mktemp("people") / "warehouse.duckdb"
    with clock.pinned(LOADED_ON):  # the same day as the fixture warehouse: the same years and default view
        load([FIXTURES / "submissions", FIXTURES / "people"], db, progress=quiet)
    return db


@pytest.fixture()
def people_con(people_db):
    """A read-only connection to the people warehouse."""
    yield from _read_only(people_db)

"""The ETL's seams: a submission passes gate → reader → text repair → header recognition, each once and in
that order; no import cycle inside etl; the Data page reaches the ETL only through etl.api."""

from __future__ import annotations

import itertools

import grimp
import pytest

from etl import guard, headers, readers, submission
from etl.errors import LoadError
from tests.conftest import FIXTURES

SUB = FIXTURES / "submissions"


@pytest.fixture
def stages(monkeypatch):
    """The stages etl.submission calls, recorded in the order they run."""
    seen: list[str] = []

    def spy(owner, attr: str, label: str) -> None:
        real = getattr(owner, attr)

        def wrapper(*args, **kwargs):
            seen.append(label)
            return real(*args, **kwargs)

        monkeypatch.setattr(owner, attr, wrapper)

    spy(guard, "admit", "gate")
    spy(readers, "read_grids", "reader")
    spy(submission, "fix_tcvn3_grid", "repair")
    spy(headers, "recognise", "headers")
    return seen


def test_a_submission_goes_gate_reader_repair_headers(stages):
    sheets, _ = submission.read_submission(SUB / "2021_387_quan-son.csv")
    assert [s.kind for s in sheets] == ["models"]
    assert stages == ["gate", "reader", "repair", "headers"]


def test_a_workbook_passes_each_stage_in_order(stages):
    sheets, _ = submission.read_submission(SUB / "2023_399_hoang-hoa.xlsx")
    assert sorted(s.kind for s in sheets) == ["commendations", "models"]
    # One gate and one read for the file, then repair and recognition per template-named sheet.
    assert stages == ["gate", "reader", "repair", "headers", "repair", "headers"]


def test_the_gate_refuses_before_any_reader_opens_the_file(stages):
    with pytest.raises(LoadError, match=r"renamed_pdf\.xlsx.*PDF"):
        submission.read_submission(FIXTURES / "bad" / "renamed_pdf.xlsx")
    assert stages == ["gate"]


def test_the_gate_says_which_reader(tmp_path):
    assert guard.admit(SUB / "2023_399_hoang-hoa.xlsx") == "xlsx"
    assert guard.admit(SUB / "2021_387_quan-son.csv") == "csv"
    odt = tmp_path / "bao-cao.ods"
    odt.write_bytes(b"PK\x03\x04 not read")
    with pytest.raises(LoadError, match=r"bao-cao\.ods: file LibreOffice \(\.ods\) không được nhận"):
        guard.admit(odt)


@pytest.fixture(scope="module")
def graph():
    return grimp.build_graph("etl", "dvk")


def test_no_import_cycle_inside_etl(graph):
    modules = sorted(m for m in graph.modules if m.startswith("etl"))
    assert {"etl.errors", "etl.guard", "etl.readers", "etl.headers", "etl.warehouse", "etl.api"} <= set(modules)
    cycles = [
        (a, b) for a, b in itertools.combinations(modules, 2) if graph.chain_exists(a, b) and graph.chain_exists(b, a)
    ]
    assert cycles == []
    assert graph.find_modules_directly_imported_by("etl.errors") == set()
    assert not graph.chain_exists("etl.guard", "etl.readers")


def test_the_data_page_uses_only_the_public_etl_interface(graph):
    for page in ("dvk.ui.upload", "dvk.ui.boundary_upload"):
        used = {m for m in graph.find_modules_directly_imported_by(page) if m.split(".")[0] == "etl"}
        assert used == {"etl.api"}, page


def test_boundaries_and_load_change_the_warehouse_through_its_module(graph):
    for user in ("etl.load", "etl.boundaries"):
        assert "etl.warehouse" in graph.find_modules_directly_imported_by(user)
    assert "etl.load" not in graph.find_modules_directly_imported_by("etl.boundaries")


def test_the_raster_partition_knows_no_places(graph):
    # etl.raster is generic: no reference data, no package; etl.geometry builds the province's layers on it.
    assert {
        m for m in graph.find_modules_directly_imported_by("etl.raster") if m.split(".")[0] in ("etl", "dvk")
    } == set()
    assert "etl.raster" in graph.find_modules_directly_imported_by("etl.geometry")

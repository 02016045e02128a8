"""Architecture rules that keep the code base as the README describes it.

The import rules are import-linter contracts (pyproject.toml [tool.importlinter], run by `lint-imports`
in `make lint` and `make test`): etl never imports dvk.ui; only dvk.ui and the pages import Streamlit;
only dvk.ui imports etl; pages import no database, query runner, ETL, plotly or pandas; no cycles.
This file checks, on the parsed code, what import-linter cannot express.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import re
import sys
import tokenize
from functools import cache
from pathlib import Path

import grimp

from dvk import queries

ROOT = Path(__file__).resolve().parent.parent
PAGES = sorted((ROOT / "pages").rglob("*.py"))
APP = ROOT / "app.py"
# Where the project's own code lives (tests and benchmarks are not callers of the app's queries).
PROJECT = sorted([*(ROOT / "dvk").rglob("*.py"), *(ROOT / "etl").rglob("*.py"), *PAGES, APP])


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


@cache
def _bindings(path: Path) -> dict[str, str]:
    """Local name → the qualified name it stands for: every import in the file (also inside
    functions) and the module's own top-level functions and classes."""
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    names = {}
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            for a in node.names:
                names[a.asname or a.name.split(".")[0]] = a.name if a.asname else a.name.split(".")[0]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*up, *([base] if base else [])])
            for a in node.names:
                names[a.asname or a.name] = f"{base}.{a.name}"
    for node in _tree(path).body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.setdefault(node.name, f"{module}.{node.name}")
    return names


def _qualified(node: ast.AST, names: dict[str, str]) -> str | None:
    """'dvk.queries.run' for `queries.run` after `from dvk import queries`; None for what no import names."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        base = _qualified(node.value, names)
        return f"{base}.{node.attr}" if base else None
    return None


def _references(path: Path) -> list[tuple[str, int]]:
    """Every qualified name the file imports or uses (`a.b.c` gives a, a.b and a.b.c), with its line."""
    names, out = _bindings(path), []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Attribute | ast.Name) and (q := _qualified(node, names)) is not None:
            out.append((q, node.lineno))
        elif isinstance(node, ast.Import | ast.ImportFrom):
            out += [(names[a.asname or a.name.split(".")[0]], node.lineno) for a in node.names]
    return out


# --- every .sql file is loaded by name -----------------------------------------------------------

# The functions that read dvk/sql/<name>.sql, and the parameter that takes <name>.
LOADERS = {"dvk.queries.run": "name", "dvk.queries.sql": "name"}


def _sql_names_loaded() -> dict[str, list[str]]:
    """Each constant file name passed to a loader anywhere in the project → where."""
    positions = {
        q: list(inspect.signature(getattr(queries, q.rpartition(".")[2])).parameters).index(p)
        for q, p in LOADERS.items()
    }
    loaded: dict[str, list[str]] = {}
    for path in PROJECT:
        names = _bindings(path)
        for node in ast.walk(_tree(path)):
            if not isinstance(node, ast.Call) or (q := _qualified(node.func, names)) not in LOADERS:
                continue
            given = node.args[positions[q]] if len(node.args) > positions[q] else None
            given = next((k.value for k in node.keywords if k.arg == LOADERS[q]), given)
            if isinstance(given, ast.Constant) and isinstance(given.value, str):
                loaded.setdefault(given.value, []).append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return loaded


def test_every_sql_file_is_loaded_by_name_and_every_name_has_a_file():
    assert queries.SQL_DIR == ROOT / "dvk" / "sql"
    files = {f.stem for f in queries.SQL_DIR.glob("*.sql")}
    loaded = _sql_names_loaded()
    assert len(files) >= 30 and "district_totals" in loaded and "meta" in loaded  # the check sees the real calls
    callers = {w.split(":")[0] for where in loaded.values() for w in where}
    bare = {str(p.relative_to(ROOT)) for p in PROJECT if _bindings(p).get("run") == "dvk.queries.run"}
    assert "dvk/queries.py" in callers and bare and bare <= callers  # `from dvk.queries import run` counts too
    assert sorted(files - set(loaded)) == [], "not loaded by queries.run/queries.sql with their name"
    assert sorted(set(loaded) - files) == [], "loaded by a name that has no dvk/sql file"


# --- pages: no SQL, only dvk / Streamlit / the standard library, no reader of the warehouse --------

_SQL = re.compile(
    # The project writes SQL keywords in capitals: any of them in a page's text is SQL.
    r"\b(SELECT|INSERT\s+INTO|UPDATE\s+\w+\s+SET|DELETE\s+FROM|CREATE|DROP|ALTER\s+TABLE|ATTACH|COPY|PRAGMA"
    r"|WITH\s+\w+\s+AS|GROUP\s+BY|ORDER\s+BY)\b"
    # Statements in lower case too, but only shapes an English label never takes.
    r"|(?i:\bselect\s+(\*|distinct\b|count\s*\(|sum\s*\(|avg\s*\(|min\s*\(|max\s*\()"
    r"|\bselect\b[^.;]*?\bfrom\s+[\w.\"]+\s+(where|group\s+by|order\s+by|join|limit)\b"
    r"|\binsert\s+into\b|\bdelete\s+from\s+\w|\bupdate\s+\w+\s+set\s+\w+\s*="
    r"|\bcreate\s+(or\s+replace\s+)?(temp\w*\s+)?(table|view|macro|index)\b|\bdrop\s+(table|view|macro)\b)"
)


def _texts(path: Path) -> list[tuple[str, int]]:
    """The file's string constants (docstrings and the fixed parts of f-strings too) and its comments."""
    out = [
        (n.value, n.lineno)
        for n in ast.walk(_tree(path))
        if isinstance(n, ast.Constant) and isinstance(n.value, str | bytes)
    ]
    with path.open("rb") as f:
        out += [(t.string, t.start[0]) for t in tokenize.tokenize(f.readline) if t.type == tokenize.COMMENT]
    return [(s.decode("utf-8", "replace") if isinstance(s, bytes) else s, line) for s, line in out]


def test_the_sql_rule_tells_statements_from_labels():
    for sql in ("SELECT 1", "x FROM t GROUP BY d", "select count(*) from models", "select a from t where b = 1"):
        assert _SQL.search(sql), sql
    for sql in ("insert into t values (1)", "delete from t", "create or replace table t as", "update t set a = 1"):
        assert _SQL.search(sql), sql
    for label in (
        "Select a district",
        "Chọn huyện",
        "Models selected from 2020 to 2024",
        "Select the year from the list",
    ):
        assert not _SQL.search(label), label


def test_pages_hold_no_sql():
    assert len(PAGES) >= 7
    for path in [*PAGES, APP]:
        for text, line in _texts(path):
            assert not _SQL.search(text), f"{path.relative_to(ROOT)}:{line}: SQL belongs in dvk/sql: {text[:80]!r}"


def test_pages_import_only_dvk_streamlit_and_the_standard_library():
    """An allow-list (import-linter's `pages` contract names what is forbidden; this says what is allowed),
    for app.py too, which is not in the import graph."""
    for path in [*PAGES, APP]:
        where = path.relative_to(ROOT)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.ImportFrom):
                assert node.level == 0, f"{where}:{node.lineno}: a relative import"
                modules = [node.module]
            elif isinstance(node, ast.Import):
                modules = [a.name for a in node.names]
            elif isinstance(node, ast.Call) and _qualified(node.func, _bindings(path)) in (
                "importlib.import_module",
                "importlib.__import__",
                "runpy.run_module",
            ):
                raise AssertionError(f"{where}:{node.lineno}: imports by name")
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "__import__":
                raise AssertionError(f"{where}:{node.lineno}: imports by name")
            else:
                continue
            for m in modules:
                top = m.split(".")[0]
                assert top in ("dvk", "streamlit") or top in sys.stdlib_module_names, f"{where}:{node.lineno}: {m}"
                assert m not in ("dvk.db", "dvk.queries"), f"{where}:{node.lineno}: {m}"


def _core_readers(qualified: str) -> bool:
    """Is this a dvk core function that reads the warehouse (takes a connection first, as every reader does)?"""
    module, _, attr = qualified.rpartition(".")
    if not module.startswith("dvk.") or module.startswith("dvk.ui"):
        return False
    try:
        obj = getattr(importlib.import_module(module), attr)
    except (ImportError, AttributeError):
        return False
    if not callable(obj) or inspect.isclass(obj):
        return False
    params = list(inspect.signature(obj).parameters)  # through functools wrappers (cache) too
    return bool(params) and params[0] == "con"


def test_pages_read_the_warehouse_only_through_the_data_layer():
    """The privacy rule is applied in dvk/ui/data*.py: a page that read the warehouse itself, or called
    a core reader directly, would skip it. Tables are drawn only by dvk.ui.tables (no None on screen)."""
    # The readers the rule was first written for are caught by it (so it is not weaker than a list of them).
    for name in (
        "dvk.records.page",
        "dvk.records.detail",
        "dvk.records.commendations",
        "dvk.records.rejects",
        "dvk.report.build_report",
        "dvk.profile.top_models",
        "dvk.profile.commendations",
        "dvk.overview.newest_examples",
        "dvk.trends.top_examples",
        "dvk.queries.run",
    ):
        assert _core_readers(name), name
    assert not _core_readers("dvk.l10n.number") and not _core_readers("dvk.ui.data.con")
    for path in [*PAGES, APP]:
        where = path.relative_to(ROOT)
        for q, line in _references(path):
            assert q.split(".")[0] != "duckdb" and not q.startswith("dvk.queries"), f"{where}:{line}: {q}"
            assert q != "dvk.ui.data.con", f"{where}:{line}: a page holds no connection"
            assert not _core_readers(q), f"{where}:{line}: {q} reads the warehouse; call it through dvk.ui.data*"
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call):
                f = node.func
                assert not (isinstance(f, ast.Name) and f.id == "con") and not (
                    isinstance(f, ast.Attribute) and f.attr == "con"
                ), f"{where}:{node.lineno}: a page holds no connection"
    for path in [*PAGES, *(ROOT / "dvk" / "ui").rglob("*.py"), APP]:
        if path.name == "tables.py":
            continue
        names = _bindings(path)
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Call):
                f = node.func
                drawn = (isinstance(f, ast.Attribute) and f.attr == "dataframe") or _qualified(
                    f, names
                ) == "streamlit.dataframe"
                assert not drawn, f"{path.relative_to(ROOT)}:{node.lineno}: draw tables with dvk.ui.tables"


# --- no import cycle anywhere ---------------------------------------------------------------------


def _cycles(graph: grimp.ImportGraph) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.find_modules_directly_imported_by(v)):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for m in sorted(graph.modules):
        if m not in index:
            visit(m)
    return sorted(found)


def test_the_cycle_finder_finds_cycles():
    g = grimp.ImportGraph()
    for a, b in [("p.a", "p.b"), ("p.b", "q.c"), ("q.c", "p.a"), ("q.c", "q.d"), ("q.d", "q.e"), ("q.e", "q.d")]:
        g.add_import(importer=a, imported=b)
    g.add_module("p.lonely")
    assert _cycles(g) == [["p.a", "p.b", "q.c"], ["q.d", "q.e"]]


def test_no_import_cycle_anywhere():
    """Across packages too (import-linter's acyclic_siblings looks inside each package)."""
    sys.path.insert(0, str(ROOT))  # pages/views is read as a namespace portion from the project root
    try:
        graph = grimp.build_graph("dvk", "etl", "pages.views", cache_dir=None)
    finally:
        sys.path.remove(str(ROOT))
    assert {"dvk.ui.frame", "etl.load", "pages.views.map"} <= graph.modules
    assert _cycles(graph) == []


# --- the shared folder -----------------------------------------------------------------------------


def test_the_project_never_reads_the_shared_folder():
    for f in (
        list((ROOT / "etl").rglob("*.py"))
        + list((ROOT / "dvk").rglob("*.py"))
        + list((ROOT / "pages").rglob("*.py"))
        + [ROOT / "app.py"]
    ):
        assert "/".join(("shared", "reference")) not in f.read_text(encoding="utf-8"), f.name

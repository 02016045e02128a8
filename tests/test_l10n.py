"""Numbers, percents and dates as each language writes them (dvk.l10n), against hand-worked text."""

import datetime as dt

import pytest

from dvk import l10n


@pytest.mark.parametrize(
    "x, decimals, lang, shown",
    [
        (1234.5, 1, "vi", "1.234,5"),
        (1234.5, 1, "en", "1,234.5"),
        (1234.5, 0, "vi", "1.234"),  # half to even, as Python's own format: 1234.5 → 1234
        (1235.5, 0, "en", "1,236"),
        (-0.4, 0, "vi", "0"),  # Babel alone writes '-0'
        (-0.4, 0, "en", "0"),
        (-0.04, 1, "vi", "0,0"),
        (-0.4, 1, "vi", "-0,4"),
        (-1234.56, 1, "en", "-1,234.6"),
        (1.2, None, "vi", "1,2"),
        (1200.0, None, "vi", "1.200"),
        (0.125, None, "en", "0.125"),
        (1 / 3, None, "vi", "0,333333"),  # at most six decimals
        (-0.0000001, None, "en", "0"),
        (11_114_700_000, 0, "vi", "11.114.700.000"),
        (999_999.99, 2, "en", "999,999.99"),
    ],
)
def test_number(x, decimals, lang, shown):
    assert l10n.number(x, decimals, lang) == shown


def test_plain_integers_and_signs():
    assert l10n.number(2023, 0, "vi", grouped=False) == "2023"
    assert l10n.signed(12, 0, "vi") == "+12"
    assert l10n.signed(-3.5, 1, "vi") == "-3,5"
    assert l10n.signed(-0.4, 0, "en") == "0"  # rounds to zero: neither sign
    assert l10n.signed(0, 0, "vi") == "0"


def test_percent():
    assert l10n.percent(12.5, 1, "vi") == "12,5%"
    assert l10n.percent(12.5, 1, "en") == "12.5%"
    assert l10n.percent(100 / 3, 1, "vi") == "33,3%"
    assert l10n.percent(100, 0, "en") == "100%"
    assert l10n.percent(1234.5, 1, "vi") == "1.234,5%"
    assert l10n.percent(-2.25, 1, "en", sign=True) == "-2.2%"
    assert l10n.percent(7, 1, "vi", sign=True) == "+7,0%"
    assert l10n.percent(-0.01, 1, "vi", sign=True) == "0,0%"


def test_dates():
    day = dt.date(2026, 11, 30)
    assert l10n.date(day, "vi") == "30/11/2026"
    assert l10n.date(day, "en") == "30/11/2026"  # tables and files: the same in both languages
    assert l10n.date(dt.date(2026, 1, 2), "en", "prose") == "2 Jan 2026"
    assert l10n.date(day, "vi", style="prose") == "30/11/2026"
    when = dt.datetime(2026, 1, 2, 8, 5)
    assert l10n.datetime(when, "vi") == "02/01/2026 08:05"
    assert l10n.datetime(when, "en", "prose") == "2 Jan 2026 08:05"
    assert l10n.date(day, "en", "stamp") == "2026-11-30" and l10n.date(day, "vi", "stamp") == "30/11/2026"
    assert l10n.datetime(when, "en", "stamp") == "2026-01-02 08:05"
    assert [l10n.month_abbr(m, "en") for m in (1, 5, 9, 12)] == ["Jan", "May", "Sep", "Dec"]


def test_separators_for_charts_and_excel():
    assert l10n.plotly_separators("vi") == ",."
    assert l10n.plotly_separators("en") == ".,"
    assert (l10n.decimal_symbol("vi"), l10n.group_symbol("vi")) == (",", ".")
    assert l10n.plotly_format(1) == ",.1f" and l10n.plotly_format(0) == ",.0f"
    assert l10n.plotly_format(1, sign=True) == "+,.1f"
    assert l10n.excel_format(0) == "#,##0"
    assert l10n.excel_format(2) == "#,##0.00"
    assert l10n.excel_format(0, grouped=False) == "0"
    assert (l10n.EXCEL_DATE, l10n.EXCEL_DATETIME) == ("dd/mm/yyyy", "dd/mm/yyyy hh:mm")


def test_unknown_language():
    with pytest.raises(ValueError):
        l10n.number(1, 0, "fr")

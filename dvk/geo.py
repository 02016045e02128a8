"""Which boundaries a period is drawn on (the 2025 communes for any period: history is placed in them), and the GeoJSON sent to the browser."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import shapely

from dvk.i18n import translator

GEOJSON_DECIMALS = 5  # about 1 m: more is wasted bytes on a province map
COMMUNE_VINTAGE = "2025-07"


def district_vintage(year_to: int) -> str:
    """'2024' (27 units, Đông Sơn on its own) when the whole period is ≤ 2024, else '2025' (26 units)."""
    return "2024" if year_to <= 2024 else "2025"


def to_geojson(frame: pd.DataFrame) -> dict:
    """FeatureCollection of boundary rows (code as feature id), coordinates rounded."""
    geoms = shapely.from_wkb([bytes(w) for w in frame["geom_wkb"]])
    geoms = shapely.transform(geoms, lambda xy: np.round(xy, GEOJSON_DECIMALS))
    feats = [
        {"type": "Feature", "id": code, "properties": {"code": code, "name": name}, "geometry": json.loads(g)}
        for code, name, g in zip(frame["code"], frame["name"], shapely.to_geojson(geoms), strict=True)
    ]
    return {"type": "FeatureCollection", "features": feats}


def source_words(sources: list[str], lang: str = "vi") -> str:
    """Boundary sources in words: 'approximate' says how the shapes were made, files are named."""
    t = translator(lang)
    approximate = t("ranh giới gần đúng (tính từ dữ liệu gói vietnamadminunits)")
    return ", ".join(approximate if s == "approximate" else s for s in sorted(set(sources)))


def describe_source(frame: pd.DataFrame, lang: str = "vi") -> str:
    """'approximate boundaries' or the official file(s) the shapes of a boundaries frame come from."""
    return source_words(list(frame["source"]), lang)

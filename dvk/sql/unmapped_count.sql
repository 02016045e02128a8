-- Records in the period that a commune-level map cannot place (no 2025 commune named).
SELECT coalesce(sum(n), 0) AS n FROM agg_models
WHERE year BETWEEN $year_from AND $year_to AND commune_code IS NULL

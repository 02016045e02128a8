-- Models and examples per district (2025 boundaries) and year, for the overview table.
SELECT d.short_name AS district, a.year, sum(a.n) AS n
FROM agg_models a
JOIN districts f ON f.code = a.district_code
JOIN districts d ON d.code = on_boundaries(true, f.code, f.merged_into)
GROUP BY ALL

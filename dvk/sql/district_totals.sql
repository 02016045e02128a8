-- Models and examples per district for a year range, on the boundaries of the period's vintage:
-- Đông Sơn (405) folds into TP Thanh Hóa (380) when $fold_dong_son (a period reaching 2025).
WITH agg AS (
    SELECT CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE a.district_code END AS code,
           sum(a.n) AS n,
           sum(a.n) FILTER (WHERE a.level IN ('tinh', 'trung_uong')) AS n_provincial,
           sum(a.funds_million_vnd) AS funds_million_vnd,
           sum(a.land_m2) AS land_m2,
           sum(a.workdays) AS workdays
    FROM agg_models a JOIN districts d ON d.code = a.district_code
    WHERE a.year BETWEEN $year_from AND $year_to
    GROUP BY ALL
)
SELECT d.code, d.short_name AS name, coalesce(agg.n, 0) AS n, coalesce(agg.n_provincial, 0) AS n_provincial,
       coalesce(agg.funds_million_vnd, 0) AS funds_million_vnd, coalesce(agg.land_m2, 0) AS land_m2,
       coalesce(agg.workdays, 0) AS workdays
FROM districts d LEFT JOIN agg USING (code)
WHERE NOT ($fold_dong_son AND d.merged_into IS NOT NULL)
ORDER BY d.code

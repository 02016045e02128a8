-- Models and examples per 2025 commune for the filters (only records that name a new commune).
WITH agg AS (
    SELECT commune_code, sum(n) AS n,
           sum(n) FILTER (WHERE level IN ('tinh', 'trung_uong')) AS n_provincial,
           sum(funds_million_vnd) AS funds_million_vnd, sum(land_m2) AS land_m2, sum(workdays) AS workdays
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code
)
SELECT c.code, c.name, coalesce(agg.n, 0) AS n, coalesce(agg.n_provincial, 0) AS n_provincial,
       coalesce(agg.funds_million_vnd, 0) AS funds_million_vnd, coalesce(agg.land_m2, 0) AS land_m2,
       coalesce(agg.workdays, 0) AS workdays
FROM communes c LEFT JOIN agg ON agg.commune_code = c.code
ORDER BY c.code

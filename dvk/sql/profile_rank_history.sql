-- One district's rank by models and examples in each year of the period, among the units of the
-- period's boundaries (1 = most; ties share the rank).
WITH per AS (
    SELECT code, year, sum(n) AS n
    FROM filtered_district_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, [], $communes, $fold_dong_son)
    GROUP BY ALL
), units AS (
    SELECT code FROM districts WHERE on_boundaries($fold_dong_son, code, merged_into) = code  -- a unit of the period
), grid AS (
    SELECT u.code, y.year, coalesce(per.n, 0) AS n
    FROM units u CROSS JOIN range($year_from, $year_to + 1) y(year)
    LEFT JOIN per ON per.code = u.code AND per.year = y.year
), ranked AS (
    SELECT code, year, n, rank() OVER (PARTITION BY year ORDER BY n DESC) AS rank, count(*) OVER (PARTITION BY year) AS units
    FROM grid
)
SELECT year::INTEGER AS year, n, rank::INTEGER AS rank, units::INTEGER AS units
FROM ranked
WHERE code = $district
ORDER BY year

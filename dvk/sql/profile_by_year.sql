-- One district's models and examples per year against the average district, for the filters.
WITH per AS (
    SELECT code, year, sum(n) AS n
    FROM filtered_district_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, [], $communes, $fold_dong_son)
    GROUP BY ALL
), units AS (
    SELECT count(*) AS k FROM districts WHERE on_boundaries($fold_dong_son, code, merged_into) = code  -- a unit of the period
)
SELECT y.year,
       coalesce((SELECT n FROM per WHERE per.code = $district AND per.year = y.year), 0) AS n,
       coalesce((SELECT sum(n) FROM per WHERE per.year = y.year), 0) / (SELECT k FROM units) AS province_avg
FROM range($year_from, $year_to + 1) y(year)
ORDER BY y.year

-- One 2025 commune's models and examples per year against the average commune (every record placed
-- in a 2025 commune that year, divided by the number of communes), for the filters. The caller
-- passes empty $districts and $communes: the profile's commune replaces the unit filters.
WITH per AS (
    SELECT commune_code, year, sum(n) AS n
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY ALL
)
SELECT y.year,
       coalesce((SELECT n FROM per WHERE per.commune_code = $commune AND per.year = y.year), 0) AS n,
       coalesce((SELECT sum(n) FROM per WHERE per.year = y.year), 0) / (SELECT count(*) FROM communes) AS province_avg
FROM range($year_from, $year_to + 1) y(year)
ORDER BY y.year

-- One 2025 commune's rank by models and examples in each year of the period among all the communes
-- (1 = most; ties share the best rank, as dvk.metrics.rank). The caller passes empty $districts and $communes.
WITH per AS (
    SELECT commune_code, year, sum(n) AS n
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY ALL
), grid AS (
    SELECT c.code, y.year, coalesce(per.n, 0) AS n
    FROM communes c CROSS JOIN range($year_from, $year_to + 1) y(year)
    LEFT JOIN per ON per.commune_code = c.code AND per.year = y.year
), ranked AS (
    SELECT code, year, n, rank() OVER (PARTITION BY year ORDER BY n DESC) AS rank, count(*) OVER (PARTITION BY year) AS units
    FROM grid
)
SELECT year::INTEGER AS year, n, rank::INTEGER AS rank, units::INTEGER AS units
FROM ranked
WHERE code = $commune
ORDER BY year

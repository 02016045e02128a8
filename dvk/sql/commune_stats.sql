-- Denominators per 2025 commune: the latest loaded population (commune_stats, with its year and
-- source; NULL when none is loaded, never invented) and the area from the package's 2025 list.
SELECT c.code, c.name, c.area_km2, c.source AS area_source,
       s.population, s.year AS population_year, s.source AS population_source
FROM communes c
LEFT JOIN (
    SELECT * FROM commune_stats QUALIFY row_number() OVER (PARTITION BY code ORDER BY year DESC) = 1
) s ON s.code = c.code
ORDER BY c.code

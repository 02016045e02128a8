-- The latest loaded population of each 2025 commune that has one (commune_stats, loaded from the
-- commission's CSV with its year and source; a commune without a row has no population, never an invented one).
SELECT code, population, year AS population_year, source AS population_source
FROM commune_stats
QUALIFY row_number() OVER (PARTITION BY code ORDER BY year DESC) = 1

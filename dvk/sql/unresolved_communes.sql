-- The commune names that could not be placed in a 2025 commune, with their counts: what an analyst
-- adds to [commune_aliases] in config/vocabulary.toml. Names are grouped as written (after cleaning).
SELECT r.district_code, d.short_name AS district, r.commune AS written, count(*) AS n,
       min(r.year) AS first_year, max(r.year) AS last_year
FROM (
    SELECT district_code, commune, year_recognized AS year FROM models WHERE commune_placement = 'unresolved'
    UNION ALL
    SELECT district_code, commune, year FROM commendations WHERE commune_placement = 'unresolved'
) r JOIN districts d ON d.code = r.district_code
GROUP BY ALL
ORDER BY n DESC, district, written
LIMIT $limit

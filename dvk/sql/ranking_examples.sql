-- The typical examples (collective and individual) with the largest value of one result, for the
-- filters; the district is on the period's boundaries.
-- $result is checked against the allow-list of dvk/trends.py.
WITH picked AS (
    SELECT m.model_id, m.name, m.kind, m.field, m.year_recognized AS year, m.level, m.code,
           CASE $result
               WHEN 'households_benefited' THEN m.households_benefited
               WHEN 'funds_million_vnd' THEN m.funds_million_vnd
               WHEN 'land_m2' THEN m.land_m2
               WHEN 'workdays' THEN m.workdays
           END::DOUBLE AS value
    FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son) m
    WHERE m.kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')
)
SELECT p.name, p.kind, p.field, p.year, p.level, p.code, x.short_name AS district, p.value
FROM picked p JOIN districts x ON x.code = p.code
WHERE p.value IS NOT NULL
ORDER BY p.value DESC, p.name, p.model_id
LIMIT 20

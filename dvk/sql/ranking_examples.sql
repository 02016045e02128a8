-- The typical examples (collective and individual) with the largest value of one result, for the
-- filters written on models' own columns; the district is on the period's boundaries.
-- $result is checked against the allow-list of dvk/trends.py.
WITH picked AS (
    SELECT m.model_id, m.name, m.kind, m.field, m.year_recognized AS year, m.level,
           CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE m.district_code END AS code,
           CASE $result
               WHEN 'households_benefited' THEN m.households_benefited
               WHEN 'funds_million_vnd' THEN m.funds_million_vnd
               WHEN 'land_m2' THEN m.land_m2
               WHEN 'workdays' THEN m.workdays
           END::DOUBLE AS value
    FROM models m JOIN districts d ON d.code = m.district_code
    WHERE m.kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')
      AND m.year_recognized BETWEEN $year_from AND $year_to
      AND (len($fields) = 0 OR list_contains($fields, m.field))
      AND (len($kinds) = 0 OR list_contains($kinds, m.kind))
      AND (len($host_sectors) = 0 OR list_contains($host_sectors, m.host_sector))
      AND (len($levels) = 0 OR list_contains($levels, m.level))
)
SELECT p.name, p.kind, p.field, p.year, p.level, p.code, x.short_name AS district, p.value
FROM picked p JOIN districts x ON x.code = p.code
WHERE p.value IS NOT NULL
  AND (len($districts) = 0 OR list_contains($districts, p.code))
ORDER BY p.value DESC, p.name, p.model_id
LIMIT 20

-- One district's models and examples with the most households benefiting, for the filters.
SELECT m.name, m.kind, m.field, m.year_recognized AS year, m.level, m.households_benefited, m.funds_million_vnd
FROM models m JOIN districts d ON d.code = m.district_code
WHERE m.year_recognized BETWEEN $year_from AND $year_to
  AND (CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE m.district_code END) = $district
  AND (len($fields) = 0 OR list_contains($fields, m.field))
  AND (len($kinds) = 0 OR list_contains($kinds, m.kind))
  AND (len($host_sectors) = 0 OR list_contains($host_sectors, m.host_sector))
  AND (len($levels) = 0 OR list_contains($levels, m.level))
ORDER BY m.households_benefited DESC NULLS LAST, m.name
LIMIT 10

-- One page of the models matching the shared filters and the folded search text $q.
-- {order_by} is replaced by an expression from the allow-list dvk.records.SORTS, never by user text.
SELECT m.model_id, m.year_recognized, m.name, m.kind, m.field, m.level, m.host_sector, m.host_unit,
       m.district_code, d.short_name AS district_name, m.commune,
       m.funds_million_vnd, m.land_m2, m.workdays, m.households_benefited
FROM models m JOIN districts d ON d.code = m.district_code
WHERE m.year_recognized BETWEEN $year_from AND $year_to
  AND (len($fields::VARCHAR[]) = 0 OR list_contains($fields::VARCHAR[], m.field))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], m.kind))
  AND (len($host_sectors::VARCHAR[]) = 0 OR list_contains($host_sectors::VARCHAR[], m.host_sector))
  AND (len($levels::VARCHAR[]) = 0 OR list_contains($levels::VARCHAR[], m.level))
  AND (len($districts::VARCHAR[]) = 0 OR list_contains($districts::VARCHAR[],
       CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE m.district_code END))
  AND ($q = '' OR m.search_text LIKE '%' || $q || '%' ESCAPE '\')
ORDER BY {order_by}, m.model_id
LIMIT $limit OFFSET $offset

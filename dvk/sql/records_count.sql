-- How many models (rows of `models`) match the shared filters and the folded search text $q.
SELECT count(*) AS n
FROM models m JOIN districts d ON d.code = m.district_code
WHERE m.year_recognized BETWEEN $year_from AND $year_to
  AND (len($fields::VARCHAR[]) = 0 OR list_contains($fields::VARCHAR[], m.field))
  AND (len($kinds::VARCHAR[]) = 0 OR list_contains($kinds::VARCHAR[], m.kind))
  AND (len($host_sectors::VARCHAR[]) = 0 OR list_contains($host_sectors::VARCHAR[], m.host_sector))
  AND (len($levels::VARCHAR[]) = 0 OR list_contains($levels::VARCHAR[], m.level))
  AND (len($districts::VARCHAR[]) = 0 OR list_contains($districts::VARCHAR[],
       CASE WHEN $fold_dong_son AND d.merged_into IS NOT NULL THEN d.merged_into ELSE m.district_code END))
  AND ($q = '' OR m.search_text LIKE '%' || $q || '%' ESCAPE '\')

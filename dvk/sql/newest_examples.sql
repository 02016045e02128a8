-- The most recently recognised typical examples for the filters: the latest year first, then the
-- highest recognition level; the district is on the period's boundaries.
SELECT m.model_id, m.name, m.kind, m.field, m.year_recognized AS year, m.level, x.short_name AS district,
       m.households_benefited
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son) m
JOIN districts x ON x.code = m.code
WHERE m.kind IN ('dien_hinh_tap_the', 'dien_hinh_ca_nhan')
ORDER BY m.year_recognized DESC,
         CASE m.level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END,
         m.households_benefited DESC NULLS LAST, m.name, m.model_id
LIMIT $limit

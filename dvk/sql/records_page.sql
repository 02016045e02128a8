-- One page of the models matching the shared filters and the folded search text $q.
-- {order_by} is replaced by an expression from the allow-list dvk.records.SORTS, never by user text.
SELECT m.model_id, m.year_recognized, m.name, m.kind, m.field, m.level, m.host_sector, m.host_unit,
       m.district_code, m.filed_district_name AS district_name, m.commune,
       m.funds_million_vnd, m.land_m2, m.workdays, m.households_benefited
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son) m
WHERE $q = '' OR m.search_text LIKE '%' || $q || '%' ESCAPE '\'
ORDER BY {order_by}, m.model_id
LIMIT $limit OFFSET $offset

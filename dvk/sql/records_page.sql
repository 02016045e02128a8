-- One page of the models matching the shared filters and the folded search text $q.
-- {order_by} is replaced by stored ranks from the allow-list dvk.records.SORTS, never by user text.
-- Without $people (dvk.privacy) a record of a kind not in $collective is searched by its commune only.
SELECT m.model_id, m.year_recognized, m.name, m.kind, m.field, m.level, m.host_sector, m.host_unit,
       m.district_code, d.short_name AS district_name, m.commune,
       m.funds_million_vnd, m.land_m2, m.workdays, m.households_benefited
FROM (
    SELECT * FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son) m
    WHERE $q = ''
       OR (CASE WHEN $people OR list_contains($collective, m.kind) THEN m.search_text
                ELSE fold(coalesce(m.commune, '')) END)
          LIKE '%' || $q || '%' ESCAPE '\'
    ORDER BY {order_by}
    LIMIT $limit OFFSET $offset
) m
JOIN districts d ON d.code = m.district_code
ORDER BY {order_by}

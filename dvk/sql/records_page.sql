-- One page of the models matching the shared filters and the folded search text $q.
-- {order_by} is replaced by an order of the allow-list dvk.records.SORTS (dvk.orders), never by user text.
-- Without $people (dvk.privacy) a record of a kind not in $collective is searched by its commune only
-- (as written, or the 2025 commune it is placed in, by name).
SELECT m.model_id, m.year_recognized, m.name, m.kind, m.field, m.level, m.host_sector, m.host_unit,
       m.district_code, d.short_name AS district_name, m.commune, c.short_name AS commune_2025_name,
       m.funds_million_vnd, m.land_m2, m.workdays, m.households_benefited
FROM (
    SELECT * FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son) m
    WHERE $q = ''
       OR (CASE WHEN $people OR list_contains($collective, m.kind) THEN m.search_text
                ELSE fold(coalesce(m.commune, '')) END)
          LIKE '%' || $q || '%' ESCAPE '\'
       OR m.commune_code IN (SELECT code FROM communes WHERE fold(name) LIKE '%' || $q || '%' ESCAPE '\')
    ORDER BY {order_by}
    LIMIT $limit OFFSET $offset
) m
JOIN districts d ON d.code = m.district_code
LEFT JOIN communes c ON c.code = m.commune_code
ORDER BY {order_by}

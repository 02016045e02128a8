-- The most recently recognised typical examples for the filters: the latest year first, then the
-- highest recognition level, the most households benefiting, the name (dvk.orders);
-- the district is on the period's boundaries.
SELECT m.model_id, m.name, m.kind, m.field, m.year_recognized AS year, m.level, x.short_name AS district,
       m.households_benefited
FROM (
    SELECT * FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE is_example(kind)
    ORDER BY {order:newest_models}
    LIMIT $limit
) m
JOIN districts x ON x.code = m.code
ORDER BY {order:newest_models:m}

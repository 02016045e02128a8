-- The periodic report's typical examples for the filters: the highest recognition level first, then
-- the most households benefiting; `total` counts every typical example matching the filters.
SELECT m.name, m.kind, m.field, m.year_recognized AS year, m.level, x.short_name AS district, m.host_unit,
       m.households_benefited, count(*) OVER () AS total
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son) m
JOIN districts x ON x.code = m.code
WHERE is_example(m.kind)
ORDER BY level_order(m.level),
         m.households_benefited DESC NULLS LAST, m.year_recognized DESC, m.name, m.model_id
LIMIT $limit

-- One district's models and examples with the most households benefiting, for the filters.
SELECT m.name, m.kind, m.field, m.year_recognized AS year, m.level, m.households_benefited, m.funds_million_vnd
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, [$district], $fold_dong_son) m
ORDER BY m.households_benefited DESC NULLS LAST, m.name
LIMIT 10

-- One district's (or one 2025 commune's: $districts empty, $communes its code) models and examples with the
-- most households benefiting, for the filters; ties by name; those without the figure last, newest first (dvk.orders).
SELECT m.name, m.kind, m.field, m.year_recognized AS year, m.level, m.households_benefited, m.funds_million_vnd
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son) m
ORDER BY {order:households:m}
LIMIT 10

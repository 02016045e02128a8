-- Every stored field of one model, with its district's name and where it was read from.
SELECT m.*, d.short_name AS district_name, c.name AS commune_2025_name
FROM models m
JOIN districts d ON d.code = m.district_code
LEFT JOIN communes c ON c.code = m.commune_code
WHERE m.model_id = $model_id

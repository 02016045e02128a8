-- The former wards and communes a 2025 commune was formed from (the crosswalk table of etl.crosswalk),
-- each with its former district; `split`: the former unit was shared between communes, `is_default`:
-- its records are placed here.
SELECT x.former_code AS code, x.former_short_name AS short_name, x.former_type AS type,
       x.former_district_code AS district_code, d.short_name AS district_name, d.type AS district_type,
       x.split, x.is_default
FROM crosswalk x LEFT JOIN districts d ON d.code = x.former_district_code
WHERE x.commune_code = $commune
ORDER BY x.former_district_code, x.former_short_name COLLATE vi, x.former_code

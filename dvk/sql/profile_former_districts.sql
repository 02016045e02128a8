-- The former districts a 2025 commune took its wards from (communes.former_district_codes), for the
-- profile's "formed from" when the warehouse has no crosswalk table.
SELECT d.code AS district_code, d.short_name AS district_name, d.type AS district_type
FROM (SELECT unnest(former_district_codes) AS code FROM communes WHERE code = $commune) f
JOIN districts d ON d.code = f.code
ORDER BY d.code

-- The 166 communes and wards of 1 Jul 2025 for pickers and sentences, with the former district each
-- took most of its wards from (its name and type, for "Hạc Thành (TP Thanh Hóa cũ)"); dvk.communes sorts them.
SELECT c.code, c.name, c.short_name, c.type, c.former_district_codes, c.main_district_code,
       c.district_code, d.short_name AS main_district_name, d.type AS main_district_type
FROM communes c
LEFT JOIN districts d ON d.code = c.main_district_code
ORDER BY c.code

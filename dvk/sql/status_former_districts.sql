-- Each 2025 commune's former district(s) (communes.former_district_codes, else its district_code), for the
-- status page's filter by former district.
SELECT code, coalesce(former_district_codes, [district_code]) AS districts
FROM communes

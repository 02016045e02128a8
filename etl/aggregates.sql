-- Pre-aggregated tables for the dashboard, rebuilt at the end of every load.
-- district_code is as filed; pages roll Đông Sơn (405) into 380 when a period reaches 2025.

CREATE OR REPLACE TABLE agg_models AS
SELECT district_code, commune_code, year_recognized AS year, kind, field, host_sector, level,
       count(*) AS n,
       sum(land_m2) AS land_m2,
       sum(workdays) AS workdays,
       sum(funds_million_vnd) AS funds_million_vnd,
       sum(roads_km) AS roads_km,
       sum(households_benefited) AS households_benefited
FROM models
GROUP BY ALL;

CREATE OR REPLACE TABLE agg_commendations AS
SELECT district_code, commune_code, year, recipient_kind, form, issuer, level, count(*) AS n
FROM commendations
GROUP BY ALL;

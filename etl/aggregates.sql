-- Pre-aggregated tables for the dashboard. The scalar macros it calls (on_boundaries, is_provincial…)
-- are created just before, from dvk.metrics.MACROS. district_code is as filed; pages roll Đông Sơn
-- (405) into 380 when a period reaches 2025.
--
-- A full rebuild creates every table from all the rows ({touched…} is TRUE); a load that adds or
-- replaces files recomputes only the cells it touched (etl.incremental.aggregates_sql: each table's
-- rows for those cells deleted, then this SELECT inserted with {touched…} narrowing it to them).
-- {touched:R:col} is "(district_code, col) is a touched cell of record R", {touched_years:col} "col
-- is a touched year": every table's keys include the district as filed and the year, or the year.

CREATE OR REPLACE TABLE agg_models AS
SELECT district_code, commune_code, year_recognized AS year, kind, field, host_sector, level,
       count(*) AS n,
       sum(land_m2) AS land_m2,
       sum(workdays) AS workdays,
       sum(funds_million_vnd) AS funds_million_vnd,
       sum(roads_km) AS roads_km,
       sum(households_benefited) AS households_benefited
FROM models
WHERE {touched:models:year_recognized}
GROUP BY ALL;

CREATE OR REPLACE TABLE agg_commendations AS
SELECT district_code, commune_code, year, recipient_kind, form, issuer, level, count(*) AS n
FROM commendations
WHERE {touched:commendations:year}
GROUP BY ALL;

-- The same per district, year, kind and level only (a few thousand rows at any volume): what the
-- district-level figures read when no field or host-sector filter is set (filtered_district_models).
CREATE OR REPLACE TABLE agg_district_models AS
SELECT district_code, year, kind, level,
       sum(n) AS n, sum(land_m2) AS land_m2, sum(workdays) AS workdays, sum(funds_million_vnd) AS funds_million_vnd,
       sum(roads_km) AS roads_km, sum(households_benefited) AS households_benefited
FROM agg_models
WHERE {touched:models:year}
GROUP BY ALL
ORDER BY year, district_code, kind, level;

CREATE OR REPLACE TABLE agg_district_commendations AS
SELECT district_code, year, level, sum(n) AS n
FROM agg_commendations
WHERE {touched:commendations:year}
GROUP BY ALL
ORDER BY year, district_code, level;

-- The shared filters of the dashboard, written once: rows of agg_models for a period and the
-- chosen fields/kinds/sectors/levels/districts (an empty list means all). `code` is the district
-- on the period's boundaries: Đông Sơn (405) folds into 380 when fold_dong_son.
CREATE OR REPLACE MACRO filtered_models(year_from, year_to, fields, kinds, host_sectors, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, a.district_code, d.merged_into) AS code, a.*
FROM agg_models a JOIN districts d ON d.code = a.district_code
WHERE a.year BETWEEN year_from AND year_to
  AND (len(fields) = 0 OR list_contains(fields, a.field))
  AND (len(kinds) = 0 OR list_contains(kinds, a.kind))
  AND (len(host_sectors) = 0 OR list_contains(host_sectors, a.host_sector))
  AND (len(levels) = 0 OR list_contains(levels, a.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, a.district_code, d.merged_into)))
  AND (len(communes) = 0 OR list_contains(communes, a.commune_code));

-- filtered_models reduced to code, year, kind, level and the measures, read from the small
-- agg_district_models when the filters allow it (no field, host-sector or commune filter: the usual view)
-- and from agg_models otherwise. The branch that does not apply is dropped when the query is planned.
CREATE OR REPLACE MACRO filtered_district_models(year_from, year_to, fields, kinds, host_sectors, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, a.district_code, d.merged_into) AS code,
       a.year, a.kind, a.level, a.n, a.land_m2, a.workdays, a.funds_million_vnd, a.roads_km, a.households_benefited
FROM agg_district_models a JOIN districts d ON d.code = a.district_code
WHERE len(fields) = 0 AND len(host_sectors) = 0 AND len(communes) = 0
  AND a.year BETWEEN year_from AND year_to
  AND (len(kinds) = 0 OR list_contains(kinds, a.kind))
  AND (len(levels) = 0 OR list_contains(levels, a.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, a.district_code, d.merged_into)))
UNION ALL
SELECT code, year, kind, level, n, land_m2, workdays, funds_million_vnd, roads_km, households_benefited
FROM filtered_models(year_from, year_to, fields, kinds, host_sectors, levels, districts, communes, fold_dong_son)
WHERE NOT (len(fields) = 0 AND len(host_sectors) = 0 AND len(communes) = 0);

-- The same filters on the rows of `models` (for lists and per-record results), with `code` the
-- district on the period's boundaries. No join: code_2025 is stored on the row (etl/order.sql), so
-- a top-N over a stored rank (newest_rank, rank_households, …) can skip row groups.
CREATE OR REPLACE MACRO filtered_model_rows(year_from, year_to, fields, kinds, host_sectors, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, m.district_code, m.code_2025) AS code, m.*
FROM models m
WHERE m.year_recognized BETWEEN year_from AND year_to
  AND (len(fields) = 0 OR list_contains(fields, m.field))
  AND (len(kinds) = 0 OR list_contains(kinds, m.kind))
  AND (len(host_sectors) = 0 OR list_contains(host_sectors, m.host_sector))
  AND (len(levels) = 0 OR list_contains(levels, m.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, m.district_code, m.code_2025)))
  AND (len(communes) = 0 OR list_contains(communes, m.commune_code));

-- Commendations for a period, recognition levels (the issuer's) and districts. Field, kind and
-- host sector describe models, not commendations, so they do not apply here.
CREATE OR REPLACE MACRO filtered_commendations(year_from, year_to, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, c.district_code, c.code_2025) AS code, c.*
FROM commendations c
WHERE c.year BETWEEN year_from AND year_to
  AND (len(levels) = 0 OR list_contains(levels, c.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, c.district_code, c.code_2025)))
  AND (len(communes) = 0 OR list_contains(communes, c.commune_code));

-- The same filters on agg_commendations, for counts (n per district, commune, year, level, …).
CREATE OR REPLACE MACRO filtered_commendation_counts(year_from, year_to, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, a.district_code, d.merged_into) AS code,
       a.*
FROM agg_commendations a JOIN districts d ON d.code = a.district_code
WHERE a.year BETWEEN year_from AND year_to
  AND (len(levels) = 0 OR list_contains(levels, a.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, a.district_code, d.merged_into)))
  AND (len(communes) = 0 OR list_contains(communes, a.commune_code));

-- Commendation counts per district-level unit, year and level (agg_district_commendations), for
-- the district-level figures.
CREATE OR REPLACE MACRO filtered_district_commendations(year_from, year_to, levels, districts, communes, fold_dong_son) AS TABLE
SELECT on_boundaries(fold_dong_son, a.district_code, d.merged_into) AS code,
       a.year, a.level, a.n
FROM agg_district_commendations a JOIN districts d ON d.code = a.district_code
WHERE len(communes) = 0
  AND a.year BETWEEN year_from AND year_to
  AND (len(levels) = 0 OR list_contains(levels, a.level))
  AND (len(districts) = 0 OR list_contains(districts, on_boundaries(fold_dong_son, a.district_code, d.merged_into)))
UNION ALL
SELECT code, year, level, n
FROM filtered_commendation_counts(year_from, year_to, levels, districts, communes, fold_dong_son)
WHERE len(communes) > 0;

-- Commune-level figures (the 2025 communes, history placed through etl.crosswalk): per commune, year,
-- kind and level (the commune pages' unfiltered read; agg_models has field and host sector too).
CREATE OR REPLACE TABLE agg_commune_models AS
SELECT commune_code, year, kind, level,
       sum(n) AS n, sum(land_m2) AS land_m2, sum(workdays) AS workdays, sum(funds_million_vnd) AS funds_million_vnd,
       sum(roads_km) AS roads_km, sum(households_benefited) AS households_benefited
FROM agg_models
WHERE commune_code IS NOT NULL AND {touched_years:year}
GROUP BY ALL
ORDER BY year, commune_code, kind, level;

-- How records were placed in the 2025 communes, per year and kind of record (the Data page's coverage).
CREATE OR REPLACE TABLE agg_placement AS
SELECT year, record, placement, count(*) AS n
FROM (
    SELECT year_recognized AS year, 'models' AS record, commune_placement AS placement FROM models
    WHERE {touched_years:year_recognized}
    UNION ALL
    SELECT year, 'commendations', commune_placement FROM commendations WHERE {touched_years:year}
)
GROUP BY ALL
ORDER BY year, record, placement;

-- Every district-level unit of the period's boundaries with its totals for the filters, and what
-- normalising needs: communes (Đông Sơn's added to TP Thanh Hóa when folded) and population
-- (known only when every unit folded into it has a sourced figure), area (approximate, see
-- etl/schema.sql: the 2025 communes' areas shared among their former districts). Units left out by the
-- district filter keep their row with NULL figures, so a map can still draw them in grey.
WITH units AS (
    SELECT on_boundaries($fold_dong_son, code, merged_into) AS code,
           sum(commune_count) AS commune_count,
           CASE WHEN count(population) = count(*) THEN sum(population) END AS population,
           max(population_year) AS population_year,
           CASE WHEN count(area_km2) = count(*) THEN sum(area_km2) END AS area_km2
    FROM districts
    GROUP BY 1
), agg AS (
    SELECT code, {measure:n} AS n, {measure:n_provincial} AS n_provincial, {measure:share_provincial} AS share_provincial,
           {measure:funds_million_vnd} AS funds_million_vnd, {measure:land_m2} AS land_m2, {measure:workdays} AS workdays
    FROM filtered_district_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    GROUP BY code
), cm AS (
    SELECT code, {measure:commendations} AS commendations
    FROM filtered_district_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)
    GROUP BY code
), picked AS (
    SELECT u.*, len($districts) = 0 OR list_contains($districts, u.code) AS selected FROM units u
)
SELECT u.code, d.short_name AS name, u.commune_count::INTEGER AS commune_count, u.population::BIGINT AS population,
       u.population_year, u.area_km2::DOUBLE AS area_km2, u.selected,
       CASE WHEN u.selected THEN coalesce(agg.n, 0) END::DOUBLE AS n,
       CASE WHEN u.selected THEN coalesce(agg.n_provincial, 0) END::DOUBLE AS n_provincial,
       CASE WHEN u.selected THEN agg.share_provincial END::DOUBLE AS share_provincial,
       CASE WHEN u.selected THEN coalesce(cm.commendations, 0) END::DOUBLE AS commendations,
       CASE WHEN u.selected THEN coalesce(agg.funds_million_vnd, 0) END::DOUBLE AS funds_million_vnd,
       CASE WHEN u.selected THEN coalesce(agg.land_m2, 0) END::DOUBLE AS land_m2,
       CASE WHEN u.selected THEN coalesce(agg.workdays, 0) END::DOUBLE AS workdays
FROM picked u JOIN districts d ON d.code = u.code LEFT JOIN agg ON agg.code = u.code LEFT JOIN cm ON cm.code = u.code
ORDER BY u.code

-- Every district-level unit of the period's boundaries with its totals for the filters, and what
-- normalising needs: communes (Đông Sơn's added to TP Thanh Hóa when folded) and population
-- (known only when every unit folded into it has a sourced figure). Units left out by the
-- district filter keep their row with NULL figures, so a map can still draw them in grey.
WITH units AS (
    SELECT CASE WHEN $fold_dong_son AND merged_into IS NOT NULL THEN merged_into ELSE code END AS code,
           sum(commune_count) AS commune_count,
           CASE WHEN count(population) = count(*) THEN sum(population) END AS population,
           max(population_year) AS population_year
    FROM districts
    GROUP BY 1
), agg AS (
    SELECT code, sum(n) AS n,
           sum(n) FILTER (WHERE level IN ('tinh', 'trung_uong')) AS n_provincial,
           sum(funds_million_vnd) AS funds_million_vnd, sum(land_m2) AS land_m2, sum(workdays) AS workdays
    FROM filtered_district_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son)
    GROUP BY code
), cm AS (
    SELECT code, sum(n) AS commendations
    FROM filtered_district_commendations($year_from, $year_to, $levels, $districts, $fold_dong_son)
    GROUP BY code
), picked AS (
    SELECT u.*, len($districts) = 0 OR list_contains($districts, u.code) AS selected FROM units u
)
SELECT u.code, d.short_name AS name, u.commune_count::INTEGER AS commune_count, u.population::BIGINT AS population,
       u.population_year, u.selected,
       CASE WHEN u.selected THEN coalesce(agg.n, 0) END::DOUBLE AS n,
       CASE WHEN u.selected THEN coalesce(agg.n_provincial, 0) END::DOUBLE AS n_provincial,
       CASE WHEN u.selected AND agg.n > 0 THEN 100.0 * coalesce(agg.n_provincial, 0) / agg.n END::DOUBLE AS share_provincial,
       CASE WHEN u.selected THEN coalesce(cm.commendations, 0) END::DOUBLE AS commendations,
       CASE WHEN u.selected THEN coalesce(agg.funds_million_vnd, 0) END::DOUBLE AS funds_million_vnd,
       CASE WHEN u.selected THEN coalesce(agg.land_m2, 0) END::DOUBLE AS land_m2,
       CASE WHEN u.selected THEN coalesce(agg.workdays, 0) END::DOUBLE AS workdays
FROM picked u JOIN districts d ON d.code = u.code LEFT JOIN agg ON agg.code = u.code LEFT JOIN cm ON cm.code = u.code
ORDER BY u.code

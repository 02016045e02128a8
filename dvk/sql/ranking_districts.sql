-- Every district-level unit of the period's boundaries with its totals for the filters and what
-- normalising needs: communes (Đông Sơn's added to TP Thanh Hóa when folded) and population
-- (known only when every unit folded into it has a sourced figure).
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
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son)
    GROUP BY code
)
SELECT u.code, d.short_name AS name, u.commune_count::INTEGER AS commune_count, u.population::BIGINT AS population,
       u.population_year,
       coalesce(agg.n, 0)::DOUBLE AS n, coalesce(agg.n_provincial, 0)::DOUBLE AS n_provincial,
       coalesce(agg.funds_million_vnd, 0)::DOUBLE AS funds_million_vnd, coalesce(agg.land_m2, 0)::DOUBLE AS land_m2,
       coalesce(agg.workdays, 0)::DOUBLE AS workdays
FROM units u JOIN districts d ON d.code = u.code LEFT JOIN agg ON agg.code = u.code
WHERE len($districts) = 0 OR list_contains($districts, u.code)
ORDER BY u.code

-- Models and examples per 2025 commune for the filters (only records that name a new commune).
WITH agg AS (
    SELECT commune_code, {measure:n} AS n, {measure:n_provincial} AS n_provincial,
           {measure:share_provincial} AS share_provincial, {measure:funds_million_vnd} AS funds_million_vnd,
           {measure:land_m2} AS land_m2, {measure:workdays} AS workdays
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code
), cm AS (
    SELECT commune_code, {measure:commendations} AS commendations
    FROM filtered_commendation_counts($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code
)
SELECT c.code, c.name, coalesce(agg.n, 0)::DOUBLE AS n, coalesce(agg.n_provincial, 0)::DOUBLE AS n_provincial,
       agg.share_provincial::DOUBLE AS share_provincial,
       coalesce(cm.commendations, 0)::DOUBLE AS commendations,
       coalesce(agg.funds_million_vnd, 0)::DOUBLE AS funds_million_vnd, coalesce(agg.land_m2, 0)::DOUBLE AS land_m2,
       coalesce(agg.workdays, 0)::DOUBLE AS workdays
FROM communes c LEFT JOIN agg ON agg.commune_code = c.code LEFT JOIN cm ON cm.commune_code = c.code
ORDER BY c.code

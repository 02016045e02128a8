-- Headline figures for the filters: models and examples, typical examples, commendations, money, land, working days.
WITH m AS (
    SELECT coalesce({measure:n}, 0) AS n,
           coalesce(sum(n) FILTER (WHERE is_example(kind)), 0) AS n_examples,
           coalesce({measure:funds_million_vnd}, 0) AS funds_million_vnd,
           coalesce({measure:land_m2}, 0) AS land_m2,
           coalesce({measure:workdays}, 0) AS workdays
    FROM filtered_district_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
)
SELECT m.n, m.n_examples,
       (SELECT coalesce({measure:commendations}, 0) FROM filtered_district_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)) AS commendations,
       m.funds_million_vnd, m.land_m2, m.workdays
FROM m

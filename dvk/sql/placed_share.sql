-- Per year of the period: the models matching the filters and how many of them are placed in a 2025
-- commune (commune_code). The caller passes an empty $communes: the share is the province's.
SELECT year::INTEGER AS year, sum(n)::BIGINT AS n, coalesce(sum(n) FILTER (WHERE commune_code IS NOT NULL), 0)::BIGINT AS placed
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
GROUP BY year
ORDER BY year

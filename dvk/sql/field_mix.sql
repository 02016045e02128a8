-- Models and examples by field for the filters (the province, a set of districts, or one district).
SELECT field, sum(n) AS n
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
GROUP BY field
ORDER BY n DESC, field

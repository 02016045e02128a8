-- One district's models and examples by field, for the filters.
SELECT field, sum(n) AS n
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, [$district], $fold_dong_son)
GROUP BY field
ORDER BY n DESC

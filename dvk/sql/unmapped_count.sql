-- Records matching the filters that a commune-level map cannot place (no 2025 commune named).
SELECT coalesce(sum(n), 0) AS n
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
WHERE commune_code IS NULL

-- Records matching the filters that a commune-level figure cannot place (no 2025 commune), and all of them.
SELECT coalesce(sum(n) FILTER (WHERE commune_code IS NULL), 0) AS n, coalesce(sum(n), 0) AS total
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)

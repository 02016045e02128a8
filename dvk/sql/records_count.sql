-- How many models (rows of `models`) match the shared filters and the folded search text $q.
SELECT count(*) AS n
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son) m
WHERE $q = '' OR m.search_text LIKE '%' || $q || '%' ESCAPE '\'

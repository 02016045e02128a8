-- How many models (rows of `models`) match the shared filters and the folded search text $q.
-- Without $people (dvk.privacy) a record of a kind not in $collective is searched by its commune only
-- (as written, or the 2025 commune it is placed in, by name):
-- a reader who may not see an individual's name cannot find the record by that name either.
SELECT count(*) AS n
FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son) m
WHERE $q = ''
   OR (CASE WHEN $people OR list_contains($collective, m.kind) THEN m.search_text
            ELSE fold(coalesce(m.commune, '')) END)
      LIKE '%' || $q || '%' ESCAPE '\'
   OR m.commune_code IN (SELECT code FROM communes WHERE fold(name) LIKE '%' || $q || '%' ESCAPE '\')

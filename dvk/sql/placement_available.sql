-- Whether the warehouse records how each record was placed in its 2025 commune (the loader that
-- writes models.commune_placement and agg_placement): false for a warehouse built before it.
SELECT count(*) FILTER (table_name = 'models' AND column_name = 'commune_placement') > 0
       AND count(*) FILTER (table_name = 'commendations' AND column_name = 'commune_placement') > 0
       AND count(*) FILTER (table_name = 'agg_placement') > 0 AS available
FROM information_schema.columns
WHERE table_name IN ('models', 'commendations', 'agg_placement')

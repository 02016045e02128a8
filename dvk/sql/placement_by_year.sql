-- How records were placed in the 2025 communes, per year (agg_placement, etl.crosswalk): counts per
-- placement, models and commendations together or one kind ($record: 'models', 'commendations' or '').
SELECT year,
       sum(n) FILTER (placement IN ('named_2025', 'crosswalk')) AS placed,
       sum(n) FILTER (placement = 'named_2025') AS named_2025,
       sum(n) FILTER (placement = 'crosswalk') AS crosswalk,
       sum(n) FILTER (placement = 'split_default') AS split_default,
       sum(n) FILTER (placement = 'unresolved') AS unresolved,
       sum(n) FILTER (placement = 'not_named' OR placement IS NULL) AS not_named,
       sum(n) AS total
FROM agg_placement
WHERE $record = '' OR record = $record
GROUP BY year
ORDER BY year

-- Stored boundary sets: how many shapes per level and vintage, where they come from, when loaded.
SELECT level, vintage, count(*) AS n, string_agg(DISTINCT source, ', ' ORDER BY source) AS source,
       max(loaded_at) AS loaded_at
FROM boundaries
GROUP BY level, vintage
ORDER BY level DESC, vintage

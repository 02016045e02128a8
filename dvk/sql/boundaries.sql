-- The polygons of one level and vintage, with where they come from.
SELECT code, name, source, loaded_at, geom_wkb FROM boundaries
WHERE level = $level AND vintage = $vintage
ORDER BY code

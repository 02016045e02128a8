-- The kind of each of a few models named by id (the models linked to a list of commendations, for
-- dvk.privacy): a lookup of at most a page of ids, so it reads a few rows, not the table.
SELECT model_id, kind
FROM models
WHERE list_contains($ids, model_id)

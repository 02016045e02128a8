-- The files that have rejected rows (choices for the rejects filter).
SELECT DISTINCT file FROM rejects ORDER BY file

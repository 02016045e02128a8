-- The most recent loads, newest first.
SELECT run_id, started_at, finished_at, files_new, files_replaced, files_unchanged,
       rows_read, rows_loaded, rows_rejected, duplicates, warnings, command
FROM etl_runs
ORDER BY run_id DESC
LIMIT $limit

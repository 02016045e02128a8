-- The columns of one table of the warehouse (a read that depends on a newer table checks it first).
SELECT column_name FROM duckdb_columns() WHERE table_name = $table ORDER BY column_index

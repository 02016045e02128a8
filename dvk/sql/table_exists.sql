-- Whether the warehouse holds a table of this name (a table a newer load adds, read only where present).
SELECT count(*) > 0 AS present FROM duckdb_tables() WHERE table_name = $table

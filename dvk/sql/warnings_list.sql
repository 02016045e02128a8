-- Every warning of the current submissions ('' = all files), in file order: the download behind the
-- counts on the Data page.
SELECT file, sheet, "row", "column", value, became, reason, run_id
FROM load_warnings
WHERE ($file = '' OR file = $file)
ORDER BY file, sheet, "row", "column"

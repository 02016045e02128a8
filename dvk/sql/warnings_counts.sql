-- The load's warnings grouped by column, value as written and what it became, most frequent first:
-- what an analyst reads at a glance ("Chủ thể · Đoàn Khối → Chưa phân loại ×412"). '' = all files.
SELECT "column", value, became, count(*) AS n, count(DISTINCT file) AS files
FROM load_warnings
WHERE ($file = '' OR file = $file)
GROUP BY ALL
ORDER BY n DESC, "column", value
LIMIT $limit

-- Rejected cells of the current submissions, by file ('' = all), kind ('' = all) and folded reason
-- text, in file order; $limit of them from $offset on (one page of the Data page's table).
SELECT file, sheet, "row", "column", value, reason, kind, run_id
FROM rejects
WHERE ($file = '' OR file = $file)
  AND ($kind = '' OR kind = $kind)
  AND ($reason = '' OR fold(reason) LIKE '%' || $reason || '%' ESCAPE '\')
ORDER BY file, sheet, "row", "column"
LIMIT $limit OFFSET $offset

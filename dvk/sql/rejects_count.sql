-- How many rejected cells match the file, kind and folded reason filters of rejects_list.
SELECT count(*) AS n
FROM rejects
WHERE ($file = '' OR file = $file)
  AND ($kind = '' OR kind = $kind)
  AND ($reason = '' OR fold(reason) LIKE '%' || $reason || '%' ESCAPE '\')

-- The periodic report's commendations at provincial level or above for the period, levels and
-- districts (field, kind and host sector describe models, not commendations), highest level first;
-- `total` counts all of them before the limit.
SELECT c.year, c.form, c.issuer, c.level, c.recipient_kind, c.recipient_name, x.short_name AS district,
       c.decision_no, c.decision_date, count(*) OVER () AS total
FROM filtered_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son) c
JOIN districts x ON x.code = c.code
WHERE is_provincial(c.level)
ORDER BY CASE c.level WHEN 'trung_uong' THEN 0 ELSE 1 END, c.year, c.decision_date NULLS LAST,
         c.recipient_name, c.commendation_id
LIMIT $limit

-- One district's (or one 2025 commune's: $districts empty, $communes its code) commendations in the period (the period, level and unit filters apply), newest
-- first (year, then decision date: dvk.orders), at most $limit of them; `total` counts them all (from
-- agg_commendations). The top ids are found on narrow columns first, then only their rows are read
-- (the table is stored newest first, so that read skips the rest).
WITH top AS (
    SELECT c.commendation_id, c.year, c.decision_date
    FROM filtered_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son) c
    ORDER BY {order:newest_commendations:c}
    LIMIT $limit
)
SELECT c.year, c.form, c.issuer, c.level, c.recipient_kind, c.recipient_name, c.decision_no, c.decision_date, c.model_name,
       c.model_id,
       (SELECT coalesce(sum(a.n), 0)
        FROM filtered_district_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son) a) AS total
FROM commendations c JOIN top USING (commendation_id)
ORDER BY {order:newest_commendations:c}

-- One district's (or one 2025 commune's: $districts empty, $communes its code) commendations in the period (the period, level and unit filters apply), newest
-- first (year, then decision date: dvk.orders), at most $limit of them, with the kind of the model each
-- is linked to (model_kind, for dvk.privacy); `total` counts them all (from agg_commendations). The
-- table is stored newest first, so the top-N reads the latest years' row groups only.
SELECT c.year, c.form, c.issuer, c.level, c.recipient_kind, c.recipient_name, c.decision_no, c.decision_date, c.model_name,
       c.model_kind,
       (SELECT coalesce(sum(a.n), 0)
        FROM filtered_district_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son) a) AS total
FROM filtered_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son) c
ORDER BY {order:newest_commendations:c}
LIMIT $limit

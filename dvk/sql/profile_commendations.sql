-- One district's commendations in the period (the period, level and district filters apply), newest
-- first, at most $limit of them; `total` counts them all.
SELECT c.year, c.form, c.issuer, c.level, c.recipient_kind, c.recipient_name, c.decision_no, c.decision_date, c.model_name,
       count(*) OVER () AS total
FROM filtered_commendations($year_from, $year_to, $levels, [$district], $fold_dong_son) c
ORDER BY c.year DESC, c.decision_date DESC NULLS LAST, c.commendation_id
LIMIT $limit

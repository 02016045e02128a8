-- Commendations of the period per district, the period's last year counted only up to the same day
-- of the year ($cut, 'MM-DD'), so that two periods whose last year is not over compare like for like.
-- {unit} is `code` (the district on the period's boundaries) or `commune_code` (dvk.periods chooses).
SELECT {unit} AS code, count(*)::BIGINT AS n
FROM filtered_commendations($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)
WHERE $cut IS NULL OR year < $year_to OR strftime(decision_date, '%m-%d') <= $cut
GROUP BY 1

-- Commendations for the period, levels and districts counted by recognition level and form.
SELECT level, form, count(*) AS n
FROM filtered_commendations($year_from, $year_to, $levels, $districts, $fold_dong_son)
GROUP BY level, form
ORDER BY level, form

-- Commendations for the period, levels and districts counted by recognition level and form.
SELECT level, form, sum(n)::BIGINT AS n
FROM filtered_commendation_counts($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)
GROUP BY level, form
ORDER BY level, form

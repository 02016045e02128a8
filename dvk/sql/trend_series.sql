-- Yearly totals of one measure for the filters, one series per value of a dimension
-- ('none' → one series, 'district' → one per district on the period's boundaries, 'commune' → one
-- per 2025 commune).
-- $dimension and $measure are checked against the allow-lists of dvk/trends.py; they pick a
-- column through CASE so that the query text never changes.
SELECT year,
       coalesce(CASE $dimension
                    WHEN 'field' THEN field
                    WHEN 'kind' THEN kind
                    WHEN 'host_sector' THEN host_sector
                    WHEN 'level' THEN level
                    WHEN 'district' THEN code
                    WHEN 'commune' THEN commune_code
                    ELSE 'total'
                END, '') AS series,
       coalesce(CASE $measure
                    WHEN 'n' THEN {measure:n}
                    WHEN 'n_provincial' THEN {measure:n_provincial}
                    WHEN 'funds_million_vnd' THEN {measure:funds_million_vnd}
                    WHEN 'land_m2' THEN {measure:land_m2}
                    WHEN 'workdays' THEN {measure:workdays}
                END::DOUBLE, 0) AS value
FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
GROUP BY ALL
ORDER BY year, series

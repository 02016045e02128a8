-- Models and examples per district for the filters, on the boundaries of the period's vintage.
WITH agg AS (
    SELECT code, sum(n) AS n,
           sum(n) FILTER (WHERE level IN ('tinh', 'trung_uong')) AS n_provincial,
           sum(funds_million_vnd) AS funds_million_vnd, sum(land_m2) AS land_m2, sum(workdays) AS workdays
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $fold_dong_son)
    GROUP BY code
)
SELECT d.code, d.short_name AS name, coalesce(agg.n, 0) AS n, coalesce(agg.n_provincial, 0) AS n_provincial,
       coalesce(agg.funds_million_vnd, 0) AS funds_million_vnd, coalesce(agg.land_m2, 0) AS land_m2,
       coalesce(agg.workdays, 0) AS workdays
FROM districts d LEFT JOIN agg USING (code)
WHERE NOT ($fold_dong_son AND d.merged_into IS NOT NULL)
ORDER BY d.code

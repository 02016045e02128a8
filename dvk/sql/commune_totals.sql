-- Models and examples per 2025 commune for a year range (only records that name a new commune).
SELECT c.code, c.name, coalesce(sum(a.n), 0) AS n,
       coalesce(sum(a.n) FILTER (WHERE a.level IN ('tinh', 'trung_uong')), 0) AS n_provincial,
       coalesce(sum(a.funds_million_vnd), 0) AS funds_million_vnd, coalesce(sum(a.land_m2), 0) AS land_m2,
       coalesce(sum(a.workdays), 0) AS workdays
FROM communes c LEFT JOIN agg_models a ON a.commune_code = c.code AND a.year BETWEEN $year_from AND $year_to
GROUP BY c.code, c.name
ORDER BY c.code

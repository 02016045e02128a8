-- How far the data goes: the first and last year with a model or a commendation, and the day the
-- data runs to (meta data_through, written by every load).
SELECT (SELECT min(year) FROM (SELECT min(year) AS year FROM agg_district_models
                               UNION ALL SELECT min(year) FROM agg_district_commendations)) AS first_year,
       (SELECT max(year) FROM (SELECT max(year) AS year FROM agg_district_models
                               UNION ALL SELECT max(year) FROM agg_district_commendations)) AS last_year,
       (SELECT value FROM meta WHERE key = 'data_through') AS through

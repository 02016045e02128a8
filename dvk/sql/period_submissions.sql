-- Submissions attributed to a reporting period (any unit): how many, and from how many units (dvk.completeness).
SELECT count(*) AS files, count(DISTINCT reporting_unit) AS units
FROM submissions
WHERE reporting_period = $period AND reporting_unit IS NOT NULL

-- One unit's submissions across periods, for the status page's unit history (newest period first).
SELECT source_file, reporting_period, coalesce(received_on, CAST(loaded_at AS DATE)) AS received_on,
       rows_read, rejected, attribution
FROM submissions
WHERE reporting_unit = $unit
ORDER BY reporting_period DESC, received_on, source_file

-- Commendations linked to one model (matched by the loader on name and district).
SELECT year, form, issuer, level, recipient_kind, recipient_name, decision_no, decision_date,
       source_file, source_sheet, source_row
FROM commendations
WHERE model_id = $model_id
ORDER BY year, decision_date, commendation_id

-- District-level units for pickers, in code order.
SELECT code, short_name FROM districts ORDER BY code

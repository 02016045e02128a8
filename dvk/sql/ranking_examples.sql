-- The typical examples (collective and individual) with the largest value of one result, for the
-- filters; ties by name; the district is on the period's boundaries.
-- {result} and {order} are replaced from the allow-list dvk.trends.RESULT_ORDERS (the result column
-- and its order, dvk.orders), never by user text.
SELECT m.name, m.kind, m.field, m.year_recognized AS year, m.level, m.code, x.short_name AS district,
       m.{result}::DOUBLE AS value
FROM (
    SELECT * FROM filtered_model_rows($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE is_example(kind) AND {result} IS NOT NULL
    ORDER BY {order}
    LIMIT 20
) m
JOIN districts x ON x.code = m.code
ORDER BY {order_m}

-- Models and examples per 2025 commune for the filters (records placed in a 2025 commune: named in
-- one, or re-based through the crosswalk), with the area for per-km² figures. A commune the commune
-- filter leaves out, or that took no ward from a chosen district, keeps its row with NULL figures
-- (grey on a map, left out of a ranking), as district_totals does.
WITH agg AS (
    SELECT commune_code, {measure:n} AS n, {measure:n_provincial} AS n_provincial,
           {measure:share_provincial} AS share_provincial, {measure:funds_million_vnd} AS funds_million_vnd,
           {measure:land_m2} AS land_m2, {measure:workdays} AS workdays
    FROM filtered_models($year_from, $year_to, $fields, $kinds, $host_sectors, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code
), cm AS (
    SELECT commune_code, {measure:commendations} AS commendations
    FROM filtered_commendation_counts($year_from, $year_to, $levels, $districts, $communes, $fold_dong_son)
    WHERE commune_code IS NOT NULL
    GROUP BY commune_code
), in_districts AS (  -- the communes that took wards from a chosen district (on the period's boundaries)
    SELECT DISTINCT c.code
    FROM communes c, unnest(c.former_district_codes) AS f(district_code)
    JOIN districts d ON d.code = f.district_code
    WHERE list_contains($districts, on_boundaries($fold_dong_son, d.code, d.merged_into))
), picked AS (
    SELECT c.*, (len($communes) = 0 OR list_contains($communes, c.code))
                AND (len($districts) = 0 OR c.code IN (SELECT code FROM in_districts)) AS selected
    FROM communes c
)
SELECT c.code, c.name, c.short_name, c.main_district_code, c.area_km2::DOUBLE AS area_km2, c.source AS area_source,
       c.selected,
       CASE WHEN c.selected THEN coalesce(agg.n, 0) END::DOUBLE AS n,
       CASE WHEN c.selected THEN coalesce(agg.n_provincial, 0) END::DOUBLE AS n_provincial,
       CASE WHEN c.selected THEN agg.share_provincial END::DOUBLE AS share_provincial,
       CASE WHEN c.selected THEN coalesce(cm.commendations, 0) END::DOUBLE AS commendations,
       CASE WHEN c.selected THEN coalesce(agg.funds_million_vnd, 0) END::DOUBLE AS funds_million_vnd,
       CASE WHEN c.selected THEN coalesce(agg.land_m2, 0) END::DOUBLE AS land_m2,
       CASE WHEN c.selected THEN coalesce(agg.workdays, 0) END::DOUBLE AS workdays
FROM picked c LEFT JOIN agg ON agg.commune_code = c.code LEFT JOIN cm ON cm.commune_code = c.code
ORDER BY c.code

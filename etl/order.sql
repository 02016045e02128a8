-- The list ranks of every model and commendation, computed at the end of every load (before
-- etl/aggregates.sql); etl.load.reorder then rewrites both tables in newest_rank order.
--
-- Why: the dashboard's lists (newest typical examples, top examples by result, a district's top
-- models, one page of records) are "the first N rows in some order". Sorting millions of rows on
-- every view costs 150–300 ms at 100× the sample; reading the first rows of a stored integer rank
-- lets DuckDB's top-N skip every row group that cannot hold them. Ties end on the name in Vietnamese
-- alphabetical order (ICU's `vi` collation: a < ă < â, d < đ, tones then case as lesser differences)
-- and then the id, so every order is total and the same on every load.
--
-- `rid` is the row's rowid in the table as it is now; the orders are built from narrow columns
-- first (one string sort for names, integer sorts for the rest).

CREATE OR REPLACE TEMP TABLE model_order AS
WITH k AS (
    SELECT m.rowid AS rid, m.model_id, m.year_recognized, m.households_benefited, m.funds_million_vnd,
           m.land_m2, m.workdays,
           CASE m.level WHEN 'trung_uong' THEN 0 WHEN 'tinh' THEN 1 WHEN 'huyen' THEN 2 ELSE 3 END AS level_order,
           m.name,
           d.short_name AS district_name,
           coalesce(d.merged_into, m.district_code) AS code_2025
    FROM models m JOIN districts d ON d.code = m.district_code
),
named AS (
    SELECT *, row_number() OVER (ORDER BY name COLLATE vi, model_id) AS rank_name FROM k
),
newest AS (
    SELECT *, row_number() OVER (ORDER BY year_recognized DESC, level_order, households_benefited DESC NULLS LAST,
                                          rank_name) AS newest_rank
    FROM named
)
SELECT rid, code_2025, newest_rank, rank_name,
       row_number() OVER (ORDER BY district_name COLLATE vi, newest_rank) AS rank_district,
       CASE WHEN households_benefited IS NOT NULL
            THEN row_number() OVER (ORDER BY households_benefited DESC NULLS LAST, rank_name) END AS rank_households,
       CASE WHEN funds_million_vnd IS NOT NULL
            THEN row_number() OVER (ORDER BY funds_million_vnd DESC NULLS LAST, rank_name) END AS rank_funds,
       CASE WHEN land_m2 IS NOT NULL
            THEN row_number() OVER (ORDER BY land_m2 DESC NULLS LAST, rank_name) END AS rank_land,
       CASE WHEN workdays IS NOT NULL
            THEN row_number() OVER (ORDER BY workdays DESC NULLS LAST, rank_name) END AS rank_workdays
FROM newest;

CREATE OR REPLACE TEMP TABLE commendation_order AS
SELECT c.rowid AS rid, coalesce(d.merged_into, c.district_code) AS code_2025,
       row_number() OVER (ORDER BY c.year DESC, c.decision_date DESC NULLS LAST, c.commendation_id) AS newest_rank
FROM commendations c JOIN districts d ON d.code = c.district_code;

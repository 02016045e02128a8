-- The per-row order columns of every model and commendation, computed by a full rebuild (before
-- etl/aggregates.sql); etl.warehouse.reorder then rewrites both tables newest first (dvk.orders).
--
-- Why: the dashboard's lists (newest typical examples, top examples by result, a district's top
-- models, one page of records) are "the first N rows in some order" (dvk.orders). Each order is a
-- few integer columns of the row and ends in the stored name order, rank_name: the name in Vietnamese
-- alphabetical order (ICU's `vi` collation: a < ă < â, d < đ, tones then case as lesser differences),
-- then the id, so every order is total and the same on every load. Sorting the names on every view
-- would cost a second at 100× the sample; a load that only adds rows numbers the new names between
-- their neighbours (etl/ranks.py) instead of this full ranking.
--
-- `rid` is the row's rowid in the table as it is now; {rank_name} is etl.ranks.full_sql(), {district_order}
-- etl.ranks.DISTRICT_ORDER.

CREATE OR REPLACE TEMP TABLE district_order AS {district_order};

CREATE OR REPLACE TEMP TABLE model_order AS
SELECT m.rowid AS rid, coalesce(d.merged_into, m.district_code) AS code_2025, d.district_order, r.rank_name,
       {newest_key} AS newest_key, {district_key} AS district_key
FROM models m JOIN district_order d ON d.code = m.district_code JOIN ({rank_name}) r ON r.rid = m.rowid;

CREATE OR REPLACE TEMP TABLE commendation_order AS
SELECT c.rowid AS rid, coalesce(d.merged_into, c.district_code) AS code_2025
FROM commendations c JOIN districts d ON d.code = c.district_code;

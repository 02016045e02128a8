-- The warehouse contract. Every load builds a new file from this schema, copies the previous
-- warehouse's submissions into it, applies the new files and swaps it in whole.
-- Enumerated columns hold the ASCII codes of dvk/labels.py; labels live only there.

CREATE TABLE meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

-- Reference data, rebuilt from the vietnamadminunits package at every load.
CREATE TABLE districts (
    code VARCHAR PRIMARY KEY,          -- GSO district code, 380–407 (no 383)
    name VARCHAR NOT NULL,             -- "Huyện Hoằng Hóa"
    short_name VARCHAR NOT NULL,       -- "Hoằng Hóa"
    ascii_name VARCHAR NOT NULL,       -- "Hoang Hoa"
    type VARCHAR NOT NULL,             -- huyen | thi_xa | thanh_pho
    mountainous BOOLEAN NOT NULL,
    commune_count INTEGER NOT NULL,    -- communes/wards just before 1 Jul 2025 (Đông Sơn: before 2025)
    area_km2 DOUBLE,                   -- approximate: 2025 commune areas shared by their former districts
    valid_to DATE NOT NULL,            -- 2024-12-31 for Đông Sơn, 2025-06-30 for the rest
    merged_into VARCHAR,               -- 380 for Đông Sơn
    former_names VARCHAR[],
    population INTEGER,                -- only where a source is recorded
    population_year INTEGER,
    population_source VARCHAR,
    source VARCHAR NOT NULL
);

CREATE TABLE communes (
    code VARCHAR PRIMARY KEY,          -- GSO code of the commune/ward formed on 1 Jul 2025
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,             -- xa | phuong
    area_km2 DOUBLE,
    lat DOUBLE,
    lon DOUBLE,
    former_district_codes VARCHAR[] NOT NULL,  -- every former district it took wards from
    main_district_code VARCHAR,        -- the one it took most wards from (405 kept)
    district_code VARCHAR NOT NULL,    -- the district it rolls up to (Đông Sơn's → 380)
    source VARCHAR NOT NULL
);

CREATE TABLE wards_legacy (
    code VARCHAR PRIMARY KEY,          -- GSO code of a pre-2025 ward/commune
    name VARCHAR NOT NULL,
    short_name VARCHAR NOT NULL,
    type VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    lat DOUBLE, lon DOUBLE,
    min_lat DOUBLE, min_lon DOUBLE, max_lat DOUBLE, max_lon DOUBLE
);

-- The official old→new table (etl.crosswalk, from the package's converter_2025.json): one row per
-- former unit of early 2025 and 2025 commune it went to (a split unit has two or three rows).
CREATE TABLE crosswalk (
    former_code VARCHAR NOT NULL,      -- GSO code of the former unit (wards_legacy.code)
    former_name VARCHAR NOT NULL,      -- "Xã Xuân Lộc"
    former_short_name VARCHAR NOT NULL,
    former_type VARCHAR NOT NULL,      -- Xã | Phường | Thị trấn
    former_district_code VARCHAR NOT NULL,  -- 405 for Đông Sơn's (the package files them under 380)
    commune_code VARCHAR NOT NULL,     -- the 2025 commune (communes.code)
    is_default BOOLEAN NOT NULL,       -- the one a record of a split unit is placed in
    split BOOLEAN NOT NULL,            -- the unit was split between two or three communes
    candidates VARCHAR[] NOT NULL,     -- every 2025 commune it went to
    source VARCHAR NOT NULL,
    PRIMARY KEY (former_code, commune_code)
);

-- Denominators for per-commune figures, loaded by `python -m etl denominators FILE.csv` (never
-- invented: empty until the commission loads its statistics office's figures). Kept across loads.
CREATE TABLE commune_stats (
    code VARCHAR NOT NULL,             -- communes.code
    population BIGINT NOT NULL,
    year INTEGER NOT NULL,
    source VARCHAR NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (code, year)
);

-- One row per submitted file (its name identifies it: a new version replaces the old rows).
CREATE TABLE submissions (
    source_file VARCHAR PRIMARY KEY,
    sha256 VARCHAR NOT NULL,
    bytes BIGINT NOT NULL,
    run_id INTEGER NOT NULL,
    loaded_at TIMESTAMPTZ NOT NULL,
    synthetic BOOLEAN NOT NULL,
    rows_read INTEGER NOT NULL,
    models INTEGER NOT NULL,
    commendations INTEGER NOT NULL,
    rejected INTEGER NOT NULL,
    warned INTEGER NOT NULL DEFAULT 0,     -- rows loaded with at least one warning
    -- The reporting cycle (etl.attribution, config/reporting.toml): who sent it for which period, when
    -- it came in, and how the loader knows (header | file_name | rows | command_line | unattributed).
    reporting_unit VARCHAR,                -- a district, 2025 commune or provincial body code
    reporting_period VARCHAR,              -- "2025-H1", "2025-N"
    received_on DATE,                      -- the load's day, or --received
    attribution VARCHAR NOT NULL DEFAULT 'unattributed'
);

CREATE TABLE models (
    -- No PRIMARY KEY: its index would make every load's deletes cost in proportion to the table (0.26 s
    -- for one file at 100x the sample, 0.005 s without); the loader keeps ids unique and checks them
    -- (etl.warehouse.check).
    model_id VARCHAR NOT NULL,         -- 'M' + 16 hex of the row's content hash: stable across reloads
    name VARCHAR NOT NULL,
    kind VARCHAR NOT NULL,
    field VARCHAR NOT NULL,
    topic VARCHAR,
    host_sector VARCHAR,
    host_unit VARCHAR,
    district_code VARCHAR NOT NULL,    -- as filed (405 possible up to 2024)
    commune VARCHAR,                   -- as written
    commune_code VARCHAR,              -- its 2025 commune, when placed (etl.crosswalk)
    commune_placement VARCHAR,         -- named_2025 | crosswalk | split_default | unresolved | not_named
    former_commune_code VARCHAR,       -- the former unit it was placed through (crosswalk, split_default)
    year_recognized INTEGER NOT NULL,
    level VARCHAR NOT NULL,
    land_m2 DOUBLE,
    workdays DOUBLE,
    funds_million_vnd DOUBLE,
    roads_km DOUBLE,
    households_benefited BIGINT,
    description VARCHAR,
    search_text VARCHAR NOT NULL,      -- lower case without diacritics, for "hien dat" searches
    source_file VARCHAR NOT NULL,
    source_sheet VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    run_id INTEGER NOT NULL,
    -- Filled by every load for the rows it adds (etl/order.sql, etl/ranks.py); a full rebuild also
    -- stores the rows newest first (dvk.orders), so the newest lists skip the older row groups.
    code_2025 VARCHAR,                 -- the district on the 2025 boundaries (Đông Sơn 405 → 380)
    district_order SMALLINT,           -- the district's place in Vietnamese order of the districts' names
    rank_name BIGINT,                  -- the name in Vietnamese order, then model_id: gapped (etl/ranks.py)
    newest_key HUGEINT,                -- the newest order packed in one number (dvk.orders.newest_key_sql)
    district_key HUGEINT,              -- the district order (district_order, then newest) in one number
    link_key UBIGINT                   -- md5_number_lower(fold(name)): commendations find their model by it
);

CREATE TABLE commendations (
    commendation_id VARCHAR NOT NULL,  -- 'K' + 16 hex of the row's content hash (unique: see models)
    recipient_kind VARCHAR NOT NULL,
    recipient_name VARCHAR NOT NULL,
    district_code VARCHAR NOT NULL,
    commune VARCHAR,
    commune_code VARCHAR,              -- as for models
    commune_placement VARCHAR,
    former_commune_code VARCHAR,
    year INTEGER NOT NULL,
    form VARCHAR NOT NULL,
    issuer VARCHAR NOT NULL,           -- the issuing body at its level, read from issuer_text (etl.vocabulary)
    issuer_text VARCHAR,               -- the issuer as the submission wrote it ("Chủ tịch UBND huyện Yên Định")
    level VARCHAR NOT NULL,            -- derived from the issuer (dvk.labels.ISSUER_LEVEL)
    decision_no VARCHAR,
    decision_date DATE,
    model_name VARCHAR,
    model_id VARCHAR,                  -- the model of that name in the same district, when found
    model_kind VARCHAR,                -- that model's kind (dvk.privacy reads it), NULL when none
    link_key UBIGINT,                  -- md5_number_lower(fold(model_name)), as models.link_key
    search_text VARCHAR NOT NULL,
    source_file VARCHAR NOT NULL,
    source_sheet VARCHAR NOT NULL,
    source_row INTEGER NOT NULL,
    run_id INTEGER NOT NULL,
    code_2025 VARCHAR                  -- filled by every load (etl/order.sql), as for models
);

-- Rows held back because an identical row was already loaded from another file (listed in rejects
-- as kind 'duplicate'). Kept whole: when the file holding the loaded copy is replaced without it, the
-- held row takes its place, so a row is never lost by de-duplication.
CREATE TABLE models_held AS SELECT * FROM models WHERE false;
CREATE TABLE commendations_held AS SELECT * FROM commendations WHERE false;

-- Fence posts of the name order (etl/ranks.py): every 256th model of models.rank_name as the last
-- full ranking left it. A load places a new name between the two fences around it, then among the
-- rows ranked between those fences only; a fence whose model has gone still stands for its key.
CREATE TABLE name_fences (
    fence INTEGER NOT NULL,            -- 0, 1, 2, … in rank order
    rank_name BIGINT NOT NULL,
    name VARCHAR NOT NULL,
    model_id VARCHAR NOT NULL
);

-- What the loader decided for cells of rows it loaded: a listed value it did not know (kept as
-- 'chua_phan_loai'), an ambiguous number, an unreadable date, a formula with no value… Not rejects:
-- these rows count.
CREATE TABLE load_warnings (
    run_id INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    sheet VARCHAR NOT NULL,
    "row" INTEGER NOT NULL,
    "column" VARCHAR NOT NULL,
    value VARCHAR,                     -- as written
    became VARCHAR NOT NULL,           -- what was stored ("Chưa phân loại", "1.200", "(để trống)")
    reason VARCHAR NOT NULL
);

-- Every rejected cell of the current submissions; a row may appear once per problem.
CREATE TABLE rejects (
    run_id INTEGER NOT NULL,
    file VARCHAR NOT NULL,
    sheet VARCHAR NOT NULL,
    "row" INTEGER NOT NULL,
    "column" VARCHAR NOT NULL,
    value VARCHAR,
    reason VARCHAR NOT NULL,
    kind VARCHAR NOT NULL              -- invalid | duplicate
);

CREATE TABLE etl_runs (
    run_id INTEGER PRIMARY KEY,
    started_at TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ NOT NULL,
    files_new INTEGER NOT NULL,
    files_replaced INTEGER NOT NULL,
    files_unchanged INTEGER NOT NULL,
    rows_read BIGINT NOT NULL,
    rows_loaded BIGINT NOT NULL,
    rows_rejected BIGINT NOT NULL,
    duplicates BIGINT NOT NULL,
    warnings VARCHAR[],
    command VARCHAR
);

-- Polygons for maps (WGS84 WKB). Built by etl.geometry from package data ("approximate") unless
-- an official file was imported with `python -m etl boundaries`; kept across loads.
CREATE TABLE boundaries (
    level VARCHAR NOT NULL,            -- district | commune
    code VARCHAR NOT NULL,             -- GSO code
    name VARCHAR NOT NULL,
    vintage VARCHAR NOT NULL,          -- '2024' (27 districts), '2025' (26), '2025-07' (166 communes)
    source VARCHAR NOT NULL,           -- 'approximate' or the official file's name and date
    loaded_at TIMESTAMPTZ NOT NULL,
    geom_wkb BLOB NOT NULL,
    PRIMARY KEY (level, vintage, code)
);

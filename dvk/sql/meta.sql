-- Facts about the warehouse: schema version, whether it holds synthetic data, last load.
SELECT key, value FROM meta

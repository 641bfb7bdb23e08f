-- nas4j store, schema version 7: provenance of every trial. The worker, host, device and CPU threads it ran on and
-- the nas4j and DL4J versions that ran it, as its evaluator reported them (worker and device existed, always
-- "worker" and "cpu": those placeholders are cleared); and a hash of the experiment's config when it was added.
-- Trials of older schemas keep NULLs: their provenance was never known.
ALTER TABLE trials ADD COLUMN host VARCHAR(255);
ALTER TABLE trials ADD COLUMN threads INT;
ALTER TABLE trials ADD COLUMN nas4j_version VARCHAR(50);
ALTER TABLE trials ADD COLUMN dl4j_version VARCHAR(50);
ALTER TABLE trials ADD COLUMN config_hash VARCHAR(16);
ALTER TABLE trials ALTER COLUMN worker SET DATA TYPE VARCHAR(255);
UPDATE trials SET worker = NULL, device = NULL;

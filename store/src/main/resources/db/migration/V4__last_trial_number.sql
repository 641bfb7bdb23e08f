-- nas4j store, schema version 4: the number of each experiment's last trial, so that adding a trial neither
-- scans the experiment's trials nor races another writer for the same number.
ALTER TABLE experiments ADD COLUMN last_trial_number INT DEFAULT 0 NOT NULL;
UPDATE experiments e SET last_trial_number = (SELECT COALESCE(MAX(t.number), 0) FROM trials t WHERE t.experiment_id = e.id);

-- nas4j store, schema version 3: when an experiment first started and when it finished, and indexes for
-- the dashboard's trial table sorted by params, FLOPs or creation within an experiment.
ALTER TABLE experiments ADD COLUMN started_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE experiments ADD COLUMN finished_at TIMESTAMP WITH TIME ZONE;
CREATE INDEX trials_by_params ON trials (experiment_id, params);
CREATE INDEX trials_by_flops ON trials (experiment_id, flops);
CREATE INDEX trials_by_created ON trials (experiment_id, created_at);

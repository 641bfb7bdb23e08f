-- nas4j store, schema version 5: the dashboard lists an experiment's retrained trials (nas export --retrain) without
-- reading every trial.
CREATE INDEX trials_by_final_training ON trials (experiment_id, final_trained_at);

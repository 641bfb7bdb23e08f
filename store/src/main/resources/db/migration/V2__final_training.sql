-- nas4j store, schema version 2: the final training of exported architectures (nas export --retrain).
ALTER TABLE trials ADD COLUMN final_validation_accuracy DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN test_accuracy DOUBLE PRECISION;
ALTER TABLE trials ADD COLUMN final_epochs INT;
ALTER TABLE trials ADD COLUMN final_trained_at TIMESTAMP WITH TIME ZONE;

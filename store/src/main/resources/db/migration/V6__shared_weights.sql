-- nas4j store, schema version 6: shared-weight (ENAS) searches. Per supernet epoch its training and the controller's
-- rewards; every child the controller scored; the candidates derived at the end with their shared-weight score; the
-- supernet's weights and optimiser state as of its last epoch (the controller's state is in strategy_checkpoints);
-- and how long a final training took.
CREATE TABLE supernet_epochs (
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id),
    epoch          INT NOT NULL,
    train_loss     DOUBLE PRECISION,
    mean_reward    DOUBLE PRECISION,
    learning_rate  DOUBLE PRECISION,
    steps          BIGINT NOT NULL,
    seconds        DOUBLE PRECISION NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_id, epoch)
);

CREATE TABLE controller_samples (
    experiment_id BIGINT NOT NULL REFERENCES experiments (id),
    n             BIGINT NOT NULL,
    epoch         INT NOT NULL,
    arch_key      VARCHAR(8000) NOT NULL,
    reward        DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_id, n)
);

CREATE TABLE derived_candidates (
    experiment_id   BIGINT NOT NULL REFERENCES experiments (id),
    rank            INT NOT NULL,
    arch_key        VARCHAR(8000) NOT NULL,
    architecture    CLOB NOT NULL,
    shared_accuracy DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (experiment_id, rank)
);

CREATE TABLE supernet_checkpoints (
    experiment_id BIGINT PRIMARY KEY REFERENCES experiments (id),
    epoch         INT NOT NULL,
    weights       BLOB NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

ALTER TABLE trials ADD COLUMN final_seconds DOUBLE PRECISION;

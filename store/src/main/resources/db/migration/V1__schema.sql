-- nas4j store, schema version 1. Later releases add V2__..., V3__... and never edit this file.
CREATE TABLE experiments (
    id              BIGINT AUTO_INCREMENT PRIMARY KEY,
    name            VARCHAR(200) NOT NULL UNIQUE,
    config_text     CLOB NOT NULL,
    config_json     CLOB NOT NULL,
    source          VARCHAR(2000),
    strategy        VARCHAR(100) NOT NULL,
    budget_trials   INT NOT NULL,
    seed            BIGINT NOT NULL,
    status          VARCHAR(20) NOT NULL,
    elapsed_seconds DOUBLE PRECISION DEFAULT 0 NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE trials (
    id               BIGINT AUTO_INCREMENT PRIMARY KEY,
    experiment_id    BIGINT NOT NULL REFERENCES experiments (id),
    number           INT NOT NULL,
    arch_key         VARCHAR(8000) NOT NULL,
    architecture     CLOB NOT NULL,
    state            VARCHAR(12) NOT NULL,
    seed             BIGINT NOT NULL,
    worker           VARCHAR(100),
    device           VARCHAR(50),
    stop_reason      VARCHAR(30),
    error            CLOB,
    reward           DOUBLE PRECISION,
    best_epoch       INT,
    epochs_run       INT,
    params           BIGINT,
    flops            BIGINT,
    training_seconds DOUBLE PRECISION,
    inference_ms     DOUBLE PRECISION,
    batch_size       INT,
    checkpoint_dir   VARCHAR(2000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at       TIMESTAMP WITH TIME ZONE,
    finished_at      TIMESTAMP WITH TIME ZONE,
    CONSTRAINT trials_key UNIQUE (experiment_id, arch_key),
    CONSTRAINT trials_number UNIQUE (experiment_id, number)
);
CREATE INDEX trials_by_state ON trials (experiment_id, state);
CREATE INDEX trials_by_reward ON trials (experiment_id, reward);

CREATE TABLE epochs (
    trial_id            BIGINT NOT NULL REFERENCES trials (id),
    epoch               INT NOT NULL,
    train_loss          DOUBLE PRECISION,
    validation_loss     DOUBLE PRECISION,
    validation_accuracy DOUBLE PRECISION,
    epoch_seconds       DOUBLE PRECISION,
    images_per_second   DOUBLE PRECISION,
    PRIMARY KEY (trial_id, epoch)
);

CREATE TABLE policy_steps (
    experiment_id  BIGINT NOT NULL REFERENCES experiments (id),
    step           BIGINT NOT NULL,
    mean_reward    DOUBLE PRECISION,
    baseline       DOUBLE PRECISION,
    mean_advantage DOUBLE PRECISION,
    entropy        DOUBLE PRECISION,
    loss           DOUBLE PRECISION,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (experiment_id, step)
);

CREATE TABLE strategy_checkpoints (
    experiment_id BIGINT PRIMARY KEY REFERENCES experiments (id),
    tells         BIGINT NOT NULL,
    state         BLOB NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE events (
    id            BIGINT AUTO_INCREMENT PRIMARY KEY,
    experiment_id BIGINT NOT NULL REFERENCES experiments (id),
    trial_id      BIGINT REFERENCES trials (id),
    level         VARCHAR(10) NOT NULL,
    message       CLOB NOT NULL,
    created_at    TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX events_by_experiment ON events (experiment_id, id);

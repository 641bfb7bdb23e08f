package org.nas4j.web;

import java.time.Instant;

/** What the dashboard shows of the store itself: when its newest backup was taken (null: none yet). Immutable. */
public record StoreInfo(Instant lastBackupAt) {}

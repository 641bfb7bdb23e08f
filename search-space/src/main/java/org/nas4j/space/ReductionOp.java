package org.nas4j.space;

import java.util.LinkedHashMap;
import java.util.Map;

/** How a reduction halves the spatial size and moves to the next stage's width. */
public enum ReductionOp {
    MAX_POOL_2X2("max_pool_2x2"),
    AVG_POOL_2X2("avg_pool_2x2"),
    CONV_3X3_S2("conv_3x3_s2");

    private static final Map<String, ReductionOp> BY_ID = new LinkedHashMap<>();

    static {
        for (ReductionOp op : values()) {
            BY_ID.put(op.id, op);
        }
    }

    public final String id;

    ReductionOp(String id) {
        this.id = id;
    }

    public static Map<String, ReductionOp> byId() {
        return BY_ID;
    }

    @Override
    public String toString() {
        return id;
    }
}

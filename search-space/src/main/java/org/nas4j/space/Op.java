package org.nas4j.space;

import java.util.LinkedHashMap;
import java.util.Map;

/** The catalogue of ops a searchable layer can choose; every op keeps the spatial size (stride 1). */
public enum Op {
    CONV_1X1("conv_1x1"),
    CONV_3X3("conv_3x3"),
    CONV_5X5("conv_5x5"),
    DIL_CONV_3X3_D2("dil_conv_3x3_d2"),
    DIL_CONV_3X3_D3("dil_conv_3x3_d3"),
    SEP_CONV_3X3("sep_conv_3x3"),
    SEP_CONV_5X5("sep_conv_5x5"),
    INCEPTION("inception"),
    RESIDUAL("residual"),
    MAX_POOL_3X3("max_pool_3x3"),
    AVG_POOL_3X3("avg_pool_3x3");

    private static final Map<String, Op> BY_ID = new LinkedHashMap<>();

    static {
        for (Op op : values()) {
            BY_ID.put(op.id, op);
        }
    }

    /** The name used in experiment files, decisions and keys. */
    public final String id;

    Op(String id) {
        this.id = id;
    }

    public static Map<String, Op> byId() {
        return BY_ID;
    }

    @Override
    public String toString() {
        return id;
    }
}

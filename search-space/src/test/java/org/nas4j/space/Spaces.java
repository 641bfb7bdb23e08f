package org.nas4j.space;

import org.nas4j.core.config.ConfigNode;

/** Search spaces for tests, written as experiment-file YAML. */
public final class Spaces {
    private Spaces() {}

    public static CnnSearchSpace fromYaml(String yaml) {
        return new CnnSearchSpace(SpaceConfig.from(ConfigNode.parse(yaml, "test.yaml", true)));
    }

    /** Two layers of {@code op} with a reduction between them and a skip from the stem into layer 2. */
    public static CnnSearchSpace singleOp(Op op, Shape input) {
        return fromYaml("""
                name: single
                space:
                  input: {height: %d, width: %d, channels: %d}
                  classes: 10
                  stem: {channels: 6}
                  layers: 2
                  widths: [8, 16]
                  reductions: [1]
                  ops: [%s]
                  reduction_ops: [conv_3x3_s2]
                """.formatted(input.height(), input.width(), input.channels(), op.id));
    }
}

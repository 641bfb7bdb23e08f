package org.nas4j.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nas4j.core.Decision;
import org.nas4j.core.DecisionSpace;
import org.nas4j.web.api.Heatmap;

class HeatmapTest {
    final DecisionSpace space = new DecisionSpace("s", List.of(new Decision("op", List.of("a", "b")), new Decision("k", List.of("3", "5", "7"))));

    @Test
    void sharesPerWindowFollowTheChoices() {
        var history = new DecisionHistory(space, List.of(space.architecture(0, 0), space.architecture(0, 1),
                space.architecture(1, 2), space.architecture(1, 2)));
        Heatmap h = Heatmap.of(history, 2);
        assertEquals(List.of(new Heatmap.Window(1, 2), new Heatmap.Window(3, 4)), h.windows());
        assertArrayEquals(new double[] {1, 0}, h.decisions().get(0).shares()[0]);
        assertArrayEquals(new double[] {0, 1}, h.decisions().get(0).shares()[1]);
        assertArrayEquals(new double[] {0.5, 0.5, 0}, h.decisions().get(1).shares()[0]);
        assertArrayEquals(new double[] {0, 0, 1}, h.decisions().get(1).shares()[1]);
    }

    @Test
    void fewerTrialsThanWindowsGiveOneWindowPerTrialAndNoTrialsNone() {
        assertEquals(3, Heatmap.of(new DecisionHistory(space, List.of(space.architecture(0, 0), space.architecture(1, 1),
                space.architecture(0, 2))), 12).windows().size());
        assertEquals(0, Heatmap.of(new DecisionHistory(space, List.of()), 12).windows().size());
    }
}

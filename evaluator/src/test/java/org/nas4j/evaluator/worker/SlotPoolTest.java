package org.nas4j.evaluator.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.nas4j.core.UserError;

class SlotPoolTest {
    @Test
    void cpuWorkersSplitTheCores() {
        var pool = SlotPool.plan(2, List.of(), 8, "cpu");
        assertEquals(List.of(new Slot(0, -1, 4), new Slot(1, -1, 4)), pool.slots());
        assertEquals(Map.of("OMP_NUM_THREADS", "4"), pool.slots().get(0).environment());
        assertEquals(1, SlotPool.plan(4, List.of(), 2, "cpu").slots().get(3).threads(), "at least one thread each");
    }

    @Test
    void eachGpuGetsOneSlotPinnedToItsDevice() {
        var pool = SlotPool.plan(1, List.of(2, 0), 8, "cuda");
        assertEquals(2, pool.slots().size());
        assertEquals("cuda:2", pool.slots().get(0).device());
        assertEquals(Map.of("CUDA_VISIBLE_DEVICES", "0", "OMP_NUM_THREADS", "4"), pool.slots().get(1).environment());
    }

    @Test
    void gpusNeedTheCudaBuildAndDistinctDevices() {
        assertTrue(assertThrows(UserError.class, () -> SlotPool.plan(1, List.of(0), 8, "cpu")).getMessage()
                .contains("rebuild with mvn -Dcuda install"));
        assertThrows(UserError.class, () -> SlotPool.plan(1, List.of(1, 1), 8, "cuda"));
    }

    @Test
    void aDeviceRunsOneTrialAtATime() throws Exception {
        var pool = SlotPool.plan(1, List.of(0), 2, "cuda");
        Slot held = pool.acquire();
        var executor = Executors.newSingleThreadExecutor();
        try {
            var waiting = executor.submit(pool::acquire);
            assertThrows(java.util.concurrent.TimeoutException.class, () -> waiting.get(200, TimeUnit.MILLISECONDS));
            pool.release(held);
            assertEquals(held, waiting.get(10, TimeUnit.SECONDS));
        } finally {
            executor.shutdownNow();
        }
    }
}

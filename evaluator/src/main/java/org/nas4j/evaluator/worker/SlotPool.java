package org.nas4j.evaluator.worker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import org.nas4j.core.UserError;

/**
 * The places trials run, handed out one trial at a time: on GPU one slot per listed device, on CPU
 * {@code workers} slots sharing the cores. Thread-safe.
 */
public final class SlotPool {
    private final List<Slot> slots;
    private final BlockingQueue<Slot> free;

    public SlotPool(List<Slot> slots) {
        this.slots = List.copyOf(slots);
        this.free = new ArrayBlockingQueue<>(slots.size(), true, slots);
    }

    /**
     * Plans the slots. With {@code gpus} empty: {@code workers} CPU slots, {@code cores / workers} threads
     * each (at least one). With GPUs: one slot per device, each with the cores shared between them.
     *
     * @param backend {@code cpu} or {@code cuda} (GPUs need the CUDA build)
     */
    public static SlotPool plan(int workers, List<Integer> gpus, int cores, String backend) {
        var slots = new ArrayList<Slot>();
        if (gpus.isEmpty()) {
            int threads = Math.max(1, cores / workers);
            for (int i = 0; i < workers; i++) {
                slots.add(new Slot(i, -1, threads));
            }
        } else {
            if (!"cuda".equals(backend)) {
                throw new UserError("workers.gpus lists GPUs " + gpus + " but this nas4j was built for the CPU: "
                        + "rebuild with mvn -Dcuda install, or remove workers.gpus");
            }
            if (gpus.stream().distinct().count() != gpus.size()) {
                throw new UserError("workers.gpus lists a device twice: " + gpus + "; each GPU runs one trial at a time");
            }
            int threads = Math.max(1, cores / gpus.size());
            for (int i = 0; i < gpus.size(); i++) {
                slots.add(new Slot(i, gpus.get(i), threads));
            }
        }
        return new SlotPool(slots);
    }

    public List<Slot> slots() {
        return slots;
    }

    /** Waits for a free slot. */
    public Slot acquire() throws InterruptedException {
        return free.take();
    }

    public void release(Slot slot) {
        free.add(slot);
    }
}

package dev.elbo.autodiff;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

/**
 * A warm training step (forward, backward, zeroGrad) allocates (next to) nothing: measured with
 * the JVM's per-thread allocation counter, which counts every byte this thread allocates
 * whether or not the JIT has compiled the code yet (so no escape analysis helps).
 */
class AllocationTest {

    @Test
    void aRepeatedTrainingStepAllocatesNothing() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        long thread = Thread.currentThread().getId();

        SmallVae vae = new SmallVae(3, 8, 20, 12, 3, 4);
        Tape t = new Tape();
        for (int i = 0; i < 5; i++) step(vae, t); // first steps size the buffers
        int steps = 200;
        long before = mx.getThreadAllocatedBytes(thread);
        for (int i = 0; i < steps; i++) step(vae, t);
        long after = mx.getThreadAllocatedBytes(thread);
        double perStep = (after - before) / (double) steps;
        // The counter call itself may allocate a few bytes once; a per-step allocation of even
        // one small object (16+ bytes) times 200 steps would exceed this.
        assertTrue(perStep < 8, "bytes allocated per step: " + perStep);
    }

    private static void step(SmallVae vae, Tape t) {
        t.reset();
        t.backward(vae.loss(t));
        vae.zeroGrad();
    }
}

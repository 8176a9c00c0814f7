package dev.elbo.models.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Turns Ctrl-C (SIGINT) and {@code kill} (SIGTERM) during training into a clean stop: a shutdown
 * hook asks the trainer to stop after its current batch, then holds the JVM open until the
 * command has finished (the checkpoint of the last complete epoch is never cut short, and the
 * command gets to say how to resume) — at most {@link #WAIT_SECONDS} seconds.
 *
 * <p>The JVM then exits with the signal's status (130 or 143), whatever the command returns.
 * {@link #close()} must come last, after the command's output: once it returns, the hook lets
 * the JVM go.
 */
final class StopOnSignal implements AutoCloseable {
    static final long WAIT_SECONDS = 120;

    private final CountDownLatch finished = new CountDownLatch(1);
    private final Thread hook;
    private volatile boolean signalled;

    private StopOnSignal(Runnable requestStop) {
        hook = new Thread(() -> {
            signalled = true;
            requestStop.run();
            try {
                finished.await(WAIT_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "elbo-stop-on-signal");
    }

    /** Registers the hook; {@code requestStop} must be safe to call from another thread. */
    static StopOnSignal install(Runnable requestStop) {
        StopOnSignal s = new StopOnSignal(requestStop);
        Runtime.getRuntime().addShutdownHook(s.hook);
        return s;
    }

    /** Whether a signal (or any other shutdown) asked the run to stop. */
    boolean signalled() {
        return signalled;
    }

    /** The command is done: lets a waiting hook return, or removes the hook when no signal came. */
    @Override
    public void close() {
        finished.countDown();
        if (!signalled) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // a signal arrived just now: the hook sees the latch open and returns at once
            }
        }
    }
}

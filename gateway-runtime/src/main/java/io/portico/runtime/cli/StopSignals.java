package io.portico.runtime.cli;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * SIGTERM and SIGINT, taken over from the JVM so that a stop is a normal end of the program: the node drains and
 * {@code main} returns, and the process exits with 0. (Left to the JVM, a signal runs the shutdown hooks and
 * exits with 128 + the signal number, 143 for SIGTERM, whatever the hooks did.) A second signal while draining
 * stops at once.
 */
final class StopSignals {
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicInteger received = new AtomicInteger();

    /**
     * Installs the handlers.
     *
     * @return whether the signals could be taken over (not, for instance, under {@code -Xrs}); when not, the
     *         caller must stop from a shutdown hook instead
     */
    boolean install() {
        try {
            for (String name : new String[]{"TERM", "INT"}) {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal("SIG" + signal.getName()));
            }
            return true;
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            return false;
        }
    }

    private void onSignal(String name) {
        if (received.incrementAndGet() == 1) {
            System.err.println("portico: " + name + " received, stopping");
            stop.countDown();
        } else {
            System.err.println("portico: " + name + " received again, stopping now without draining");
            Runtime.getRuntime().halt(1);
        }
    }

    /** Blocks until the first signal. */
    void await() throws InterruptedException {
        stop.await();
    }
}

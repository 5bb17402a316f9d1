package io.tandem.proxy.frontend;

import io.tandem.proxy.metrics.ProxyMetrics;
import io.tandem.proxy.protocol.CommandType;

/**
 * Where one session's command is and since when: its phase, watched by {@link WaitWatch}, and its duration, for the
 * command metrics. Owned by one session, on its event loop.
 */
final class CommandProgress {

    private CommandPhase phase = CommandPhase.IDLE;
    /** When the session entered its phase, by {@link System#nanoTime()}. */
    private long since;
    /** The {@link #since} of the last wait reported slow: each wait is reported once. */
    private long slowNoticed;
    private CommandType command;
    private long started;

    /** A command arrived: the proxy places it. */
    void begin(CommandType type) {
        command = type;
        enter(CommandPhase.PLACING);
        started = since;
    }

    void enter(CommandPhase next) {
        enter(next, System.nanoTime());
    }

    private void enter(CommandPhase next, long now) {
        phase = next;
        since = now;
    }

    CommandPhase phase() {
        return phase;
    }

    /** How long the session has been in its phase, in nanoseconds, as of {@code now}. */
    long inPhase(long now) {
        return now - since;
    }

    /** The current wait was found slow: true the first time only. */
    boolean noticeSlowWait() {
        if (slowNoticed == since) {
            return false;
        }
        slowNoticed = since;
        return true;
    }

    /** The command is answered: its duration is counted, and the session waits for the next one. */
    void end(ProxyMetrics metrics) {
        long now = System.nanoTime();
        if (command != null) {
            metrics.command(command, now - started);
            command = null;
        }
        enter(CommandPhase.IDLE, now);
    }
}

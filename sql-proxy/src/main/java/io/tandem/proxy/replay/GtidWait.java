package io.tandem.proxy.replay;

import io.tandem.proxy.backend.BackendConnection;
import io.tandem.proxy.backend.FrameSink;
import io.tandem.proxy.backend.SingleRow;
import io.tandem.proxy.protocol.codec.MySQLFrame;
import io.tandem.proxy.protocol.packet.TextCommand;
import io.tandem.topology.gtid.GtidSet;
import io.tandem.topology.flavor.Flavor;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Read-your-writes on a replica not yet known to have the session's last write: asks it to wait, briefly, with
 * {@code WAIT_FOR_EXECUTED_GTID_SET} (MariaDB: {@code MASTER_GTID_WAIT}). The answer is consumed here; the caller learns only whether the replica has
 * the write now. Any error counts as "no", and the read goes to the primary.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/gtid-functions.html#function_wait-for-executed-gtid-set">
 *     WAIT_FOR_EXECUTED_GTID_SET</a>
 */
public final class GtidWait implements FrameSink {

    private final SingleRow row;
    private final Consumer<Boolean> done;

    private GtidWait(BackendConnection connection, Consumer<Boolean> done) {
        this.row = new SingleRow(connection.capabilities());
        this.done = done;
    }

    /** Calls {@code done} with whether {@code connection}'s server executed {@code gtids} within {@code wait}. */
    public static void run(BackendConnection connection, GtidSet gtids, Duration wait, Consumer<Boolean> done) {
        // both return 0 once the server has the transactions: MariaDB's counterpart waits on its GTID position
        String function = gtids.flavor().orElse(Flavor.MYSQL) == Flavor.MARIADB ? "MASTER_GTID_WAIT"
                : "WAIT_FOR_EXECUTED_GTID_SET";
        // the introducer keeps the literal readable whatever character_set_connection another session left behind
        String sql = "SELECT " + function + "(_utf8mb4'" + gtids + "', "
                + String.format(Locale.ROOT, "%.3f", wait.toMillis() / 1000.0) + ")";
        connection.sink(new GtidWait(connection, done));
        connection.send(MySQLFrame.of(connection.channel().alloc(), 0, TextCommand.query(sql)));
    }

    @Override
    public void onFrame(MySQLFrame frame) {
        boolean complete;
        try {
            complete = row.next(frame);
        } finally {
            frame.release();
        }
        if (complete) {
            done.accept(row.failed() == null && !row.values().isEmpty() && "0".equals(row.values().get(0)));
        }
    }

    @Override
    public void onClosed(Throwable cause) {
        done.accept(false);
    }
}

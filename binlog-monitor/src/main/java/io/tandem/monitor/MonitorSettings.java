package io.tandem.monitor;

import java.time.Duration;

/**
 * How the binlog monitor runs.
 *
 * @param cluster the cluster name, for ZooKeeper paths ({@code /tandem/<cluster>/lag/<instance>})
 * @param user the orchestrator account: writes {@code tandem.*}, reads the binlog (REPLICATION SLAVE and CLIENT)
 * @param heartbeatInterval how often the heartbeat row is written on the primary
 * @param sampleInterval how often replicas' GTID sets are read and their lag published
 * @param statusEvery read {@code Seconds_Behind_Source} every this many samples
 * @param enginePollInterval how long the Debezium engine waits for binlog events between polls
 * @param engineRestartBackoff the least time between two starts of the engine on one primary
 * @param commitLogEntries and {@code commitLogAge} bound the GTID → commit time log
 * @param recentRows how many row events are kept for salvage
 */
public record MonitorSettings(
        String cluster,
        String user,
        String password,
        Duration connectTimeout,
        Duration heartbeatInterval,
        Duration sampleInterval,
        int statusEvery,
        Duration enginePollInterval,
        Duration engineRestartBackoff,
        int commitLogEntries,
        Duration commitLogAge,
        int recentRows) {

    public MonitorSettings {
        if (cluster == null || cluster.isBlank() || user == null || password == null) {
            throw new IllegalArgumentException("the binlog monitor needs a cluster name and an account");
        }
        for (Duration d : new Duration[] {connectTimeout, heartbeatInterval, sampleInterval, enginePollInterval,
            engineRestartBackoff, commitLogAge}) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("binlog monitor intervals must be positive: " + d);
            }
        }
        if (statusEvery < 1 || commitLogEntries < 1 || recentRows < 1) {
            throw new IllegalArgumentException("binlog monitor counts must be positive");
        }
    }

    /** DESIGN.md's defaults: heartbeat and samples every 250 ms, Seconds_Behind_Source every 2 s. */
    public static MonitorSettings defaults(String cluster, String user, String password) {
        return new MonitorSettings(cluster, user, password, Duration.ofSeconds(1), Duration.ofMillis(250),
                Duration.ofMillis(250), 8, Duration.ofMillis(10), Duration.ofSeconds(2), 200_000,
                Duration.ofMinutes(10), 50_000);
    }
}

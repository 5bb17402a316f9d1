package io.tandem.sandbox;

import io.tandem.topology.instance.InstanceKey;

import java.nio.file.Path;

/**
 * Where one sandbox server lives: its port, server id and files, all under {@code <sandbox>/server-<n>/}.
 *
 * @param index 1 for the first server (the initial primary), 2… for the replicas
 */
public record ServerLayout(int index, int port, Path home) {

    public static final String HOST = "127.0.0.1";

    public InstanceKey key() {
        return new InstanceKey(HOST, port);
    }

    /** Server ids follow the index, so logs and {@code SHOW REPLICAS} read in sandbox order. */
    public long serverId() {
        return index;
    }

    public Path dataDir() {
        return home.resolve("data");
    }

    public Path socket() {
        return home.resolve("server.sock");
    }

    public Path pidFile() {
        return home.resolve("server.pid");
    }

    public Path errorLog() {
        return home.resolve("error.log");
    }

    public Path consoleLog() {
        return home.resolve("console.log");
    }
}

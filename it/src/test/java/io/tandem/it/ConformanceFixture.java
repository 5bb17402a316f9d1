package io.tandem.it;

import io.tandem.it.conformance.ConformanceSuite;
import io.tandem.proxy.auth.TlsMaterial;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.flavor.Flavor;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

/**
 * The topology the conformance harness runs against: a sandbox with two replicas and a proxy following its view
 * ({@link RoutingFixture}, default proxy settings), so that reads really go to replicas. Cases connect as the
 * application account, to the primary directly and to the proxy.
 */
final class ConformanceFixture implements AutoCloseable {

    private final RoutingFixture routing;

    private ConformanceFixture(RoutingFixture routing) {
        this.routing = routing;
    }

    /** What every server of the sandbox allows: rows and statements of more than 16 MiB (the proxy's own limit). */
    static final int MAX_ALLOWED_PACKET = 64 * 1024 * 1024;

    /**
     * Starts the topology. MySQL 8.0 ships with {@code local_infile} off; it is switched on for every server so that
     * the LOAD DATA LOCAL INFILE case exercises the relay of the file (MariaDB has it on already).
     * {@code max_allowed_packet} is 64 MiB on every server (MySQL 8.0's default; MariaDB 10.11's is 16 MiB), so that
     * the 16 MiB cases send and read rows of more than 16 MiB; it is set before any client connects, since a
     * connection keeps the value it started with. The proxy offers clients TLS with a self-signed certificate, as
     * the servers do with theirs (MySQL's auto-generated one; the sandbox's MariaDB has none).
     */
    static ConformanceFixture start(Flavor flavor) throws SQLException {
        TlsMaterial tls = TlsMaterial.selfSigned(SandboxFixture.folder("conformance-proxy-tls"),
                "tandem-conformance-proxy");
        RoutingFixture routing = RoutingFixture.start(flavor, 2, true, settings -> settings, tls);
        try {
            for (ServerProcess server : routing.sandbox.servers()) {
                RoutingFixture.execute(server, "SET GLOBAL local_infile = 1",
                        "SET GLOBAL max_allowed_packet = " + MAX_ALLOWED_PACKET);
            }
            return new ConformanceFixture(routing);
        } catch (SQLException | RuntimeException e) {
            routing.close();
            throw e;
        }
    }

    /**
     * Runs the corpus for {@code flavor} ({@code -Dtandem.conformance.rounds=N} times, default once); the report
     * goes to {@code target/conformance-<flavor>.md}.
     */
    List<String> check(Flavor flavor) throws Exception {
        ConformanceSuite.Endpoints endpoints = new ConformanceSuite.Endpoints(routing.primaryPort(),
                routing.proxy.port(), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
        return ConformanceSuite.forFlavor(flavor).check(endpoints, this::recreate, report(flavor),
                Integer.getInteger("tandem.conformance.rounds", 1));
    }

    static Path report(Flavor flavor) {
        return Path.of("target", "conformance-" + flavor.name().toLowerCase(Locale.ROOT) + ".md").toAbsolutePath();
    }

    /**
     * A fresh {@code schema}: a case that left a lock behind (a prepared XA transaction holds its tables' metadata
     * locks until it is committed or rolled back) fails this after 10 s instead of blocking the run for a year.
     */
    private void recreate(String schema) throws Exception {
        RoutingFixture.execute(routing.sandbox.primary(), "SET SESSION lock_wait_timeout = 10",
                "DROP DATABASE IF EXISTS " + schema, "CREATE DATABASE " + schema);
        routing.sandbox.awaitReplicasCaughtUp();
    }

    @Override
    public void close() {
        routing.close();
    }
}

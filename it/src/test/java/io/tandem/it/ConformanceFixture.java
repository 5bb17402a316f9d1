package io.tandem.it;

import io.tandem.it.conformance.ConformanceSuite;
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

    /**
     * Starts the topology. MySQL 8.0 ships with {@code local_infile} off; it is switched on for every server so that
     * the LOAD DATA LOCAL INFILE case exercises the relay of the file (MariaDB has it on already).
     */
    static ConformanceFixture start(Flavor flavor) throws SQLException {
        RoutingFixture routing = RoutingFixture.start(flavor, 2, true, settings -> settings);
        try {
            for (ServerProcess server : routing.sandbox.servers()) {
                RoutingFixture.execute(server, "SET GLOBAL local_infile = 1");
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

    private void recreate(String schema) throws Exception {
        RoutingFixture.execute(routing.sandbox.primary(), "DROP DATABASE IF EXISTS " + schema,
                "CREATE DATABASE " + schema);
        routing.sandbox.awaitReplicasCaughtUp();
    }

    @Override
    public void close() {
        routing.close();
    }
}

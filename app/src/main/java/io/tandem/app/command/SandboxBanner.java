package io.tandem.app.command;

import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxAccounts;
import io.tandem.sandbox.ServerProcess;
import io.tandem.topology.instance.InstanceKey;

import java.io.PrintStream;

/** What {@code tandem sandbox} prints once everything is up: where each part listens and how to connect. */
record SandboxBanner(Sandbox sandbox, long epoch, int proxyPort, int metricsPort, long startMillis,
                     boolean orchestrator) {

    void print(PrintStream out) {
        InstanceKey primary = sandbox.primary().layout().key();
        out.printf("%nTandem sandbox is up in %.1f s: %s, 1 primary + %d replicas, cluster '%s', epoch %d%n%n",
                startMillis / 1000.0, sandbox.describeDistribution(), sandbox.replicas().size(),
                sandbox.spec().cluster(), epoch);
        out.printf("  %-10s %-18s pid %d%n", "primary", primary, sandbox.primary().pid());
        for (ServerProcess replica : sandbox.replicas()) {
            out.printf("  %-10s %-18s pid %d%n", "replica", replica.layout().key(), replica.pid());
        }
        out.printf("  %-10s %s%n", "ZooKeeper", sandbox.zooKeeperConnectString());
        out.printf("  %-10s 127.0.0.1:%d (MySQL protocol, TLS optional; writes to the primary, reads to replicas)%n",
                "proxy", proxyPort);
        out.printf("  %-10s %s%n", "failover", orchestrator
                ? "one orchestrator, leading, with a binlog lag monitor: kill -9 the primary and watch ./tandem status"
                : "none (--no-orchestrator): the proxy follows whatever view is published; fail over by hand");
        out.printf("  %-10s http://127.0.0.1:%d/metrics (Prometheus)%n%n", "metrics", metricsPort);
        out.printf("  connect    mariadb -h 127.0.0.1 -P %d -u %s -p%s     (through the proxy)%n", proxyPort,
                SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
        out.printf("  JDBC       jdbc:mysql://127.0.0.1:%d/?user=%s&password=%s%n", proxyPort,
                SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
        out.printf("  direct     mariadb -h %s -P %d -u %s -p%s     (the primary itself)%n", primary.host(),
                primary.port(), SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD);
        out.printf("  accounts   %s/%s (applications), %s/%s (orchestrator), %s/%s (replication), root (no"
                        + " password, 127.0.0.1 only)%n", SandboxAccounts.CLIENT_USER, SandboxAccounts.CLIENT_PASSWORD,
                SandboxAccounts.ORCHESTRATOR_USER, SandboxAccounts.ORCHESTRATOR_PASSWORD,
                SandboxAccounts.REPLICATION_USER, SandboxAccounts.REPLICATION_PASSWORD);
        out.printf("  status     ./tandem status   (or --json; add --zk %s --cluster %s if not the defaults)%n%n",
                sandbox.zooKeeperConnectString(), sandbox.spec().cluster());
        out.println("Press Ctrl-C to stop every process the sandbox started.");
        out.flush();
    }
}

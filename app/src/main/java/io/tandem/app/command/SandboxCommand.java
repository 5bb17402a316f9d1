package io.tandem.app.command;

import io.tandem.proxy.ProxySettings;
import io.tandem.sandbox.CacheDirectory;
import io.tandem.sandbox.Sandbox;
import io.tandem.sandbox.SandboxSpec;
import io.tandem.topology.flavor.Flavor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * {@code tandem sandbox}: a whole cluster on this machine, up until Ctrl-C.
 */
@Command(name = "sandbox", mixinStandardHelpOptions = true,
        description = "Starts everything on this machine: an embedded ZooKeeper, a primary and N replicas of real"
                + " MySQL (or MariaDB) with GTID replication, and publishes the cluster view. Ctrl-C stops it all.")
public final class SandboxCommand implements Callable<Integer> {

    @Option(names = "--flavor", defaultValue = "mysql", description = "mysql (8.0.31, from Maven) or mariadb"
            + " (mariadbd from the PATH). Default: ${DEFAULT-VALUE}")
    private Flavor flavor;

    @Option(names = "--replicas", defaultValue = "2", description = "Number of replicas. Default: ${DEFAULT-VALUE}")
    private int replicas;

    @Option(names = "--dir", defaultValue = ".tandem-sandbox", description = "Working folder, wiped at start and"
            + " at stop. Default: ${DEFAULT-VALUE}")
    private Path dir;

    @Option(names = "--base-port", defaultValue = "" + SandboxSpec.DEFAULT_BASE_PORT,
            description = "Port of the primary; replicas take the next ones. Default: ${DEFAULT-VALUE}")
    private int basePort;

    @Option(names = "--zk-port", defaultValue = "" + SandboxSpec.DEFAULT_ZOOKEEPER_PORT,
            description = "Port of the embedded ZooKeeper. Default: ${DEFAULT-VALUE}")
    private int zooKeeperPort;

    @Option(names = "--proxy-port", defaultValue = "" + ProxySettings.DEFAULT_PORT,
            description = "Port of the Tandem proxy (MySQL protocol). Default: ${DEFAULT-VALUE}")
    private int proxyPort;

    @Option(names = "--metrics-port", defaultValue = "9104",
            description = "Port of the Prometheus endpoint (/metrics). Default: ${DEFAULT-VALUE}")
    private int metricsPort;

    @Option(names = "--orchestrator", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Run Tandem's orchestrator and binlog monitor (automatic failover, lag). --no-orchestrator"
                    + " leaves failover to you or to another tool under test. Default: on")
    private boolean orchestrator;

    @Override
    public Integer call() throws InterruptedException {
        SandboxSpec spec = new SandboxSpec(flavor, replicas, dir, basePort, zooKeeperPort, SandboxSpec.DEFAULT_CLUSTER);
        PrintStream out = System.out;
        out.println("Starting the sandbox in " + dir.toAbsolutePath().normalize() + " ...");
        long started = System.nanoTime();
        Sandbox sandbox = Sandbox.start(spec, CacheDirectory.userDefault());
        SandboxServices services;
        try {
            services = SandboxServices.start(sandbox, proxyPort, metricsPort, orchestrator);
        } catch (RuntimeException e) {
            sandbox.close();
            throw e;
        }
        // the sandbox's own shutdown hook stops what talks to the servers first, then the servers
        sandbox.stopFirst(() -> {
            System.err.println("Stopping the sandbox ...");
            services.close();
        });
        new SandboxBanner(sandbox, services.epoch(), proxyPort, metricsPort,
                (System.nanoTime() - started) / 1_000_000, orchestrator).print(out);
        new CountDownLatch(1).await();
        return 0;
    }
}

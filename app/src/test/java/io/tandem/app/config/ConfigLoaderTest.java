package io.tandem.app.config;

import io.tandem.topology.instance.InstanceKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ConfigLoaderTest {

    private static final String MINIMAL = """
            cluster: prod
            zookeeper:
              connect: zk1:2181
            seeds:
              - db1:3306
            credentials:
              orchestrator:
                user: tandem
                password: s3cret-orch
            """;

    @TempDir
    Path dir;

    private final Map<String, String> environment = new HashMap<>();

    @Test
    void loadsFullFile() {
        environment.put("TANDEM_REPL_PASSWORD", "s3cret-repl");

        TandemConfig config = load("""
                cluster: prod-eu_1
                zookeeper:
                  connect: zk1:2181,zk2:2181
                  sessionTimeoutMs: 20000
                  connectionTimeoutMs: 3000
                seeds:
                  - db1.example.com:3306
                  - DB2.example.com
                  - "[::1]:3307"
                credentials:
                  orchestrator:
                    user: tandem
                    password: s3cret-orch
                  replication:
                    user: repl
                    passwordEnv: TANDEM_REPL_PASSWORD
                """);

        assertThat(config.cluster()).isEqualTo("prod-eu_1");
        assertThat(config.zookeeper()).isEqualTo(new ZooKeeperSettings(
                "zk1:2181,zk2:2181", Duration.ofSeconds(20), Duration.ofSeconds(3)));
        assertThat(config.seeds()).containsExactly(
                new InstanceKey("db1.example.com", 3306),
                new InstanceKey("db2.example.com", 3306),
                new InstanceKey("::1", 3307));
        assertThat(config.orchestrator()).isEqualTo(new Credentials("tandem", Secret.of("s3cret-orch")));
        assertThat(config.replication()).contains(new Credentials("repl", Secret.of("s3cret-repl")));
    }

    @Test
    void appliesDefaults() {
        TandemConfig config = load(MINIMAL);

        assertThat(config.zookeeper().sessionTimeout()).isEqualTo(Duration.ofMillis(15_000));
        assertThat(config.zookeeper().connectionTimeout()).isEqualTo(Duration.ofMillis(5_000));
        assertThat(config.replication()).isEmpty();
    }

    @Test
    void keyWithoutValueCountsAsAbsent() {
        TandemConfig config = load(MINIMAL + "  replication:\n");

        assertThat(config.replication()).isEmpty();
    }

    @Test
    void missingFileNamesThePathAsGiven() {
        Path missing = dir.resolve("nowhere.yaml");
        Path relative = Path.of("no-such-folder", "tandem.yaml");

        assertThat(failureOf(missing)).isEqualTo(missing + ": no such file (create it, or pass --config PATH)");
        assertThat(failureOf(relative)).isEqualTo(relative + ": no such file (create it, or pass --config PATH)");
    }

    @Test
    void readsTheProxySectionWithDefaults() {
        environment.put("REPORTS_PW", "reports-secret");
        TandemConfig config = load(MINIMAL + "proxy:\n  users:\n    - {user: app, password: apppw}\n"
                + "    - {user: reports, passwordEnv: REPORTS_PW}\n  metricsPort: 9104\n");

        ProxyConfig proxy = config.proxy().orElseThrow();
        assertThat(proxy.port()).isEqualTo(6033);
        assertThat(proxy.bind()).isEqualTo("0.0.0.0");
        assertThat(proxy.maxBackendConnections()).isEqualTo(64);
        assertThat(proxy.localInfile()).isTrue();
        assertThat(proxy.metricsPort()).contains(9104);
        assertThat(proxy.primary()).isEmpty();
        assertThat(proxy.users()).extracting(Credentials::user).containsExactly("app", "reports");
        assertThat(proxy.users().get(1).password().reveal()).isEqualTo("reports-secret");
    }

    @Test
    void readsRoutingAndTheMonitorAccount() {
        environment.put("MONITOR_PW", "monitor-secret");
        ProxyConfig proxy = load(MINIMAL + "proxy:\n  users: [{user: app, password: a}, {user: reports, password: r}]\n"
                + "  monitor: {user: tandem, passwordEnv: MONITOR_PW}\n"
                + "  routing: {maxLagMs: 250, readOnlyTransactions: true, readYourWrites: [reports],"
                + " writeHoldMs: 3000}\n").proxy().orElseThrow();

        assertThat(proxy.routing().readWriteSplit()).isTrue();
        assertThat(proxy.routing().maxLag()).isEqualTo(java.time.Duration.ofMillis(250));
        assertThat(proxy.routing().readOnlyTransactions()).isTrue();
        assertThat(proxy.routing().readYourWrites()).as("not for everyone").isFalse();
        assertThat(proxy.readYourWritesUsers()).containsExactly("reports");
        assertThat(proxy.routing().writeHold()).isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(proxy.monitor().orElseThrow().user()).isEqualTo("tandem");
        assertThat(proxy.monitor().orElseThrow().password().reveal()).isEqualTo("monitor-secret");

        String users = "proxy:\n  users: [{user: a, password: b}]\n";
        ProxyConfig defaults = load(MINIMAL + users).proxy().orElseThrow();
        assertThat(defaults.routing()).isEqualTo(io.tandem.proxy.routing.RoutingSettings.DEFAULTS);
        assertThat(defaults.routing().readYourWrites()).as("read-your-writes is on by default").isTrue();
        assertThat(load(MINIMAL + users + "  routing: {maxLagMs: 500}\n").proxy().orElseThrow().routing()
                .readYourWrites()).as("and stays on when other routing keys are set").isTrue();
        assertThat(load(MINIMAL + users + "  routing: {readYourWrites: false}\n").proxy().orElseThrow().routing()
                .readYourWrites()).as("off for everyone").isFalse();
        assertThat(defaults.monitor()).isEmpty();
        assertThat(load(MINIMAL + users + "  routing: {readYourWrites: true, readWriteSplit: off}\n").proxy()
                .orElseThrow().routing()).satisfies(r -> {
                    assertThat(r.readYourWrites()).isTrue();
                    assertThat(r.readWriteSplit()).isFalse();
                });
        assertThat(errorOf(MINIMAL + users + "  routing: {readYourWrites: [nobody]}\n"))
                .contains("proxy.routing.readYourWrites[0] names 'nobody', which is not one of proxy.users");
        assertThat(errorOf(MINIMAL + users + "  routing: {maxLag: 5}\n")).contains("proxy.routing").contains("maxLag");
    }

    @Test
    void backendTlsTakesYamlsBooleanSpellingOfOff() {
        String users = "proxy:\n  users: [{user: a, password: b}]\n";
        assertThat(load(MINIMAL + users + "  backendTls: off\n").proxy().orElseThrow().backendTls())
                .isEqualTo(io.tandem.proxy.backend.BackendTls.OFF);
        assertThat(load(MINIMAL + users + "  backendTls: verify\n").proxy().orElseThrow().backendTls())
                .isEqualTo(io.tandem.proxy.backend.BackendTls.VERIFY);
        assertThat(load(MINIMAL + users).proxy().orElseThrow().backendTls())
                .isEqualTo(io.tandem.proxy.backend.BackendTls.PREFERRED);
        assertThat(errorOf(MINIMAL + users + "  backendTls: maybe\n"))
                .contains("proxy.backendTls 'maybe' is not one of off, preferred, verify");
    }

    @Test
    void aProxySectionNeedsUsersAndKnownKeys() {
        assertThat(errorOf(MINIMAL + "proxy:\n  port: 6033\n"))
                .startsWith("tandem.yaml: proxy.users needs at least one account");
        assertThat(errorOf(MINIMAL + "proxy:\n  users: [{user: a, password: b}]\n  prot: 1\n"))
                .startsWith("tandem.yaml: unknown key 'proxy.prot'");
        assertThat(errorOf(MINIMAL + "proxy:\n  users: [{user: a, password: b}]\n  localInfile: maybe\n"))
                .contains("proxy.localInfile").contains("true or false");
        assertThat(errorOf(MINIMAL + "proxy:\n  users: [{user: a, password: b}, {user: a, password: c}]\n"))
                .contains("proxy.users[1] repeats user 'a'");
    }

    @Test
    void rejectsEmptyFile() {
        assertThat(errorOf("# nothing yet\n"))
                .isEqualTo("tandem.yaml: the file is empty "
                        + "(expected keys: cluster, zookeeper, seeds, credentials, proxy, failover)");
    }

    @Test
    void yamlSyntaxErrorGivesLineAndColumn() {
        String withTab = MINIMAL.replace("  connect: zk1:2181", "\tconnect: zk1:2181");

        assertThat(errorOf(withTab)).startsWith("tandem.yaml: invalid YAML at line 3, column 1: ")
                .contains("TAB").doesNotContain("\n");
        assertThat(errorOf("cluster: prod: eu\n"))
                .isEqualTo("tandem.yaml: invalid YAML at line 1, column 14: mapping values are not allowed here");
    }

    @Test
    void rejectsDuplicateKey() {
        assertThat(errorOf(MINIMAL + "cluster: staging\n"))
                .startsWith("tandem.yaml: invalid YAML at line 10, ")
                .endsWith("Duplicate field 'cluster'");
    }

    @Test
    void rejectsDocumentThatIsNotAMapping() {
        assertThat(errorOf("- db1:3306\n")).isEqualTo("tandem.yaml: the file must be a mapping of keys "
                + "(cluster, zookeeper, seeds, credentials, proxy, failover), got a list");
    }

    @Test
    void requiresConnectString() {
        assertThat(errorOf(MINIMAL.replace("  connect: zk1:2181\n", "  sessionTimeoutMs: 15000\n")))
                .isEqualTo("tandem.yaml: zookeeper.connect is required "
                        + "(the ZooKeeper connect string, e.g. zk1:2181,zk2:2181)");
        assertThat(errorOf(MINIMAL.replace("zookeeper:\n  connect: zk1:2181\n", "")))
                .startsWith("tandem.yaml: zookeeper.connect is required");
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181", "connect: ''")))
                .startsWith("tandem.yaml: zookeeper.connect is empty");
    }

    @Test
    void requiresClusterNameFitForAZooKeeperPath() {
        assertThat(errorOf(MINIMAL.replace("cluster: prod\n", "")))
                .isEqualTo("tandem.yaml: cluster is required (the cluster name, e.g. prod)");
        assertThat(errorOf(MINIMAL.replace("cluster: prod", "cluster: prod/eu")))
                .isEqualTo("tandem.yaml: cluster 'prod/eu' may contain only letters, digits, '-' and '_' "
                        + "(it becomes a ZooKeeper path segment)");
    }

    @Test
    void rejectsUnknownTopLevelKey() {
        assertThat(errorOf(MINIMAL.replace("zookeeper:", "zookeper:")))
                .isEqualTo("tandem.yaml: unknown key 'zookeper' "
                        + "(expected one of: cluster, zookeeper, seeds, credentials, proxy, failover)");
    }

    @Test
    void rejectsUnknownNestedKeysWithFullPath() {
        assertThat(errorOf(MINIMAL.replace("password:", "pasword:")))
                .isEqualTo("tandem.yaml: unknown key 'credentials.orchestrator.pasword' "
                        + "(expected one of: user, password, passwordEnv, passwordFile)");
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181", "connect: zk1:2181\n  sessionTimeout: 5s")))
                .isEqualTo("tandem.yaml: unknown key 'zookeeper.sessionTimeout' "
                        + "(expected one of: connect, sessionTimeoutMs, connectionTimeoutMs)");
        assertThat(errorOf(MINIMAL.replace("orchestrator:", "orchestrater:")))
                .isEqualTo("tandem.yaml: unknown key 'credentials.orchestrater' "
                        + "(expected one of: orchestrator, replication)");
    }

    @Test
    void rejectsSeedThatIsNotHostPort() {
        assertThat(errorOf(MINIMAL.replace("  - db1:3306", "  - db1:3306\n  - db2:abc")))
                .isEqualTo("tandem.yaml: seeds[1] 'db2:abc' is not HOST:PORT: "
                        + "'db2:abc' has no valid port; expected HOST:PORT");
        assertThat(errorOf(MINIMAL.replace("  - db1:3306", "  - db1:99999")))
                .startsWith("tandem.yaml: seeds[0] 'db1:99999' is not HOST:PORT: ");
    }

    @Test
    void requiresAtLeastOneDistinctSeed() {
        assertThat(errorOf(MINIMAL.replace("seeds:\n  - db1:3306\n", "")))
                .startsWith("tandem.yaml: seeds is required (");
        assertThat(errorOf(MINIMAL.replace("seeds:\n  - db1:3306\n", "seeds: []\n")))
                .isEqualTo("tandem.yaml: seeds needs at least one HOST:PORT");
        assertThat(errorOf(MINIMAL.replace("  - db1:3306", "  - db1\n  - db1:3306")))
                .isEqualTo("tandem.yaml: seeds[1] 'db1:3306' is already listed");
        assertThat(errorOf(MINIMAL.replace("  - db1:3306", "  - db1:3306\n  -")))
                .isEqualTo("tandem.yaml: seeds[1] is empty; expected HOST:PORT");
    }

    @Test
    void wrongTypeNamesKeyAndExpectedType() {
        assertThat(errorOf(MINIMAL.replace("seeds:\n  - db1:3306", "seeds: db1:3306")))
                .isEqualTo("tandem.yaml: seeds must be a list of HOST:PORT, got text");
        assertThat(errorOf(MINIMAL.replace("cluster: prod", "cluster: 42")))
                .isEqualTo("tandem.yaml: cluster must be text, got a number (put the value in quotes)");
        assertThat(errorOf(MINIMAL.replace("  - db1:3306", "  - 3306")))
                .isEqualTo("tandem.yaml: seeds[0] must be text, got a number (put the value in quotes)");
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181", "connect: zk1:2181\n  sessionTimeoutMs: 15s")))
                .isEqualTo("tandem.yaml: zookeeper.sessionTimeoutMs must be a whole number, got text");
        assertThat(errorOf(MINIMAL.replace("zookeeper:\n  connect: zk1:2181", "zookeeper: zk1:2181")))
                .isEqualTo("tandem.yaml: zookeeper must be a mapping of keys "
                        + "(connect, sessionTimeoutMs, connectionTimeoutMs), got text");
        assertThat(errorOf(MINIMAL.replace("user: tandem", "user: [tandem]")))
                .isEqualTo("tandem.yaml: credentials.orchestrator.user must be text, got a list");
    }

    @Test
    void wrongTypeForPasswordDoesNotEchoIt() {
        String message = errorOf(MINIMAL.replace("password: s3cret-orch", "password: 918273645"));

        assertThat(message).isEqualTo("tandem.yaml: credentials.orchestrator.password must be text, "
                + "got a number (put the value in quotes)");
    }

    @Test
    void checksTimeoutRanges() {
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181", "connect: zk1:2181\n  sessionTimeoutMs: 5")))
                .isEqualTo("tandem.yaml: zookeeper.sessionTimeoutMs must be between 1000 and 600000, got 5");
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181",
                "connect: zk1:2181\n  connectionTimeoutMs: 99999999999999999999")))
                .isEqualTo("tandem.yaml: zookeeper.connectionTimeoutMs must be between 100 and 600000, "
                        + "got 99999999999999999999");
        assertThat(errorOf(MINIMAL.replace("connect: zk1:2181", "connect: zk1:2181\n  connectionTimeoutMs: 1.5")))
                .isEqualTo("tandem.yaml: zookeeper.connectionTimeoutMs must be a whole number, got a number");
    }

    @Test
    void requiresOrchestratorAccount() {
        assertThat(errorOf(MINIMAL.substring(0, MINIMAL.indexOf("credentials:"))))
                .startsWith("tandem.yaml: credentials.orchestrator is required (");
        assertThat(errorOf(MINIMAL.replace("    user: tandem\n", "")))
                .isEqualTo("tandem.yaml: credentials.orchestrator.user is required (the MySQL account name)");
    }

    @Test
    void requiresExactlyOnePasswordSource() {
        assertThat(errorOf(MINIMAL.replace("    password: s3cret-orch\n", "")))
                .isEqualTo("tandem.yaml: credentials.orchestrator needs exactly one of "
                        + "password, passwordEnv, passwordFile");
        assertThat(errorOf(MINIMAL + "  replication:\n    user: repl\n    password: a\n    passwordEnv: B\n"))
                .isEqualTo("tandem.yaml: credentials.replication needs exactly one of "
                        + "password, passwordEnv, passwordFile; found password and passwordEnv");
    }

    @Test
    void resolvesPasswordFromEnvironment() {
        environment.put("ORCH_PW", "from-env");

        TandemConfig config = load(MINIMAL.replace("password: s3cret-orch", "passwordEnv: ORCH_PW"));

        assertThat(config.orchestrator().password().reveal()).isEqualTo("from-env");
    }

    @Test
    void missingOrEmptyEnvironmentVariableNamesVariableAndKey() {
        String yaml = MINIMAL.replace("password: s3cret-orch", "passwordEnv: ORCH_PW");

        assertThat(errorOf(yaml)).isEqualTo("tandem.yaml: credentials.orchestrator.passwordEnv "
                + "names environment variable ORCH_PW, which is not set");
        environment.put("ORCH_PW", "");
        assertThat(errorOf(yaml)).isEqualTo("tandem.yaml: credentials.orchestrator.passwordEnv "
                + "names environment variable ORCH_PW, which is empty");
    }

    @Test
    void resolvesPasswordFileRelativeToConfigFolderAndStripsNewline() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("etc"));
        Files.writeString(folder.resolve("orch.pw"), "from-file \r\n");
        Path config = folder.resolve("tandem.yaml");
        Files.writeString(config, MINIMAL.replace("password: s3cret-orch", "passwordFile: orch.pw"));

        TandemConfig loaded = new ConfigLoader(environment::get).load(config);

        // the trailing space is part of the password; only the line ending is not
        assertThat(loaded.orchestrator().password().reveal()).isEqualTo("from-file ");
    }

    @Test
    void acceptsAbsolutePasswordFile() throws IOException {
        Path secret = Files.writeString(dir.resolve("absolute.pw"), "abs\n");

        TandemConfig config = load(MINIMAL.replace("password: s3cret-orch", "passwordFile: " + secret));

        assertThat(config.orchestrator().password().reveal()).isEqualTo("abs");
    }

    @Test
    void missingOrEmptyPasswordFileNamesPathAndKey() throws IOException {
        String yaml = MINIMAL + "  replication:\n    user: repl\n    passwordFile: secrets/repl.pw\n";
        Path expected = dir.resolve("secrets/repl.pw").toAbsolutePath();

        assertThat(errorOf(yaml)).isEqualTo("tandem.yaml: credentials.replication.passwordFile '"
                + expected + "' cannot be read: no such file");
        Files.createDirectories(expected.getParent());
        Files.writeString(expected, "\n");
        assertThat(errorOf(yaml)).isEqualTo("tandem.yaml: credentials.replication.passwordFile '"
                + expected + "' is empty");
    }

    @Test
    void secretNeverPrintsItsValue() {
        Secret secret = Secret.of("hunter2");

        assertThat(secret).hasToString("****");
        assertThat(secret.reveal()).isEqualTo("hunter2");
    }

    @Test
    void configToStringDoesNotLeakPasswords() {
        environment.put("TANDEM_REPL_PASSWORD", "s3cret-repl");

        TandemConfig config = load(MINIMAL + "  replication:\n    user: repl\n    passwordEnv: TANDEM_REPL_PASSWORD\n");

        assertThat(config.toString())
                .doesNotContain("s3cret-orch", "s3cret-repl")
                .contains("user=tandem", "user=repl", "password=****");
    }

    private TandemConfig load(String yaml) {
        return new ConfigLoader(environment::get).load(write(yaml));
    }

    /** The failure message for {@code yaml}, with the temporary folder's path shortened to {@code tandem.yaml}. */
    private String errorOf(String yaml) {
        Path file = write(yaml);
        String message = failureOf(file);
        assertThat(message).startsWith(file + ": ");
        return "tandem.yaml" + message.substring(file.toString().length());
    }

    private String failureOf(Path file) {
        ConfigException e = catchThrowableOfType(ConfigException.class,
                () -> new ConfigLoader(environment::get).load(file));
        assertThat(e).as("expected a ConfigException").isNotNull();
        return e.getMessage();
    }

    private Path write(String yaml) {
        try {
            return Files.writeString(dir.resolve("tandem.yaml"), yaml);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

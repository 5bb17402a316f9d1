package io.tandem.it;

import io.tandem.sandbox.Sandbox;
import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * LOAD DATA LOCAL INFILE through the proxy with the mariadb client: relayed (the file goes from the client through
 * the proxy to the server), or, with the proxy's localInfile off, refused with the server's clear error.
 */
class ProxyLocalInfileIT {

    @TempDir
    Path tmp;

    @Test
    void relayedWhenEnabledAndRefusedWhenDisabled() throws Exception {
        Path csv = Files.writeString(tmp.resolve("fruit.csv"), "1,apple\n2,pear\n3,plum\n");
        Path load = Files.writeString(tmp.resolve("load.sql"), "LOAD DATA LOCAL INFILE '" + csv
                + "' INTO TABLE f.fruit FIELDS TERMINATED BY ',';\nSELECT COUNT(*), GROUP_CONCAT(name ORDER BY id)"
                + " FROM f.fruit;\n");
        try (Sandbox sandbox = SandboxFixture.start(Flavor.MYSQL, 0)) {
            SandboxFixture.execute(sandbox.primary(), "CREATE DATABASE f",
                    "CREATE TABLE f.fruit (id INT PRIMARY KEY, name VARCHAR(10))");
            try (ProxyFixture proxy = ProxyFixture.start(sandbox, 2)) {
                MariadbCli.Result loaded = MariadbCli.run(proxy.port(), "app", "app", load, Duration.ofSeconds(60),
                        "--local-infile=1");
                assertThat(loaded.exitCode()).as(loaded.stderr()).isZero();
                assertThat(loaded.stdout().strip()).isEqualTo("3\tapple,pear,plum");
            }
            SandboxFixture.execute(sandbox.primary(), "DELETE FROM f.fruit");
            try (ProxyFixture proxy = ProxyFixture.start(sandbox, 2, settings -> settings.withLocalInfile(false))) {
                MariadbCli.Result refused = MariadbCli.run(proxy.port(), "app", "app", load, Duration.ofSeconds(60),
                        "--local-infile=1");
                assertThat(refused.exitCode()).isNotZero();
                assertThat(refused.stderr()).contains("3948").containsIgnoringCase("local data is disabled");
            }
        }
    }

}

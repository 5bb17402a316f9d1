package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compressed protocol through the proxy on MariaDB 10.11. See {@link CompressionScenario}. */
class ProxyCompressionMariaDbIT {

    private static CompressionScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = new CompressionScenario(Flavor.MARIADB);
    }

    @AfterAll
    static void stop() {
        if (scenario != null) {
            scenario.close();
        }
    }

    @Test
    void aCompressedDriverSessionIsTheSameThroughTheProxy() throws Exception {
        scenario.aCompressedDriverSessionIsTheSameThroughTheProxy();
    }

    @Test
    void theCliWithCompressPrintsWhatItPrintsDirectly() throws Exception {
        scenario.theCliWithCompressPrintsWhatItPrintsDirectly();
    }
}

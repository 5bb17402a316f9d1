package io.tandem.it;

import io.tandem.topology.flavor.Flavor;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The compressed protocol through the proxy on MySQL 8.0.31. See {@link CompressionScenario}. */
class ProxyCompressionIT {

    private static CompressionScenario scenario;

    @BeforeAll
    static void start() throws Exception {
        scenario = new CompressionScenario(Flavor.MYSQL);
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

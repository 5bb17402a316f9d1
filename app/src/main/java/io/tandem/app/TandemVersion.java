package io.tandem.app;

import picocli.CommandLine;

/** The version printed by {@code tandem --version}, from the jar manifest when there is one. */
public final class TandemVersion implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = TandemCli.class.getPackage().getImplementationVersion();
        return new String[] {"tandem " + (version == null ? "(development build)" : version),
                "Java " + Runtime.version() + " on " + System.getProperty("os.name") + " " + System.getProperty("os.arch")};
    }
}

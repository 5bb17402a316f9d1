package io.tandem.app.check;

/**
 * The four states of a monitoring plugin, with the exit codes Nagios, Icinga and Sensu read.
 *
 * @see <a href="https://nagios-plugins.org/doc/guidelines.html#AEN78">Nagios plugin return codes</a>
 */
public enum CheckStatus {
    OK(0),
    WARNING(1),
    CRITICAL(2),
    UNKNOWN(3);

    private final int exitCode;

    CheckStatus(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The worse of two: CRITICAL over WARNING over OK; UNKNOWN only over OK. */
    public CheckStatus worst(CheckStatus other) {
        return severity(other) > severity(this) ? other : this;
    }

    private static int severity(CheckStatus status) {
        return switch (status) {
            case OK -> 0;
            case UNKNOWN -> 1;
            case WARNING -> 2;
            case CRITICAL -> 3;
        };
    }
}

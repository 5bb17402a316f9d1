package io.tandem.app.config;

/**
 * A {@code tandem.yaml} that cannot be used: missing, not YAML, or holding a value Tandem rejects. The message
 * starts with the file path as given and names the offending key path, so it can be shown to the operator as it
 * is, without a stack trace.
 */
public class ConfigException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}

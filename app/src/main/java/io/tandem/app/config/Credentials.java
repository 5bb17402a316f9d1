package io.tandem.app.config;

import java.util.Objects;

/**
 * A MySQL account Tandem logs in with. The password is a {@link Secret}, so printing the record shows
 * {@code ****} in its place.
 */
public record Credentials(String user, Secret password) {

    public Credentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }
}

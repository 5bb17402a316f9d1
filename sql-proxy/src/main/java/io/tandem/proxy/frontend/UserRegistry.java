package io.tandem.proxy.frontend;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The accounts the proxy accepts, from configuration. */
public final class UserRegistry {

    private final Map<String, ProxyUser> users;

    public UserRegistry(List<ProxyUser> users) {
        this.users = users.stream().collect(Collectors.toUnmodifiableMap(ProxyUser::name, Function.identity()));
    }

    public Optional<ProxyUser> find(String name) {
        return Optional.ofNullable(users.get(name));
    }
}

package io.hookbox.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/** The OAuth 2.0 grants hookbox can issue tokens for (RFC 6749 names). */
public enum GrantType {
    PASSWORD("password"),
    CLIENT_CREDENTIALS("client_credentials");

    private final String wireName;

    GrantType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<GrantType> find(String wireName) {
        return Arrays.stream(values()).filter(grant -> grant.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    static GrantType fromJson(String wireName) {
        return find(wireName).orElseThrow(() -> new IllegalArgumentException(
                "unknown grant type '" + wireName + "'; one of " + Arrays.stream(values()).map(GrantType::wireName).toList()));
    }
}

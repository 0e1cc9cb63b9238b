package io.hookbox.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.Optional;

/**
 * RFC 6749 section 2.1: a confidential application keeps a secret and must present it at every sign-in; a public
 * one (a browser or mobile app) cannot keep one, has none, and may not use the client credentials grant.
 */
public enum ClientType {
    PUBLIC("public"),
    CONFIDENTIAL("confidential");

    private final String wireName;

    ClientType(String wireName) {
        this.wireName = wireName;
    }

    @JsonValue
    public String wireName() {
        return wireName;
    }

    public static Optional<ClientType> find(String wireName) {
        return Arrays.stream(values()).filter(type -> type.wireName.equals(wireName)).findFirst();
    }

    @JsonCreator
    static ClientType fromJson(String wireName) {
        return find(wireName).orElseThrow(() -> new IllegalArgumentException(
                "unknown application type '" + wireName + "'; one of " + Arrays.stream(values()).map(ClientType::wireName).toList()));
    }
}

package io.hookbox.hooks.data;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;

/** Small helpers the data builders share to write JSON the way hooks see it. */
final class DataJson {

    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DataJson() {
    }

    /** An ISO 8601 timestamp in UTC, or null. */
    static String timestamp(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    /** A private copy of an object, or an empty one for null. */
    static ObjectNode copyOrEmpty(ObjectNode object) {
        return object == null ? NODES.objectNode() : object.deepCopy();
    }
}

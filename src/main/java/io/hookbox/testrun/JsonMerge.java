package io.hookbox.testrun;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Lays one JSON value over another: objects merge key by key at any depth; anything else replaces what it covers. */
public final class JsonMerge {

    private JsonMerge() {
    }

    /** A new value: {@code overlay} merged over {@code base}; neither argument is changed. */
    public static JsonNode merge(JsonNode base, JsonNode overlay) {
        if (!(base instanceof ObjectNode baseObject) || !(overlay instanceof ObjectNode overlayObject)) {
            return overlay.deepCopy();
        }
        ObjectNode merged = baseObject.deepCopy();
        overlayObject.properties().forEach(field ->
                merged.set(field.getKey(), merge(merged.path(field.getKey()), field.getValue())));
        return merged;
    }
}

package io.hookbox.schema;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** What a string holds, checked by validation and named in the docs. */
public enum TextFormat {
    PLAIN(""),
    EMAIL("email"),
    DATE_TIME("ISO 8601 date-time"),
    URI("URI"),
    IP_ADDRESS("IPv4 or IPv6 address"),
    E164_PHONE("E.164 phone number");

    private final String label;

    TextFormat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    void addTo(ObjectNode schema) {
        switch (this) {
            case PLAIN -> {
            }
            case EMAIL -> schema.put("format", "email");
            case DATE_TIME -> schema.put("format", "date-time");
            case URI -> schema.put("format", "uri");
            case IP_ADDRESS -> schema.putArray("anyOf")
                    .add(Shape.NODES.objectNode().put("format", "ipv4"))
                    .add(Shape.NODES.objectNode().put("format", "ipv6"));
            case E164_PHONE -> schema.put("pattern", "^\\+[1-9][0-9]{6,14}$");
        }
    }
}

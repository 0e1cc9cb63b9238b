package io.hookbox.schema;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * The shape of a JSON value, small enough to read at a glance: it renders as JSON Schema 2020-12 for validation
 * and the API, and as a short label for the docs. Immutable and thread-safe.
 */
public sealed interface Shape {

    JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** This shape as a JSON Schema (a fresh node the caller may change). */
    ObjectNode toJsonSchema();

    /** How the docs name this shape: {@code string (email)}, {@code integer ≥ 0}, {@code object of string}... */
    String label();

    static Text string() {
        return new Text(TextFormat.PLAIN);
    }

    static Text string(TextFormat format) {
        return new Text(format);
    }

    static Int integer(long minimum) {
        return new Int(minimum);
    }

    static Bool bool() {
        return new Bool();
    }

    static ArrayOf arrayOf(Shape items) {
        return new ArrayOf(items);
    }

    /** An object whose keys are free and whose values all have one shape (headers, query parameters). */
    static MapOf mapOf(Shape values) {
        return new MapOf(values);
    }

    /** A free-form JSON object (metadata, a request body). */
    static AnyObject anyObject() {
        return new AnyObject();
    }

    static Nullable nullable(Shape shape) {
        return new Nullable(shape);
    }

    static ObjectShape.Builder object() {
        return new ObjectShape.Builder();
    }

    record Text(TextFormat format) implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            ObjectNode schema = NODES.objectNode().put("type", "string");
            format.addTo(schema);
            return schema;
        }

        @Override
        public String label() {
            return format == TextFormat.PLAIN ? "string" : "string (" + format.label() + ")";
        }
    }

    record Int(long minimum) implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            return NODES.objectNode().put("type", "integer").put("minimum", minimum);
        }

        @Override
        public String label() {
            return "integer ≥ " + minimum;
        }
    }

    record Bool() implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            return NODES.objectNode().put("type", "boolean");
        }

        @Override
        public String label() {
            return "boolean";
        }
    }

    record ArrayOf(Shape items) implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            ObjectNode schema = NODES.objectNode().put("type", "array");
            schema.set("items", items.toJsonSchema());
            return schema;
        }

        @Override
        public String label() {
            return "array of " + items.label();
        }
    }

    record MapOf(Shape values) implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            schema.set("additionalProperties", values.toJsonSchema());
            return schema;
        }

        @Override
        public String label() {
            return "object of " + values.label();
        }
    }

    record AnyObject() implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            return NODES.objectNode().put("type", "object");
        }

        @Override
        public String label() {
            return "object (free-form)";
        }
    }

    record Nullable(Shape shape) implements Shape {
        @Override
        public ObjectNode toJsonSchema() {
            ObjectNode schema = shape.toJsonSchema();
            ArrayNode types = NODES.arrayNode().add(schema.get("type").asText()).add("null");
            schema.set("type", types);
            return schema;
        }

        @Override
        public String label() {
            return shape.label() + " or null";
        }
    }

    /** A field of an object shape; {@code required}: the key is always present (its value may still be null). */
    record Field(String name, Shape shape, boolean required, String description) {
    }

    /**
     * An object with named fields. {@code open}: keys beyond the named ones are allowed (token claim sets take
     * custom claims); a closed object refuses them, so a data builder cannot add a field its shape does not name.
     */
    record ObjectShape(List<Field> fields, boolean open) implements Shape {

        public ObjectShape {
            fields = List.copyOf(fields);
        }

        @Override
        public ObjectNode toJsonSchema() {
            ObjectNode schema = NODES.objectNode().put("type", "object");
            ObjectNode properties = schema.putObject("properties");
            ArrayNode required = NODES.arrayNode();
            for (Field field : fields) {
                ObjectNode property = field.shape().toJsonSchema();
                property.put("description", field.description());
                properties.set(field.name(), property);
                if (field.required()) {
                    required.add(field.name());
                }
            }
            if (!required.isEmpty()) {
                schema.set("required", required);
            }
            schema.put("additionalProperties", open);
            return schema;
        }

        @Override
        public String label() {
            return "object";
        }

        /** Builds an object shape field by field, in the order the docs list them. */
        public static final class Builder {
            private final List<Field> fields = new ArrayList<>();

            public Builder required(String name, Shape shape, String description) {
                fields.add(new Field(name, shape, true, description));
                return this;
            }

            public Builder optional(String name, Shape shape, String description) {
                fields.add(new Field(name, shape, false, description));
                return this;
            }

            public Builder with(ObjectShape other) {
                fields.addAll(other.fields());
                return this;
            }

            public ObjectShape closed() {
                return new ObjectShape(fields, false);
            }

            public ObjectShape open() {
                return new ObjectShape(fields, true);
            }
        }
    }
}

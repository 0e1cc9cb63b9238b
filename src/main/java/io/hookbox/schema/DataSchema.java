package io.hookbox.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.util.List;

/**
 * An object shape compiled once into a JSON Schema 2020-12 validator, formats asserted (an email must look like
 * one). Immutable and thread-safe.
 */
public final class DataSchema {

    private static final SchemaRegistry REGISTRY = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
            builder -> builder.schemaRegistryConfig(SchemaRegistryConfig.builder()
                    .formatAssertionsEnabled(true).pathType(PathType.JSON_PATH).build()));

    private final Shape.ObjectShape shape;
    private final ObjectNode json;
    private final Schema compiled;

    private DataSchema(String title, Shape.ObjectShape shape) {
        this.shape = shape;
        this.json = Shape.NODES.objectNode()
                .put("$schema", SpecificationVersion.DRAFT_2020_12.getDialectId())
                .put("title", title);
        this.json.setAll(shape.toJsonSchema());
        this.compiled = REGISTRY.getSchema(json);
    }

    public static DataSchema of(String title, Shape.ObjectShape shape) {
        return new DataSchema(title, shape);
    }

    public Shape.ObjectShape shape() {
        return shape;
    }

    /** The JSON Schema document (a copy). */
    public ObjectNode json() {
        return json.deepCopy();
    }

    /**
     * Every violation of the schema by {@code value}; empty when it conforms. A property that may not be there is
     * named by its own path ({@code $.user.nickname}), not its object's.
     */
    public List<Violation> validate(JsonNode value) {
        return compiled.validate(value).stream()
                .map(error -> new Violation(error.getInstanceLocation().toString()
                        + ("additionalProperties".equals(error.getKeyword()) && error.getProperty() != null ? "." + error.getProperty() : ""),
                        error.getMessage()))
                .toList();
    }
}

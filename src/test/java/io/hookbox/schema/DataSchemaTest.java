package io.hookbox.schema;

import org.junit.jupiter.api.Test;

import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

class DataSchemaTest {

    private static final DataSchema PERSON = DataSchema.of("a person", Shape.object()
            .required("email", Shape.string(TextFormat.EMAIL), "where to write")
            .required("ip", Shape.string(TextFormat.IP_ADDRESS), "where from")
            .required("phone", Shape.nullable(Shape.string(TextFormat.E164_PHONE)), "how to call")
            .required("seen", Shape.string(TextFormat.DATE_TIME), "when")
            .required("logins", Shape.integer(0), "how often")
            .optional("picture", Shape.string(TextFormat.URI), "a face")
            .optional("tags", Shape.arrayOf(Shape.string()), "labels")
            .optional("headers", Shape.mapOf(Shape.string()), "headers")
            .optional("metadata", Shape.anyObject(), "anything")
            .closed());

    @Test
    void aConformingValuePasses() {
        assertThat(PERSON.validate(json("""
                {"email": "zoe@example.com", "ip": "2a02:1810:4f2c:9b00:d5a1:3e2:11f4:7a9c", "phone": null,
                 "seen": "2025-11-02T10:11:12.345Z", "logins": 0, "picture": "https://example.com/a.png",
                 "tags": ["a"], "headers": {"accept": "*/*"}, "metadata": {"deep": {"x": [1, true]}}}"""))).isEmpty();
        assertThat(PERSON.validate(json("""
                {"email": "ana@mail.example.org", "ip": "192.0.2.7", "phone": "+4915112345678", "seen": "2025-11-02T10:11:12Z", "logins": 3}
                """))).isEmpty();
    }

    @Test
    void eachBrokenFieldIsNamedWithItsPath() {
        var violations = PERSON.validate(json("""
                {"email": "not-an-email", "ip": "300.1.1.1", "phone": "0151 1234", "seen": "yesterday", "logins": -1,
                 "picture": "no uri", "tags": [1], "headers": {"x": 2}, "metadata": 5, "extra": true}"""));
        assertThat(violations).extracting(Violation::path).contains("$.email", "$.ip", "$.phone", "$.seen", "$.logins",
                "$.picture", "$.tags[0]", "$.headers.x", "$.metadata");
        assertThat(violations).anySatisfy(v -> assertThat(v.message()).contains("extra"));
    }

    @Test
    void aMissingRequiredFieldIsAViolation() {
        assertThat(PERSON.validate(json("{\"ip\": \"192.0.2.7\", \"phone\": null, \"seen\": \"2025-11-02T10:11:12Z\", \"logins\": 1}")))
                .anySatisfy(v -> assertThat(v.message()).contains("email"));
    }

    @Test
    void theSchemaIsJsonSchema2020WithFieldDescriptions() {
        var schema = PERSON.json();
        assertThat(schema.path("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
        assertThat(schema.path("title").asText()).isEqualTo("a person");
        assertThat(schema.path("additionalProperties").asBoolean(true)).isFalse();
        assertThat(schema.path("properties").path("email").path("description").asText()).isEqualTo("where to write");
        assertThat(schema.path("properties").path("phone").path("type")).isEqualTo(json("[\"string\", \"null\"]"));
    }
}

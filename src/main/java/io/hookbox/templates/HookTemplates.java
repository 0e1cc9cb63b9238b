package io.hookbox.templates;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.hooks.HookTypes;
import io.hookbox.sandbox.HookForm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The template gallery: the hooks listed in {@code templates.json} beside this class, each source in its own file.
 * Read once; every template is checked to be of a known type and of a form that type runs. Immutable.
 */
public final class HookTemplates {

    private static final List<HookTemplate> ALL = load();

    private HookTemplates() {
    }

    public static List<HookTemplate> all() {
        return ALL;
    }

    private static List<HookTemplate> load() {
        List<HookTemplate> templates = new ArrayList<>();
        for (JsonNode entry : read("templates.json", index -> new ObjectMapper().readTree(index))) {
            String content = read(entry.path("file").asText(), text -> text);
            String type = HookTypes.require(entry.path("type").asText()).id();
            HookTypes.requireForm(HookTypes.require(type), content);
            templates.add(new HookTemplate(entry.path("id").asText(), type, HookForm.of(content).json(),
                    entry.path("name").asText(), entry.path("description").asText(), content));
        }
        return List.copyOf(templates);
    }

    private interface Parser<T> {
        T parse(String text) throws IOException;
    }

    private static <T> T read(String name, Parser<T> parser) {
        try (InputStream in = Objects.requireNonNull(HookTemplates.class.getResourceAsStream(name), name + " is missing")) {
            return parser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

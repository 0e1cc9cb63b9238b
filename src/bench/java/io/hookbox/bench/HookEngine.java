package io.hookbox.bench;

import java.util.List;

/**
 * One way of running untrusted hooks: call the source's {@code handle(data, callback)} with the JSON input and
 * answer the data it called back with, as JSON. Used by one thread at a time.
 */
public interface HookEngine extends AutoCloseable {

    String invoke(String source, String inputJson) throws Exception;

    /** The hooks in order, each receiving the previous one's result, as a flow runs them. */
    default String pipeline(List<String> sources, String inputJson) throws Exception {
        String data = inputJson;
        for (String source : sources) {
            data = invoke(source, data);
        }
        return data;
    }

    @Override
    void close();
}

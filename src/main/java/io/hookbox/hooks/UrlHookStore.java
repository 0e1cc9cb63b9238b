package io.hookbox.hooks;

import io.hookbox.errors.HookboxException;
import org.jdbi.v3.core.Handle;

import java.util.Map;

/**
 * What URL hooks need beyond a stored hook's row: their URL and static headers checked (against the egress policy),
 * and their header values and signing secret sealed, in the transaction that saves the hook. Implementations are
 * thread-safe.
 */
public interface UrlHookStore {

    /** A server without URL hooks: every attempt to save one is refused. */
    UrlHookStore NONE = new UrlHookStore() {
        @Override
        public String checkedUrl(String url) {
            throw unavailable();
        }

        @Override
        public Map<String, String> checkedHeaders(Map<String, String> headers) {
            throw unavailable();
        }

        @Override
        public String create(Handle handle, String tenantId, String hookId, Map<String, String> headers) {
            throw unavailable();
        }

        @Override
        public void replaceHeaders(Handle handle, String tenantId, String hookId, Map<String, String> headers) {
            throw unavailable();
        }
    };

    private static HookboxException unavailable() {
        return new HookboxException(HookboxException.Kind.INVALID, "url_hooks_unavailable",
                "this server does not call URL hooks", Map.of("field", "kind"));
    }

    /** {@code url} if a URL hook may call it; a 400 saying why otherwise. */
    String checkedUrl(String url);

    /** {@code headers} (null: none) if a URL hook may send them; a 400 naming the header otherwise. */
    Map<String, String> checkedHeaders(Map<String, String> headers);

    /** Seals the new hook's headers and makes its signing secret, on {@code handle}; answers the secret. */
    String create(Handle handle, String tenantId, String hookId, Map<String, String> headers);

    /** Replaces the hook's headers, on {@code handle}. */
    void replaceHeaders(Handle handle, String tenantId, String hookId, Map<String, String> headers);
}

package io.hookbox.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.hooks.HookType;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunResult;

import java.time.Instant;

/** Who calls URL hooks' endpoints for a pipeline. Implementations are thread-safe. */
public interface UrlHooks {

    /** No URL hook is ever called: each fails as hookbox's own fault. */
    UrlHooks NONE = new UrlHooks() {
        @Override
        public UrlCall call(String tenantId, HookType type, PipelineHook hook, String messageId, Instant createdAt, JsonNode data) {
            return new UrlCall(RunResult.failure(ErrorCode.INTERNAL, "this server does not call URL hooks"), null);
        }

        @Override
        public void disableGone(String tenantId, String hookId, String reason) {
            // nothing is ever called, so nothing is ever gone
        }
    };

    /**
     * Sends message {@code messageId} (the same on every attempt at one delivery), made at {@code createdAt}, carrying
     * {@code data}, to the endpoint of URL hook {@code hook} of {@code type}, and waits for its answer within the hook
     * timeout. The call's run holds the new data, or why it failed, in the words a code hook's failure would use.
     */
    UrlCall call(String tenantId, HookType type, PipelineHook hook, String messageId, Instant createdAt, JsonNode data);

    /** Disables the hook whose receiver said it is gone for good, saying so on the hook ({@code reason}). */
    void disableGone(String tenantId, String hookId, String reason);
}

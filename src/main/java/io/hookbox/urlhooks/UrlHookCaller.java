package io.hookbox.urlhooks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.egress.EgressRequest;
import io.hookbox.egress.EgressResponse;
import io.hookbox.egress.EgressService;
import io.hookbox.egress.RequestLog;
import io.hookbox.hooks.HookType;
import io.hookbox.pipeline.PipelineHook;
import io.hookbox.pipeline.UrlCall;
import io.hookbox.pipeline.UrlHooks;
import io.hookbox.sandbox.ErrorCode;
import io.hookbox.sandbox.RunError;
import io.hookbox.sandbox.RunResult;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Calls URL hooks' endpoints: a POST of {@code {"id", "type", "tenant", "createdAt", "data"}}, signed as the Standard
 * Webhooks specification says, with the hook's static headers, through the same egress door as hooks' fetch (its
 * guard, policy, budgets and limits), within the hook timeout. Redirects are not followed. How the answer reads:
 * a 2xx with a JSON body is the new data, a 2xx without a body keeps the data, a 4xx with {@code {"error", "message"}}
 * is a refusal with that message; anything else (a timeout, a 5xx, a body that is not JSON, a refused address) is the
 * hook's failure, in words a tenant understands. Thread-safe.
 */
public final class UrlHookCaller implements UrlHooks {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final EgressService egress;
    private final UrlHookKeys keys;
    private final long timeoutMs;
    private final Clock clock;

    /** {@code timeoutMs}: the hook timeout, which bounds a call from its start to the end of the answer's body. */
    public UrlHookCaller(EgressService egress, UrlHookKeys keys, long timeoutMs, Clock clock) {
        this.egress = egress;
        this.keys = keys;
        this.timeoutMs = timeoutMs;
        this.clock = clock;
    }

    @Override
    public UrlCall call(String tenantId, HookType type, PipelineHook hook, String messageId, Instant createdAt, JsonNode data) {
        long started = System.nanoTime();
        byte[] body = payload(tenantId, type, messageId, createdAt, data);
        EgressRequest request = new EgressRequest("POST", hook.url(), headers(tenantId, hook.id(), messageId, body), body,
                EgressRequest.Redirect.MANUAL);
        EgressService.Session session = egress.open(tenantId, started + TimeUnit.MILLISECONDS.toNanos(timeoutMs));
        CompletableFuture<EgressService.Outcome> answer = new CompletableFuture<>();
        EgressService.Outcome outcome;
        try {
            session.send(0, request, answer::complete);
            outcome = answer.get(timeoutMs + 1_000, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            outcome = new EgressService.Outcome(null, "timed out after " + timeoutMs + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = new EgressService.Outcome(null, "the call was interrupted");
        } catch (ExecutionException e) {
            outcome = new EgressService.Outcome(null, "the call failed: " + e.getCause());
        }
        List<RequestLog> requests = session.close();
        long durationMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        EgressResponse response = outcome.response();
        RunResult run = response == null ? unreachable(outcome.error(), durationMs) : answered(type, data, response, durationMs);
        return new UrlCall(run.withRequests(requests), response == null ? null : response.status());
    }

    @Override
    public void disableGone(String tenantId, String hookId, String reason) {
        keys.disable(tenantId, hookId, reason);
    }

    private List<List<String>> headers(String tenantId, String hookId, String messageId, byte[] body) {
        long timestamp = clock.instant().getEpochSecond();
        List<List<String>> headers = new ArrayList<>();
        headers.add(List.of("content-type", "application/json"));
        headers.add(List.of("webhook-id", messageId));
        headers.add(List.of("webhook-timestamp", Long.toString(timestamp)));
        headers.add(List.of("webhook-signature", WebhookSigner.signature(keys.signingSecrets(tenantId, hookId), messageId, timestamp, body)));
        for (Map.Entry<String, String> header : keys.headers(tenantId, hookId).entrySet()) {
            headers.add(List.of(header.getKey(), header.getValue()));
        }
        return headers;
    }

    private static byte[] payload(String tenantId, HookType type, String messageId, Instant createdAt, JsonNode data) {
        ObjectNode payload = JSON.createObjectNode();
        payload.put("id", messageId);
        payload.put("type", type.id());
        payload.put("tenant", tenantId);
        payload.put("createdAt", createdAt.toString());
        payload.set("data", data);
        try {
            return JSON.writeValueAsBytes(payload);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RunResult unreachable(String error, long durationMs) {
        boolean timedOut = error != null && error.startsWith("timed out");
        return RunResult.failure(RunError.of(timedOut ? ErrorCode.TIMEOUT : ErrorCode.HOOK_ERROR, timedOut
                ? "the URL hook's endpoint did not answer in time: " + error
                : "the URL hook's endpoint could not be called: " + error), List.of(), durationMs);
    }

    private static RunResult answered(HookType type, JsonNode data, EgressResponse response, long durationMs) {
        int status = response.status();
        String text = new String(response.body(), StandardCharsets.UTF_8);
        if (status >= 200 && status < 300) {
            if (text.isBlank()) {
                return RunResult.success(data, List.of(), durationMs);
            }
            JsonNode answer = parse(text);
            if (answer == null || !answer.isObject()) {
                return failure(ErrorCode.INVALID_RESULT, "the URL hook's endpoint answered " + status
                        + " with a body that is not a JSON object; answer the new data as JSON, or 204 to keep it", durationMs);
            }
            return RunResult.success(answer, List.of(), durationMs);
        }
        if (status >= 400 && status < 500) {
            return failure(ErrorCode.HOOK_ERROR, refusal(type, status, parse(text)), durationMs);
        }
        String why = status >= 300 && status < 400 ? " (redirects are not followed: give the final URL)" : "";
        return failure(ErrorCode.HOOK_ERROR, "the URL hook's endpoint answered " + status + why, durationMs);
    }

    /** The receiver's own words when it answered {@code {"error", "message"}}; a code the type lets hooks ask for is kept. */
    private static String refusal(HookType type, int status, JsonNode answer) {
        String message = answer != null && answer.path("message").isTextual() ? answer.get("message").asText() : null;
        String error = answer != null && answer.path("error").isTextual() ? answer.get("error").asText() : null;
        if (message == null) {
            return "the URL hook's endpoint refused with " + status + (error == null ? "" : ": " + error);
        }
        boolean asked = error != null && type.denial() != null && type.denial().codesHookMayAsk().contains(error);
        return asked ? error + ": " + message : message;
    }

    private static RunResult failure(ErrorCode code, String message, long durationMs) {
        return RunResult.failure(RunError.of(code, message), List.of(), durationMs);
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return null;
        }
    }
}

package io.hookbox.hookcache;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.audit.AuditTrail;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.HookTypes;
import io.hookbox.pipeline.HookSource;
import io.hookbox.pipeline.HookQueries;
import io.hookbox.pipeline.PipelineRunner;
import io.hookbox.sandbox.CacheWrite;
import io.hookbox.sandbox.RunResult;
import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.support.BothDatabases;
import io.hookbox.support.StoredHooks;
import io.hookbox.support.TestRuntime;
import io.hookbox.tenants.TenantService;
import io.hookbox.testrun.TestContexts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An Action's {@code api.cache} as Auth0 documents it, kept in the database between a hook's runs: what one run sets
 * the next one reads, until it expires (the host's clock decides, here a fixed one moved by hand), within Auth0's
 * limits, each hook and tenant with a cache of its own.
 */
@BothDatabases
class HookCacheTest {

    private static final Instant START = Instant.parse("2026-03-01T08:00:00Z");
    /** Sets key to value with the options given (JS text) when asked, and puts what get and set answered in claims. */
    private static final String CACHING_ACTION = """
            exports.onExecutePostLogin = async (event, api) => {
              const ask = event.user.app_metadata.ask || {};
              if (ask.set) api.idToken.setCustomClaim('set', api.cache.set(ask.set, ask.value, ask.options));
              if (ask.delete) api.idToken.setCustomClaim('deleted', api.cache.delete(ask.delete));
              const got = api.cache.get(ask.get || ask.set || 'k');
              api.idToken.setCustomClaim('got', got === undefined ? 'none' : got);
            };""";

    private final Backend backend;
    @TempDir
    Path dataDir;
    private Database database;

    HookCacheTest(Backend backend) {
        this.backend = backend;
    }

    @BeforeEach
    void open() {
        database = Database.open(backend.jdbcUrl(dataDir));
        TenantService tenants = new TenantService(database.jdbi(), database.changes(),
                new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC());
        tenants.create("acme", "Acme");
        tenants.create("globex", "Globex");
        StoredHooks.insert(database.jdbi(), "acme", "h1", "post-login");
        StoredHooks.insert(database.jdbi(), "acme", "h2", "post-login");
        StoredHooks.insert(database.jdbi(), "globex", "g1", "post-login");
    }

    @AfterEach
    void close() {
        if (database != null) {
            database.close();
        }
    }

    @Test
    void aValueSetInOneRunIsReadByTheNextWithItsExpiry() {
        JsonNode set = run("acme", "h1", START, "{\"set\": \"greeting\", \"value\": \"hello\", \"options\": {\"ttl\": 60000}}");
        assertThat(set.at("/set/type").asText()).isEqualTo("success");
        assertThat(set.at("/got/value").asText()).isEqualTo("hello");

        JsonNode next = run("acme", "h1", START.plusSeconds(30), "{\"get\": \"greeting\"}");
        assertThat(next.at("/got/value").asText()).isEqualTo("hello");
        assertThat(next.at("/got/expires_at").asLong()).isEqualTo(START.plusSeconds(60).toEpochMilli());
    }

    @Test
    void anEntryIsGoneOnceItsLifetimeHasPassed() {
        run("acme", "h1", START, "{\"set\": \"short\", \"value\": \"v\", \"options\": {\"ttl\": 1000}}");
        run("acme", "h1", START, "{\"set\": \"until\", \"value\": \"v\", \"options\": {\"expires_at\": "
                + START.plusSeconds(5).toEpochMilli() + "}}");
        assertThat(run("acme", "h1", START.plusMillis(999), "{\"get\": \"short\"}").at("/got/value").asText()).isEqualTo("v");
        assertThat(run("acme", "h1", START.plusMillis(1000), "{\"get\": \"short\"}").at("/got").asText()).isEqualTo("none");
        assertThat(run("acme", "h1", START.plusSeconds(4), "{\"get\": \"until\"}").at("/got/value").asText()).isEqualTo("v");
        assertThat(run("acme", "h1", START.plusSeconds(5), "{\"get\": \"until\"}").at("/got").asText()).isEqualTo("none");
    }

    @Test
    void anEntryLivesFifteenMinutesByDefaultAndNeverMoreThanADay() {
        JsonNode byDefault = run("acme", "h1", START, "{\"set\": \"plain\", \"value\": \"v\"}");
        assertThat(byDefault.at("/got/expires_at").asLong()).isEqualTo(START.plus(Duration.ofMinutes(15)).toEpochMilli());
        JsonNode tooLong = run("acme", "h1", START, "{\"set\": \"long\", \"value\": \"v\", \"options\": {\"ttl\": 172800000}}");
        assertThat(tooLong.at("/got/expires_at").asLong()).isEqualTo(START.plus(Duration.ofHours(24)).toEpochMilli());
        JsonNode both = run("acme", "h1", START, "{\"set\": \"both\", \"value\": \"v\", \"options\": {\"ttl\": 9000, \"expires_at\": "
                + START.plusSeconds(3).toEpochMilli() + "}}");
        assertThat(both.at("/got/expires_at").asLong()).isEqualTo(START.plusSeconds(3).toEpochMilli());
    }

    @Test
    void aDeletedValueIsGoneForLaterRuns() {
        run("acme", "h1", START, "{\"set\": \"k\", \"value\": \"v\"}");
        JsonNode deleted = run("acme", "h1", START.plusSeconds(1), "{\"delete\": \"k\", \"get\": \"k\"}");
        assertThat(deleted.at("/deleted/type").asText()).isEqualTo("success");
        assertThat(deleted.at("/got").asText()).isEqualTo("none");
        assertThat(run("acme", "h1", START.plusSeconds(2), "{\"get\": \"k\"}").at("/got").asText()).isEqualTo("none");
    }

    @Test
    void writesBeyondAuth0sLimitsAreAnsweredWithAnErrorAndNotKept() {
        assertThat(setError("k".repeat(65), "v")).isEqualTo("key_too_large");
        assertThat(setError("k", "v".repeat(4097))).isEqualTo("value_too_large");
        assertThat(setError("k", "{\"not\": \"a string\"}")).isEqualTo("invalid_value");
        assertThat(run("acme", "h1", START, "{\"set\": \"k\", \"value\": \"v\", \"options\": {\"ttl\": -5}}").at("/set/code").asText())
                .isEqualTo("invalid_ttl");
        for (int i = 0; i < 20; i++) {
            assertThat(run("acme", "h2", START, "{\"set\": \"key" + i + "\", \"value\": \"v\"}").at("/set/type").asText())
                    .isEqualTo("success");
        }
        JsonNode full = run("acme", "h2", START, "{\"set\": \"key20\", \"value\": \"v\"}");
        assertThat(full.at("/set/code").asText()).isEqualTo("too_many_entries");
        assertThat(full.at("/set/message").asText()).contains("20 entries");
        assertThat(run("acme", "h2", START, "{\"set\": \"key0\", \"value\": \"replaced\"}").at("/set/type").asText())
                .isEqualTo("success");
        run("acme", "h1", START, "{\"set\": \"a\", \"value\": \"" + "x".repeat(4000) + "\"}");
        run("acme", "h1", START, "{\"set\": \"b\", \"value\": \"" + "x".repeat(4000) + "\"}");
        assertThat(run("acme", "h1", START, "{\"set\": \"c\", \"value\": \"" + "x".repeat(400) + "\"}").at("/set/code").asText())
                .isEqualTo("cache_too_large");
        assertThat(run("acme", "h1", START, "{\"get\": \"c\"}").at("/got").asText()).isEqualTo("none");
    }

    @Test
    void eachHookAndTenantHasACacheOfItsOwn() {
        run("acme", "h1", START, "{\"set\": \"k\", \"value\": \"of h1\"}");
        assertThat(run("acme", "h2", START, "{\"get\": \"k\"}").at("/got").asText()).isEqualTo("none");
        assertThat(run("globex", "g1", START, "{\"get\": \"k\"}").at("/got").asText()).isEqualTo("none");
        assertThat(new HookCache(database.jdbi(), Clock.fixed(START, ZoneOffset.UTC)).open("globex", "h1").entries()).isEmpty();
    }

    @Test
    void theHostKeepsToTheLimitsWhateverTheWorkerSends() {
        HookCache cache = new HookCache(database.jdbi(), Clock.fixed(START, ZoneOffset.UTC));
        long later = START.plus(Duration.ofDays(30)).toEpochMilli();
        cache.keep("acme", "h1", List.of(new CacheWrite("big", "x".repeat(5000), later), new CacheWrite("ok", "v", later),
                new CacheWrite("k".repeat(70), "v", later)));
        assertThat(cache.open("acme", "h1").entries()).containsOnlyKeys("ok");
        assertThat(cache.open("acme", "h1").entries().get("ok").expiresAt())
                .isEqualTo(START.plus(Duration.ofHours(24)).toEpochMilli());
        cache.keep("globex", "h1", List.of(new CacheWrite("stolen", "v", later)));
        assertThat(cache.open("acme", "h1").entries()).containsOnlyKeys("ok");
        assertThat(cache.open("globex", "h1").entries()).isEmpty();
    }

    private String setError(String key, String valueJson) {
        String value = valueJson.startsWith("{") ? valueJson : "\"" + valueJson + "\"";
        JsonNode claims = run("acme", "h1", START, "{\"set\": \"" + key + "\", \"value\": " + value + "}");
        assertThat(claims.at("/set/type").asText()).isEqualTo("error");
        return claims.at("/set/code").asText();
    }

    /** Runs the caching Action as stored hook {@code hookId} at {@code now}; the id token's claims it set. */
    private JsonNode run(String tenantId, String hookId, Instant now, String askJson) {
        JsonNode data = TestContexts.generate(HookTypes.POST_LOGIN, 5);
        ((com.fasterxml.jackson.databind.node.ObjectNode) data.at("/user/app_metadata")).set("ask", TestRuntime.json(askJson));
        PipelineRunner runner = new PipelineRunner(TestRuntime.shared(), HookSource.NONE, TestRuntime.METRICS,
                new HookCache(database.jdbi(), Clock.fixed(now, ZoneOffset.UTC)), HookQueries.NONE);
        RunResult result = runner.runHook(tenantId, HookTypes.POST_LOGIN, hookId, "cache", CACHING_ACTION, data);
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        return result.result().at("/context/idToken");
    }
}

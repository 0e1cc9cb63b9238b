package io.hookbox.egress;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.hookbox.audit.AuditTrail;
import io.hookbox.errors.HookboxException;
import io.hookbox.store.ChangeFeed;
import org.jdbi.v3.core.Jdbi;

import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A tenant's own egress allow-list, which narrows the server's policy and never widens it: when set, the tenant's
 * hooks reach only the hosts it names (still subject to every server rule). An empty list removes it. Lists are
 * cached for the egress service, which asks on every request; a change on any node reaches every node's cache
 * through the {@link ChangeFeed}, and while the feed is down the cache is bypassed. Thread-safe.
 */
public final class EgressSettings {

    /** What the API shows and takes. */
    public record Settings(List<String> allowHosts) {
        public Settings {
            allowHosts = allowHosts == null ? List.of() : List.copyOf(allowHosts);
        }
    }

    public static final int MAX_ENTRIES = 100;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> LIST = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final ChangeFeed changes;
    private final AuditTrail audit;
    private final Clock clock;
    private final LoadingCache<String, HostRules> rules;

    public EgressSettings(Jdbi jdbi, ChangeFeed changes, AuditTrail audit, Clock clock) {
        this.jdbi = jdbi;
        this.changes = changes;
        this.audit = audit;
        this.clock = clock;
        this.rules = Caffeine.newBuilder()
                .maximumSize(10_000)
                .expireAfterWrite(Duration.ofMinutes(5))
                .build(this::load);
        changes.subscribe(rules::invalidateAll);
    }

    public Settings get(String tenantId) {
        return new Settings(jdbi.withExtension(TenantEgressDao.class, dao -> dao.allowHosts(tenantId))
                .map(EgressSettings::parse).orElse(List.of()));
    }

    /** Replaces the tenant's list, as the API key {@code keyId} asked; a bad entry is refused with its index and why. */
    public Settings put(String tenantId, Settings settings, String keyId) {
        if (settings.allowHosts().size() > MAX_ENTRIES) {
            throw HookboxException.invalid("allowHosts may hold at most " + MAX_ENTRIES + " entries",
                    Map.of("field", "allowHosts"));
        }
        for (int i = 0; i < settings.allowHosts().size(); i++) {
            try {
                HostRules.parse(List.of(String.valueOf(settings.allowHosts().get(i))), "allowHosts[" + i + "]");
            } catch (IllegalArgumentException e) {
                throw HookboxException.invalid(e.getMessage(), Map.of("field", "allowHosts[" + i + "]"));
            }
        }
        jdbi.useTransaction(handle -> {
            TenantEgressDao dao = handle.attach(TenantEgressDao.class);
            dao.clear(tenantId);
            if (!settings.allowHosts().isEmpty()) {
                dao.insert(tenantId, write(settings.allowHosts()), clock.instant());
            }
            audit.record(handle, tenantId, keyId, "settings.egress.changed", null, null,
                    settings.allowHosts().isEmpty() ? "removed the egress allow-list"
                            : "set the egress allow-list to " + settings.allowHosts().size() + " host(s)");
        });
        rules.invalidate(tenantId);
        changes.announce();
        return get(tenantId);
    }

    /** The rules the egress service applies to the tenant's requests; {@link HostRules#NONE} when it has no list. */
    public HostRules rules(String tenantId) {
        if (tenantId == null) {
            return HostRules.NONE;
        }
        return changes.live() ? rules.get(tenantId) : load(tenantId);
    }

    private HostRules load(String tenantId) {
        return HostRules.parse(get(tenantId).allowHosts(), "allowHosts");
    }

    private static List<String> parse(String json) {
        try {
            return JSON.readValue(json, LIST);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(List<String> hosts) {
        try {
            return JSON.writeValueAsString(hosts);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package io.hookbox.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.errors.HookboxException;
import io.hookbox.secrets.RandomTokens;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The outbox of after-the-fact hook runs (table {@code outbox}): entries written inside the transaction of the change
 * that caused them, claimed by one node at a time, completed with what their attempt gave, listed and retried for the
 * API, pruned like the execution log. A claim is one conditional UPDATE on the row's version, which every database
 * runs atomically: of two nodes that read the same due row, exactly one moves it on. Thread-safe.
 */
public final class Outbox {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ERROR_LENGTH = 2_000;
    private static final String DUE = "status IN ('pending', 'failed') AND next_attempt_at <= :now";
    private static final String COLUMNS = "id, tenant_id, hook_id, type, flow_id, status, attempts, created_at, "
            + "next_attempt_at, last_attempt_at, delivered_at, last_status_code, last_error";

    /** Deletes a table's old rows and each tenant's oldest beyond a count, among those that meet a condition. */
    @FunctionalInterface
    public interface Retention {
        int prune(Handle handle, String table, String timeColumn, Instant now, String condition);
    }

    private final Jdbi jdbi;
    private final Retention retention;
    private final Clock clock;
    private final Wakeup wakeup = new Wakeup();

    /** {@code retention}: how finished deliveries are pruned (as the execution log is). */
    public Outbox(Jdbi jdbi, Retention retention, Clock clock) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.clock = clock;
    }

    /**
     * Writes, on {@code handle} (so inside its transaction), one pending entry per hook of {@code hookIds}: the run of
     * that {@code type} hook on {@code data}, caused by flow {@code flowId}. Due at once: this node's dispatcher looks
     * for them as soon as the transaction commits.
     */
    public void enqueue(Handle handle, String tenantId, String flowId, String type, List<String> hookIds, JsonNode data) {
        if (hookIds.isEmpty()) {
            return;
        }
        Instant now = now();
        var batch = handle.prepareBatch("INSERT INTO outbox (id, tenant_id, hook_id, type, flow_id, data, status, attempts, "
                + "attempts_at_retry, created_at, next_attempt_at, version) VALUES (:id, :tenantId, :hookId, :type, :flowId, "
                + ":data, 'pending', 0, 0, :now, :now, 0)");
        String json = json(data);
        for (String hookId : hookIds) {
            batch.bind("id", RandomTokens.token("dlv_", 12)).bind("tenantId", tenantId).bind("hookId", hookId)
                    .bind("type", type).bind("flowId", flowId).bind("data", json).bind("now", now).add();
        }
        batch.execute();
        handle.afterCommit(wakeup::signal);
    }

    /** As {@link #enqueue(Handle, String, String, String, List, JsonNode)}, in a transaction of its own. */
    public void enqueue(String tenantId, String flowId, String type, List<String> hookIds, JsonNode data) {
        jdbi.useTransaction(handle -> enqueue(handle, tenantId, flowId, type, hookIds, data));
    }

    /**
     * Claims at most {@code limit} due entries for {@code node}, oldest due first, each for {@code lease}: until then
     * no other node takes it; past it, the entry is due again. Answers those this node won.
     */
    public List<OutboxEntry> claim(String node, int limit, Duration lease) {
        Instant now = now();
        return jdbi.withHandle(handle -> {
            List<Map<String, Object>> due = handle.createQuery("SELECT id, version FROM outbox WHERE " + DUE
                            + " ORDER BY next_attempt_at, id FETCH FIRST :limit ROWS ONLY")
                    .bind("now", now).bind("limit", limit).mapToMap().list();
            List<OutboxEntry> claimed = new ArrayList<>();
            for (Map<String, Object> row : due) {
                String id = (String) row.get("id");
                long version = ((Number) row.get("version")).longValue();
                int won = handle.createUpdate("UPDATE outbox SET claimed_by = :node, next_attempt_at = :leaseEnd, "
                                + "attempts = attempts + 1, version = version + 1 WHERE id = :id AND version = :version AND " + DUE)
                        .bind("node", node).bind("leaseEnd", now.plus(lease)).bind("id", id).bind("version", version)
                        .bind("now", now).execute();
                if (won == 1) {
                    handle.createQuery("SELECT id, tenant_id, hook_id, type, flow_id, data, created_at, attempts, "
                                    + "attempts_at_retry, version FROM outbox WHERE id = :id")
                            .bind("id", id).map((rs, ctx) -> entry(rs)).findOne().ifPresent(claimed::add);
                }
            }
            return claimed;
        });
    }

    /**
     * Records how {@code node}'s attempt at {@code entry} ended: delivered, failed with the next attempt as
     * {@code schedule} says ({@code jitter} from 0 to 1), or dead. False when the claim was lost meanwhile (its lease
     * ran out and another node took the entry, or it was retried by request): then nothing is written.
     */
    public boolean complete(OutboxEntry entry, String node, Attempt attempt, RetrySchedule schedule, double jitter) {
        Instant now = now();
        Optional<Instant> next = attempt.result() == Attempt.Result.FAILED
                ? schedule.nextAttempt(entry.attempt(), now, jitter) : Optional.empty();
        DeliveryStatus status = switch (attempt.result()) {
            case DELIVERED -> DeliveryStatus.DELIVERED;
            case FAILED -> next.isPresent() ? DeliveryStatus.FAILED : DeliveryStatus.DEAD;
            case ABANDONED -> DeliveryStatus.DEAD;
        };
        return jdbi.withHandle(handle -> handle.createUpdate("UPDATE outbox SET status = :status, "
                        + "next_attempt_at = :next, last_attempt_at = :now, delivered_at = :deliveredAt, "
                        + "last_status_code = :statusCode, last_error = :error, claimed_by = NULL, version = version + 1 "
                        + "WHERE id = :id AND version = :version AND claimed_by = :node")
                .bind("status", status.json()).bind("next", next.orElse(null)).bind("now", now)
                .bind("deliveredAt", status == DeliveryStatus.DELIVERED ? now : null)
                .bind("statusCode", attempt.statusCode()).bind("error", truncated(attempt.error()))
                .bind("id", entry.id()).bind("version", entry.version()).bind("node", node).execute()) == 1;
    }

    /** How many entries are still to be delivered (pending or failed), on the whole database. */
    public long waiting() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM outbox WHERE status IN ('pending', 'failed')")
                .mapTo(Long.class).one());
    }

    /** When the next entry falls due (a lease's end included), if any is waiting. */
    public Optional<Instant> nextDue() {
        return jdbi.withHandle(handle -> Optional.ofNullable(handle.createQuery(
                        "SELECT MIN(next_attempt_at) AS due FROM outbox WHERE status IN ('pending', 'failed')")
                .map((rs, ctx) -> instant(rs, "due")).list().getFirst()));
    }

    /** A tenant's deliveries, newest first. */
    public List<Delivery> list(String tenantId, DeliveryQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM outbox WHERE tenant_id = :tenantId");
        if (query.hookId() != null) {
            sql.append(" AND hook_id = :hookId");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY created_at DESC, id DESC FETCH FIRST :limit ROWS ONLY");
        return jdbi.withHandle(handle -> {
            Query select = handle.createQuery(sql.toString()).bind("tenantId", tenantId).bind("limit", query.limit());
            if (query.hookId() != null) {
                select.bind("hookId", query.hookId());
            }
            if (query.status() != null) {
                select.bind("status", query.status().json());
            }
            return select.map((rs, ctx) -> delivery(rs)).list();
        });
    }

    public Delivery get(String tenantId, String id) {
        return jdbi.withHandle(handle -> find(handle, tenantId, id)).orElseThrow(() -> notFound(id));
    }

    /**
     * Makes a delivery due now with a fresh schedule of attempts, whatever it stands at (a delivered one is delivered
     * again); 409 while a node is delivering it, 404 for no such delivery of the tenant.
     */
    public Delivery retry(String tenantId, String id) {
        Instant now = now();
        return jdbi.inTransaction(handle -> {
            int updated = handle.createUpdate("UPDATE outbox SET status = 'pending', next_attempt_at = :now, "
                            + "attempts_at_retry = attempts, claimed_by = NULL, version = version + 1 WHERE tenant_id = :tenantId "
                            + "AND id = :id AND (claimed_by IS NULL OR next_attempt_at <= :now)")
                    .bind("now", now).bind("tenantId", tenantId).bind("id", id).execute();
            Delivery delivery = find(handle, tenantId, id).orElseThrow(() -> notFound(id));
            if (updated == 0) {
                throw new HookboxException(HookboxException.Kind.CONFLICT, "delivery_in_progress",
                        "delivery '" + id + "' is being attempted right now; retry it once the attempt has ended",
                        Map.of("id", id));
            }
            handle.afterCommit(wakeup::signal);
            return delivery;
        });
    }

    /**
     * Deletes delivered and dead entries older than the retention age, and each tenant's oldest of them beyond the
     * retention count; entries still to be delivered are kept whatever their number.
     */
    public int prune() {
        return jdbi.inTransaction(handle -> retention.prune(handle, "outbox", "created_at", clock.instant(),
                "status IN ('delivered', 'dead')"));
    }

    /** What the dispatcher of this outbox waits on. */
    Wakeup wakeup() {
        return wakeup;
    }

    private static Optional<Delivery> find(Handle handle, String tenantId, String id) {
        return handle.createQuery("SELECT " + COLUMNS + " FROM outbox WHERE tenant_id = :tenantId AND id = :id")
                .bind("tenantId", tenantId).bind("id", id).map((rs, ctx) -> delivery(rs)).findOne();
    }

    private static HookboxException notFound(String id) {
        return new HookboxException(HookboxException.Kind.NOT_FOUND, "not_found", "no delivery '" + id + "'", Map.of("id", id));
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        DeliveryStatus status = DeliveryStatus.parse(rs.getString("status"));
        boolean waiting = status == DeliveryStatus.PENDING || status == DeliveryStatus.FAILED;
        return new Delivery(rs.getString("id"), rs.getString("hook_id"), rs.getString("type"), rs.getString("flow_id"),
                status, rs.getInt("attempts"), instant(rs, "created_at"), waiting ? instant(rs, "next_attempt_at") : null,
                instant(rs, "last_attempt_at"), instant(rs, "delivered_at"), (Integer) rs.getObject("last_status_code"),
                rs.getString("last_error"));
    }

    private static OutboxEntry entry(ResultSet rs) throws SQLException {
        try {
            return new OutboxEntry(rs.getString("id"), rs.getString("tenant_id"), rs.getString("hook_id"), rs.getString("type"),
                    rs.getString("flow_id"), JSON.readTree(rs.getString("data")), instant(rs, "created_at"),
                    rs.getInt("attempts") - rs.getInt("attempts_at_retry"), rs.getLong("version"));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp timestamp = rs.getTimestamp(column);
        return timestamp == null ? null : timestamp.toInstant();
    }

    private static String json(JsonNode data) {
        try {
            return JSON.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String truncated(String error) {
        return error == null || error.length() <= MAX_ERROR_LENGTH ? error : error.substring(0, MAX_ERROR_LENGTH - 1) + "…";
    }

    /** Stored times have millisecond precision on every database. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}

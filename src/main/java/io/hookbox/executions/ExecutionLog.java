package io.hookbox.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookbox.egress.RequestLog;
import io.hookbox.sandbox.ConsoleEntry;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;

/** The record of hook executions in real flows: written after each flow, listed newest first, pruned. Thread-safe. */
public final class ExecutionLog {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<ConsoleEntry>> CONSOLE = new TypeReference<>() {
    };
    private static final TypeReference<List<RequestLog>> REQUESTS = new TypeReference<>() {
    };
    private static final String COLUMNS = "id, hook_id, hook_name, type, flow_id, started_at, duration_ms, status, "
            + "error_code, error_message, continued, console, requests, hook_version";

    private final Jdbi jdbi;
    private final RetentionPolicy retention;
    private final Clock clock;

    public ExecutionLog(Jdbi jdbi, RetentionPolicy retention, Clock clock) {
        this.jdbi = jdbi;
        this.retention = retention;
        this.clock = clock;
    }

    public void record(String tenantId, List<Execution> executions) {
        if (executions.isEmpty()) {
            return;
        }
        jdbi.useTransaction(handle -> {
            var batch = handle.prepareBatch("INSERT INTO executions (tenant_id, " + COLUMNS + ") VALUES (:tenantId, :id, "
                    + ":hookId, :hookName, :type, :flowId, :startedAt, :durationMs, :status, :errorCode, :errorMessage, :continued, :console, "
                    + ":requests, :hookVersion)");
            for (Execution execution : executions) {
                batch.bind("tenantId", tenantId).bindMethods(execution).bind("console", json(execution.console()))
                        .bind("requests", json(execution.requests())).add();
            }
            batch.execute();
        });
    }

    public List<Execution> list(String tenantId, ExecutionQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM executions WHERE tenant_id = :tenantId");
        if (query.hookId() != null) {
            sql.append(" AND hook_id = :hookId");
        }
        if (query.type() != null) {
            sql.append(" AND type = :type");
        }
        if (query.status() != null) {
            sql.append(" AND status = :status");
        }
        sql.append(" ORDER BY started_at DESC, id DESC FETCH FIRST :limit ROWS ONLY");
        return jdbi.withHandle(handle -> {
            Query select = handle.createQuery(sql.toString()).bind("tenantId", tenantId).bind("limit", query.limit());
            bindIfPresent(select, "hookId", query.hookId());
            bindIfPresent(select, "type", query.type());
            bindIfPresent(select, "status", query.status());
            return select.map((rs, ctx) -> execution(rs)).list();
        });
    }

    /** Deletes records older than the retention age, and each tenant's oldest beyond the retention count. */
    public int prune() {
        return jdbi.inTransaction(handle -> retention.prune(handle, "executions", "started_at", clock.instant()));
    }

    private static void bindIfPresent(Query query, String name, String value) {
        if (value != null) {
            query.bind(name, value);
        }
    }

    private static Execution execution(ResultSet rs) throws SQLException {
        return new Execution(rs.getString("id"), rs.getString("hook_id"), rs.getString("hook_name"), rs.getString("type"),
                rs.getString("flow_id"), rs.getTimestamp("started_at").toInstant(), rs.getLong("duration_ms"),
                rs.getString("status"), rs.getString("error_code"), rs.getString("error_message"),
                rs.getBoolean("continued"), read(rs.getString("console"), CONSOLE), read(rs.getString("requests"), REQUESTS),
                (Integer) rs.getObject("hook_version"));
    }

    private static String json(List<?> entries) {
        try {
            return JSON.writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Entries kept as JSON; executions recorded before requests were kept have none. */
    private static <T> List<T> read(String json, TypeReference<List<T>> type) {
        if (json == null) {
            return List.of();
        }
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

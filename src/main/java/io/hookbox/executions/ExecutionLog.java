package io.hookbox.executions;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
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
    private static final String COLUMNS = "id, hook_id, hook_name, type, flow_id, started_at, duration_ms, status, "
            + "error_code, error_message, continued, console, hook_version";

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
                    + ":hookId, :hookName, :type, :flowId, :startedAt, :durationMs, :status, :errorCode, :errorMessage, :continued, :console,"
                    + " :hookVersion)");
            for (Execution execution : executions) {
                batch.bind("tenantId", tenantId).bindMethods(execution).bind("console", json(execution.console())).add();
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
                rs.getBoolean("continued"), console(rs.getString("console")), (Integer) rs.getObject("hook_version"));
    }

    private static String json(List<ConsoleEntry> console) {
        try {
            return JSON.writeValueAsString(console);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<ConsoleEntry> console(String json) {
        try {
            return JSON.readValue(json, CONSOLE);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}

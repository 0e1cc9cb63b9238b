package io.hookbox.secrets;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Update;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A table column of sealed values: {@code keyColumns} identify a row, {@code binding} is what each row's value is
 * bound to. {@link #resealAll} brings every value under the current server key, so that a rotated-out key (or the
 * first scheme) is needed no more.
 */
public record SealedRows(String table, String column, List<String> keyColumns, Function<List<String>, Binding> binding) {

    public SealedRows {
        keyColumns = List.copyOf(keyColumns);
    }

    /**
     * Re-seals every value not sealed under the current key and answers how many. Idempotent; a row changed meanwhile
     * (by another node) is left as that change made it. Fails when a value opens under no key the box knows.
     */
    public int resealAll(Jdbi jdbi, SecretBox box) {
        String keys = String.join(", ", keyColumns);
        List<List<String>> stale = jdbi.withHandle(handle -> handle.createQuery("SELECT " + keys + ", " + column + " FROM " + table
                        + " WHERE " + column + " NOT LIKE :current")
                .bind("current", box.currentPrefix() + "%")
                .map((rs, ctx) -> {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= keyColumns.size() + 1; i++) {
                        row.add(rs.getString(i));
                    }
                    return row;
                })
                .list());
        String where = String.join(" AND ", keyColumns.stream().map(key -> key + " = :" + key).toList());
        int resealed = 0;
        for (List<String> row : stale) {
            List<String> key = row.subList(0, keyColumns.size());
            String sealed = row.getLast();
            String next = box.reseal(sealed, binding.apply(key));
            resealed += jdbi.withHandle(handle -> {
                Update update = handle.createUpdate("UPDATE " + table + " SET " + column + " = :next WHERE " + where + " AND " + column
                        + " = :sealed").bind("next", next).bind("sealed", sealed);
                for (int i = 0; i < keyColumns.size(); i++) {
                    update.bind(keyColumns.get(i), key.get(i));
                }
                return update.execute();
            });
        }
        return resealed;
    }
}

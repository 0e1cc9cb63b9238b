package io.hookbox.sandbox.supervisor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The runs waiting in one lane, kept per tenant and served in turn: each pass offers every waiting tenant's oldest run
 * once, and a tenant that got one served goes to the back, so a tenant with many runs waiting delays the others by at
 * most one run per turn. Not thread-safe.
 */
final class FairQueue<T> {

    private final Map<String, Deque<T>> byTenant = new LinkedHashMap<>();
    private int size;

    void add(String tenant, T item, boolean front) {
        Deque<T> items = byTenant.computeIfAbsent(tenant, key -> new ArrayDeque<>());
        if (front) {
            items.addFirst(item);
        } else {
            items.addLast(item);
        }
        size++;
    }

    int size() {
        return size;
    }

    int sizeOf(String tenant) {
        Deque<T> items = byTenant.get(tenant);
        return items == null ? 0 : items.size();
    }

    /** Removes every item {@code expired} accepts and answers them, oldest first within each tenant. */
    List<T> removeIf(Predicate<T> expired) {
        List<T> removed = new ArrayList<>();
        for (Iterator<Deque<T>> tenants = byTenant.values().iterator(); tenants.hasNext(); ) {
            Deque<T> items = tenants.next();
            for (Iterator<T> each = items.iterator(); each.hasNext(); ) {
                T item = each.next();
                if (expired.test(item)) {
                    each.remove();
                    removed.add(item);
                    size--;
                }
            }
            if (items.isEmpty()) {
                tenants.remove();
            }
        }
        return removed;
    }

    /**
     * Offers the tenants' oldest runs in turn to {@code take}, which answers whether it took the run, until a whole
     * pass takes nothing.
     */
    void serve(Predicate<T> take) {
        boolean tookAny = true;
        while (tookAny && size > 0) {
            tookAny = false;
            for (String tenant : new ArrayList<>(byTenant.keySet())) {
                Deque<T> items = byTenant.get(tenant);
                if (take.test(items.peekFirst())) {
                    items.pollFirst();
                    size--;
                    byTenant.remove(tenant);
                    if (!items.isEmpty()) {
                        byTenant.put(tenant, items);
                    }
                    tookAny = true;
                }
            }
        }
    }

    List<T> drain() {
        List<T> all = new ArrayList<>();
        byTenant.values().forEach(all::addAll);
        byTenant.clear();
        size = 0;
        return all;
    }
}

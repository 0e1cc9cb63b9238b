package io.hookbox.store;

import org.jdbi.v3.core.Jdbi;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Tells every node on the database that something it may have cached changed. On PostgreSQL a change is a
 * {@code NOTIFY} that each node's listener (one connection of its own, {@code LISTEN}ing) passes to its subscribers
 * within a fraction of a second; on H2, which only one process opens, subscribers are told directly. While a
 * node's listener is not connected it may miss changes: {@link #live()} is then false, and when it connects again
 * every subscriber is told that anything may have changed. Thread-safe.
 */
public final class ChangeFeed implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(ChangeFeed.class);
    private static final String CHANNEL = "hookbox_changes";
    private static final int POLL_MILLIS = 250;
    private static final long RECONNECT_MILLIS = 1000;

    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final String listenUrl;
    private final Jdbi jdbi;
    private final Thread listener;
    private volatile boolean listening;
    private volatile boolean closed;

    private ChangeFeed(String listenUrl, Jdbi jdbi) {
        this.listenUrl = listenUrl;
        this.jdbi = jdbi;
        this.listener = listenUrl == null ? null
                : Thread.ofPlatform().name("hookbox-change-feed").daemon(true).start(this::listen);
    }

    static ChangeFeed forDatabase(String jdbcUrl, Jdbi jdbi) {
        return new ChangeFeed(Database.isPostgres(jdbcUrl) ? jdbcUrl : null, jdbi);
    }

    /** Calls {@code subscriber} (quickly, on the feed's thread) whenever any node announces a change. */
    public void subscribe(Runnable subscriber) {
        subscribers.add(subscriber);
    }

    /** Whether every change announced by any node reaches this one; when false, caches must not be trusted. */
    public boolean live() {
        return listener == null || listening;
    }

    /** Announces a committed change to this node's subscribers at once and to the other nodes' within a second. */
    public void announce() {
        tellSubscribers();
        if (listener != null) {
            jdbi.useHandle(handle -> handle.createQuery("SELECT pg_notify(:channel, '')")
                    .bind("channel", CHANNEL).mapTo(String.class).findOne());
        }
    }

    private void listen() {
        while (!closed) {
            try (Connection connection = DriverManager.getConnection(listenUrl)) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                listening = true;
                tellSubscribers();
                PGConnection notifications = connection.unwrap(PGConnection.class);
                while (!closed) {
                    PGNotification[] received = notifications.getNotifications(POLL_MILLIS);
                    if (received != null && received.length > 0) {
                        tellSubscribers();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!closed) {
                    log.warn("the change feed lost its database connection ({}); caches are bypassed until it is back", e.getMessage());
                }
            } finally {
                listening = false;
            }
            pause();
        }
    }

    private void tellSubscribers() {
        subscribers.forEach(Runnable::run);
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (listener != null) {
            listener.interrupt();
        }
    }
}

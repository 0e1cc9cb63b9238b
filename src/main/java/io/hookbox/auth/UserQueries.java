package io.hookbox.auth;

import io.hookbox.pipeline.HookQueries;
import io.hookbox.sandbox.HostQueries;
import org.jdbi.v3.core.Jdbi;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers hooks' questions about the users of their own tenant: {@code users.exists(username)}, whether one of them has
 * this username (compared as sign-in compares it, letter case aside). Each run gets an answerer closed over its tenant,
 * which answers at most {@link HostQueries#MAX_PER_RUN} questions. Read-only; thread-safe.
 */
public final class UserQueries implements HookQueries {

    static final String USERS_EXISTS = "users.exists";

    private final Jdbi jdbi;

    public UserQueries(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public HostQueries forRun(String tenantId) {
        AtomicInteger asked = new AtomicInteger();
        return (name, argument) -> {
            if (asked.incrementAndGet() > HostQueries.MAX_PER_RUN) {
                return HostQueries.tooMany();
            }
            if (!USERS_EXISTS.equals(name)) {
                return HostQueries.Answer.error(name + " is not a question hookbox answers");
            }
            if (argument.length() > 4 * Identifiers.MAX_LENGTH || Identifiers.key(argument).length() > Identifiers.MAX_LENGTH) {
                return HostQueries.Answer.of("false");
            }
            boolean exists = jdbi.withExtension(UserDao.class,
                    dao -> dao.idOfUsernameKey(tenantId, Identifiers.key(argument)).isPresent());
            return HostQueries.Answer.of(Boolean.toString(exists));
        };
    }
}

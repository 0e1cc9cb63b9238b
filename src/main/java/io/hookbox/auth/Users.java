package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.secrets.RandomTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserChanges;
import io.hookbox.hooks.data.UserProfile;
import io.hookbox.schema.DataSchema;
import io.hookbox.store.Constraints;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A tenant's users: registered, found by email or username, changed through the management API or by hooks, and
 * deleted. Emails and usernames are unique per tenant. Thread-safe.
 */
public final class Users {

    public static final int DEFAULT_LIST_LIMIT = 50;
    public static final int MAX_LIST_LIMIT = 500;
    private static final int MAX_MERGE_ATTEMPTS = 5;
    /** What a management PATCH may set: the changes hooks see, and a new password (which they never see). */
    private static final String PASSWORD = "password";
    private static final List<String> PATCHABLE = Stream.concat(UserChanges.FIELDS.stream(), Stream.of(PASSWORD)).sorted().toList();
    private static final DataSchema CHANGES = DataSchema.of("user changes", UserChanges.SHAPE);
    private static final Pattern USERNAME = Pattern.compile("[\\p{L}\\p{N}\\p{M}._-]{1,100}");

    private final Jdbi jdbi;
    private final PasswordHasher hasher;
    private final Clock clock;

    public Users(Jdbi jdbi, PasswordHasher hasher, Clock clock) {
        this.jdbi = jdbi;
        this.hasher = hasher;
        this.clock = clock;
    }

    /** Who answers hooks' questions about this store's users ({@code users.exists}). */
    public UserQueries questions() {
        return new UserQueries(jdbi);
    }

    /**
     * Saves a new user; 409 when the email or username is taken. {@code alongside} runs in the same transaction, after
     * the user is written: what it writes is kept only if the user is, and a failure of it undoes the sign-up.
     */
    public StoredUser register(String tenantId, UserProfile profile, String passwordHash, BiConsumer<Handle, StoredUser> alongside) {
        StoredUser user = StoredUser.registered(RandomTokens.token("usr_", 12), profile, now());
        try {
            jdbi.useTransaction(handle -> {
                handle.attach(UserDao.class).insert(tenantId, new UserAccount(user, passwordHash));
                alongside.accept(handle, user);
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw taken(tenantId, profile, user.id());
            }
            throw e;
        }
        return user;
    }

    /** 409 if a user other than {@code exceptId} has the profile's email or username. */
    public void requireAvailable(String tenantId, UserProfile profile, String exceptId) {
        jdbi.useExtension(UserDao.class, dao -> {
            if (dao.idOfEmailKey(tenantId, Identifiers.key(profile.email())).filter(id -> !id.equals(exceptId)).isPresent()) {
                throw conflict("email_taken", "a user with email '" + profile.email() + "' already exists");
            }
            if (profile.username() != null
                    && dao.idOfUsernameKey(tenantId, Identifiers.key(profile.username())).filter(id -> !id.equals(exceptId)).isPresent()) {
                throw conflict("username_taken", "the username '" + profile.username() + "' is taken");
            }
        });
    }

    /** The user whose email or username has the same {@link Identifiers#key} as {@code login}. */
    public Optional<UserAccount> findByLogin(String tenantId, String login) {
        if (login == null || login.isBlank() || login.length() > Identifiers.MAX_LENGTH) {
            return Optional.empty();
        }
        return jdbi.withExtension(UserDao.class, dao -> dao.findByLoginKey(tenantId, Identifiers.key(login)));
    }

    public StoredUser get(String tenantId, String id) {
        return account(tenantId, id).user();
    }

    public List<StoredUser> list(String tenantId, String email, int limit) {
        if (limit < 1 || limit > MAX_LIST_LIMIT) {
            throw HookboxException.invalid("limit must be between 1 and " + MAX_LIST_LIMIT);
        }
        String filter = email == null ? "" : EmailAddress.normalize(email);
        return jdbi.withExtension(UserDao.class, dao -> dao.list(tenantId, filter, limit)).stream().map(UserAccount::user).toList();
    }

    /** Deletes a user; {@code alongside} runs in the same transaction, after the user is deleted (see {@link #register}). */
    public void delete(String tenantId, String id, Consumer<Handle> alongside) {
        jdbi.useTransaction(handle -> {
            if (handle.attach(UserDao.class).delete(tenantId, id) == 0) {
                throw notFound(id);
            }
            alongside.accept(handle);
        });
    }

    /**
     * The changes a management PATCH body asks for, checked: only fields of {@link UserChanges} (and {@code password}),
     * each of the right type, the email normalized. The password is left out: see {@link #requestedPassword}.
     */
    public static ObjectNode requestedChanges(ObjectNode body) {
        List<String> unknown = body.properties().stream().map(Map.Entry::getKey).filter(key -> !PATCHABLE.contains(key)).toList();
        if (!unknown.isEmpty()) {
            throw HookboxException.invalid("unknown field(s) " + unknown + "; a user PATCH may set " + PATCHABLE,
                    Map.of("fields", unknown));
        }
        ObjectNode changes = body.deepCopy();
        changes.remove(PASSWORD);
        requireValid(changes, CHANGES, "invalid change");
        return changes;
    }

    /** The new password a PATCH body asks for, if any, checked like at sign-up against the user's email. */
    public static Optional<String> requestedPassword(ObjectNode body, String email) {
        JsonNode password = body.get(PASSWORD);
        if (password == null) {
            return Optional.empty();
        }
        if (!password.isTextual()) {
            throw HookboxException.invalid("field 'password' must be a string", Map.of("field", PASSWORD));
        }
        PasswordRules.weakness(password.asText(), email).ifPresent(reason -> {
            throw new HookboxException(HookboxException.Kind.INVALID, "weak_password", reason, null);
        });
        return Optional.of(password.asText());
    }

    /**
     * Applies {@code changes} (fields of {@link UserChanges}, as {@link #requestedChanges} checked them) and a new
     * password if given; 409 when the new email or username is taken.
     */
    public StoredUser update(String tenantId, String id, ObjectNode changes, Optional<String> newPassword) {
        requireValid(changes, CHANGES, "invalid change");
        UserAccount account = account(tenantId, id);
        ObjectNode profileJson = account.user().profile().toJson();
        changes.properties().stream().filter(field -> !field.getKey().equals("blocked"))
                .forEach(field -> profileJson.set(field.getKey(), field.getValue()));
        UserProfile profile = validProfile(profileJson);
        requireAvailable(tenantId, profile, id);
        boolean blocked = changes.has("blocked") ? changes.get("blocked").asBoolean() : account.user().blocked();
        String passwordHash = newPassword.map(hasher::hash).orElse(account.passwordHash());
        StoredUser user = account.user();
        if (blocked != user.blocked()) {
            jdbi.useExtension(UserDao.class, dao -> dao.setBlocked(tenantId, id, blocked));
        }
        return save(tenantId, new UserAccount(new StoredUser(user.id(), profile, user.createdAt(), now(), user.lastLogin(),
                user.loginsCount(), blocked), passwordHash));
    }

    /**
     * Checks {@code json} (a user or a change to one) as at sign-up: the email and username by their rules, the email
     * normalized in place, then every field against {@code schema}; 400 naming what is wrong.
     */
    private static void requireValid(ObjectNode json, DataSchema schema, String what) {
        JsonNode email = json.get("email");
        if (email != null && email.isTextual()) {
            EmailAddress.problem(email.asText()).ifPresent(problem -> {
                throw new HookboxException(HookboxException.Kind.INVALID, "invalid_email", problem, null);
            });
            json.put("email", EmailAddress.normalize(email.asText()));
        }
        usernameProblem(json.path("username").textValue()).ifPresent(problem -> {
            throw new HookboxException(HookboxException.Kind.INVALID, "invalid_username", problem, null);
        });
        List<String> problems = schema.validate(json).stream().map(v -> v.path() + ": " + v.message()).toList();
        if (!problems.isEmpty()) {
            throw HookboxException.invalid(what + ": " + problems, Map.of("violations", problems));
        }
    }

    /**
     * Records a successful sign-in at {@code at}: one more login, and the metadata changes the post-login hooks
     * made (from {@code before} to {@code after}) merged into the user as it is now, field by field. Nothing else
     * of the user is written, so a change made meanwhile (a new password, revoked roles) is never undone.
     */
    public void recordLogin(String tenantId, String userId, Instant at, Metadata before, Metadata after) {
        if (before.equals(after)) {
            jdbi.useExtension(UserDao.class, dao -> dao.recordLogin(tenantId, userId, at));
            return;
        }
        mergeMetadata(tenantId, userId, before, after, (dao, user, app, version) ->
                dao.recordLogin(tenantId, userId, at, user, app, version));
    }

    /**
     * Saves the metadata changes the post-login hooks made before one of them denied the sign-in (as Auth0 saves an
     * Action's): merged as {@link #recordLogin} merges them, and no login recorded.
     */
    public void saveMetadataOfDeniedLogin(String tenantId, String userId, Metadata before, Metadata after) {
        if (!before.equals(after)) {
            mergeMetadata(tenantId, userId, before, after, (dao, user, app, version) ->
                    dao.saveMetadata(tenantId, userId, user, app, version));
        }
    }

    /** Writes the merged metadata (JSON) if the row is still at {@code version}; answers the rows written. */
    @FunctionalInterface
    private interface MetadataWrite {
        int write(UserDao dao, String userMetadata, String appMetadata, long version);
    }

    private void mergeMetadata(String tenantId, String userId, Metadata before, Metadata after, MetadataWrite write) {
        jdbi.useExtension(UserDao.class, dao -> {
            for (int attempt = 0; attempt < MAX_MERGE_ATTEMPTS; attempt++) {
                Optional<UserDao.VersionedMetadata> current = dao.metadata(tenantId, userId);
                if (current.isEmpty()) {
                    return;
                }
                UserDao.VersionedMetadata row = current.get();
                ObjectNode userMetadata = merged(UserDao.AccountMapper.metadata(row.userMetadata()), before.user(), after.user());
                ObjectNode appMetadata = merged(UserDao.AccountMapper.metadata(row.appMetadata()), before.app(), after.app());
                if (write.write(dao, UserDao.json(userMetadata), UserDao.json(appMetadata), row.version()) == 1) {
                    return;
                }
            }
            throw conflict("concurrent_update", "the user changed while signing in; sign in again");
        });
    }

    /** A user's two metadata objects. */
    public record Metadata(ObjectNode user, ObjectNode app) {
    }

    /** {@code current} with the top-level fields that changed from {@code before} to {@code after} set or removed. */
    private static ObjectNode merged(ObjectNode current, ObjectNode before, ObjectNode after) {
        ObjectNode result = current.deepCopy();
        before.properties().forEach(field -> {
            if (!after.has(field.getKey())) {
                result.remove(field.getKey());
            }
        });
        after.properties().forEach(field -> {
            if (!field.getValue().equals(before.get(field.getKey()))) {
                result.set(field.getKey(), field.getValue());
            }
        });
        return result;
    }

    /**
     * The profile in {@code json} (a user as hooks and the API show it) if it is valid: emails normalized, every
     * field of the right type and format; otherwise 400 naming the fields.
     */
    public static UserProfile validProfile(ObjectNode json) {
        requireValid(json, UserProfile.SCHEMA, "invalid user");
        return UserProfile.fromJson(json);
    }

    /**
     * Why {@code username} is refused (as at sign-up), or empty for a good one or none: 1 to 100 letters, digits, dots,
     * dashes or underscores, no lookalikes.
     */
    public static Optional<String> usernameProblem(String username) {
        if (username == null) {
            return Optional.empty();
        }
        if (!USERNAME.matcher(username).matches()) {
            return Optional.of("username must be 1 to 100 letters, digits, dots, dashes or underscores");
        }
        return Identifiers.lookalikeProblem(username).map(problem -> "username '" + username + "' is refused: " + problem);
    }

    /** Stored times have millisecond precision on every database; the answers use the same. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private StoredUser save(String tenantId, UserAccount account) {
        try {
            jdbi.useExtension(UserDao.class, dao -> {
                if (!dao.update(tenantId, account)) {
                    throw notFound(account.id());
                }
            });
        } catch (RuntimeException e) {
            if (Constraints.isUniqueViolation(e)) {
                throw taken(tenantId, account.user().profile(), account.id());
            }
            throw e;
        }
        return account.user();
    }

    private UserAccount account(String tenantId, String id) {
        return jdbi.withExtension(UserDao.class, dao -> dao.find(tenantId, id)).orElseThrow(() -> notFound(id));
    }

    private HookboxException taken(String tenantId, UserProfile profile, String userId) {
        boolean emailTaken = jdbi.withExtension(UserDao.class, dao -> dao.idOfEmailKey(tenantId, Identifiers.key(profile.email())))
                .filter(id -> !id.equals(userId)).isPresent();
        return emailTaken ? conflict("email_taken", "a user with email '" + profile.email() + "' already exists")
                : conflict("username_taken", "the username '" + profile.username() + "' is taken");
    }

    private static HookboxException conflict(String code, String message) {
        return new HookboxException(HookboxException.Kind.CONFLICT, code, message, null);
    }

    private static HookboxException notFound(String id) {
        return new HookboxException(HookboxException.Kind.NOT_FOUND, "not_found", "no user with id '" + id + "'",
                Map.of("id", String.valueOf(id)));
    }
}

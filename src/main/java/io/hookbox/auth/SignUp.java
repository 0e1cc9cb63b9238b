package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.secrets.RandomTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.RequestInfo;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;

/**
 * Sign-up: checks the request, runs the pre-register-check hooks (on what the person typed), checks the email and
 * username are free, runs the pre-register hooks (the user the last one returns is saved), saves the user and, in
 * the same transaction, has the post-register hooks run after the fact (through the outbox), where their errors are
 * recorded and retried but undo nothing.
 * Thread-safe.
 */
public final class SignUp {

    /** What a client sends to sign a user up. */
    public record Request(String clientId, String email, String password, String username, String name, JsonNode userMetadata) {
    }

    private final Applications applications;
    private final Users users;
    private final PasswordHasher hasher;
    private final FlowHooks hooks;
    private final LoginThrottle throttle;

    public SignUp(Applications applications, Users users, PasswordHasher hasher, FlowHooks hooks, LoginThrottle throttle) {
        this.throttle = throttle;
        this.applications = applications;
        this.users = users;
        this.hasher = hasher;
        this.hooks = hooks;
    }

    public StoredUser signUp(String tenantId, Request request, RequestInfo requestInfo) {
        throttle.admitSignUp(tenantId, requestInfo.ip()).ifPresent(wait -> {
            throw AuthErrors.tooManySignUps(wait);
        });
        Application application = applications.find(tenantId, request.clientId()).orElseThrow(() -> AuthErrors.invalidClient(request.clientId()));
        Client client = new Client(application.clientId(), application.name());
        UserProfile requested = requestedProfile(request);
        String flowId = RandomTokens.token("flw_", 12);
        hooks.run(tenantId, flowId, HookTypes.PRE_REGISTER_CHECK,
                HookData.preRegisterCheck(requested.email(), requested.username(), client, requestInfo)).proceed();
        users.requireAvailable(tenantId, requested, null);

        ObjectNode taken = hooks.run(tenantId, flowId, HookTypes.PRE_REGISTER, HookData.preRegister(requested, client, requestInfo))
                .proceed();
        UserProfile profile = profileFromHooks(taken);
        users.requireAvailable(tenantId, profile, null);
        FlowHooks.AfterTheFact postRegister = hooks.runAfter(tenantId, flowId, HookTypes.POST_REGISTER);
        return users.register(tenantId, profile, hasher.hash(request.password()),
                (handle, user) -> postRegister.enqueue(handle, HookData.postRegister(user, client, requestInfo)));
    }

    private static UserProfile requestedProfile(Request request) {
        EmailAddress.problem(request.email()).ifPresent(problem -> {
            throw AuthErrors.invalid("invalid_email", problem);
        });
        if (request.password() == null) {
            throw AuthErrors.invalid("weak_password", "password is required");
        }
        String email = EmailAddress.normalize(request.email());
        PasswordRules.weakness(request.password(), email).ifPresent(reason -> {
            throw AuthErrors.invalid("weak_password", reason);
        });
        Users.usernameProblem(request.username()).ifPresent(problem -> {
            throw AuthErrors.invalid("invalid_username", problem);
        });
        if (request.userMetadata() != null && !request.userMetadata().isObject() && !request.userMetadata().isNull()) {
            throw AuthErrors.invalid("invalid_request", "user_metadata must be a JSON object");
        }
        ObjectNode metadata = request.userMetadata() instanceof ObjectNode object ? object : null;
        UserProfile requested = new UserProfile(email, false, request.username(), blankToNull(request.name()), null, null,
                null, null, metadata, null);
        return Users.validProfile(requested.toJson());
    }

    /** The user the pre-register hooks leave, if it is still a valid user (the pipeline has checked its shape). */
    private static UserProfile profileFromHooks(ObjectNode taken) {
        try {
            return Users.validProfile(((ObjectNode) taken.path("user")).deepCopy());
        } catch (HookboxException e) {
            throw AuthErrors.invalid("invalid_hook_result", "the user returned by the pre-register hooks is invalid: " + e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}

package io.hookbox.auth;

import com.fasterxml.jackson.databind.JsonNode;
import io.hookbox.secrets.RandomTokens;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.errors.HookboxException.Kind;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.data.Client;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.RequestInfo;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.hooks.data.UserProfile;
import io.hookbox.pipeline.PipelineResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Sign-up: checks the request, runs the pre-register hooks (the user the last one returns is saved), saves the user,
 * then runs the post-register hooks in the background, where their errors are recorded and logged but undo nothing.
 * Thread-safe; close it to let running post-register hooks finish.
 */
public final class SignUp implements AutoCloseable {

    /** What a client sends to sign a user up. */
    public record Request(String clientId, String email, String password, String username, String name, JsonNode userMetadata) {
    }

    private static final Logger log = LoggerFactory.getLogger(SignUp.class);

    private final Applications applications;
    private final Users users;
    private final PasswordHasher hasher;
    private final FlowHooks hooks;
    private final LoginThrottle throttle;
    private final ExecutorService afterSignUp = Executors.newVirtualThreadPerTaskExecutor();

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
        users.requireAvailable(tenantId, requested, null);

        String flowId = RandomTokens.token("flw_", 12);
        PipelineResult preRegister = hooks.run(tenantId, flowId, HookTypes.PRE_REGISTER, HookData.preRegister(requested, client, requestInfo));
        if (!preRegister.succeeded()) {
            throw AuthErrors.hookStopped(preRegister, Kind.INVALID, "hook_rejected");
        }
        UserProfile profile = profileFromHooks(preRegister.result());
        users.requireAvailable(tenantId, profile, null);
        StoredUser user = users.register(tenantId, profile, hasher.hash(request.password()));

        afterSignUp.submit(() -> runPostRegister(tenantId, flowId, user, client, requestInfo));
        return user;
    }

    private void runPostRegister(String tenantId, String flowId, StoredUser user, Client client, RequestInfo requestInfo) {
        try {
            PipelineResult result = hooks.run(tenantId, flowId, HookTypes.POST_REGISTER, HookData.postRegister(user, client, requestInfo));
            if (!result.succeeded()) {
                log.warn("post-register hook {} failed for user {} of tenant {} (the user stays registered): {} {}",
                        result.steps().getLast().hookId(), user.id(), tenantId, result.error().code(), result.error().message());
            }
        } catch (RuntimeException e) {
            log.error("post-register hooks could not run for user {} of tenant {}", user.id(), tenantId, e);
        }
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
        if (request.userMetadata() != null && !request.userMetadata().isObject() && !request.userMetadata().isNull()) {
            throw AuthErrors.invalid("invalid_request", "user_metadata must be a JSON object");
        }
        ObjectNode metadata = request.userMetadata() instanceof ObjectNode object ? object : null;
        UserProfile requested = new UserProfile(email, false, request.username(), blankToNull(request.name()), null, null,
                null, null, metadata, null);
        return Users.validProfile(requested.toJson());
    }

    /** The user the last pre-register hook returned, if it is still a valid user. */
    private static UserProfile profileFromHooks(JsonNode data) {
        if (!(data.get("user") instanceof ObjectNode user)) {
            throw AuthErrors.invalid("invalid_hook_result", "pre-register hooks must return data with a user object");
        }
        try {
            return Users.validProfile(user.deepCopy());
        } catch (io.hookbox.errors.HookboxException e) {
            throw AuthErrors.invalid("invalid_hook_result", "the user returned by the pre-register hooks is invalid: " + e.getMessage());
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    @Override
    public void close() {
        afterSignUp.close();
    }
}

package io.hookbox.auth;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.hooks.HookTypes;
import io.hookbox.hooks.data.HookData;
import io.hookbox.hooks.data.RequestInfo;
import io.hookbox.hooks.data.StoredUser;
import io.hookbox.secrets.RandomTokens;

import java.util.Optional;

/**
 * The management API's changes to users, with their hooks: an update runs the pre-user-update hooks on the changes
 * asked for and applies what they leave; a deletion runs the pre-user-delete hooks, deletes the user with all that is
 * kept of it and, in the same transaction, has the post-user-delete hooks run after the fact. Thread-safe.
 */
public final class UserManagement {

    private final Users users;
    private final FlowHooks hooks;

    public UserManagement(Users users, FlowHooks hooks) {
        this.users = users;
        this.hooks = hooks;
    }

    /** Applies a PATCH body: profile fields, {@code blocked}, and a new password (which hooks never see). */
    public StoredUser update(String tenantId, String id, ObjectNode body, RequestInfo request) {
        ObjectNode requested = Users.requestedChanges(body);
        StoredUser user = users.get(tenantId, id);
        ObjectNode taken = hooks.run(tenantId, flowId(), HookTypes.PRE_USER_UPDATE, HookData.preUserUpdate(user, requested, request))
                .proceed();
        ObjectNode changes = (ObjectNode) taken.path("changes");
        String email = changes.path("email").asText(user.profile().email());
        Optional<String> password = Users.requestedPassword(body, email);
        return users.update(tenantId, id, changes, password);
    }

    /** Deletes a user; the post-user-delete hooks get the user's last state. */
    public void delete(String tenantId, String id, RequestInfo request) {
        StoredUser user = users.get(tenantId, id);
        String flowId = flowId();
        hooks.run(tenantId, flowId, HookTypes.PRE_USER_DELETE, HookData.userDeletion(user, request)).proceed();
        FlowHooks.AfterTheFact postUserDelete = hooks.runAfter(tenantId, flowId, HookTypes.POST_USER_DELETE);
        users.delete(tenantId, id, handle -> postUserDelete.enqueue(handle, HookData.userDeletion(user, request)));
    }

    private static String flowId() {
        return RandomTokens.token("flw_", 12);
    }
}

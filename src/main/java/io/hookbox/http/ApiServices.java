package io.hookbox.http;

import io.hookbox.auth.AuthCore;
import io.hookbox.egress.EgressSettings;
import io.hookbox.hooks.HookService;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.TenantService;

import java.util.Optional;

/**
 * What the HTTP API serves: built by the composition root, handed to the routes. {@code publicUrl} is where clients
 * reach hookbox, for token issuers; without it, the address each request came to.
 */
public record ApiServices(HookRuntime runtime, TenantService tenants, HookService hooks, AdminAccess admin, AuthCore auth,
                          Optional<String> publicUrl, EgressSettings egress) {
}

package io.hookbox.http;

import io.hookbox.auth.AuthCore;
import io.hookbox.hooks.HookService;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.TenantService;


/**
 * What the HTTP API serves: built by the composition root, handed to the routes. {@code exposure} says how clients
 * reach hookbox: its public URL, for token issuers, and the proxies it trusts.
 */
public record ApiServices(HookRuntime runtime, TenantService tenants, HookService hooks, AdminAccess admin, AuthCore auth,
                          Exposure exposure) {
}

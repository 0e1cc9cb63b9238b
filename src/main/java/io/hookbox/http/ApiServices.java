package io.hookbox.http;

import io.hookbox.hooks.HookService;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.TenantService;

/** What the HTTP API serves: built by the composition root, handed to the routes. */
public record ApiServices(HookRuntime runtime, TenantService tenants, HookService hooks, AdminAccess admin) {
}

package io.hookbox.http;

import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.AuthCore;
import io.hookbox.egress.EgressSettings;
import io.hookbox.hooks.HookSecrets;
import io.hookbox.hooks.HookService;
import io.hookbox.packages.PackageService;
import io.hookbox.pipeline.UrlHooks;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.TenantService;
import io.hookbox.urlhooks.UrlHookKeys;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;


/**
 * What the HTTP API serves: built by the composition root, handed to the routes. {@code exposure} says how clients
 * reach hookbox: its public URL, for token issuers, and the proxies it trusts. {@code metrics}: the meters
 * {@code /metrics} shows; {@code audit}: the changes {@code /api/audit} lists;
 * {@code secrets}: hooks' secrets; {@code urlHookKeys}: URL hooks' signing secrets; {@code urlCalls}: who calls URL hooks
 * (for test runs).
 */
public record ApiServices(HookRuntime runtime, TenantService tenants, HookService hooks, AdminAccess admin, AuthCore auth,
                          Exposure exposure, PrometheusMeterRegistry metrics, PackageService packages, AuditTrail audit,
                          EgressSettings egress, HookSecrets secrets, UrlHookKeys urlHookKeys, UrlHooks urlCalls) {
}

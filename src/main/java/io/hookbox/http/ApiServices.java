package io.hookbox.http;

import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.AuthCore;
import io.hookbox.hooks.HookService;
import io.hookbox.sandbox.HookRuntime;
import io.hookbox.tenants.AdminAccess;
import io.hookbox.tenants.TenantService;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.util.Optional;

/**
 * What the HTTP API serves: built by the composition root, handed to the routes. {@code publicUrl} is where clients
 * reach hookbox, for token issuers; without it, the address each request came to. {@code metrics}: the meters
 * {@code /metrics} shows; {@code audit}: the changes {@code /api/audit} lists.
 */
public record ApiServices(HookRuntime runtime, TenantService tenants, HookService hooks, AdminAccess admin, AuthCore auth,
                          Optional<String> publicUrl, PrometheusMeterRegistry metrics, AuditTrail audit) {
}

package io.hookbox.http;

import io.javalin.security.RouteRole;

/** Marks routes that need more than a tenant's key; every other {@code /api} route needs a tenant's key. */
enum ApiRole implements RouteRole {
    ADMIN
}

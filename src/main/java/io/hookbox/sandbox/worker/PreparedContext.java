package io.hookbox.sandbox.worker;

import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Value;

/**
 * A fresh context with the prelude already installed, made ahead of the run that will use it; {@code auth0}: the adapter
 * that runs Auth0 Actions and Rules (auth0.js).
 */
record PreparedContext(Context context, Value driver, GuestBridge bridge, Value auth0) {
}

package io.hookbox.hooks;

import io.hookbox.errors.HookboxException;

import java.util.Map;

/** Resolves a hook type named in a request, or fails with {@code unknown_hook_type}. */
public final class HookTypeCheck {

    private HookTypeCheck() {
    }

    public static HookType require(String type) {
        if (type == null) {
            throw HookboxException.invalid("field 'type' is required; one of " + HookTypes.ids(), Map.of("field", "type"));
        }
        return HookTypes.find(type).orElseThrow(() -> new HookboxException(HookboxException.Kind.INVALID, "unknown_hook_type",
                "unknown hook type '" + type + "'; one of " + HookTypes.ids(), Map.of("type", type)));
    }
}

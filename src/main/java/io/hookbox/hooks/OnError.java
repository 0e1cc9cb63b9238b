package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.hookbox.errors.HookboxException;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * What a flow does when one stored hook fails: {@code DENY} stops the chain there (and, for a type that can block,
 * the flow); {@code CONTINUE} records the error and goes on with the data as it was before that hook.
 */
public enum OnError {
    DENY, CONTINUE;

    /** What a hook of {@code type} gets when it says nothing: blocking types deny, the others continue. */
    public static OnError defaultFor(HookType type) {
        return type.canBlock() ? DENY : CONTINUE;
    }

    @JsonValue
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy named {@code value}; a 400 naming the field otherwise. */
    @JsonCreator
    public static OnError parse(String value) {
        return Arrays.stream(values()).filter(policy -> policy.json().equals(value)).findFirst()
                .orElseThrow(() -> HookboxException.invalid("field 'onError' must be \"deny\" or \"continue\", not \"" + value + "\"",
                        Map.of("field", "onError")));
    }
}

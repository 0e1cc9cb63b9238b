package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Map;

/**
 * One deployed version of a hook, immutable: its {@code number} (1, 2... per hook), when and by which API key id it was
 * deployed ({@code deployedBy} is null for the versions made when version history began), the SHA-256 of its source
 * (hex), the note given at deploy, and the npm packages it runs with (name to exact version; null for versions deployed
 * before deploys fixed packages, which run with the hook's current packages). {@code source} is left out of listings.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookVersion(int number, Instant deployedAt, String deployedBy, String sourceDigest, String note,
                          Map<String, String> packages, String source) {

    HookVersion withoutSource() {
        return new HookVersion(number, deployedAt, deployedBy, sourceDigest, note, packages, null);
    }

    HookVersion withPackages(Map<String, String> locked) {
        return new HookVersion(number, deployedAt, deployedBy, sourceDigest, note, locked, source);
    }
}

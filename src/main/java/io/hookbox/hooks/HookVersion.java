package io.hookbox.hooks;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * One deployed version of a hook, immutable: its {@code number} (1, 2... per hook), when and by which API key id it was
 * deployed ({@code deployedBy} is null for the versions made when version history began), the SHA-256 of its source
 * (hex) and the note given at deploy. {@code source} is left out of listings. Once hooks have npm packages, their locked
 * versions belong here too: a deploy fixes them with the source.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record HookVersion(int number, Instant deployedAt, String deployedBy, String sourceDigest, String note, String source) {

    HookVersion withoutSource() {
        return new HookVersion(number, deployedAt, deployedBy, sourceDigest, note, null);
    }
}

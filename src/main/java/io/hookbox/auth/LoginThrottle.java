package io.hookbox.auth;

import java.time.Duration;
import java.util.Optional;

/**
 * Slows down password guessing and mass sign-ups per tenant. A sign-in attempt is counted when it is admitted, as a
 * failure until {@link #succeeded} says otherwise, so simultaneous guesses cannot slip past the count. Budgets are
 * kept per account and client address together (a stranger's failures never lock the account's owner out),
 * per account overall (a looser ceiling against guesses spread over many addresses), and per client address.
 * Implementations are thread-safe; {@link DatabaseLoginThrottle} counts for every node sharing the database.
 */
public interface LoginThrottle {

    /**
     * The attempts that need not wait (per account and address, per account, per address, sign-ups per address),
     * the wait after the last of them, doubled after each further attempt up to {@code maxDelay}, and how long a
     * quiet key is remembered.
     */
    record Policy(int freeFailures, int freeAccountFailures, int freeAddressFailures, int freeSignUps,
                  Duration firstDelay, Duration maxDelay, Duration forgetAfter) {
        public static final Policy DEFAULT = new Policy(5, 50, 30, 10, Duration.ofSeconds(1), Duration.ofMinutes(15),
                Duration.ofMinutes(15));
    }

    /**
     * Admits and counts a sign-in attempt for {@code account} (the user's id, or the normalised login when there is
     * no such user) from {@code clientAddress}; empty when it may go on, else how long to wait.
     */
    Optional<Duration> admitSignIn(String tenantId, String account, String clientAddress);

    /** The admitted attempt proved the password: the account's failures are forgiven. */
    void succeeded(String tenantId, String account, String clientAddress);

    /** Admits and counts a sign-up from {@code clientAddress}; empty when it may go on, else how long to wait. */
    Optional<Duration> admitSignUp(String tenantId, String clientAddress);
}

package io.hookbox.sandbox;

/**
 * The read-only questions a run may ask the host while it runs ({@code api.users.exists(username)}), answered for the
 * run's own tenant only: whoever builds one closes it over the tenant the run belongs to, and bounds how many questions
 * a run may ask. Called off the run's thread, one question at a time per run; implementations are thread-safe.
 */
@FunctionalInterface
public interface HostQueries {

    /** How many questions one run may ask; those beyond are answered with an error. */
    int MAX_PER_RUN = 25;

    /** The refusal of a question beyond {@link #MAX_PER_RUN}. */
    static Answer tooMany() {
        return Answer.error("a hook may ask at most " + MAX_PER_RUN + " questions a run");
    }

    /** Answers nothing: every question fails with {@link Answer#error}. */
    HostQueries NONE = (name, argument) -> Answer.error(name + " is not available in this run");

    /** The answer to {@code name} asked with {@code argument} (text the hook gave). */
    Answer ask(String name, String argument);

    /** An answer: {@code value} (JSON text) or {@code error} (a message for the hook). */
    record Answer(String value, String error) {

        public static Answer of(String json) {
            return new Answer(json, null);
        }

        public static Answer error(String message) {
            return new Answer(null, message);
        }
    }
}

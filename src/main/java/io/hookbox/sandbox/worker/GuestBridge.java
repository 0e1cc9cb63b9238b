package io.hookbox.sandbox.worker;

import io.hookbox.sandbox.ErrorCode;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * The only host function a hook's context holds, captured by the prelude and hidden from the hook:
 * it receives console lines, hookbox's own notices about the run, and the path of the result being read, as
 * primitive strings; it resolves and loads the run's npm modules ({@link ModuleScope}) and computes what the
 * {@code crypto} module asks for ({@link GuestCrypto}); the web globals' calls (fetch, random bytes, digests) go on
 * to {@link HostFunctions}.
 * Bound to the invocation that uses the context.
 */
final class GuestBridge implements ProxyExecutable {

    private final Watchdog watchdog;
    private final HostFunctions host;
    private Invocation invocation;
    private ModuleScope modules;

    GuestBridge(Watchdog watchdog, HostFunctions host) {
        this.watchdog = watchdog;
        this.host = host;
    }

    /** The web globals' host side: fetch, random bytes, digests. */
    HostFunctions host() {
        return host;
    }

    void attach(Invocation invocation) {
        this.invocation = invocation;
    }

    /** The packages the attached run's {@code require} may load. */
    void attachModules(ModuleScope modules) {
        this.modules = modules;
    }

    @Override
    public Object execute(Value... arguments) {
        Invocation current = invocation;
        if (current == null || arguments.length < 2 || !arguments[0].isString() || !arguments[1].isString()) {
            return null;
        }
        switch (arguments[0].asString()) {
            case "console" -> {
                if (arguments.length == 3 && arguments[2].isString()
                        && !current.console.add(arguments[1].asString(), arguments[2].asString())) {
                    watchdog.cancel(current, ErrorCode.OUTPUT_LIMIT);
                }
            }
            case "notice" -> {
                if (arguments.length == 3 && arguments[2].isString()) {
                    current.console.note(arguments[1].asString(), arguments[2].asString());
                }
            }
            case "reading" -> current.readingResult(arguments[1].asString());
            case "resolve" -> {
                return modules == null || arguments.length != 3 || !arguments[2].isString() ? "!Cannot find module"
                        : modules.resolve(arguments[1].asString(), arguments[2].asString());
            }
            case "load" -> {
                return modules == null ? "!Cannot find module" : modules.load(arguments[1].asString());
            }
            case "crypto" -> {
                return GuestCrypto.answer(arguments);
            }
            default -> {
                return host.call(current, arguments[0].asString(), arguments);
            }
        }
        return null;
    }
}

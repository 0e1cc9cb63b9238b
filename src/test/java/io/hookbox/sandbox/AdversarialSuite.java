package io.hookbox.sandbox;

import io.hookbox.hooks.HookTypes;
import io.hookbox.audit.AuditTrail;
import io.hookbox.auth.PasswordHasher;
import io.hookbox.auth.UserQueries;
import io.hookbox.auth.Users;
import io.hookbox.executions.RetentionPolicy;
import io.hookbox.hooks.data.UserProfile;
import io.hookbox.store.Database;
import io.hookbox.support.Backend;
import io.hookbox.tenants.TenantService;
import org.junit.jupiter.api.io.TempDir;
import java.nio.file.Path;
import java.time.Clock;
import io.hookbox.sandbox.supervisor.WorkerPool;
import io.hookbox.testrun.TestContexts;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.hookbox.sandbox.ErrorCode.CPU_LIMIT;
import static io.hookbox.sandbox.ErrorCode.HOOK_ERROR;
import static io.hookbox.sandbox.ErrorCode.INVALID_RESULT;
import static io.hookbox.sandbox.ErrorCode.MEMORY_LIMIT;
import static io.hookbox.sandbox.ErrorCode.OUTPUT_LIMIT;
import static io.hookbox.sandbox.ErrorCode.STACK_OVERFLOW;
import static io.hookbox.sandbox.ErrorCode.STATEMENT_LIMIT;
import static io.hookbox.sandbox.ErrorCode.TIMEOUT;
import static io.hookbox.sandbox.SandboxChecks.assertLeaksNothingOfTheHost;
import static io.hookbox.sandbox.SandboxChecks.assertStillServes;
import static io.hookbox.sandbox.SandboxChecks.awaitFullStrength;
import static io.hookbox.support.TestRuntime.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hooks written to escape, to hang, or to exhaust the runtime. Each ends as expected, shows nothing of the host
 * in its outcome, and is followed by an ordinary hook of the same tenant that works, on the same pool.
 * {@link LimitsTest} proves that each limit has its own code; here a runaway hook only has to be stopped by one
 * of them. The suite runs with fresh contexts ({@link AdversarialTest}) and with reused ones
 * ({@link AdversarialReuseTest}).
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AdversarialSuite {

    static final String ATTACKER = "attacker-tenant";

    /**
     * A runaway hook is stopped by the first of these limits it reaches. Which one comes first depends on the share
     * of a core its thread gets on a busy machine and on how far its code is compiled (interpreted code allocates).
     */
    private static final Set<ErrorCode> RUNAWAY = EnumSet.of(STATEMENT_LIMIT, CPU_LIMIT, MEMORY_LIMIT, TIMEOUT);

    /**
     * A result that cannot be read within the limits is INVALID_RESULT; only when the worker is so starved of CPU
     * that it cannot even report the limit before the server's deadline does the server kill it for TIMEOUT.
     */
    private static final Set<ErrorCode> READING_STOPPED = EnumSet.of(INVALID_RESULT, TIMEOUT);

    private static final String RECURSION_WITH_CATCH = "function g() { try { return g(); } catch (e) { return g(); } }\n";

    /** The pool the attacks run on. */
    abstract WorkerPool pool();

    /** Runs one attack as a hook of a tenant of its own. */
    abstract RunResult attack(String source);

    /**
     * True when the attack was ended by a TypeError for changing a frozen built-in, before it could try what it came
     * for: the outcome with reused contexts, whose built-ins are frozen, for attacks that begin by tampering with them.
     */
    boolean endedByFrozenBuiltIns(RunResult result) {
        return false;
    }

    @BeforeAll
    void startWithTheWholePool() {
        awaitFullStrength(pool());
    }

    static Stream<Arguments> escapesThatFindOnlyTheHooksOwnWorld() {
        return Stream.of(
                Arguments.of("the constructor chain from this leads to the hook's own global", """
                        function handle(d, cb) {
                          const g = this.constructor.constructor('return this')();
                          const hostish = Object.getOwnPropertyNames(g)
                              .filter(n => /java|polyglot|graal|packages|^load|print|quit|^com$|^org$/i.test(n));
                          cb(null, {sameGlobal: g === globalThis, hostish});
                        }""", "{\"sameGlobal\":true,\"hostish\":[]}"),
                Arguments.of("require and process are the guest's own, with nothing of the host behind them", """
                        function handle(d, cb) {
                          process.env.PATH = '/tmp';
                          cb(null, {
                            env: Object.keys(process.env), frozen: Object.isFrozen(process),
                            binding: typeof process.binding, exit: typeof process.exit, mainModule: typeof process.mainModule,
                            requireSource: Function.prototype.toString.call(require).includes('bridge'),
                            prototypes: [require, require.resolve].every(f => Object.getPrototypeOf(f) === Function.prototype)
                          });
                        }""", "{\"env\":[],\"frozen\":true,\"binding\":\"undefined\",\"exit\":\"undefined\","
                        + "\"mainModule\":\"undefined\",\"requireSource\":false,\"prototypes\":true}"),
                Arguments.of("Buffer.allocUnsafe and the core shims show no memory the hook did not write", """
                        function handle(d, cb) {
                          const unsafe = [Buffer.allocUnsafe(1 << 14), Buffer.allocUnsafeSlow(4096), require('buffer').SlowBuffer(4096)];
                          const wide = Buffer.from(new ArrayBuffer(16), 4);
                          let outside = 'none';
                          try { Buffer.from(new ArrayBuffer(8), 4, 8); } catch (e) { outside = e.code; }
                          const decoder = new (require('string_decoder').StringDecoder)('utf8');
                          cb(null, {
                            zeros: unsafe.every(b => b.every(x => x === 0)), wide: wide.length, outside,
                            beyond: [Buffer.alloc(4)[4], Buffer.alloc(4)[-1]],
                            decoded: decoder.write(Buffer.allocUnsafe(3)) + decoder.end(),
                            hostish: [require('buffer'), require('url'), require('querystring'), require('punycode')]
                                .flatMap(m => Object.keys(m)).filter(k => /java|polyglot|graal|bridge|host/i.test(k))
                          });
                        }""", "{\"zeros\":true,\"wide\":12,\"outside\":\"ERR_BUFFER_OUT_OF_BOUNDS\",\"beyond\":[null,null],"
                        + "\"decoded\":\"\\u0000\\u0000\\u0000\",\"hostish\":[]}"),
                Arguments.of("Function, AsyncFunction and GeneratorFunction reached from the callback make guest code", """
                        async function handle(d, cb) {
                          const fromCallback = cb.constructor('return this')();
                          const fromAsync = await (async () => {}).constructor('return this')();
                          const fromGenerator = (function* () {}).constructor('return this')().next().value;
                          cb(null, {all: [fromCallback, fromAsync, fromGenerator].every(g => g === globalThis)});
                        }""", "{\"all\":true}"),
                Arguments.of("the prototypes of the callback, console and timers are the guest's own", """
                        function handle(d, cb) {
                          const functions = [cb, console.log, setTimeout, clearTimeout, setImmediate, queueMicrotask];
                          cb(null, {
                            functionPrototype: functions.every(f => Object.getPrototypeOf(f) === Function.prototype),
                            consolePrototype: Object.getPrototypeOf(console),
                            sources: functions.map(f => Function.prototype.toString.call(f).includes('[native code]')),
                            consoleConstructor: typeof console.constructor
                          });
                        }""", "{\"functionPrototype\":true,\"consolePrototype\":null,"
                        + "\"sources\":[true,true,true,true,true,true],\"consoleConstructor\":\"undefined\"}"),
                Arguments.of("the caller chains of handle and of a timer callback end in the hook", """
                        function handle(d, cb) {
                          const fromHandle = [handle.caller, arguments.callee.caller];
                          setTimeout(function later() {
                            cb(null, {callers: fromHandle.concat([later.caller]).map(c => c === null || c === undefined)});
                          }, 1);
                        }""", "{\"callers\":[true,true,true]}"),
                Arguments.of("Error.prepareStackTrace sees no frame outside the hook", """
                        Error.prepareStackTrace = (error, frames) => frames.map(f => String(f.getFileName()) + ' ' + typeof f.getThis());
                        function handle(d, cb) {
                          setTimeout(function inTimer() {
                            const stack = new Error('probe').stack;
                            const frames = typeof stack === 'string' ? stack.split('\\n').slice(1) : stack;
                            cb(null, {foreignFrames: frames.filter(f => !String(f).includes('hook.js'))});
                          }, 1);
                        }""", "{\"foreignFrames\":[]}"),
                Arguments.of("an error thrown by the runtime's own functions shows only the hook's frames", """
                        function handle(d, cb) {
                          try { setTimeout('not a function'); } catch (e) {
                            cb(null, {message: e.message, foreignFrames: e.stack.split('\\n').slice(1).filter(f => !f.includes('hook.js'))});
                          }
                        }""", "{\"message\":\"The \\\"callback\\\" argument must be a function\",\"foreignFrames\":[]}"),
                Arguments.of("a Promise species that never resolves does not stop the hook's own promise", """
                        async function handle(d) {
                          Promise.prototype.constructor = {[Symbol.species]: function (executor) { executor(() => {}, () => {}); }};
                          await null;
                          return {species: 'ignored'};
                        }""", "{\"species\":\"ignored\"}"),
                Arguments.of("a Promise species that throws does not stop the hook's own promise", """
                        async function handle(d) {
                          await null;
                          Promise.prototype.constructor = {get [Symbol.species]() { throw new Error('species'); }};
                          return {species: 'ignored'};
                        }""", "{\"species\":\"ignored\"}"),
                Arguments.of("replacing the built-ins the runtime uses does not change how the result is read", """
                        function handle(d, cb) {
                          JSON.stringify = () => '"hijacked"';
                          JSON.parse = () => ({hijacked: true});
                          Array.prototype.push = function () { throw new Error('push hijacked'); };
                          Object.keys = () => [];
                          Reflect.ownKeys = () => [];
                          Reflect.apply = () => { throw new Error('apply hijacked'); };
                          Function.prototype.call = Function.prototype.apply = () => { throw new Error('call hijacked'); };
                          Promise.prototype.then = function () { throw new Error('then hijacked'); };
                          Object.defineProperty(Array.prototype, '0', {set() { throw new Error('index hijacked'); }, configurable: true});
                          Object.defineProperty(Object.prototype, 'value', {get() { throw new Error('value hijacked'); }, configurable: true});
                          Object.prototype.toJSON = () => 'hijacked';
                          cb(null, {list: [1, 'two', {three: 3}], at: new Date(0)});
                        }""", "{\"list\":[1,\"two\",{\"three\":3}],\"at\":\"1970-01-01T00:00:00.000Z\"}"),
                Arguments.of("a getter that calls back again while the result is read counts once", """
                        function handle(d, cb) {
                          const result = {get a() { cb(null, {replaced: true}); result.later = 'added while reading'; return 1; }};
                          cb(null, result);
                        }""", "{\"a\":1}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("escapesThatFindOnlyTheHooksOwnWorld")
    void anEscapeAttemptFindsOnlyTheHooksOwnWorld(String name, String source, String expected) {
        RunResult result = attack(source);

        if (!endedByFrozenBuiltIns(result)) {
            assertThat(result.error()).isNull();
            assertThat(result.result()).isEqualTo(json(expected));
        }
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
    }

    static Stream<Arguments> hostFacilitiesThatDoNotExist() {
        return Stream.of(
                Arguments.of("Java.type", "Java.type('java.lang.System').exit(1);", "Java is not defined"),
                Arguments.of("Packages", "Packages.java.lang.System.exit(1);", "Packages is not defined"),
                Arguments.of("the java package global", "java.lang.System.exit(1);", "java is not defined"),
                Arguments.of("Polyglot.eval", "Polyglot.eval('js', '1');", "Polyglot is not defined"),
                Arguments.of("Polyglot.import", "Polyglot.import('secrets');", "Polyglot is not defined"),
                Arguments.of("Graal", "Graal.versionJS;", "Graal is not defined"),
                Arguments.of("load", "load('/etc/passwd');", "load is not defined"),
                Arguments.of("print", "print('to the host');", "print is not defined"),
                Arguments.of("quit", "quit();", "quit is not defined"),
                Arguments.of("SharedArrayBuffer", "new SharedArrayBuffer(8);", "SharedArrayBuffer is not defined"),
                Arguments.of("Atomics", "Atomics.wait(new Int32Array(4), 0, 0);", "Atomics is not defined"));
    }

    @ParameterizedTest(name = "{0} is not defined")
    @MethodSource("hostFacilitiesThatDoNotExist")
    void aHostFacilityIsNotDefined(String name, String statement, String message) {
        RunResult result = attack("function handle(d, cb) {\n  " + statement + "\n  cb(null, {escaped: true});\n}");

        assertThat(result.errorCode()).isEqualTo(HOOK_ERROR);
        assertThat(result.error().message()).isEqualTo(message);
        assertThat(result.error().line()).isEqualTo(2);
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
    }

    static Stream<Arguments> sourcesThatEndWithAnError() {
        return Stream.of(
                Arguments.of("a dynamic import of a relative file", "async function handle(d) { await import('./secrets.js'); }",
                        Set.of(HOOK_ERROR), "not allowed"),
                Arguments.of("a dynamic import of an absolute file", "async function handle(d) { await import('/etc/passwd'); }",
                        Set.of(HOOK_ERROR), "not allowed"),
                Arguments.of("a static import of a Node module", "import fs from 'fs';\nexport function handle(d, cb) { cb(null, d); }",
                        Set.of(HOOK_ERROR), "module 'fs' is not available in hooks"),
                Arguments.of("a thrown proxy whose traps loop, at the top level",
                        "throw new Proxy({}, {get() { for (;;) {} }, getPrototypeOf() { for (;;) {} }});\nfunction handle(d, cb) {}",
                        Set.of(HOOK_ERROR), ""),
                Arguments.of("an error proxy whose traps throw, passed to the callback",
                        "function handle(d, cb) { cb(new Proxy(new Error('x'), {get(t, k) { throw new Error('trap ' + String(k)); }})); }",
                        Set.of(HOOK_ERROR), ""),
                Arguments.of("an error proxy whose traps loop, passed to the callback",
                        "function handle(d, cb) { cb(new Proxy(new Error('x'), {get() { for (;;) {} }})); }",
                        RUNAWAY, ""),
                Arguments.of("a thenable that never settles, returned from an async handle",
                        "async function handle(d) { return {then(resolve) {}}; }", Set.of(TIMEOUT), "never called"),
                Arguments.of("a thenable whose then loops",
                        "async function handle(d) { return {then(resolve) { for (;;) {} }}; }", RUNAWAY, ""),
                Arguments.of("a Promise species getter that loops",
                        "function handle(d, cb) { Promise.prototype.constructor = {get [Symbol.species]() { for (;;) {} }};"
                                + " Promise.resolve(1).then(() => cb(null, d)); }", RUNAWAY, ""),
                Arguments.of("a result getter that loops", "function handle(d, cb) { cb(null, {get loop() { for (;;) {} }}); }",
                        READING_STOPPED, ""),
                Arguments.of("a result getter that recurses and catches its stack overflows",
                        RECURSION_WITH_CATCH + "function handle(d, cb) { cb(null, {get deep() { return g(); }}); }",
                        READING_STOPPED, ""),
                Arguments.of("an endless loop", "function handle(d, cb) { while (true) {} }", RUNAWAY, ""),
                Arguments.of("an endless loop in finally",
                        "function handle(d, cb) { try { return; } finally { for (;;) {} } }", RUNAWAY, ""),
                Arguments.of("an endless loop in catch",
                        "function handle(d, cb) { try { null.x; } catch (e) { for (;;) {} } }", RUNAWAY, ""),
                Arguments.of("an endless loop that catches everything and goes on",
                        "function handle(d, cb) { for (;;) { try { for (;;) {} } catch (e) { continue; } finally { continue; } } }",
                        RUNAWAY, ""),
                Arguments.of("a recursion that catches its own stack overflows, at the top level",
                        RECURSION_WITH_CATCH + "g();\nfunction handle(d, cb) { cb(null, d); }", with(RUNAWAY, STACK_OVERFLOW), ""),
                Arguments.of("deep recursion",
                        "function down(n) { return n === 0 ? 0 : 1 + down(n - 1); }\nfunction handle(d, cb) { cb(null, {depth: down(1e8)}); }",
                        with(RUNAWAY, STACK_OVERFLOW), ""),
                Arguments.of("a storm of caught stack overflows",
                        "function down() { return down() + 1; }\n"
                                + "function handle(d, cb) { for (let i = 0; i < 1000; i++) { try { down(); } catch (e) {} } cb(null, d); }",
                        with(RUNAWAY, STACK_OVERFLOW), ""),
                Arguments.of("an array bomb",
                        "function handle(d, cb) { const keep = []; for (;;) keep.push(new Array(1 << 16).fill(1.5)); }", RUNAWAY, ""),
                Arguments.of("a Buffer larger than the memory limit is refused before it is allocated",
                        "function handle(d, cb) { cb(null, Buffer.alloc(2 ** 31).length); }",
                        Set.of(HOOK_ERROR), "the hook's memory limit"),
                Arguments.of("a Buffer bomb", "function handle(d, cb) { const keep = []; for (;;) keep.push(Buffer.alloc(1 << 20, 1)); }",
                        RUNAWAY, ""),
                Arguments.of("a string bomb by doubling",
                        "function handle(d, cb) { let s = 'x'; for (;;) { s = s + s; s = s.slice(1) + s.charAt(0); } }",
                        with(RUNAWAY, HOOK_ERROR), ""),
                Arguments.of("an object bomb",
                        "function handle(d, cb) { const keep = {}; for (let i = 0; ; i++) keep['k' + i] = {i, name: 'v' + i}; }",
                        RUNAWAY, ""),
                Arguments.of("catastrophic backtracking with a backreference",
                        "function handle(d, cb) { cb(null, {m: /^(a+)+\\1b$/.test('a'.repeat(48))}); }", RUNAWAY, ""),
                Arguments.of("a console flood",
                        "function handle(d, cb) { for (;;) console.log('flood', 'x'.repeat(200)); }", with(RUNAWAY, OUTPUT_LIMIT), ""),
                Arguments.of("a console flood of large objects",
                        "function handle(d, cb) { const big = {}; for (let i = 0; i < 200; i++) big['key' + i] = 'v'.repeat(100);"
                                + " for (;;) console.error(big, new Error('with a stack')); }", with(RUNAWAY, OUTPUT_LIMIT), ""),
                Arguments.of("a timer flood", "function handle(d, cb) { for (;;) setTimeout(() => {}, 0); }",
                        Set.of(HOOK_ERROR), "Too many pending timers"),
                Arguments.of("a timer flood that swallows its errors",
                        "function handle(d, cb) { for (;;) { try { setTimeout(() => {}, 0); } catch (e) {} } }", RUNAWAY, ""),
                Arguments.of("a fan-out of immediates", "function handle(d, cb) { (function f() { setImmediate(f); setImmediate(f); })(); }",
                        Set.of(HOOK_ERROR), "Too many pending timers"),
                Arguments.of("a microtask flood", "function handle(d, cb) { (function f() { queueMicrotask(f); })(); }", RUNAWAY, ""),
                Arguments.of("a microtask fan-out",
                        "function handle(d, cb) { (function f() { queueMicrotask(f); queueMicrotask(f); })(); }", RUNAWAY, ""),
                Arguments.of("require('fs')", "const fs = require('fs'); function handle(d, cb) { cb(null, fs.readFileSync('/etc/passwd')); }",
                        Set.of(HOOK_ERROR), "module 'fs' is not available in hooks"),
                Arguments.of("require('node:child_process')",
                        "function handle(d, cb) { require('node:child_process').execSync('id'); }",
                        Set.of(HOOK_ERROR), "module 'child_process' is not available in hooks"),
                Arguments.of("process.binding", "function handle(d, cb) { process.binding('spawn_sync'); }",
                        Set.of(HOOK_ERROR), "binding is not a function"),
                Arguments.of("require of an absolute path", "function handle(d, cb) { require('/etc/passwd'); }",
                        Set.of(HOOK_ERROR), "Cannot find module '/etc/passwd'"),
                Arguments.of("require of a path leaving the hook", "function handle(d, cb) { require('../../../../etc/passwd.json'); }",
                        Set.of(HOOK_ERROR), "Cannot find module '../../../../etc/passwd.json'"),
                Arguments.of("require of a package the hook does not have", "function handle(d, cb) { require('lodash'); }",
                        Set.of(HOOK_ERROR), "Cannot find module 'lodash'"),
                Arguments.of("an endless promise chain",
                        "function handle(d, cb) { (function f() { return Promise.resolve().then(f); })(); }", RUNAWAY, ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sourcesThatEndWithAnError")
    void anAttackEndsWithItsErrorAndTheNextHookWorks(String name, String source, Set<ErrorCode> codes, String messagePart) {
        RunResult result = attack(source);

        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        if (!endedByFrozenBuiltIns(result)) {
            assertThat(result.errorCode()).as(String.valueOf(result.error())).isIn(codes);
            assertThat(result.error().message()).contains(messagePart);
        }
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
    }

    /**
     * Auth0 Actions and Rules that attack the adapter that runs them (auth0.js): its api objects, the exports it reads,
     * the promise it waits for, the objects it writes into. Each ends as its own outcome; no worker is replaced.
     */
    static Stream<Arguments> auth0CodeThatAttacksTheAdapter() {
        return Stream.of(
                Arguments.of("an Action that replaces api methods and namespaces still denies with its reason", """
                        exports.onExecutePostLogin = async (event, api) => {
                          api.access.deny = () => {};
                          api.multifactor = { enable() {} };
                          try { Object.defineProperty(api.access, 'deny', { value: () => {} }); } catch (e) { console.log(e.name); }
                          let unsupported = '';
                          try { api.multifactor.enable('any'); } catch (e) { unsupported = e.message; }
                          api.access.deny('still denied; ' + unsupported);
                        };""", HOOK_ERROR, "still denied; api.multifactor.enable is not supported by hookbox"),
                Arguments.of("an exports getter that throws fails the load", """
                        Object.defineProperty(exports, 'onExecutePostLogin', { enumerable: true, get() { throw new Error('getter says no'); } });""",
                        HOOK_ERROR, "getter says no"),
                Arguments.of("an exports getter is read once: a later answer cannot swap the handler", """
                        let reads = 0;
                        Object.defineProperty(exports, 'onExecutePostLogin', { enumerable: true, get() {
                          reads++;
                          return reads === 1 ? (event, api) => api.access.deny('first read') : () => {};
                        } });""", HOOK_ERROR, "first read"),
                Arguments.of("module.exports as a proxy whose ownKeys trap throws", """
                        module.exports = new Proxy({}, { ownKeys() { throw new Error('no keys for you'); } });""",
                        HOOK_ERROR, "no keys for you"),
                Arguments.of("a thenable that never settles ends as a hook that never finished", """
                        exports.onExecutePostLogin = (event, api) => ({ then() {} });""", TIMEOUT, "never called its callback"),
                Arguments.of("a setter on Object.prototype does not intercept a claim the adapter writes", """
                        Object.defineProperty(Object.prototype, 'https://example.com/c', { configurable: true, set(v) { throw new Error('intercepted'); } });
                        exports.onExecutePostLogin = (event, api) => api.idToken.setCustomClaim('https://example.com/c', 1);""",
                        null, "1"),
                Arguments.of("a Rule that calls back with a user whose getters throw", """
                        function (user, context, callback) {
                          callback(null, { get app_metadata() { throw new Error('user getter'); } }, context);
                        }""", HOOK_ERROR, "user getter"),
                Arguments.of("a Rule that replaces the auth0 global and its promises", """
                        function (user, context, callback) {
                          auth0.users = null;
                          Promise.prototype.then = function () { return this; };
                          callback(new UnauthorizedError('denied anyway'));
                        }""", HOOK_ERROR, "denied anyway"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("auth0CodeThatAttacksTheAdapter")
    void auth0CodeThatAttacksTheAdapterFailsOnlyItsOwnRun(String name, String source, ErrorCode code, String expected) {
        long restarts = pool().status().workerRestarts();
        RunRequest request = new RunRequest(SandboxChecks.freshTenant(ATTACKER), source,
                TestContexts.generate(HookTypes.POST_LOGIN, 17), "live:hook:auth0-attack", Lane.PRODUCTION, null,
                HookPackages.NONE, java.util.Map.of(), HookTypes.POST_LOGIN.actionPlan());
        RunResult first = pool().run(request);
        RunResult result = first.succeeded() ? pool().run(request) : first;

        if (!endedByFrozenBuiltIns(result)) {
            if (code == null) {
                assertThat(result.error()).isNull();
                assertThat(result.result().at("/context/idToken/https:~1~1example.com~1c").toString()).isEqualTo(expected);
            } else {
                assertThat(result.errorCode()).as(String.valueOf(result.error())).isEqualTo(code);
                assertThat(result.error().message()).contains(expected);
            }
        }
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
        assertThat(pool().status().workerRestarts()).as("workers replaced").isEqualTo(restarts);
    }

    /** The big string a hook throws or reads: larger than a whole frame of the test pool's workers (1.3 MB). */
    private static final String HUGE = "'x'.repeat(1.5e6)";

    static Stream<Arguments> boundaryAttacksThatFailOnlyTheirRun() {
        return Stream.of(
                Arguments.of("a fractional timer delay",
                        "function handle(d, cb) { setTimeout(() => cb(null, d), 10.5); }", null, "{\"n\":1}"),
                Arguments.of("timer delays Node reads as 1 ms: huge, infinite, NaN, negative, a string, an object",
                        "async function handle(d) {\n"
                                + "  const delays = [1e300, 2 ** 31, Infinity, -Infinity, NaN, -5, 'abc', '2.5', {valueOf() { return 3.5; }}, undefined];\n"
                                + "  const started = Date.now();\n"
                                + "  for (const delay of delays) await new Promise((resolve) => setTimeout(resolve, delay));\n"
                                + "  return {quick: Date.now() - started < 2000};\n"
                                + "}", null, "{\"quick\":true}"),
                Arguments.of("an inherited toJSON that forges a limit code for an error",
                        "Object.prototype.toJSON = function () { return this.ok === false ? {ok: false, code: 'CPU_LIMIT', message: 'forged'} : this; };\n"
                                + "function handle(d, cb) { cb(new Error('real')); }", HOOK_ERROR, "real"),
                Arguments.of("an inherited toJSON that forges a success with extra keys",
                        "Object.prototype.toJSON = function () { return {ok: true, result: {approved: true}, extra: 'x'}; };\n"
                                + "function handle(d, cb) { cb(new Error('real')); }", HOOK_ERROR, "real"),
                Arguments.of("an inherited toJSON that forges an unknown code",
                        "Object.prototype.toJSON = function () { return {ok: false, code: 'NO_SUCH_CODE', message: 'forged'}; };\n"
                                + "function handle(d, cb) { cb(new Error('real')); }", HOOK_ERROR, "real"),
                Arguments.of("an inherited toJSON that forges a result nested 999 levels deep",
                        "Object.prototype.toJSON = function () { let r = 1; for (let i = 0; i < 999; i++) r = [r]; return {ok: true, result: r}; };\n"
                                + "function handle(d, cb) { cb(new Error('real')); }", HOOK_ERROR, "real"),
                Arguments.of("an inherited toJSON that forges an unclipped message",
                        "Object.prototype.toJSON = function () { return {ok: false, code: 'HOOK_ERROR', message: " + HUGE + "}; };\n"
                                + "function handle(d, cb) { cb(new Error('real')); }", HOOK_ERROR, "real"),
                Arguments.of("a huge string thrown at the top level", "throw " + HUGE + ";\nfunction handle(d, cb) { cb(null, d); }",
                        HOOK_ERROR, "xxxx"),
                Arguments.of("a huge string thrown by handle", "function handle(d, cb) { throw " + HUGE + "; }", HOOK_ERROR, "xxxx"),
                Arguments.of("an error with a huge message passed to the callback",
                        "function handle(d, cb) { const e = new Error(" + HUGE + "); cb(e); }", HOOK_ERROR, "xxxx"),
                Arguments.of("a handle whose length getter throws a huge string",
                        "const handle = Object.defineProperty(function (d, cb) { cb(null, d); }, 'length', {get() { throw " + HUGE + "; }});",
                        HOOK_ERROR, "xxxx"),
                Arguments.of("a returned value whose then getter throws a huge string",
                        "function handle(d) { return {get then() { throw " + HUGE + "; }}; }", HOOK_ERROR, "xxxx"),
                Arguments.of("a result getter that throws a huge string while the result is read",
                        "function handle(d, cb) { cb(null, {get a() { throw " + HUGE + "; }}); }", INVALID_RESULT, "reading result.a threw: xxxx"));
    }

    /**
     * Attacks on the boundary between a hook and hookbox (timers, the result envelope, the frame): each ends as the
     * hook's own outcome, never hookbox's, and no worker is replaced for it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("boundaryAttacksThatFailOnlyTheirRun")
    void aBoundaryAttackFailsOnlyItsOwnRun(String name, String source, ErrorCode code, String expected) {
        long restarts = pool().status().workerRestarts();

        RunResult result = attack(source);

        if (!endedByFrozenBuiltIns(result)) {
            if (code == null) {
                assertThat(result.error()).isNull();
                assertThat(result.result()).isEqualTo(json(expected));
            } else {
                assertThat(result.errorCode()).as(String.valueOf(result.error())).isEqualTo(code);
                assertThat(result.error().message()).startsWith(expected);
                assertThat(result.error().message()).hasSizeLessThanOrEqualTo(RunError.MAX_MESSAGE_CHARS + 1);
                if (result.error().stack() != null) {
                    assertThat(result.error().stack()).hasSizeLessThanOrEqualTo(RunError.MAX_STACK_CHARS + 1);
                }
            }
        }
        assertThat(result.console()).allSatisfy(entry -> assertThat(entry.message()).hasSizeLessThan(10_000));
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
        assertThat(pool().status().workerRestarts()).as("workers replaced").isEqualTo(restarts);
    }

    @Test
    void hookboxsOwnConsoleLinesCannotBeForged() {
        long restarts = pool().status().workerRestarts();
        RunResult result = attack("""
                function handle(d, cb) {
                  console.warn('the hook ended more than once; only the first result counts');
                  cb(null, d);
                  cb(null, d);
                  cb(new Error('third'));
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.console()).extracting(ConsoleEntry::message).containsExactly(
                "the hook ended more than once; only the first result counts",
                "the hook ended more than once; only the first result counts");
        assertThat(result.console()).extracting(ConsoleEntry::origin)
                .containsExactly(ConsoleEntry.Origin.HOOK, ConsoleEntry.Origin.HOOKBOX);
        assertStillServes(pool(), ATTACKER);
        assertThat(pool().status().workerRestarts()).as("workers replaced").isEqualTo(restarts);
    }

    @Test
    void aCopyOfTheTruncationMarkerIsTheHooksOwnLine() {
        RunResult result = attack("""
                function handle(d, cb) {
                  console.warn("[console output truncated: more than 20 entries or 4096 bytes; the rest of this run's output was dropped]");
                  for (let i = 0; i < 30; i++) console.log('line ' + i);
                  cb(null, d);
                }""");

        assertThat(result.console()).first().extracting(ConsoleEntry::origin).isEqualTo(ConsoleEntry.Origin.HOOK);
        assertThat(result.console()).last().satisfies(marker -> {
            assertThat(marker.message()).startsWith("[console output truncated");
            assertThat(marker.origin()).isEqualTo(ConsoleEntry.Origin.HOOKBOX);
        });
        assertThat(result.console()).filteredOn(entry -> entry.origin() == ConsoleEntry.Origin.HOOKBOX).hasSize(1);
    }

    @Test
    void theIteratorHelperPrototypesCannotCarryAChangeToTheNextInvocation() {
        RunResult result = attack("""
                function handle(d, cb) {
                  const helper = Object.getPrototypeOf([].values().map((x) => x));
                  const wrapper = Object.getPrototypeOf(Iterator.from({next() { return {done: true}; }}));
                  const seen = {helper: helper.mark === undefined, wrapper: wrapper.mark === undefined,
                    helperNext: [1, 2].values().map((x) => x * 2).next().value, wrapperNext: typeof wrapper.next};
                  for (const target of [helper, wrapper]) {
                    try { target.mark = 'left by an earlier invocation'; } catch (e) {}
                    try { target.next = function () { return {done: true}; }; } catch (e) {}
                    try { Object.setPrototypeOf(target, {mark: 'inherited'}); } catch (e) {}
                  }
                  cb(null, seen);
                }""");

        assertThat(result.error()).isNull();
        assertThat(result.result()).isEqualTo(json("{\"helper\":true,\"wrapper\":true,\"helperNext\":2,\"wrapperNext\":\"function\"}"));
    }

    /** Why each fetch was refused: the cause's message, or the error's name when the request was never built. */
    private static final String REFUSALS = """
            const why = (url, init) => fetch(url, init).then(() => 'sent', e => e.cause ? e.cause.message : e.name);
            """;

    static Stream<Arguments> requestsThatNeverLeave() {
        return Stream.of(
                Arguments.of("the admin API on loopback, in every spelling", REFUSALS + """
                        function handle(d) {
                          return Promise.all([why('http://127.0.0.1/api/admin/tenants', {headers: {Authorization: 'Bearer guess'}}),
                                  why('http://2130706433/api/admin/tenants'), why('http://0x7f.1/'),
                                  why('http://0177.0.0.1/'), why('http://[::1]/'), why('http://[::ffff:7f00:1]/'),
                                  why('http://0.0.0.0/'), why('http://127.0.0.1:8080/api/admin/tenants')]);
                        }""", "[\"EGRESS_DENIED: 127.0.0.1 is a loopback address\",\"EGRESS_DENIED: 127.0.0.1 is a loopback address\","
                        + "\"EGRESS_DENIED: 127.0.0.1 is a loopback address\",\"EGRESS_DENIED: 127.0.0.1 is a loopback address\","
                        + "\"EGRESS_DENIED: 0:0:0:0:0:0:0:1 is a loopback address\",\"EGRESS_DENIED: 127.0.0.1 is a loopback address\","
                        + "\"EGRESS_DENIED: 0.0.0.0 is an unspecified address\",\"EGRESS_DENIED: port 8080 is not allowed (allowed ports: [80, 443])\"]"),
                Arguments.of("the cloud metadata service and the internal network", REFUSALS + """
                        function handle(d) {
                          return Promise.all([why('http://169.254.169.254/latest/meta-data/'), why('http://[fd00:ec2::254]/'),
                                  why('http://[::ffff:a9fe:a9fe]/'), why('http://10.0.0.5/'), why('http://100.64.1.1/'),
                                  why('gopher://10.0.0.5/'), why('http://user:pw@10.0.0.5/')]);
                        }""", "[\"EGRESS_DENIED: 169.254.169.254 is a link-local address\","
                        + "\"EGRESS_DENIED: fd00:ec2:0:0:0:0:0:254 is a unique-local address\","
                        + "\"EGRESS_DENIED: 169.254.169.254 is a link-local address\",\"EGRESS_DENIED: 10.0.0.5 is a private address\","
                        + "\"EGRESS_DENIED: 100.64.1.1 is a carrier-grade NAT address\","
                        + "\"EGRESS_DENIED: only http and https URLs may be fetched, not 'gopher:'\",\"TypeError\"]"),
                Arguments.of("header injection with CR/LF", REFUSALS + """
                        async function handle(d) {
                          return [await why('http://203.0.113.9/', {headers: {'X-A': 'a\\r\\nHost: evil'}}),
                                  await why('http://203.0.113.9/', {headers: [['X-A\\r\\nB', '1']]})];
                        }""", "[\"TypeError\",\"TypeError\"]"),
                Arguments.of("a fetch flood", """
                        async function handle(d) {
                          const all = [];
                          for (let i = 0; i < 50; i++) all.push(fetch('http://10.9.9.9/' + i).then(() => 'sent', e => 'refused'));
                          const outcomes = await Promise.all(all);
                          return outcomes.every(o => o === 'refused');
                        }""", "true"),
                Arguments.of("a hook that keeps fetching after its callback", """
                        function handle(d, cb) {
                          cb(null, {done: true});
                          (function again() { fetch('http://10.9.9.9/').finally(again); })();
                        }""", "{\"done\":true}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsThatNeverLeave")
    void aRequestForTheHostsNetworkNeverLeaves(String name, String source, String expected) {
        RunResult result = attack(source);

        assertThat(result.error()).as(String.valueOf(result.error())).isNull();
        assertThat(result.result()).isEqualTo(json(expected));
        assertThat(result.requests()).allMatch(request -> request.status() == 0 && request.bytesIn() == 0);
        assertThat(result.requests().size()).isLessThanOrEqualTo(pool().policy().egress().maxRequestsPerRun() + 10);
        assertLeaksNothingOfTheHost(result);
        assertStillServes(pool(), ATTACKER);
    }

    /**
     * The host's answers to {@code users.exists} are about the run's own tenant, whatever the hook passes or forges, and
     * a run that floods the question gets {@link HostQueries#MAX_PER_RUN} answers, then refusals, and ends normally.
     */
    @Test
    void aHookAsksTheHostAboutItsOwnTenantOnlyAndOnlySoOften(@TempDir Path dataDir) {
        try (Database database = Database.open(Backend.H2.jdbcUrl(dataDir))) {
            TenantService tenants = new TenantService(database.jdbi(), database.changes(),
                    new AuditTrail(database.jdbi(), RetentionPolicy.DEFAULT, Clock.systemUTC()), Clock.systemUTC());
            tenants.create("victim", "Victim");
            new Users(database.jdbi(), new PasswordHasher(), Clock.systemUTC()).register("victim",
                    new UserProfile("victim@example.com", true, "victim", null, null, null, null, null,
                            json("{}").deepCopy(), json("{}").deepCopy()), "not a hash", (handle, user) -> { });
            String attacker = SandboxChecks.freshTenant(ATTACKER);
            String source = """
                    exports.onExecutePostLogin = async (event, api) => {
                      const answers = {};
                      answers.plain = await api.users.exists('victim');
                      answers.global = await hookbox.users.exists('victim');
                      answers.scoped = await api.users.exists('victim@victim').catch((e) => e.message);
                      answers.object = await api.users.exists({ toString: () => 'victim', tenant: 'victim' })
                        .catch((e) => e.constructor.name);
                      globalThis.hookbox = { users: { exists: async () => 'forged' } };
                      answers.replaced = await api.users.exists('victim');
                      const flood = [];
                      for (let i = 0; i < 2000; i++) flood.push(api.users.exists('victim').then(() => 1, () => 0));
                      answers.answered = (await Promise.all(flood)).reduce((a, b) => a + b, 0);
                      api.idToken.setCustomClaim('https://example.com/answers', answers);
                    };""";
            RunResult result = pool().run(new RunRequest(attacker, source, TestContexts.generate(HookTypes.POST_LOGIN, 17),
                    "live:hook:ask", Lane.PRODUCTION, null, HookPackages.NONE, java.util.Map.of(),
                    HookTypes.POST_LOGIN.actionPlan(), null, new UserQueries(database.jdbi()).forRun(attacker)));

            assertThat(result.error()).as(String.valueOf(result.error())).isNull();
            assertThat(result.result().at("/context/idToken/https:~1~1example.com~1answers")).isEqualTo(json(
                    "{\"plain\": false, \"global\": false, \"scoped\": false, \"object\": \"TypeError\", \"replaced\": false,"
                            + " \"answered\": " + (HostQueries.MAX_PER_RUN - 4) + "}"));
            assertLeaksNothingOfTheHost(result);
            assertStillServes(pool(), ATTACKER);
        }
    }

    private static Set<ErrorCode> with(Set<ErrorCode> codes, ErrorCode more) {
        Set<ErrorCode> all = EnumSet.copyOf(codes);
        all.add(more);
        return all;
    }
}

package io.hookbox.sandbox;

import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static io.hookbox.support.TestRuntime.json;
import static io.hookbox.support.TestRuntime.run;
import static org.assertj.core.api.Assertions.assertThat;

/** The hook contract: how handle(data, callback) and its other accepted forms end, and what the caller sees. */
class HookContractTest {

    static Stream<Arguments> successfulForms() {
        return Stream.of(
                Arguments.of("callback with new data",
                        "function handle(data, callback) { callback(null, {seen: data.n + 1}); }", "{\"seen\":2}"),
                Arguments.of("callback(null) keeps in-place changes",
                        "function handle(data, callback) { data.added = true; callback(null); }", "{\"n\":1,\"added\":true}"),
                Arguments.of("async function returning data",
                        "async function handle(data) { await null; return {n: data.n * 10}; }", "{\"n\":10}"),
                Arguments.of("async function returning nothing keeps data",
                        "async function handle(data) { data.n = 5; }", "{\"n\":5}"),
                Arguments.of("ES module export",
                        "export function handle(data, callback) { callback(null, {module: true}); }", "{\"module\":true}"),
                Arguments.of("ES module async export",
                        "export async function handle(data) { return {asyncModule: data.n}; }", "{\"asyncModule\":1}"),
                Arguments.of("callback later from setTimeout",
                        "function handle(data, cb) { setTimeout(() => cb(null, {late: 1}), 20); }", "{\"late\":1}"),
                Arguments.of("callback from queueMicrotask",
                        "function handle(data, cb) { queueMicrotask(() => cb(null, {micro: 1})); }", "{\"micro\":1}"),
                Arguments.of("callback from a promise chain",
                        "function handle(data, cb) { Promise.resolve(3).then(v => v * 2).then(v => cb(null, {v})); }", "{\"v\":6}"),
                Arguments.of("callback after await in an async function with a callback",
                        "async function handle(data, cb) { await new Promise(r => setTimeout(r, 5)); cb(null, {awaited: true}); }",
                        "{\"awaited\":true}"),
                Arguments.of("timers run in due order",
                        "function handle(d, cb) { const seen = []; setTimeout(() => seen.push('b'), 20); setTimeout(() => seen.push('a'), 5);"
                                + " setTimeout(() => cb(null, {seen}), 40); }", "{\"seen\":[\"a\",\"b\"]}"),
                Arguments.of("clearTimeout cancels a timer",
                        "function handle(d, cb) { const t = setTimeout(() => cb(new Error('no')), 5); clearTimeout(t);"
                                + " setTimeout(() => cb(null, {cleared: true}), 10); }", "{\"cleared\":true}"),
                Arguments.of("a Date becomes its ISO string",
                        "function handle(d, cb) { cb(null, {at: new Date(0)}); }", "{\"at\":\"1970-01-01T00:00:00.000Z\"}"),
                Arguments.of("undefined properties are left out, as JSON.stringify does",
                        "function handle(d, cb) { cb(null, {a: undefined, b: [undefined, 1]}); }", "{\"b\":[null,1]}"),
                Arguments.of("unicode survives the round trip",
                        "function handle(d, cb) { cb(null, {name: d.name + ' ✓'}); }", "{\"name\":\"Zoë 日本 ✓\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("successfulForms")
    void aHookEndsWithItsData(String name, String source, String expected) {
        String input = name.startsWith("unicode") ? "{\"name\":\"Zoë 日本\"}" : "{\"n\":1}";
        RunResult result = run(source, input);
        assertThat(result.error()).isNull();
        assertThat(result.status()).isEqualTo(RunResult.Status.SUCCESS);
        assertThat(result.result()).isEqualTo(json(expected));
    }

    static Stream<Arguments> failingForms() {
        return Stream.of(
                Arguments.of("callback(err) with an Error",
                        "function handle(d, cb) {\n  cb(new Error('not allowed'));\n}", ErrorCode.HOOK_ERROR, "not allowed"),
                Arguments.of("callback(err) with a string",
                        "function handle(d, cb) { cb('plain refusal'); }", ErrorCode.HOOK_ERROR, "plain refusal"),
                Arguments.of("a synchronous throw",
                        "function handle(d, cb) {\n  const x = 1;\n  throw new TypeError('bad input');\n}", ErrorCode.HOOK_ERROR, "bad input"),
                Arguments.of("a rejected promise",
                        "async function handle(d) { await null; throw new Error('async failure'); }", ErrorCode.HOOK_ERROR, "async failure"),
                Arguments.of("an exception in a timer",
                        "function handle(d, cb) { setTimeout(() => { throw new Error('in timer'); }, 1); }", ErrorCode.HOOK_ERROR, "in timer"),
                Arguments.of("a throw at the top level",
                        "throw new Error('while loading');\nfunction handle(d, cb) { cb(null); }", ErrorCode.HOOK_ERROR, "while loading"),
                Arguments.of("no handle function",
                        "function handler(d, cb) { cb(null, d); }", ErrorCode.NO_HANDLE, "handle"),
                Arguments.of("handle that is not a function",
                        "var handle = 42;", ErrorCode.NO_HANDLE, "handle"),
                Arguments.of("a syntax error",
                        "function handle(d, cb) {\n  cb(null, d;\n}", ErrorCode.SYNTAX_ERROR, ""),
                Arguments.of("a callback that is never called",
                        "function handle(d, cb) { }", ErrorCode.TIMEOUT, "never called"),
                Arguments.of("a promise that never settles",
                        "async function handle(d) { await new Promise(() => {}); }", ErrorCode.TIMEOUT, "never called"),
                Arguments.of("a function in the result",
                        "function handle(d, cb) { cb(null, {user: {f() {}}}); }", ErrorCode.INVALID_RESULT, "result.user.f is a function"),
                Arguments.of("a symbol in the result",
                        "function handle(d, cb) { cb(null, {list: [1, Symbol('s')]}); }", ErrorCode.INVALID_RESULT, "result.list[1] is a symbol"),
                Arguments.of("a cycle in the result",
                        "function handle(d, cb) { const a = {b: {}}; a.b.back = a; cb(null, a); }", ErrorCode.INVALID_RESULT, "result.b.back"),
                Arguments.of("a getter that throws",
                        "function handle(d, cb) { cb(null, {get boom() { throw new Error('getter'); }}); }", ErrorCode.INVALID_RESULT, "result.boom"),
                Arguments.of("a non-finite number",
                        "function handle(d, cb) { cb(null, {ratio: 1 / 0}); }", ErrorCode.INVALID_RESULT, "result.ratio is Infinity"),
                Arguments.of("a BigInt",
                        "function handle(d, cb) { cb(null, {big: 10n}); }", ErrorCode.INVALID_RESULT, "BigInt"),
                Arguments.of("a result over the size limit",
                        "function handle(d, cb) { cb(null, {s: 'x'.repeat(100000)}); }", ErrorCode.INVALID_RESULT, "larger than"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failingForms")
    void aHookEndsWithItsError(String name, String source, ErrorCode code, String messagePart) {
        RunResult result = run(source, "{\"n\":1}");
        assertThat(result.status()).isEqualTo(RunResult.Status.ERROR);
        assertThat(result.result()).isNull();
        assertThat(result.errorCode()).as(result.error().toString()).isEqualTo(code);
        assertThat(result.error().message()).contains(messagePart);
    }

    @Test
    void errorsPointAtTheLineAndColumnInTheHook() {
        RunResult thrown = run("function handle(d, cb) {\n  const x = 1;\n  throw new TypeError('bad input');\n}");
        assertThat(thrown.error().line()).isEqualTo(3);
        assertThat(thrown.error().column()).isEqualTo(9);
        assertThat(thrown.error().stack()).contains("TypeError: bad input");

        RunResult syntax = run("function handle(d, cb) {\n  cb(null, d;\n}");
        assertThat(syntax.error().line()).isEqualTo(2);
        assertThat(syntax.error().column()).isPositive();
        assertThat(syntax.error().message()).doesNotContain("hook.js");
    }

    @Test
    void aSecondCallbackIsIgnoredWithAWarning() {
        RunResult result = run("function handle(d, cb) { cb(null, {first: true}); cb(null, {second: true}); }");
        assertThat(result.result()).isEqualTo(json("{\"first\":true}"));
        assertThat(result.console()).anySatisfy(entry -> {
            assertThat(entry.level()).isEqualTo("warn");
            assertThat(entry.message()).contains("more than once");
        });
    }

    @Test
    void consoleOutputIsCapturedWithLevelsLikeNodeFormatsIt() {
        RunResult result = run("""
                function handle(d, cb) {
                  console.log('plain', 42, true, null, undefined);
                  console.info({a: 1, nested: {list: [1, 'two']}});
                  console.warn('%s has %d items', 'cart', 3);
                  console.error(new Error('shown with its stack'));
                  console.debug([1, 2, 3]);
                  cb(null, d);
                }""");
        assertThat(result.console()).extracting(ConsoleEntry::level).containsExactly("log", "info", "warn", "error", "debug");
        assertThat(result.console()).extracting(ConsoleEntry::message).containsExactly(
                "plain 42 true null undefined",
                "{ a: 1, nested: { list: [ 1, 'two' ] } }",
                "cart has 3 items",
                result.console().get(3).message(),
                "[ 1, 2, 3 ]");
        assertThat(result.console().get(3).message()).startsWith("Error: shown with its stack").contains("at handle");
        assertThat(result.console()).allSatisfy(entry -> assertThat(entry.timestampMs()).isPositive());
    }

    @Test
    void consoleOutputPastTheLimitIsTruncatedOnceAndTheRunGoesOn() {
        RunResult result = run("function handle(d, cb) { for (let i = 0; i < 500; i++) console.log('line ' + i); cb(null, {done: true}); }");
        assertThat(result.result()).isEqualTo(json("{\"done\":true}"));
        int maxEntries = TestRuntime.policy().console().maxEntries();
        assertThat(result.console()).hasSize(maxEntries + 1);
        assertThat(result.console().get(maxEntries).message()).contains("truncated");
    }

    @Test
    void theHookGetsACopyOfTheData() {
        RunResult result = run("function handle(d, cb) { cb(null, {isPlain: Object.getPrototypeOf(d) === Object.prototype,"
                + " keys: Object.keys(d), json: JSON.stringify(d)}); }", "{\"a\":[1,{\"b\":null}]}");
        assertThat(result.result()).isEqualTo(json("{\"isPlain\":true,\"keys\":[\"a\"],\"json\":\"{\\\"a\\\":[1,{\\\"b\\\":null}]}\"}"));
    }

    @Test
    void oversizedSourceAndDataAreRefusedBeforeRunning() {
        int maxSource = TestRuntime.policy().limits().maxSourceBytes();
        RunResult source = run("function handle(d, cb) { cb(null, d); }\n//" + "x".repeat(maxSource));
        assertThat(source.errorCode()).isEqualTo(ErrorCode.SOURCE_TOO_LARGE);

        int maxInput = TestRuntime.policy().limits().maxInputBytes();
        RunResult input = run("function handle(d, cb) { cb(null, d); }", "{\"s\":\"" + "y".repeat(maxInput) + "\"}");
        assertThat(input.errorCode()).isEqualTo(ErrorCode.INPUT_TOO_LARGE);
    }

    @Test
    void validationCompilesAndFindsHandleWithoutCallingIt() {
        assertThat(TestRuntime.shared().validate("t", "function handle(d, cb) { while (true) {} }").succeeded()).isTrue();
        assertThat(TestRuntime.shared().validate("t", "function handle(d, cb) {").errorCode()).isEqualTo(ErrorCode.SYNTAX_ERROR);
        assertThat(TestRuntime.shared().validate("t", "const x = 1;").errorCode()).isEqualTo(ErrorCode.NO_HANDLE);
    }

    @Test
    void secretsAreAFrozenGlobalTheHookCannotReplace() {
        String source = """
                function handle(data, cb) {
                  'use strict';
                  let changed = false;
                  try { secrets.CRM_TOKEN = 'mine'; changed = true; } catch (e) { }
                  try { globalThis.secrets = {CRM_TOKEN: 'mine'}; changed = true; } catch (e) { }
                  try { Object.defineProperty(globalThis, 'secrets', {value: {}}); changed = true; } catch (e) { }
                  cb(null, {matches: secrets.CRM_TOKEN === 'tok-123', changed, names: Object.keys(secrets),
                            prototype: Object.getPrototypeOf(secrets), frozen: Object.isFrozen(secrets), dataKeys: Object.keys(data)});
                }""";
        RunResult result = TestRuntime.shared().run(new RunRequest("tenant", source, json("{\"n\":1}"), null, Lane.PRODUCTION,
                null, HookPackages.NONE, Map.of("CRM_TOKEN", "tok-123")));

        assertThat(result.error()).isNull();
        assertThat(result.result()).isEqualTo(json("{\"matches\":true,\"changed\":false,\"names\":[\"CRM_TOKEN\"],"
                + "\"prototype\":null,\"frozen\":true,\"dataKeys\":[\"n\"]}"));
    }
}

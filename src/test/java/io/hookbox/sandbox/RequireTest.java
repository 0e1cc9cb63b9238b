package io.hookbox.sandbox;

import io.hookbox.support.TestRuntime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The sandbox's {@code require}: Node's resolution inside the hook's packages, core modules, and nothing else. */
class RequireTest {

    @TempDir
    static Path store;
    private static HookPackages packages;

    @BeforeAll
    static void installPackages() throws IOException {
        List<HookPackages.Installed> installed = new ArrayList<>();
        installed.add(write("node_modules/mini", Map.of(
                "package.json", "{\"name\":\"mini\",\"version\":\"1.0.0\",\"main\":\"lib/index\"}",
                "lib/index.js", "const helper = require('./helper'); const data = require('../data.json');"
                        + " module.exports = { twice: helper.twice, answer: data.answer, dep: require('dep').name, loop: require('dep').loop,"
                        + " self: require('./helper') === helper };",
                "lib/helper.js", "exports.twice = (n) => n * 2;",
                "data.json", "{\"answer\": 42}",
                "fp.js", "module.exports = 'fp';")));
        installed.add(write("node_modules/dep", Map.of(
                "package.json", "{\"name\":\"dep\",\"version\":\"2.0.0\"}",
                "index.js", "exports.name = 'dep'; exports.loop = require('./a');",
                "a.js", "exports.early = 'a'; const b = require('./b'); exports.fromB = b.seen;",
                "b.js", "exports.seen = require('./a').early;")));
        installed.add(write("node_modules/@scope/exported", Map.of(
                "package.json", "{\"name\":\"@scope/exported\",\"version\":\"1.0.0\",\"exports\":{\".\":{\"import\":\"./esm.mjs\","
                        + "\"browser\":\"./browser.js\",\"require\":\"./node.js\"},\"./feature/*\":\"./features/*.js\"}}",
                "browser.js", "module.exports = 'browser build';",
                "node.js", "module.exports = 'node build';",
                "esm.mjs", "export default 'esm';",
                "features/x.js", "module.exports = 'feature x';",
                "secret.js", "module.exports = 'not exported';")));
        installed.add(write("node_modules/escaper", Map.of(
                "package.json", "{\"name\":\"escaper\",\"version\":\"1.0.0\",\"main\":\"../mini/fp.js\"}",
                "climb.js", "module.exports = require('../mini/fp.js');",
                "core.js", "module.exports = require('fs');")));
        installed.add(write("node_modules/polluter", Map.of(
                "package.json", "{\"name\":\"polluter\",\"version\":\"1.0.0\"}",
                "index.js", "Object.prototype.polluted = 'yes'; Array.prototype.push = () => 'hijacked';"
                        + " module.exports = () => ({}).polluted;")));
        installed.add(write("node_modules/esm-only", Map.of(
                "package.json", "{\"name\":\"esm-only\",\"version\":\"1.0.0\",\"type\":\"module\","
                        + "\"exports\":{\".\":{\"import\":\"./index.js\"},\"./util\":{\"import\":\"./util.js\"}}}",
                "index.js", """
                        import greet, { shout as loud, VERSION } from './util.js';
                        import * as util from './util.js';
                        import twice from 'mini/lib/helper.js';
                        export * from './more.js';
                        export * as helpers from './util.js';
                        export { counter, bump } from './counter.js';
                        export { default as greetAgain, "odd name" as odd } from './util.js';
                        const local = 'l';
                        export { local as "spaced name", local };
                        export default function main(name) { return greet(name) + loud('!'); }
                        export const info = { version: VERSION, names: Object.keys(util).sort(), cjs: typeof twice.twice, meta: typeof import.meta.url };
                        export async function later() { return (await import('./more.js')).extra; }
                        """,
                "util.js", """
                        export const VERSION = '1.0.0';
                        export function shout(s) { return s.toUpperCase(); }
                        const odd = 'odd'; export { odd as "odd name" };
                        export default (name) => `hello ${name}`;
                        // export const notAnExport = 1;
                        const template = `export const alsoNot = ${'1'}`;
                        const pattern = /export {a}/;
                        """,
                "more.js", "export let extra = 'extra';\nexport const default_ = 0;\n",
                "counter.js", "export let counter = 0;\nexport function bump() { counter++; return counter; }\n")));
        installed.add(write("node_modules/esm-cycle", Map.of(
                "package.json", "{\"name\":\"esm-cycle\",\"version\":\"1.0.0\",\"module\":\"./a.mjs\",\"exports\":{\"module\":\"./a.mjs\"}}",
                "a.mjs", "import { fromB } from './b.mjs';\nexport function fromA() { return 'a'; }\nexport const seen = fromB();\n",
                "b.mjs", "import { fromA } from './a.mjs';\nexport function fromB() { return 'b sees ' + fromA(); }\n")));
        installed.add(write("node_modules/esm-crafted", Map.of(
                "package.json", "{\"name\":\"esm-crafted\",\"version\":\"1.0.0\",\"type\":\"module\"}",
                "index.js", """
                        const a = 'a';
                        export { a as "x\\"); globalThis.pwned = ('" };
                        export { a as "y\u2028globalThis.pwned = 2; //" };
                        export * as "z\\"); globalThis.pwned = (3" from './other.js';
                        """,
                "other.js", "export const b = 'b';\n",
                "bad.js", "const a = 1;\nexport { \"a); globalThis.pwned = (4\" as b };\n")));
        packages = new HookPackages(List.of("mini", "@scope/exported", "escaper", "polluter", "esm-only", "esm-cycle", "esm-crafted"),
                installed);
        // The first run of a cold worker loads the loader's host classes; on a busy machine that can outlast the short
        // test timeout, which is not what these tests are about.
        run("function handle(d, cb) { cb(null, require('mini').answer); }");
    }

    private static HookPackages.Installed write(String path, Map<String, String> files) throws IOException {
        Path directory = store.resolve(path.replace('/', '_'));
        for (Map.Entry<String, String> file : files.entrySet()) {
            Path target = directory.resolve(file.getKey());
            Files.createDirectories(target.getParent());
            Files.writeString(target, file.getValue());
        }
        return new HookPackages.Installed(path, "sha512-" + path, directory.toString());
    }

    private static void assertRuns(String source, String expectedResult) {
        RunResult result = run(source);
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().toString()).isEqualTo(expectedResult);
    }

    private static RunResult run(String source) {
        return TestRuntime.shared().run(new RunRequest("require-tenant", source, TestRuntime.json("{}"), null, packages));
    }

    @Test
    void aPackageIsRequiredWithItsRelativeFilesJsonAndDependencies() {
        assertRuns("const mini = require('mini');"
                + " function handle(d, cb) { cb(null, {twice: mini.twice(4), answer: mini.answer, dep: mini.dep, self: mini.self,"
                + " fp: require('mini/fp'), same: require('mini') === mini}); }",
                "{\"twice\":8,\"answer\":42,\"dep\":\"dep\",\"self\":true,\"fp\":\"fp\",\"same\":true}");
    }

    @Test
    void circularRequiresSeePartialExportsAsInNode() {
        assertRuns("function handle(d, cb) { cb(null, require('mini').loop); }",
                "{\"early\":\"a\",\"fromB\":\"a\"}");
    }

    @Test
    void exportsConditionsPickTheBrowserBuildAndPatterns() {
        assertRuns("function handle(d, cb) { cb(null, [require('@scope/exported'),"
                + " require('@scope/exported/feature/x')]); }",
                "[\"browser build\",\"feature x\"]");
    }

    @Test
    void aSubpathNotExportedIsNotFound() {
        RunResult result = run("function handle(d, cb) { cb(null, require('@scope/exported/secret.js')); }");
        assertThat(result.error().message()).contains("is not defined by \"exports\"");
    }

    @Test
    void onlyTheHooksOwnPackagesCanBeRequired() {
        RunResult result = run("function handle(d, cb) { cb(null, require('dep')); }");
        assertThat(result.error().code()).isEqualTo(ErrorCode.HOOK_ERROR);
        assertThat(result.error().message()).contains("Cannot find module 'dep'")
                .contains("the hook's packages are: mini, @scope/exported, escaper, polluter, esm-only, esm-cycle, esm-crafted");
    }

    @Test
    void aPackageCannotReachFilesOutsideItsDirectory() {
        assertThat(run("function handle(d, cb) { cb(null, require('escaper')); }").error().message())
                .contains("Cannot find module 'escaper'");
        assertThat(run("function handle(d, cb) { cb(null, require('escaper/climb')); }").error().message())
                .contains("Cannot find module '../mini/fp.js'");
    }

    @Test
    void nodeOnlyCoreModulesAreRefusedByName() {
        assertThat(run("function handle(d, cb) { cb(null, require('escaper/core')); }").error().message())
                .contains("module 'fs' is not available in hooks");
        assertThat(run("function handle(d, cb) { cb(null, require('node:child_process')); }").error().message())
                .contains("module 'child_process' is not available in hooks");
    }

    @Test
    void cryptoIsBackedByTheHost() {
        RunResult result = run("const crypto = require('node:crypto');"
                + " function handle(d, cb) { cb(null, {sha: crypto.createHash('sha256').update('abc').digest('hex'),"
                + " hmac: crypto.createHmac('sha256', 'key').update('abc').digest('base64'),"
                + " uuid: crypto.randomUUID().length, bytes: crypto.randomBytes(8).length}); }");
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().path("sha").asText())
                .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        assertThat(result.result().path("hmac").asText()).isEqualTo("nBluMtwBdfhvSxy4konWYZ3mvuaZ5MN45oMJ7Zehpqs=");
        assertThat(result.result().path("uuid").asInt()).isEqualTo(36);
        assertThat(result.result().path("bytes").asInt()).isEqualTo(8);
    }

    @Test
    void pathEventsUtilAndAFrozenProcessWork() {
        assertRuns("const path = require('path'); const EventEmitter = require('events'); const util = require('util');"
                + " function handle(d, cb) { const e = new EventEmitter(); let got; e.on('x', (v) => { got = v; }); e.emit('x', 7);"
                + " cb(null, {join: path.join('/a/b', '../c', 'd.js'), got, env: Object.keys(process.env).length,"
                + " frozen: Object.isFrozen(process.env), fmt: util.format('a', 1)}); }",
                "{\"join\":\"/a/c/d.js\",\"got\":7,\"env\":0,\"frozen\":true,\"fmt\":\"a 1\"}");
    }

    @Test
    void prototypePollutionByAPackageStaysInItsOwnRun() {
        RunResult polluting = run("const polluter = require('polluter'); function handle(d, cb) { cb(null, {seen: polluter()}); }");
        assertThat(polluting.result().toString()).isEqualTo("{\"seen\":\"yes\"}");
        RunResult other = TestRuntime.shared().run(new RunRequest("another-tenant",
                "function handle(d, cb) { const a = []; a.push(1); cb(null, {polluted: ({}).polluted === undefined, a}); }",
                TestRuntime.json("{}"), null, packages));
        assertThat(other.result().toString()).isEqualTo("{\"polluted\":true,\"a\":[1]}");
    }

    @Test
    void esModuleHooksImportTheirPackages() {
        assertRuns("import mini from 'mini';\nimport { twice as double } from 'mini';\nimport * as all from 'mini';\n"
                + "import fp from 'mini/fp';\nexport function handle(d, cb) { cb(null, {a: mini.answer, t: double(2), n: all.answer, fp}); }",
                "{\"a\":42,\"t\":4,\"n\":42,\"fp\":\"fp\"}");
    }

    @Test
    void aHookWhoseOnlyModuleSyntaxIsItsImportsRunsAsAScript() {
        assertRuns("import mini from 'mini';\nfunction handle(d, cb) { cb(null, {a: mini.answer}); }",
                "{\"a\":42}");
    }

    @Test
    void anEsModuleOnlyPackageIsRequiredAndImported() {
        assertRuns("""
                const esm = require('esm-only');
                async function handle(d, cb) {
                  const before = esm.counter;
                  esm.bump();
                  cb(null, {main: esm.default('ada'), flag: esm.__esModule, info: esm.info, extra: esm.extra, helpers: esm.helpers.VERSION,
                    again: esm.greetAgain('bob'), odd: esm.odd, spaced: esm['spaced name'], local: esm.local,
                    live: [before, esm.counter], later: await esm.later(), util: require('esm-only/util').shout('x')});
                }""",
                "{\"main\":\"hello ada!\",\"flag\":true,\"info\":{\"version\":\"1.0.0\",\"names\":[\"VERSION\",\"default\","
                        + "\"odd name\",\"shout\"],\"cjs\":\"function\",\"meta\":\"string\"},\"extra\":\"extra\",\"helpers\":\"1.0.0\","
                        + "\"again\":\"hello bob\",\"odd\":\"odd\",\"spaced\":\"l\",\"local\":\"l\",\"live\":[0,1],\"later\":\"extra\","
                        + "\"util\":\"X\"}");
        assertRuns("import main, { info } from 'esm-only';\nimport * as all from 'esm-only';\n"
                + "export function handle(d, cb) { cb(null, [main('x'), info.version, typeof all.bump]); }",
                "[\"hello x!\",\"1.0.0\",\"function\"]");
    }

    @Test
    void circularEsModulesSeeTheirHoistedFunctions() {
        assertRuns("const { seen, fromA } = require('esm-cycle'); function handle(d, cb) { cb(null, [seen, fromA()]); }",
                "[\"b sees a\",\"a\"]");
    }

    @Test
    void craftedExportNamesOfAnEsModuleStayNames() {
        RunResult result = run("""
                function handle(d, cb) {
                  const crafted = require('esm-crafted');
                  let bad = '';
                  try { require('esm-crafted/bad.js'); } catch (e) { bad = e.message; }
                  cb(null, {names: Object.keys(crafted).length, pwned: typeof globalThis.pwned, bad});
                }""");
        assertThat(result.succeeded()).as(String.valueOf(result.error())).isTrue();
        assertThat(result.result().path("names").asInt()).isEqualTo(3);
        assertThat(result.result().path("pwned").asText()).isEqualTo("undefined");
        assertThat(result.result().path("bad").asText()).contains("SyntaxError in ES module").contains("is not a local name");
    }

    @Test
    void aHookWithoutPackagesIsToldSo() {
        RunResult result = TestRuntime.run("function handle(d, cb) { cb(null, require('lodash')); }");
        assertThat(result.error().message()).contains("Cannot find module 'lodash': the hook has no packages");
    }
}

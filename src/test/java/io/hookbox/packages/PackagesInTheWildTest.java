package io.hookbox.packages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.hookbox.support.ApiClient;
import io.hookbox.support.FakeRegistry;
import io.hookbox.support.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Packages written the way widely used ones are (safe-buffer's feature test of {@code buffer}, a JWT decoder that
 * reads base64url with {@code Buffer}, form encoders on {@code querystring} and {@code url}, a stream splitter on
 * {@code string_decoder}, an e-mail normalizer on {@code punycode}; an ES-module-only package as jwt-decode 4 and
 * many newer ones ship), installed from the registry on loopback and run through {@code POST /api/run}.
 */
class PackagesInTheWildTest {

    @TempDir
    static Path dataDir;
    private static FakeRegistry registry;
    private static TestServer server;

    @BeforeAll
    static void start() {
        registry = new FakeRegistry();
        registry.publish(registry.version("safe-buffer", "5.2.1").file("index.js", """
                var buffer = require('buffer')
                var Buffer = buffer.Buffer
                function copyProps (src, dst) { for (var key in src) dst[key] = src[key] }
                if (Buffer.from && Buffer.alloc && Buffer.allocUnsafe && Buffer.allocUnsafeSlow) {
                  module.exports = buffer
                } else {
                  copyProps(buffer, exports)
                  exports.Buffer = SafeBuffer
                }
                function SafeBuffer (arg, encodingOrOffset, length) { return Buffer(arg, encodingOrOffset, length) }
                SafeBuffer.prototype = Object.create(Buffer.prototype)
                copyProps(Buffer, SafeBuffer)
                """));
        registry.publish(registry.version("jwt-claims", "3.1.2").dependency("safe-buffer", "^5.2.0").file("index.js", """
                'use strict';
                var Buffer = require('safe-buffer').Buffer;
                function base64UrlDecode(part) {
                  return Buffer.from(part.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8');
                }
                module.exports = function decode(token, options) {
                  if (typeof token !== 'string') throw new Error('Invalid token specified');
                  var part = token.split('.')[options && options.header === true ? 0 : 1];
                  return JSON.parse(base64UrlDecode(part));
                };
                """));
        registry.publish(registry.version("form-codec", "1.0.0").file("index.js", """
                const querystring = require('querystring');
                const url = require('node:url');
                exports.encode = (fields) => querystring.stringify(fields);
                exports.decode = (body) => Object.assign({}, querystring.parse(body));
                exports.withQuery = (address, fields) => {
                  const parsed = url.parse(address, true);
                  delete parsed.search;
                  Object.assign(parsed.query, fields);
                  return url.format(parsed);
                };
                """));
        registry.publish(registry.version("line-splitter", "2.0.0").file("index.js", """
                const { StringDecoder } = require('string_decoder');
                module.exports = function split(chunks) {
                  const decoder = new StringDecoder('utf8');
                  let text = '';
                  for (const chunk of chunks) text += decoder.write(chunk);
                  return (text + decoder.end()).split('\\n');
                };
                """));
        registry.publish(registry.version("email-ascii", "1.0.0").file("index.js", """
                var punycode = require('punycode');
                module.exports = function toAscii(address) { return punycode.toASCII(address.trim().toLowerCase()); };
                """));
        FakeRegistry.Version esmOnly = registry.version("jwt-reader", "4.0.0").manifest("type", "module")
                .file("build/esm/index.js", """
                        export class InvalidTokenError extends Error {}
                        InvalidTokenError.prototype.name = "InvalidTokenError";
                        function b64DecodeUnicode(str) {
                          return decodeURIComponent(atob(str).replace(/(.)/g, (m, p) => {
                            let code = p.charCodeAt(0).toString(16).toUpperCase();
                            if (code.length < 2) code = "0" + code;
                            return "%" + code;
                          }));
                        }
                        export function jwtDecode(token, options) {
                          if (typeof token !== "string") throw new InvalidTokenError("Invalid token specified: must be a string");
                          const part = token.split(".")[options?.header === true ? 0 : 1];
                          const base64 = part.replace(/-/g, "+").replace(/_/g, "/");
                          return JSON.parse(b64DecodeUnicode(base64 + "===".slice((base64.length + 3) % 4)));
                        }
                        """);
        ObjectNode conditions = JsonNodeFactory.instance.objectNode();
        conditions.putObject(".").put("import", "./build/esm/index.js");
        esmOnly.manifest.set("exports", conditions);
        registry.publish(esmOnly);
        server = TestServer.withRegistry(dataDir, registry.url());
        // The first runs of a cold worker load the loader and the shims; on a busy machine they can outlast the short
        // test timeout, which is not what these tests are about.
        for (int i = 0; i < 2; i++) {
            server.client().post("/api/run", "{\"type\": \"post-login\", \"content\": " + quote("const a = require('email-ascii');"
                    + " function handle(d, cb) { cb(null, d); }") + ", \"packages\": {\"email-ascii\": \"1\"}}");
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        registry.close();
    }

    private static JsonNode run(String code, String packages) {
        ApiClient client = server.newTenant().client();
        ApiClient.Response ran = client.post("/api/run", "{\"type\": \"post-login\", \"content\": " + quote(code)
                + ", \"packages\": " + packages + "}");
        assertThat(ran.status()).as(ran.body().toString()).isEqualTo(200);
        assertThat(ran.body().path("status").asText()).as(ran.body().toString()).isEqualTo("success");
        return ran.body().path("result").path("user").path("app_metadata");
    }

    @Test
    void packagesOnTheCoreModulesWork() {
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTEiLCJuYW1lIjoiSm9zw6kiLCJyb2xlcyI6WyJhZG1pbiJdfQ.c2ln";
        JsonNode shown = run("""
                const decode = require('jwt-claims');
                const form = require('form-codec');
                const split = require('line-splitter');
                const toAscii = require('email-ascii');
                function handle(data, callback) {
                  const claims = decode('%s');
                  const euro = Buffer.from('a\\u20acb\\nc');
                  data.user.app_metadata = {
                    sub: claims.sub, name: claims.name, roles: claims.roles, header: decode('%s', {header: true}).alg,
                    form: form.encode({q: 'a b', tags: ['x', 'y']}), decoded: form.decode('q=a+b&n=%%E2%%82%%AC'),
                    link: form.withQuery('https://example.com/cb?state=1', {code: 'x y'}),
                    lines: split([euro.subarray(0, 2), euro.subarray(2, 5), euro.subarray(5)]),
                    email: toAscii(' Ana@Bücher.Example '),
                    same: require('safe-buffer').Buffer === Buffer
                  };
                  callback(null, data);
                }""".formatted(token, token), "{\"jwt-claims\": \"^3.1.0\", \"form-codec\": \"1\", \"line-splitter\": \"2\","
                + " \"email-ascii\": \"1\", \"safe-buffer\": \"^5.2.0\"}");

        assertThat(shown.toString()).isEqualTo("{\"sub\":\"user-1\",\"name\":\"José\",\"roles\":[\"admin\"],\"header\":\"HS256\","
                + "\"form\":\"q=a%20b&tags=x&tags=y\",\"decoded\":{\"q\":\"a b\",\"n\":\"€\"},"
                + "\"link\":\"https://example.com/cb?state=1&code=x%20y\",\"lines\":[\"a€b\",\"c\"],"
                + "\"email\":\"ana@xn--bcher-kva.example\",\"same\":true}");
    }

    @Test
    void anEsModuleOnlyPackageIsImportedAndRequired() {
        String token = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLTIifQ.c2ln";
        JsonNode imported = run("""
                import { jwtDecode, InvalidTokenError } from 'jwt-reader';
                export function handle(data, callback) {
                  let refused = '';
                  try { jwtDecode(42); } catch (e) { refused = e instanceof InvalidTokenError ? e.name : 'other'; }
                  data.user.app_metadata = {sub: jwtDecode('%s').sub, refused, required: typeof require('jwt-reader').jwtDecode};
                  callback(null, data);
                }""".formatted(token), "{\"jwt-reader\": \"^4\"}");

        assertThat(imported.toString()).isEqualTo("{\"sub\":\"user-2\",\"refused\":\"InvalidTokenError\",\"required\":\"function\"}");
    }

    private static String quote(String text) {
        return JsonNodeFactory.instance.textNode(text).toString();
    }
}

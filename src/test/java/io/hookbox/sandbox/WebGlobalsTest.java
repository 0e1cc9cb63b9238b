package io.hookbox.sandbox;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.hookbox.support.TestRuntime.json;
import static io.hookbox.support.TestRuntime.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web-standard globals, checked against the examples of the WHATWG and W3C specifications (URL, Encoding, HTML's
 * base64, structured clone, Web Crypto) and the FIPS and RFC test vectors for digests and HMAC.
 */
class WebGlobalsTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                // URL: parsing, canonical hosts, relative resolution, percent-encoding
                Arguments.of("dot segments", "new URL('https://example.com/../foo').href", "\"https://example.com/foo\""),
                Arguments.of("case and dots", "new URL('https://EXAMPLE.com/a/./b/../c?x=1#y').href", "\"https://example.com/a/c?x=1#y\""),
                Arguments.of("hex IPv4", "new URL('http://0x7f.1/').hostname", "\"127.0.0.1\""),
                Arguments.of("one-number IPv4", "new URL('http://2130706433').host", "\"127.0.0.1\""),
                Arguments.of("octal IPv4", "new URL('http://0177.0.0.1/').host", "\"127.0.0.1\""),
                Arguments.of("IPv4 with too many parts", "URL.canParse('http://1.2.3.4.5/')", "false"),
                Arguments.of("IPv6 compression", "new URL('http://[2001:db8:0:0:1:0:0:1]').host", "\"[2001:db8::1:0:0:1]\""),
                Arguments.of("IPv4 in IPv6", "new URL('http://[::ffff:192.168.0.1]/').hostname", "\"[::ffff:c0a8:1]\""),
                Arguments.of("relative to a base", "new URL('/path?q', 'https://example.org/base/x').href", "\"https://example.org/path?q\""),
                Arguments.of("parent of a base", "new URL('../y', 'https://example.org/a/b/c').href", "\"https://example.org/a/y\""),
                Arguments.of("scheme-relative", "new URL('//other.test/z', 'https://example.org/a').href", "\"https://other.test/z\""),
                Arguments.of("encoding of each part", "new URL('HTTP://user:pa ss@Example.COM:80/\u00e4?\u00e4#\u00e4').href",
                        "\"http://user:pa%20ss@example.com/%C3%A4?%C3%A4#%C3%A4\""),
                Arguments.of("default port dropped", "new URL('https://example.com:443/').port", "\"\""),
                Arguments.of("origin", "new URL('https://example.com:8443/x').origin", "\"https://example.com:8443\""),
                Arguments.of("opaque path", "[new URL('mailto:someone@example.com').pathname, new URL('mailto:x@y').origin]",
                        "[\"someone@example.com\",\"null\"]"),
                Arguments.of("windows drive in a file URL", "new URL('file:///C:/x/../y').href", "\"file:///C:/y\""),
                Arguments.of("backslashes in special URLs", "new URL('http://example.com\\\\a\\\\b').pathname", "\"/a/b\""),
                Arguments.of("space in a host is invalid", "URL.canParse('https://exa mple.com')", "false"),
                Arguments.of("encoded slash in a host is invalid", "URL.canParse('http://exa%2Fmple.com')", "false"),
                Arguments.of("special query quote", "new URL(\"http://e.test/?a='b c'\").search", "\"?a=%27b%20c%27\""),
                Arguments.of("internationalized host", "new URL('https://m\u00fcnchen.de/').host", "\"xn--mnchen-3ya.de\""),
                Arguments.of("setters", "(() => { const u = new URL('https://a.com/p?x=1'); u.searchParams.append('y', '2 3');"
                        + " u.hash = 'h'; u.port = '8080'; u.pathname = '/q r'; return u.href; })()",
                        "\"https://a.com:8080/q%20r?x=1&y=2+3#h\""),
                Arguments.of("search setter updates searchParams",
                        "(() => { const u = new URL('https://a.com/'); u.search = 'a=1&a=2'; return u.searchParams.getAll('a'); })()",
                        "[\"1\",\"2\"]"),
                Arguments.of("invalid URL throws a TypeError", "(() => { try { new URL('nope'); } catch (e) { return e.name; } })()",
                        "\"TypeError\""),
                Arguments.of("JSON form", "JSON.stringify({u: new URL('http://a.test')})", "\"{\\\"u\\\":\\\"http://a.test/\\\"}\""),
                // URLSearchParams
                Arguments.of("getAll", "new URLSearchParams('?a=1&b=2&a=3').getAll('a')", "[\"1\",\"3\"]"),
                Arguments.of("form encoding", "new URLSearchParams({q: 'a b&c', r: '\u00e9'}).toString()", "\"q=a+b%26c&r=%C3%A9\""),
                Arguments.of("stable sort", "(() => { const p = new URLSearchParams('c=1&a=2&b=3&a=1'); p.sort(); return p.toString(); })()",
                        "\"a=2&a=1&b=3&c=1\""),
                Arguments.of("bad percent kept", "new URLSearchParams('q=%zz+%41').get('q')", "\"%zz A\""),
                Arguments.of("pairs", "[...new URLSearchParams([['a', '1'], ['b', '2']]).keys()]", "[\"a\",\"b\"]"),
                // Encoding and base64
                Arguments.of("TextEncoder", "[...new TextEncoder().encode('\u20ac')]", "[226,130,172]"),
                Arguments.of("TextDecoder", "new TextDecoder().decode(new Uint8Array([0xE2, 0x82, 0xAC]))", "\"\u20ac\""),
                Arguments.of("btoa", "btoa('hello')", "\"aGVsbG8=\""),
                Arguments.of("forgiving atob", "[atob(' aGVs bG8= '), atob('aGVsbG8')]", "[\"hello\",\"hello\"]"),
                Arguments.of("atob of bad input", "(() => { try { atob('a'); } catch (e) { return [e.name, e.code]; } })()",
                        "[\"InvalidCharacterError\",5]"),
                Arguments.of("btoa outside Latin1", "(() => { try { btoa('\u20ac'); } catch (e) { return e instanceof DOMException; } })()", "true"),
                // structuredClone
                Arguments.of("clone keeps cycles, maps and dates",
                        "(() => { const o = {d: new Date(0), m: new Map([[1, {x: 1}]])}; o.self = o; const c = structuredClone(o);"
                                + " return [c !== o, c.self === c, c.d.getTime(), c.m.get(1).x, c.m !== o.m]; })()",
                        "[true,true,0,1,true]"),
                Arguments.of("clone of a function", "(() => { try { structuredClone(() => 1); } catch (e) { return e.name; } })()",
                        "\"DataCloneError\""),
                // crypto
                Arguments.of("randomUUID is a version 4 UUID",
                        "/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(crypto.randomUUID())", "true"),
                Arguments.of("getRandomValues fills the array",
                        "(() => { const a = crypto.getRandomValues(new Uint32Array(8)); return a.some(v => v !== 0); })()", "true"),
                Arguments.of("getRandomValues refuses float arrays",
                        "(() => { try { crypto.getRandomValues(new Float32Array(1)); } catch (e) { return e.name; } })()",
                        "\"TypeMismatchError\""),
                Arguments.of("getRandomValues quota",
                        "(() => { try { crypto.getRandomValues(new Uint8Array(65537)); } catch (e) { return e.name; } })()",
                        "\"QuotaExceededError\""),
                Arguments.of("SHA-256 of abc (FIPS 180-2)", "hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode('abc')))",
                        "\"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad\""),
                Arguments.of("SHA-1 of abc", "hex(await crypto.subtle.digest({name: 'sha-1'}, new TextEncoder().encode('abc')))",
                        "\"a9993e364706816aba3e25717850c26c9cd0d89d\""),
                Arguments.of("SHA-512 of the empty string", "hex(await crypto.subtle.digest('SHA-512', new Uint8Array(0))).slice(0, 16)",
                        "\"cf83e1357eefb8bd\""),
                Arguments.of("HMAC-SHA-256 (RFC 4231 case 2) and verify",
                        "await (async () => { const enc = new TextEncoder();"
                                + " const key = await crypto.subtle.importKey('raw', enc.encode('Jefe'), {name: 'HMAC', hash: 'SHA-256'}, false, ['sign', 'verify']);"
                                + " const sig = await crypto.subtle.sign('HMAC', key, enc.encode('what do ya want for nothing?'));"
                                + " return [hex(sig), await crypto.subtle.verify('HMAC', key, sig, enc.encode('what do ya want for nothing?')),"
                                + " await crypto.subtle.verify('HMAC', key, sig, enc.encode('tampered')), key.algorithm.hash.name, key.type]; })()",
                        "[\"5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843\",true,false,\"SHA-256\",\"secret\"]"),
                Arguments.of("unsupported digest", "await crypto.subtle.digest('MD5', new Uint8Array(1)).then(() => 'ok', e => e.name)",
                        "\"NotSupportedError\""),
                Arguments.of("performance.now", "typeof performance.now() === 'number' && performance.now() >= 0", "true"),
                // fetch's classes, without a request
                Arguments.of("Headers are case-insensitive and combined",
                        "(() => { const h = new Headers({'Content-Type': 'a'}); h.append('X-A', '1'); h.append('x-a', '2');"
                                + " return [h.get('content-type'), h.get('X-A'), [...h.keys()]]; })()",
                        "[\"a\",\"1, 2\",[\"content-type\",\"x-a\"]]"),
                Arguments.of("Headers refuse line breaks",
                        "(() => { try { new Headers({'X-A': 'a\\r\\nB: c'}); } catch (e) { return e.name; } })()", "\"TypeError\""),
                Arguments.of("Response bodies", "await (async () => { const r = new Response('{\"a\":1}', {status: 201});"
                        + " return [await r.json(), r.status, r.ok, r.bodyUsed, await r.text().catch(e => e.name)]; })()",
                        "[{\"a\":1},201,true,true,\"TypeError\"]"),
                Arguments.of("Response.json", "Response.json({x: 1}).headers.get('content-type')", "\"application/json\""),
                Arguments.of("Request normalizes its method", "new Request('http://x.test/', {method: 'post', body: 'b'}).method", "\"POST\""),
                Arguments.of("GET with a body is refused",
                        "(() => { try { new Request('http://x.test/', {body: 'b'}); } catch (e) { return e.name; } })()", "\"TypeError\""),
                Arguments.of("AbortController", "(() => { const c = new AbortController(); let heard = 0;"
                        + " c.signal.addEventListener('abort', () => heard++); c.abort(); c.abort();"
                        + " return [c.signal.aborted, c.signal.reason.name, heard]; })()",
                        "[true,\"AbortError\",1]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesAsTheStandardSays(String name, String expression, String expected) {
        RunResult result = run("function hex(buffer) { return [...new Uint8Array(buffer)].map(b => b.toString(16).padStart(2, '0')).join(''); }\n"
                + "async function handle(data) { return {value: " + expression + "}; }");

        assertThat(result.error()).as(name).isNull();
        assertThat(result.result().get("value")).as(name).isEqualTo(json(expected));
    }
}

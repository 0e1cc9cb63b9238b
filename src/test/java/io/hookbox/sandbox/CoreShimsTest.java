package io.hookbox.sandbox;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static io.hookbox.support.TestRuntime.json;
import static io.hookbox.support.TestRuntime.run;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Node core modules written in JavaScript for hooks (buffer, string_decoder, querystring, punycode, url), checked
 * against the examples and the behaviour Node's documentation gives for each. The hook sees {@code Buffer},
 * {@code sd} (string_decoder), {@code qs}, {@code punycode} and {@code url}, required with and without {@code node:}.
 */
class CoreShimsTest {

    private static final String REQUIRES = "const sd = require('string_decoder'); const qs = require('node:querystring');"
            + " const punycode = require('punycode'); const url = require('node:url');\n";

    /** The first runs of a cold worker load and compile the shims; on a busy machine that can outlast the test timeout. */
    @BeforeAll
    static void warmUp() {
        for (int i = 0; i < 3; i++) {
            run(REQUIRES + "function handle(d, cb) { cb(null, [Buffer.from('a').toString('base64'), url.parse('http://a/').host]); }");
        }
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                // buffer: encodings
                Arguments.of("utf8 to hex", "Buffer.from('h\u00e9llo w\u00f6rld').toString('hex')", "\"68c3a96c6c6f2077c3b6726c64\""),
                Arguments.of("to base64", "Buffer.from('hello world').toString('base64')", "\"aGVsbG8gd29ybGQ=\""),
                Arguments.of("base64 without padding decodes", "Buffer.from('aGVsbG8gd29ybGQ', 'base64').toString()", "\"hello world\""),
                Arguments.of("base64 with white space", "Buffer.from('aGVs\\nbG8=', 'base64').toString('utf8')", "\"hello\""),
                Arguments.of("base64url both ways", "[Buffer.from([0xfb, 0xff]).toString('base64url'), Buffer.from([0xfb, 0xff]).toString('base64'),"
                        + " [...Buffer.from('-_8', 'base64url')], [...Buffer.from('+/8=', 'base64')]]",
                        "[\"-_8\",\"+/8=\",[251,255],[251,255]]"),
                Arguments.of("latin1 and binary", "[[...Buffer.from('\u00e9', 'latin1')], Buffer.from([0xe9]).toString('binary')]",
                        "[[233],\"\u00e9\"]"),
                Arguments.of("ascii drops the high bit", "Buffer.from([0xe9, 0x41]).toString('ascii')", "\"iA\""),
                Arguments.of("utf16le", "[[...Buffer.from('\u20ac', 'utf16le')], Buffer.from([0xac, 0x20]).toString('ucs2')]",
                        "[[172,32],\"\u20ac\"]"),
                Arguments.of("hex stops at the first non-hex digit", "[[...Buffer.from('1ag123', 'hex')], [...Buffer.from('1a7', 'hex')]]",
                        "[[26],[26]]"),
                Arguments.of("the BOM is kept and invalid utf8 replaced", "[Buffer.from([0xef, 0xbb, 0xbf, 0x41]).toString().length,"
                        + " Buffer.from([0x61, 0xff]).toString()]", "[2,\"a\ufffd\"]"),
                Arguments.of("unknown encodings are refused", "(() => { try { Buffer.from('a', 'nope'); } catch (e) { return [e.name, e.code, e.message]; } })()",
                        "[\"TypeError\",\"ERR_UNKNOWN_ENCODING\",\"Unknown encoding: nope\"]"),
                Arguments.of("byteLength", "[Buffer.byteLength('\u00bd + \u00bc = \u00be'), Buffer.byteLength('aGVsbG8=', 'base64'),"
                        + " Buffer.byteLength(new Uint8Array(7)), Buffer.isEncoding('UTF-8'), Buffer.isEncoding('nope')]", "[12,5,7,true,false]"),
                // buffer: making and combining
                Arguments.of("a Uint8Array subclass, and the global is the module's",
                        "[Buffer.alloc(3) instanceof Uint8Array, Buffer.isBuffer(Buffer.alloc(1)), Buffer.isBuffer(new Uint8Array(1)),"
                        + " require('buffer').Buffer === Buffer, require('node:buffer').Buffer === Buffer, Buffer.from('ab').subarray(1) instanceof Buffer]",
                        "[true,true,false,true,true,true]"),
                Arguments.of("alloc with a fill", "[Buffer.alloc(5, 'ab').toString(), [...Buffer.alloc(3, 1)], Buffer.alloc(4, 'YQ==', 'base64').toString()]",
                        "[\"ababa\",[1,1,1],\"aaaa\"]"),
                Arguments.of("allocUnsafe shows only zeros", "[...Buffer.allocUnsafe(16), ...Buffer.allocUnsafeSlow(4)].every((b) => b === 0)", "true"),
                Arguments.of("concat with and without a total length", "[Buffer.concat([Buffer.from('ab'), Buffer.from('cd')], 3).toString(),"
                        + " Buffer.concat([Buffer.from('ab'), new Uint8Array([99])]).toString(), Buffer.concat([]).length]", "[\"abc\",\"abc\",0]"),
                Arguments.of("from an array, an ArrayBuffer and a Buffer's JSON",
                        "(() => { const arr = new Uint16Array(2); arr[0] = 5000; arr[1] = 4000; const shared = Buffer.from(arr.buffer);"
                        + " arr[1] = 6000; const json = JSON.stringify(Buffer.from([1, 2]));"
                        + " return [[...shared], json, [...Buffer.from(JSON.parse(json))], [...Buffer.from([257, -1])]]; })()",
                        "[[136,19,112,23],\"{\\\"type\\\":\\\"Buffer\\\",\\\"data\\\":[1,2]}\",[1,2],[1,255]]"),
                Arguments.of("slice shares memory as subarray does", "(() => { const b = Buffer.from('abc'); const s = b.slice(1); s[0] = 0x7a;"
                        + " return [b.toString(), s instanceof Buffer, b.toString('utf8', 1, 2)]; })()", "[\"azc\",true,\"z\"]"),
                Arguments.of("equals and compare", "[Buffer.from('ABC').equals(Buffer.from('414243', 'hex')), Buffer.compare(Buffer.from('1234'), Buffer.from('0123')),"
                        + " [Buffer.from('1234'), Buffer.from('0123')].sort(Buffer.compare).map(String), Buffer.from('ABC').compare(Buffer.from('BCD'))]",
                        "[true,1,[\"0123\",\"1234\"],-1]"),
                Arguments.of("indexOf, lastIndexOf and includes", "(() => { const b = Buffer.from('this is a buffer');"
                        + " return [b.indexOf('is'), b.indexOf(Buffer.from('a buffer')), b.indexOf(97), b.indexOf('is', 3), b.lastIndexOf('buffer'),"
                        + " b.includes('this'), b.includes('nope')]; })()", "[2,8,8,5,10,true,false]"),
                Arguments.of("write keeps characters whole", "(() => { const b = Buffer.alloc(256); const whole = b.write('\u00bd + \u00bc = \u00be', 0);"
                        + " const small = Buffer.alloc(4); const cut = small.write('a\u20ac\u20ac'); return [whole, b.toString('utf8', 0, whole), cut, small.toString('utf8', 0, cut)]; })()",
                        "[12,\"\u00bd + \u00bc = \u00be\",4,\"a\u20ac\"]"),
                Arguments.of("copy", "(() => { const a = Buffer.alloc(26); const b = Buffer.alloc(26, '!');"
                        + " for (let i = 0; i < 26; i++) a[i] = i + 97; a.copy(b, 8, 16, 20); return b.toString('ascii', 0, 25); })()",
                        "\"!!!!!!!!qrst!!!!!!!!!!!!!\""),
                Arguments.of("toJSON", "JSON.stringify({b: Buffer.from('hi')})", "\"{\\\"b\\\":{\\\"type\\\":\\\"Buffer\\\",\\\"data\\\":[104,105]}}\""),
                // buffer: numbers
                Arguments.of("reads", "(() => { const b = Buffer.from([0x12, 0x34, 0x56, 0x78]); return [b.readUInt8(0), b.readUInt16BE(0).toString(16),"
                        + " b.readUInt16LE(1).toString(16), b.readUInt32LE(0).toString(16), b.readUInt32BE(0).toString(16), b.readUint16BE(2),"
                        + " Buffer.from([-1, 5]).readInt8(0), Buffer.from([0xff, 0xfe]).readInt16BE(0), b.readUIntBE(0, 3).toString(16)]; })()",
                        "[18,\"1234\",\"5634\",\"78563412\",\"12345678\",22136,-1,-2,\"123456\"]"),
                Arguments.of("writes", "(() => { const b = Buffer.alloc(8); const end = b.writeUInt32BE(0xfeedface, 0); b.writeUInt16LE(0x0102, 4);"
                        + " b.writeInt8(-2, 6); b.writeUint8(255, 7); return [end, b.toString('hex')]; })()", "[4,\"feedface0201feff\"]"),
                Arguments.of("floats", "(() => { const b = Buffer.alloc(12); b.writeDoubleLE(123.456, 0); b.writeFloatBE(0.5, 8);"
                        + " return [b.readDoubleLE(0), b.readFloatBE(8), b.toString('hex', 8)]; })()", "[123.456,0.5,\"3f000000\"]"),
                Arguments.of("out of range reads and writes", "(() => { const codes = []; for (const f of [() => Buffer.from([1, 2, 3]).readUInt16LE(2),"
                        + " () => Buffer.from([1]).readUInt32LE(0), () => Buffer.alloc(1).writeUInt8(256, 0), () => Buffer.alloc(1).readUInt8(0.5)]) {"
                        + " try { f(); codes.push('none'); } catch (e) { codes.push(e.name + ' ' + e.code); } } return codes; })()",
                        "[\"RangeError ERR_OUT_OF_RANGE\",\"RangeError ERR_BUFFER_OUT_OF_BOUNDS\",\"RangeError ERR_OUT_OF_RANGE\",\"RangeError ERR_OUT_OF_RANGE\"]"),
                Arguments.of("safe-buffer's test of a modern Buffer", "(() => { const b = require('buffer');"
                        + " return [typeof b.Buffer.from, typeof b.Buffer.alloc, typeof b.Buffer.allocUnsafe, typeof b.Buffer.allocUnsafeSlow,"
                        + " typeof b.SlowBuffer, b.kMaxLength === b.constants.MAX_LENGTH]; })()",
                        "[\"function\",\"function\",\"function\",\"function\",\"function\",true]"),
                // string_decoder
                Arguments.of("utf8 characters split between writes", "(() => { const d = new sd.StringDecoder('utf8');"
                        + " const out = [d.write(Buffer.from([0xc2, 0xa2])), d.write(Buffer.from([0xe2, 0x82, 0xac])), d.write(Buffer.from([0xe2])),"
                        + " d.write(Buffer.from([0x82])), d.end(Buffer.from([0xac]))]; return out; })()",
                        "[\"\u00a2\",\"\u20ac\",\"\",\"\",\"\u20ac\"]"),
                Arguments.of("an unfinished character at the end", "(() => { const d = new sd.StringDecoder(); return [d.write(Buffer.from([0x61, 0xf0, 0x9f])),"
                        + " d.lastNeed, d.end(), d.write(Buffer.from('b'))]; })()", "[\"a\",2,\"\ufffd\",\"b\"]"),
                Arguments.of("base64 in groups of three bytes", "(() => { const d = new sd.StringDecoder('base64');"
                        + " return [d.write(Buffer.from('ab')), d.write(Buffer.from('c')), d.write(Buffer.from('a')), d.end()]; })()",
                        "[\"\",\"YWJj\",\"\",\"YQ==\"]"),
                Arguments.of("hex and utf16le surrogates", "(() => { const h = new sd.StringDecoder('hex'); const u = new sd.StringDecoder('utf16le');"
                        + " return [h.write(Buffer.from([1, 255])), u.write(Buffer.from([0x3d, 0xd8])), u.write(Buffer.from([0x00, 0xde])), h.encoding, u.encoding]; })()",
                        "[\"01ff\",\"\",\"\ud83d\ude00\",\"hex\",\"utf16le\"]"),
                // querystring
                Arguments.of("parse with repeated keys and no prototype", "(() => { const p = qs.parse('foo=bar&abc=xyz&abc=123');"
                        + " return [p, Object.getPrototypeOf(p) === null]; })()", "[{\"foo\":\"bar\",\"abc\":[\"xyz\",\"123\"]},true]"),
                Arguments.of("parse decodes plus, percent and keeps bad escapes", "qs.parse('a=1+2&b=%E2%82%AC&c=%ZZ&d')",
                        "{\"a\":\"1 2\",\"b\":\"\u20ac\",\"c\":\"%ZZ\",\"d\":\"\"}"),
                Arguments.of("parse with a separator, maxKeys and a decoder", "[qs.parse('w:%D6%D0%CE%C4;foo:bar', ';', ':', {decodeURIComponent: (s) => s}),"
                        + " qs.parse('a=1&b=2&c=3', null, null, {maxKeys: 2})]",
                        "[{\"w\":\"%D6%D0%CE%C4\",\"foo\":\"bar\"},{\"a\":\"1\",\"b\":\"2\"}]"),
                Arguments.of("stringify", "[qs.stringify({foo: 'bar', baz: ['qux', 'quux'], corge: ''}), qs.stringify({foo: 'bar', baz: 'qux'}, ';', ':'),"
                        + " qs.stringify({n: 1, t: true, o: {}, u: undefined, s: 'a b&\u00e9'}), qs.encode === qs.stringify]",
                        "[\"foo=bar&baz=qux&baz=quux&corge=\",\"foo:bar;baz:qux\",\"n=1&t=true&o=&u=&s=a%20b%26%C3%A9\",true]"),
                Arguments.of("escape and unescape", "[qs.escape('a b&c/\u00e9'), qs.unescape('a%20b%2'), qs.unescapeBuffer('%41%zz').toString()]",
                        "[\"a%20b%26c%2F%C3%A9\",\"a b%2\",\"A%zz\"]"),
                // punycode
                Arguments.of("decode and encode", "[punycode.decode('maana-pta'), punycode.decode('--dqo34k'), punycode.encode('ma\u00f1ana'),"
                        + " punycode.encode('\u2603-\u2318')]", "[\"ma\u00f1ana\",\"\u2603-\u2318\",\"maana-pta\",\"--dqo34k\"]"),
                Arguments.of("domains and e-mail addresses", "[punycode.toASCII('ma\u00f1ana.com'), punycode.toASCII('\u2603-\u2318.com'),"
                        + " punycode.toASCII('\u0434\u0436\u0443\u043c\u043b\u0430@\u0434\u0436p\u0443\u043c\u043b\u0430\u0442\u0435\u0441\u0442.b\u0440\u0444a'),"
                        + " punycode.toUnicode('xn--maana-pta.com'), punycode.toUnicode('xn----dqo34k.com'), punycode.toASCII('example.com')]",
                        "[\"xn--maana-pta.com\",\"xn----dqo34k.com\",\"\u0434\u0436\u0443\u043c\u043b\u0430@xn--p-8sbkgc5ag7bhce.xn--ba-lmcq\","
                                + "\"ma\u00f1ana.com\",\"\u2603-\u2318.com\",\"example.com\"]"),
                Arguments.of("ucs2", "[punycode.ucs2.decode('\\uD834\\uDF06'), punycode.ucs2.encode([0x1D306]) === '\\uD834\\uDF06', punycode.ucs2.decode('abc')]",
                        "[[119558],true,[97,98,99]]"),
                Arguments.of("bad punycode is a RangeError", "(() => { try { punycode.decode('\u00e9-x'); } catch (e) { return e.name; } })()", "\"RangeError\""),
                // url
                Arguments.of("the WHATWG classes are the globals", "[url.URL === URL, url.URLSearchParams === URLSearchParams]", "[true,true]"),
                Arguments.of("legacy parse of every part", "(() => { const u = url.parse('https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash');"
                        + " return [u.protocol, u.slashes, u.auth, u.host, u.port, u.hostname, u.hash, u.search, u.query, u.pathname, u.path, u.href]; })()",
                        "[\"https:\",true,\"user:pass\",\"sub.example.com:8080\",\"8080\",\"sub.example.com\",\"#hash\",\"?query=string\","
                                + "\"query=string\",\"/p/a/t/h\",\"/p/a/t/h?query=string\",\"https://user:pass@sub.example.com:8080/p/a/t/h?query=string#hash\"]"),
                Arguments.of("legacy parse of a path with its query parsed", "(() => { const u = url.parse('/p/x?x=1&y=2', true);"
                        + " return [u.protocol, u.host, u.pathname, u.query, u.href]; })()",
                        "[null,null,\"/p/x\",{\"x\":\"1\",\"y\":\"2\"},\"/p/x?x=1&y=2\"]"),
                Arguments.of("legacy parse lowercases the host, reads IPv6 and escapes spaces", "[url.parse('HTTP://EXAMPLE.com/A B').href,"
                        + " url.parse('http://[::1]:3000/x').hostname, url.parse('http://[::1]:3000/x').port, url.parse('http://example.com').pathname,"
                        + " url.parse('//host/p', false, true).host, url.parse('mailto:a@b.c').href]",
                        "[\"http://example.com/A%20B\",\"::1\",\"3000\",\"/\",\"host\",\"mailto:a@b.c\"]"),
                Arguments.of("legacy format", "[url.format({protocol: 'https', hostname: 'example.com', pathname: '/some/path', query: {page: 1, format: 'json'}}),"
                        + " url.format(url.parse('http://a.com:81/x?y#z')), url.format('HTTP://B.com'), url.format({protocol: 'file', pathname: '/tmp/x'}),"
                        + " url.format(new URL('https://a:b@example.com/p?abc#foo'), {fragment: false, auth: false})]",
                        "[\"https://example.com/some/path?page=1&format=json\",\"http://a.com:81/x?y#z\",\"http://b.com/\",\"file:///tmp/x\","
                                + "\"https://example.com/p?abc\"]"),
                Arguments.of("legacy resolve", "[url.resolve('/one/two/three', 'four'), url.resolve('http://example.com/', '/one'),"
                        + " url.resolve('http://example.com/one', '/two'), url.resolve('http://example.com/a/b', '../c?d'), url.resolve('http://a.com/x', 'https://b.com/y')]",
                        "[\"/one/two/four\",\"http://example.com/one\",\"http://example.com/two\",\"http://example.com/c?d\",\"https://b.com/y\"]"),
                Arguments.of("file URLs and domains", "[url.fileURLToPath('file:///%E4%BD%A0%E5%A5%BD.txt'), url.pathToFileURL('/some/path%.c').href,"
                        + " url.domainToASCII('espa\u00f1ol.com'), url.domainToUnicode('xn--espaol-zwa.com')]",
                        "[\"/\u4f60\u597d.txt\",\"file:///some/path%25.c\",\"xn--espaol-zwa.com\",\"espa\u00f1ol.com\"]"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void behavesAsNodeDocumentsIt(String name, String expression, String expected) {
        RunResult result = run(REQUIRES + "async function handle(data) { return {value: " + expression + "}; }");

        assertThat(result.error()).as(name).isNull();
        assertThat(result.result().get("value")).as(name).isEqualTo(json(expected));
    }
}

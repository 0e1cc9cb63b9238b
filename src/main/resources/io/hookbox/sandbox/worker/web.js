// The web-standard globals a hook can use: fetch and its classes, base64, structuredClone, crypto, performance,
// URL and URLSearchParams. Evaluated in every fresh context right after the prelude, before any hook code, so the
// built-ins it relies on are captured untouched. It evaluates to a function that the worker calls with the host
// bridge; the call returns the object through which the worker settles fetches: deliver(number, answerJson).
// Only primitive strings and numbers cross to the host: request bodies, random bytes and digests travel as base64.
(function hookboxWeb(bridge) {
  'use strict';
  const global = globalThis;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const ownKeys = Reflect.ownKeys;
  const getPrototypeOf = Reflect.getPrototypeOf;
  const freeze = Object.freeze;
  const createObject = Object.create;
  const isArray = Array.isArray;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const now = Date.now;
  const fromCharCode = String.fromCharCode;
  const stringCharCodeAt = String.prototype.charCodeAt;
  const stringToUpperCase = String.prototype.toUpperCase;
  const stringToLowerCase = String.prototype.toLowerCase;
  const regexpTest = RegExp.prototype.test;
  const arraySort = Array.prototype.sort;
  const promiseThen = Promise.prototype.then;
  const PromiseConstructor = Promise;
  const ErrorConstructor = Error;
  const TypeErrorConstructor = TypeError;
  const RangeErrorConstructor = RangeError;
  const Uint8ArrayConstructor = Uint8Array;
  const ArrayBufferConstructor = ArrayBuffer;
  const isView = ArrayBuffer.isView;
  const arrayBufferSlice = ArrayBuffer.prototype.slice;
  const TextEncoderConstructor = global.TextEncoder;
  const TextDecoderConstructor = global.TextDecoder;
  const MapConstructor = Map;
  const SetConstructor = Set;
  const WeakMapConstructor = WeakMap;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapHas = Map.prototype.has;
  const setTimeoutFn = global.setTimeout;
  const clearTimeoutFn = global.clearTimeout;
  const utf8Encoder = new TextEncoderConstructor();
  const utf8Decoder = new TextDecoderConstructor();

  function defineGlobal(name, value) {
    defineProperty(global, name, { value, writable: true, configurable: true, enumerable: false });
  }

  function lower(text) { return apply(stringToLowerCase, text, []); }
  function upper(text) { return apply(stringToUpperCase, text, []); }
  function test(pattern, text) { return apply(regexpTest, pattern, [text]); }
  function encodeUtf8(text) { return utf8Encoder.encode(text); }
  function decodeUtf8(bytes) { return utf8Decoder.decode(bytes); }

  // Platform objects: structuredClone refuses them.
  class WebObject {}

  // ---- DOMException ----

  const domExceptionCodes = { IndexSizeError: 1, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
    SyntaxError: 12, InvalidAccessError: 15, TypeMismatchError: 17, SecurityError: 18, NetworkError: 19,
    AbortError: 20, QuotaExceededError: 22, TimeoutError: 23, InvalidCharacterError: 5, DataCloneError: 25 };

  class DOMException extends ErrorConstructor {
    constructor(message = '', name = 'Error') {
      super('' + message);
      defineProperty(this, 'name', { value: '' + name, writable: true, configurable: true });
    }
    get code() { return domExceptionCodes[this.name] || 0; }
  }
  defineGlobal('DOMException', DOMException);

  // ---- base64 and bytes ----

  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const alphabetIndex = createObject(null);
  for (let i = 0; i < 64; i++) alphabetIndex[alphabet[i]] = i;

  function base64FromBytes(bytes) {
    let out = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63] + alphabet[(n >> 6) & 63] + alphabet[n & 63];
    }
    if (i < bytes.length) {
      const n = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
      out += alphabet[n >> 18] + alphabet[(n >> 12) & 63]
          + (i + 1 < bytes.length ? alphabet[(n >> 6) & 63] : '=') + '=';
    }
    return out;
  }

  // The forgiving-base64 decode of the HTML standard; null when the text is not base64.
  function bytesFromBase64(text) {
    let data = '';
    for (let i = 0; i < text.length; i++) {
      const c = text[i];
      if (c !== ' ' && c !== '\t' && c !== '\n' && c !== '\f' && c !== '\r') data += c;
    }
    if (data.length % 4 === 0) {
      if (data.length >= 2 && data[data.length - 1] === '=' && data[data.length - 2] === '=') data = data.slice(0, -2);
      else if (data.length >= 1 && data[data.length - 1] === '=') data = data.slice(0, -1);
    }
    if (data.length % 4 === 1) return null;
    const bytes = new Uint8ArrayConstructor((data.length * 3) >> 2);
    let buffer = 0;
    let bits = 0;
    let at = 0;
    for (let i = 0; i < data.length; i++) {
      const value = alphabetIndex[data[i]];
      if (value === undefined) return null;
      buffer = (buffer << 6) | value;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        bytes[at++] = (buffer >> bits) & 0xff;
      }
    }
    return bytes;
  }

  function atob(data) {
    if (arguments.length === 0) throw new TypeErrorConstructor("Failed to execute 'atob': 1 argument required");
    const bytes = bytesFromBase64('' + data);
    if (bytes === null) throw new DOMException('The string to be decoded is not correctly encoded.', 'InvalidCharacterError');
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += fromCharCode(bytes[i]);
    return out;
  }

  function btoa(data) {
    if (arguments.length === 0) throw new TypeErrorConstructor("Failed to execute 'btoa': 1 argument required");
    const text = '' + data;
    const bytes = new Uint8ArrayConstructor(text.length);
    for (let i = 0; i < text.length; i++) {
      const code = apply(stringCharCodeAt, text, [i]);
      if (code > 0xff) throw new DOMException('The string to be encoded contains characters outside of the Latin1 range.', 'InvalidCharacterError');
      bytes[i] = code;
    }
    return base64FromBytes(bytes);
  }
  defineGlobal('atob', atob);
  defineGlobal('btoa', btoa);

  // A copy of the bytes of an ArrayBuffer or a view of one; null for anything else.
  function copyBytes(source) {
    if (source instanceof ArrayBufferConstructor) return new Uint8ArrayConstructor(apply(arrayBufferSlice, source, [0]));
    if (isView(source)) {
      const view = new Uint8ArrayConstructor(source.buffer, source.byteOffset, source.byteLength);
      const copy = new Uint8ArrayConstructor(view.length);
      copy.set(view);
      return copy;
    }
    return null;
  }

  function bufferOf(bytes) {
    return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength
        ? bytes.buffer : apply(arrayBufferSlice, bytes.buffer, [bytes.byteOffset, bytes.byteOffset + bytes.byteLength]);
  }

  // ---- URL and URLSearchParams: the WHATWG URL standard's parser and serializer ----

  const specialPorts = { 'ftp': 21, 'file': null, 'http': 80, 'https': 443, 'ws': 80, 'wss': 443 };
  function isSpecialScheme(scheme) { return Object.prototype.hasOwnProperty.call(specialPorts, scheme); }

  function inC0Control(c) { return c < 0x20 || c > 0x7e; }
  function inFragmentSet(c) { return inC0Control(c) || c === 0x20 || c === 0x22 || c === 0x3c || c === 0x3e || c === 0x60; }
  function inQuerySet(c) { return inC0Control(c) || c === 0x20 || c === 0x22 || c === 0x23 || c === 0x3c || c === 0x3e; }
  function inSpecialQuerySet(c) { return inQuerySet(c) || c === 0x27; }
  function inPathSet(c) { return inQuerySet(c) || c === 0x3f || c === 0x5e || c === 0x60 || c === 0x7b || c === 0x7d; }
  function inUserinfoSet(c) {
    return inPathSet(c) || c === 0x2f || c === 0x3a || c === 0x3b || c === 0x3d || c === 0x40 || (c >= 0x5b && c <= 0x5d) || c === 0x7c;
  }
  function inComponentSet(c) { return inUserinfoSet(c) || (c >= 0x24 && c <= 0x26) || c === 0x2b || c === 0x2c; }
  function inFormSet(c) { return inComponentSet(c) || c === 0x21 || (c >= 0x27 && c <= 0x29) || c === 0x7e; }

  const hexDigits = '0123456789ABCDEF';

  // The code point as UTF-8, percent-encoded where the set says so.
  function encodeCodePoint(codePoint, inSet) {
    const text = String.fromCodePoint(codePoint);
    if (!inSet(codePoint)) return text;
    const bytes = encodeUtf8(text);
    let out = '';
    for (let i = 0; i < bytes.length; i++) out += '%' + hexDigits[bytes[i] >> 4] + hexDigits[bytes[i] & 15];
    return out;
  }

  function encodeString(text, inSet, spaceAsPlus) {
    let out = '';
    for (const ch of toUSV(text)) {
      const c = ch.codePointAt(0);
      out += spaceAsPlus && c === 0x20 ? '+' : encodeCodePoint(c, inSet);
    }
    return out;
  }

  // Lone surrogates become U+FFFD, as a USVString conversion does.
  function toUSV(text) {
    return text.toWellFormed ? text.toWellFormed() : text;
  }

  function isHex(c) { return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66); }

  function percentDecodeBytes(text) {
    const input = encodeUtf8(text);
    const out = new Uint8ArrayConstructor(input.length);
    let n = 0;
    for (let i = 0; i < input.length; i++) {
      const b = input[i];
      if (b === 0x25 && i + 2 < input.length && isHex(input[i + 1]) && isHex(input[i + 2])) {
        out[n++] = parseInt(fromCharCode(input[i + 1], input[i + 2]), 16);
        i += 2;
      } else {
        out[n++] = b;
      }
    }
    return out.subarray(0, n);
  }

  const forbiddenHost = /[\0\t\n\r #/:<>?@[\\\]^|]/;
  const forbiddenDomain = /[\0\t\n\r #/:<>?@[\\\]^|%\x01-\x1f\x7f]/;

  function parseIPv4Number(text) {
    if (text === '') return NaN;
    let radix = 10;
    if (text.length >= 2 && (text.startsWith('0x') || text.startsWith('0X'))) { text = text.slice(2); radix = 16; }
    else if (text.length >= 2 && text[0] === '0') { text = text.slice(1); radix = 8; }
    if (text === '') return 0;
    const valid = radix === 16 ? /^[0-9A-Fa-f]+$/ : radix === 8 ? /^[0-7]+$/ : /^[0-9]+$/;
    if (!test(valid, text)) return NaN;
    return parseInt(text, radix);
  }

  function endsInANumber(text) {
    const parts = text.split('.');
    if (parts[parts.length - 1] === '') {
      if (parts.length === 1) return false;
      parts.pop();
    }
    const last = parts[parts.length - 1];
    if (last !== '' && test(/^[0-9]+$/, last)) return true;
    return !Number.isNaN(parseIPv4Number(last));
  }

  function parseIPv4(text) {
    const parts = text.split('.');
    if (parts[parts.length - 1] === '' && parts.length > 1) parts.pop();
    if (parts.length > 4) return null;
    const numbers = [];
    for (const part of parts) {
      const n = parseIPv4Number(part);
      if (Number.isNaN(n)) return null;
      numbers[numbers.length] = n;
    }
    for (let i = 0; i < numbers.length - 1; i++) if (numbers[i] > 255) return null;
    if (numbers[numbers.length - 1] >= 256 ** (5 - numbers.length)) return null;
    let ipv4 = numbers[numbers.length - 1];
    for (let i = 0; i < numbers.length - 1; i++) ipv4 += numbers[i] * 256 ** (3 - i);
    return ipv4;
  }

  function serializeIPv4(address) {
    const parts = [];
    for (let i = 0; i < 4; i++) { parts.unshift('' + (address % 256)); address = Math.floor(address / 256); }
    return parts.join('.');
  }

  function parseIPv6(input) {
    const address = [0, 0, 0, 0, 0, 0, 0, 0];
    let pieceIndex = 0;
    let compress = null;
    let pointer = 0;
    const c = i => (i < input.length ? input.charCodeAt(i) : NaN);
    if (c(pointer) === 0x3a) {
      if (c(pointer + 1) !== 0x3a) return null;
      pointer += 2;
      compress = ++pieceIndex;
    }
    while (pointer < input.length) {
      if (pieceIndex === 8) return null;
      if (c(pointer) === 0x3a) {
        if (compress !== null) return null;
        pointer++;
        compress = ++pieceIndex;
        continue;
      }
      let value = 0;
      let length = 0;
      while (length < 4 && isHex(c(pointer))) { value = value * 16 + parseInt(input[pointer], 16); pointer++; length++; }
      if (c(pointer) === 0x2e) {
        if (length === 0) return null;
        pointer -= length;
        if (pieceIndex > 6) return null;
        let numbersSeen = 0;
        while (pointer < input.length) {
          let ipv4Piece = null;
          if (numbersSeen > 0) {
            if (c(pointer) === 0x2e && numbersSeen < 4) pointer++;
            else return null;
          }
          if (!(c(pointer) >= 0x30 && c(pointer) <= 0x39)) return null;
          while (c(pointer) >= 0x30 && c(pointer) <= 0x39) {
            const number = c(pointer) - 0x30;
            if (ipv4Piece === null) ipv4Piece = number;
            else if (ipv4Piece === 0) return null;
            else ipv4Piece = ipv4Piece * 10 + number;
            if (ipv4Piece > 255) return null;
            pointer++;
          }
          address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
          numbersSeen++;
          if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
        }
        if (numbersSeen !== 4) return null;
        break;
      } else if (c(pointer) === 0x3a) {
        pointer++;
        if (pointer >= input.length) return null;
      } else if (pointer < input.length) {
        return null;
      }
      address[pieceIndex++] = value;
    }
    if (compress !== null) {
      let swaps = pieceIndex - compress;
      pieceIndex = 7;
      while (pieceIndex !== 0 && swaps > 0) {
        const other = compress + swaps - 1;
        const t = address[pieceIndex]; address[pieceIndex] = address[other]; address[other] = t;
        pieceIndex--; swaps--;
      }
    } else if (pieceIndex !== 8) {
      return null;
    }
    return address;
  }

  function serializeIPv6(address) {
    let bestStart = -1;
    let bestLength = 1;
    for (let i = 0; i < 8;) {
      if (address[i] !== 0) { i++; continue; }
      let j = i;
      while (j < 8 && address[j] === 0) j++;
      if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
      i = j;
    }
    let out = '[';
    let ignore0 = false;
    for (let i = 0; i < 8; i++) {
      if (ignore0 && address[i] === 0) continue;
      ignore0 = false;
      if (bestStart === i) { out += i === 0 ? '::' : ':'; ignore0 = true; continue; }
      out += address[i].toString(16);
      if (i !== 7) out += ':';
    }
    return out + ']';
  }

  function parseHost(input, notSpecial) {
    if (input.startsWith('[')) {
      if (!input.endsWith(']')) return null;
      const address = parseIPv6(input.slice(1, -1));
      return address === null ? null : serializeIPv6(address);
    }
    if (notSpecial) {
      if (test(forbiddenHost, input)) return null;
      return encodeString(input, inC0Control, false);
    }
    const domain = decodeUtf8(percentDecodeBytes(input));
    let ascii = domainToASCII(domain);
    if (ascii === null || ascii === '' || test(forbiddenDomain, ascii)) return null;
    if (endsInANumber(ascii)) {
      const ipv4 = parseIPv4(ascii);
      return ipv4 === null ? null : serializeIPv4(ipv4);
    }
    return ascii;
  }

  // UTS #46 processing, lowercasing ASCII here and leaving the rest to the host's IDNA; null on failure.
  function domainToASCII(domain) {
    if (test(/^[\x00-\x7f]*$/, domain)) {
      const ascii = lower(domain);
      for (const label of ascii.split('.')) {
        if (label.startsWith('xn--') && bridge('toASCII', label) === null) return null;
      }
      return ascii;
    }
    const ascii = bridge('toASCII', domain);
    return typeof ascii === 'string' ? ascii : null;
  }

  function isWindowsDriveLetter(text, normalizedOnly) {
    return text.length === 2 && test(/^[A-Za-z]$/, text[0]) && (text[1] === ':' || (!normalizedOnly && text[1] === '|'));
  }

  function startsWithWindowsDriveLetter(chars, pointer) {
    if (chars.length - pointer < 2) return false;
    if (!isWindowsDriveLetter(chars[pointer] + chars[pointer + 1], false)) return false;
    if (chars.length - pointer === 2) return true;
    const next = chars[pointer + 2];
    return next === '/' || next === '\\' || next === '?' || next === '#';
  }

  function shortenPath(url) {
    const path = url.path;
    if (url.scheme === 'file' && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
    path.pop();
  }

  function isSingleDot(s) { s = lower(s); return s === '.' || s === '%2e'; }
  function isDoubleDot(s) { s = lower(s); return s === '..' || s === '.%2e' || s === '%2e.' || s === '%2e%2e'; }

  const FAILURE = null;

  // The basic URL parser. With a stateOverride it changes `url` in place and returns false when it refused to.
  function basicParse(input, base, url, stateOverride) {
    if (!url) {
      url = { scheme: '', username: '', password: '', host: null, port: null, path: [], query: null, fragment: null };
      input = input.replace(/^[\x00-\x20]+|[\x00-\x20]+$/g, '');
    }
    input = input.replace(/[\t\n\r]/g, '');
    let state = stateOverride || 'scheme start';
    let buffer = '';
    let atSignSeen = false;
    let insideBrackets = false;
    let passwordTokenSeen = false;
    const chars = [...input];
    for (let pointer = 0; pointer <= chars.length; pointer++) {
      const ch = pointer < chars.length ? chars[pointer] : undefined;
      const code = ch === undefined ? -1 : ch.codePointAt(0);
      switch (state) {
        case 'scheme start':
          if (ch !== undefined && test(/^[A-Za-z]$/, ch)) { buffer += lower(ch); state = 'scheme'; }
          else if (!stateOverride) { state = 'no scheme'; pointer--; }
          else return false;
          break;
        case 'scheme':
          if (ch !== undefined && test(/^[A-Za-z0-9+\-.]$/, ch)) { buffer += lower(ch); }
          else if (ch === ':') {
            if (stateOverride) {
              if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return false;
              if ((url.username !== '' || url.password !== '' || url.port !== null) && buffer === 'file') return false;
              if (url.scheme === 'file' && url.host === '') return false;
            }
            url.scheme = buffer;
            if (stateOverride) {
              if (url.port === specialPorts[url.scheme]) url.port = null;
              return true;
            }
            buffer = '';
            if (url.scheme === 'file') state = 'file';
            else if (isSpecialScheme(url.scheme) && base && base.scheme === url.scheme) state = 'special relative or authority';
            else if (isSpecialScheme(url.scheme)) state = 'special authority slashes';
            else if (chars[pointer + 1] === '/') { state = 'path or authority'; pointer++; }
            else { url.path = ''; state = 'opaque path'; }
          } else if (!stateOverride) { buffer = ''; state = 'no scheme'; pointer = -1; }
          else return false;
          break;
        case 'no scheme':
          if (!base || (typeof base.path === 'string' && ch !== '#')) return FAILURE;
          if (typeof base.path === 'string' && ch === '#') {
            url.scheme = base.scheme; url.path = base.path; url.query = base.query; url.fragment = ''; state = 'fragment';
          } else if (base.scheme !== 'file') { state = 'relative'; pointer--; }
          else { state = 'file'; pointer--; }
          break;
        case 'special relative or authority':
          if (ch === '/' && chars[pointer + 1] === '/') { state = 'special authority ignore slashes'; pointer++; }
          else { state = 'relative'; pointer--; }
          break;
        case 'path or authority':
          if (ch === '/') state = 'authority';
          else { state = 'path'; pointer--; }
          break;
        case 'relative':
          url.scheme = base.scheme;
          if (ch === '/') state = 'relative slash';
          else if (isSpecialScheme(url.scheme) && ch === '\\') state = 'relative slash';
          else {
            url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
            url.path = [...base.path]; url.query = base.query;
            if (ch === '?') { url.query = ''; state = 'query'; }
            else if (ch === '#') { url.fragment = ''; state = 'fragment'; }
            else if (ch !== undefined) { url.query = null; shortenPath(url); state = 'path'; pointer--; }
          }
          break;
        case 'relative slash':
          if (isSpecialScheme(url.scheme) && (ch === '/' || ch === '\\')) state = 'special authority ignore slashes';
          else if (ch === '/') state = 'authority';
          else {
            url.username = base.username; url.password = base.password; url.host = base.host; url.port = base.port;
            state = 'path'; pointer--;
          }
          break;
        case 'special authority slashes':
          if (ch === '/' && chars[pointer + 1] === '/') { state = 'special authority ignore slashes'; pointer++; }
          else { state = 'special authority ignore slashes'; pointer--; }
          break;
        case 'special authority ignore slashes':
          if (ch !== '/' && ch !== '\\') { state = 'authority'; pointer--; }
          break;
        case 'authority':
          if (ch === '@') {
            if (atSignSeen) buffer = '%40' + buffer;
            atSignSeen = true;
            for (const b of buffer) {
              if (b === ':' && !passwordTokenSeen) { passwordTokenSeen = true; continue; }
              const encoded = encodeCodePoint(b.codePointAt(0), inUserinfoSet);
              if (passwordTokenSeen) url.password += encoded; else url.username += encoded;
            }
            buffer = '';
          } else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (isSpecialScheme(url.scheme) && ch === '\\')) {
            if (atSignSeen && buffer === '') return FAILURE;
            pointer -= [...buffer].length + 1;
            buffer = '';
            state = 'host';
          } else buffer += ch;
          break;
        case 'host':
        case 'hostname':
          if (stateOverride && url.scheme === 'file') { pointer--; state = 'file host'; }
          else if (ch === ':' && !insideBrackets) {
            if (buffer === '') return stateOverride ? false : FAILURE;
            if (stateOverride === 'hostname') return false;
            const host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === null) return stateOverride ? false : FAILURE;
            url.host = host; buffer = ''; state = 'port';
          } else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (isSpecialScheme(url.scheme) && ch === '\\')) {
            pointer--;
            if (isSpecialScheme(url.scheme) && buffer === '') return stateOverride ? false : FAILURE;
            if (stateOverride && buffer === '' && (url.username !== '' || url.password !== '' || url.port !== null)) return false;
            const host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === null) return stateOverride ? false : FAILURE;
            url.host = host; buffer = ''; state = 'path start';
            if (stateOverride) return true;
          } else {
            if (ch === '[') insideBrackets = true;
            if (ch === ']') insideBrackets = false;
            buffer += ch;
          }
          break;
        case 'port':
          if (ch !== undefined && test(/^[0-9]$/, ch)) buffer += ch;
          else if (ch === undefined || ch === '/' || ch === '?' || ch === '#' || (isSpecialScheme(url.scheme) && ch === '\\') || stateOverride) {
            if (buffer !== '') {
              const port = parseInt(buffer, 10);
              if (port > 65535) return stateOverride ? false : FAILURE;
              url.port = specialPorts[url.scheme] === port ? null : port;
              buffer = '';
              if (stateOverride) return true;
            }
            if (stateOverride) return false;
            state = 'path start'; pointer--;
          } else return stateOverride ? false : FAILURE;
          break;
        case 'file':
          url.scheme = 'file';
          url.host = '';
          if (ch === '/' || ch === '\\') state = 'file slash';
          else if (base && base.scheme === 'file') {
            url.host = base.host; url.path = [...base.path]; url.query = base.query;
            if (ch === '?') { url.query = ''; state = 'query'; }
            else if (ch === '#') { url.fragment = ''; state = 'fragment'; }
            else if (ch !== undefined) {
              url.query = null;
              if (!startsWithWindowsDriveLetter(chars, pointer)) shortenPath(url);
              else url.path = [];
              state = 'path'; pointer--;
            }
          } else { state = 'path'; pointer--; }
          break;
        case 'file slash':
          if (ch === '/' || ch === '\\') state = 'file host';
          else {
            if (base && base.scheme === 'file') {
              url.host = base.host;
              if (!startsWithWindowsDriveLetter(chars, pointer) && base.path.length > 0 && isWindowsDriveLetter(base.path[0], true)) {
                url.path[url.path.length] = base.path[0];
              }
            }
            state = 'path'; pointer--;
          }
          break;
        case 'file host':
          if (ch === undefined || ch === '/' || ch === '\\' || ch === '?' || ch === '#') {
            pointer--;
            if (!stateOverride && isWindowsDriveLetter(buffer, false)) state = 'path';
            else if (buffer === '') {
              url.host = '';
              if (stateOverride) return true;
              state = 'path start';
            } else {
              let host = parseHost(buffer, false);
              if (host === null) return stateOverride ? false : FAILURE;
              if (host === 'localhost') host = '';
              url.host = host;
              if (stateOverride) return true;
              buffer = ''; state = 'path start';
            }
          } else buffer += ch;
          break;
        case 'path start':
          if (isSpecialScheme(url.scheme)) { state = 'path'; if (ch !== '/' && ch !== '\\') pointer--; }
          else if (!stateOverride && ch === '?') { url.query = ''; state = 'query'; }
          else if (!stateOverride && ch === '#') { url.fragment = ''; state = 'fragment'; }
          else if (ch !== undefined) { state = 'path'; if (ch !== '/') pointer--; }
          else if (stateOverride && url.host === null) url.path[url.path.length] = '';
          break;
        case 'path':
          if (ch === undefined || ch === '/' || (isSpecialScheme(url.scheme) && ch === '\\') || (!stateOverride && (ch === '?' || ch === '#'))) {
            const slash = ch === '/' || (isSpecialScheme(url.scheme) && ch === '\\');
            if (isDoubleDot(buffer)) {
              shortenPath(url);
              if (!slash) url.path[url.path.length] = '';
            } else if (isSingleDot(buffer) && !slash) {
              url.path[url.path.length] = '';
            } else if (!isSingleDot(buffer)) {
              if (url.scheme === 'file' && url.path.length === 0 && isWindowsDriveLetter(buffer, false)) buffer = buffer[0] + ':';
              url.path[url.path.length] = buffer;
            }
            buffer = '';
            if (ch === '?') { url.query = ''; state = 'query'; }
            if (ch === '#') { url.fragment = ''; state = 'fragment'; }
          } else buffer += encodeCodePoint(code, inPathSet);
          break;
        case 'opaque path':
          if (ch === '?') { url.query = ''; state = 'query'; }
          else if (ch === '#') { url.fragment = ''; state = 'fragment'; }
          else if (ch === ' ') {
            const next = chars[pointer + 1];
            url.path += next === '?' || next === '#' ? '%20' : ' ';
          } else if (ch !== undefined) url.path += encodeCodePoint(code, inC0Control);
          break;
        case 'query':
          if ((!stateOverride && ch === '#') || ch === undefined) {
            url.query += encodeString(buffer, isSpecialScheme(url.scheme) ? inSpecialQuerySet : inQuerySet, false);
            buffer = '';
            if (ch === '#') { url.fragment = ''; state = 'fragment'; }
          } else buffer += ch;
          break;
        case 'fragment':
          if (ch !== undefined) url.fragment += encodeCodePoint(code, inFragmentSet);
          break;
      }
    }
    return stateOverride ? true : url;
  }

  function serializePath(url) {
    if (typeof url.path === 'string') return url.path;
    let out = '';
    for (const segment of url.path) out += '/' + segment;
    return out;
  }

  function serializeURL(url, excludeFragment) {
    let out = url.scheme + ':';
    if (url.host !== null) {
      out += '//';
      if (url.username !== '' || url.password !== '') {
        out += url.username;
        if (url.password !== '') out += ':' + url.password;
        out += '@';
      }
      out += url.host;
      if (url.port !== null) out += ':' + url.port;
    }
    if (url.host === null && typeof url.path !== 'string' && url.path.length > 1 && url.path[0] === '') out += '/.';
    out += serializePath(url);
    if (url.query !== null) out += '?' + url.query;
    if (!excludeFragment && url.fragment !== null) out += '#' + url.fragment;
    return out;
  }

  function parseURL(input, base) {
    let baseRecord = null;
    if (base !== undefined) {
      baseRecord = basicParse(toUSV('' + base), null);
      if (baseRecord === null) throw new TypeErrorConstructor('Invalid base URL: ' + base);
    }
    const record = basicParse(toUSV('' + input), baseRecord);
    if (record === null) throw new TypeErrorConstructor('Invalid URL: ' + input);
    return record;
  }

  const urlRecords = new WeakMapConstructor();
  const queryOwners = new WeakMapConstructor();
  const urlParams = new WeakMapConstructor();

  function recordOf(url) {
    const record = urlRecords.get(url);
    if (record === undefined) throw new TypeErrorConstructor('Illegal invocation');
    return record;
  }

  function cannotHaveCredentialsOrPort(record) {
    return record.host === null || record.host === '' || record.scheme === 'file';
  }

  class URL extends WebObject {
    constructor(url, base = undefined) {
      super();
      if (arguments.length === 0) throw new TypeErrorConstructor("Failed to construct 'URL': 1 argument required");
      urlRecords.set(this, parseURL(url, base));
      const params = new URLSearchParams(this.search);
      queryOwners.set(params, this);
      urlParams.set(this, params);
    }
    static canParse(url, base = undefined) {
      try { parseURL(url, base); return true; } catch (e) { return false; }
    }
    static parse(url, base = undefined) {
      try { return new URL(url, base); } catch (e) { return null; }
    }
    get href() { return serializeURL(recordOf(this), false); }
    set href(value) {
      const record = basicParse(toUSV('' + value), null);
      if (record === null) throw new TypeErrorConstructor('Invalid URL: ' + value);
      urlRecords.set(this, record);
      paramsReset(urlParams.get(this), record.query);
    }
    get origin() {
      const record = recordOf(this);
      if (record.scheme === 'blob') {
        try { return new URL(serializePath(record)).origin; } catch (e) { return 'null'; }
      }
      if (!['ftp', 'http', 'https', 'ws', 'wss'].includes(record.scheme)) return 'null';
      return record.scheme + '://' + record.host + (record.port === null ? '' : ':' + record.port);
    }
    get protocol() { return recordOf(this).scheme + ':'; }
    set protocol(value) { basicParse(toUSV('' + value) + ':', null, recordOf(this), 'scheme start'); }
    get username() { return recordOf(this).username; }
    set username(value) {
      const record = recordOf(this);
      if (cannotHaveCredentialsOrPort(record)) return;
      record.username = encodeString(toUSV('' + value), inUserinfoSet, false);
    }
    get password() { return recordOf(this).password; }
    set password(value) {
      const record = recordOf(this);
      if (cannotHaveCredentialsOrPort(record)) return;
      record.password = encodeString(toUSV('' + value), inUserinfoSet, false);
    }
    get host() {
      const record = recordOf(this);
      if (record.host === null) return '';
      return record.port === null ? record.host : record.host + ':' + record.port;
    }
    set host(value) {
      const record = recordOf(this);
      if (typeof record.path === 'string') return;
      withCopy(record, copy => basicParse(toUSV('' + value), null, copy, 'host'));
    }
    get hostname() { const record = recordOf(this); return record.host === null ? '' : record.host; }
    set hostname(value) {
      const record = recordOf(this);
      if (typeof record.path === 'string') return;
      withCopy(record, copy => basicParse(toUSV('' + value), null, copy, 'hostname'));
    }
    get port() { const record = recordOf(this); return record.port === null ? '' : '' + record.port; }
    set port(value) {
      const record = recordOf(this);
      if (cannotHaveCredentialsOrPort(record)) return;
      const text = toUSV('' + value);
      if (text === '') record.port = null;
      else withCopy(record, copy => basicParse(text, null, copy, 'port'));
    }
    get pathname() { return serializePath(recordOf(this)); }
    set pathname(value) {
      const record = recordOf(this);
      if (typeof record.path === 'string') return;
      record.path = [];
      basicParse(toUSV('' + value), null, record, 'path start');
    }
    get search() { const record = recordOf(this); return record.query === null || record.query === '' ? '' : '?' + record.query; }
    set search(value) {
      const record = recordOf(this);
      let text = toUSV('' + value);
      if (text === '') {
        record.query = null;
        paramsReset(urlParams.get(this), null);
        stripTrailingSpaces(record);
        return;
      }
      if (text[0] === '?') text = text.slice(1);
      record.query = '';
      basicParse(text, null, record, 'query');
      paramsReset(urlParams.get(this), record.query);
    }
    get searchParams() { return urlParams.get(this); }
    get hash() { const record = recordOf(this); return record.fragment === null || record.fragment === '' ? '' : '#' + record.fragment; }
    set hash(value) {
      const record = recordOf(this);
      let text = toUSV('' + value);
      if (text === '') { record.fragment = null; stripTrailingSpaces(record); return; }
      if (text[0] === '#') text = text.slice(1);
      record.fragment = '';
      basicParse(text, null, record, 'fragment');
    }
    toString() { return this.href; }
    toJSON() { return this.href; }
    get [Symbol.toStringTag]() { return 'URL'; }
  }

  // Setters that may fail midway parse into a copy, and keep it only when the parse succeeded.
  function withCopy(record, parse) {
    const copy = { ...record, path: typeof record.path === 'string' ? record.path : [...record.path] };
    if (parse(copy) !== false) Object.assign(record, copy);
  }

  function stripTrailingSpaces(record) {
    if (typeof record.path === 'string' && record.fragment === null && record.query === null) {
      record.path = record.path.replace(/ +$/, '');
    }
  }

  // ---- URLSearchParams ----

  const paramLists = new WeakMapConstructor();

  function parseForm(text) {
    const list = [];
    for (const sequence of text.split('&')) {
      if (sequence === '') continue;
      const at = sequence.indexOf('=');
      const name = at >= 0 ? sequence.slice(0, at) : sequence;
      const value = at >= 0 ? sequence.slice(at + 1) : '';
      list[list.length] = [decodeUtf8(percentDecodeBytes(name.replace(/\+/g, ' '))),
        decodeUtf8(percentDecodeBytes(value.replace(/\+/g, ' ')))];
    }
    return list;
  }

  function serializeForm(list) {
    let out = '';
    for (const [name, value] of list) {
      if (out !== '') out += '&';
      out += encodeString(name, inFormSet, true) + '=' + encodeString(value, inFormSet, true);
    }
    return out;
  }

  function paramsOf(params) {
    const list = paramLists.get(params);
    if (list === undefined) throw new TypeErrorConstructor('Illegal invocation');
    return list;
  }

  function paramsReset(params, query) {
    const list = paramsOf(params);
    list.length = 0;
    for (const pair of query === null ? [] : parseForm(query)) list[list.length] = pair;
  }

  function paramsChanged(params) {
    const owner = queryOwners.get(params);
    if (owner === undefined) return;
    const record = recordOf(owner);
    const serialized = serializeForm(paramsOf(params));
    record.query = serialized === '' ? null : serialized;
    if (serialized === '') stripTrailingSpaces(record);
  }

  class URLSearchParams extends WebObject {
    constructor(init = '') {
      super();
      const list = [];
      paramLists.set(this, list);
      if (init !== null && typeof init === 'object' || typeof init === 'function') {
        if (typeof init[Symbol.iterator] === 'function') {
          for (const pair of init) {
            const entry = [...pair];
            if (entry.length !== 2) throw new TypeErrorConstructor("Failed to construct 'URLSearchParams': a pair must have exactly two items");
            list[list.length] = [toUSV('' + entry[0]), toUSV('' + entry[1])];
          }
        } else {
          for (const key of ownKeys(init)) {
            const descriptor = Reflect.getOwnPropertyDescriptor(init, key);
            if (typeof key === 'string' && descriptor && descriptor.enumerable) list[list.length] = [toUSV(key), toUSV('' + init[key])];
          }
        }
      } else {
        let text = toUSV('' + init);
        if (text[0] === '?') text = text.slice(1);
        for (const pair of parseForm(text)) list[list.length] = pair;
      }
    }
    get size() { return paramsOf(this).length; }
    append(name, value) { const list = paramsOf(this); list[list.length] = [toUSV('' + name), toUSV('' + value)]; paramsChanged(this); }
    delete(name, value = undefined) {
      const list = paramsOf(this);
      const key = toUSV('' + name);
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i][0] === key && (value === undefined || list[i][1] === toUSV('' + value))) list.splice(i, 1);
      }
      paramsChanged(this);
    }
    get(name) {
      const key = toUSV('' + name);
      for (const [n, v] of paramsOf(this)) if (n === key) return v;
      return null;
    }
    getAll(name) {
      const key = toUSV('' + name);
      const values = [];
      for (const [n, v] of paramsOf(this)) if (n === key) values[values.length] = v;
      return values;
    }
    has(name, value = undefined) {
      const key = toUSV('' + name);
      for (const [n, v] of paramsOf(this)) if (n === key && (value === undefined || v === toUSV('' + value))) return true;
      return false;
    }
    set(name, value) {
      const list = paramsOf(this);
      const key = toUSV('' + name);
      const text = toUSV('' + value);
      let found = false;
      for (let i = 0; i < list.length; i++) {
        if (list[i][0] !== key) continue;
        if (!found) { list[i] = [key, text]; found = true; } else { list.splice(i--, 1); }
      }
      if (!found) list[list.length] = [key, text];
      paramsChanged(this);
    }
    sort() {
      const list = paramsOf(this);
      // stable, by UTF-16 code units of the names
      const sorted = list.map((pair, index) => [pair, index]).sort((a, b) =>
          (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
      for (let i = 0; i < sorted.length; i++) list[i] = sorted[i][0];
      paramsChanged(this);
    }
    forEach(callback, thisArg = undefined) {
      for (const [name, value] of this) apply(callback, thisArg, [value, name, this]);
    }
    *entries() {
      const list = paramsOf(this);
      for (let i = 0; i < list.length; i++) yield [list[i][0], list[i][1]];
    }
    *keys() { for (const [name] of this.entries()) yield name; }
    *values() { for (const [, value] of this.entries()) yield value; }
    [Symbol.iterator]() { return this.entries(); }
    toString() { return serializeForm(paramsOf(this)); }
    get [Symbol.toStringTag]() { return 'URLSearchParams'; }
  }

  defineGlobal('URL', URL);
  defineGlobal('URLSearchParams', URLSearchParams);

  // ---- structuredClone ----

  function structuredClone(value, options) {
    if (arguments.length === 0) throw new TypeErrorConstructor("Failed to execute 'structuredClone': 1 argument required");
    return cloneValue(value, new MapConstructor());
  }

  function notCloneable(what) {
    return new DOMException(what + ' could not be cloned.', 'DataCloneError');
  }

  function cloneValue(value, memory) {
    const type = typeof value;
    if (type === 'symbol') throw notCloneable('Symbol()');
    if (type === 'function') throw notCloneable(describeFunction(value));
    if (type !== 'object' || value === null) return value;
    if (apply(mapHas, memory, [value])) return apply(mapGet, memory, [value]);
    let copy;
    const tag = Object.prototype.toString.call(value);
    switch (tag) {
      case '[object Boolean]': copy = Object(Boolean.prototype.valueOf.call(value)); break;
      case '[object Number]': copy = Object(Number.prototype.valueOf.call(value)); break;
      case '[object String]': copy = Object(String.prototype.valueOf.call(value)); break;
      case '[object BigInt]': copy = Object(BigInt.prototype.valueOf.call(value)); break;
      case '[object Date]': copy = new Date(Date.prototype.getTime.call(value)); break;
      case '[object RegExp]': copy = new RegExp(value.source, value.flags); break;
      case '[object ArrayBuffer]': copy = apply(arrayBufferSlice, value, [0]); break;
      case '[object Map]': {
        copy = new MapConstructor();
        apply(mapSet, memory, [value, copy]);
        for (const [k, v] of Map.prototype.entries.call(value)) copy.set(cloneValue(k, memory), cloneValue(v, memory));
        return copy;
      }
      case '[object Set]': {
        copy = new SetConstructor();
        apply(mapSet, memory, [value, copy]);
        for (const v of Set.prototype.values.call(value)) copy.add(cloneValue(v, memory));
        return copy;
      }
      case '[object Error]': {
        const names = ['Error', 'EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError'];
        const name = names.includes(value.name) ? value.name : 'Error';
        copy = new global[name](value.message);
        if (typeof value.stack === 'string') defineProperty(copy, 'stack', { value: value.stack, writable: true, configurable: true });
        if ('cause' in value) copy.cause = cloneValue(value.cause, memory);
        apply(mapSet, memory, [value, copy]);
        return copy;
      }
      default: {
        if (isView(value)) {
          const buffer = cloneValue(value.buffer, memory);
          const View = value.constructor === DataView ? DataView : global[tag.slice(8, -1)];
          copy = tag === '[object DataView]' ? new DataView(buffer, value.byteOffset, value.byteLength)
              : new View(buffer, value.byteOffset, value.length);
          break;
        }
        if (tag === '[object Promise]' || tag === '[object WeakMap]' || tag === '[object WeakSet]'
            || tag === '[object WeakRef]' || value instanceof WebObject) {
          throw notCloneable('#<' + tag.slice(8, -1) + '>');
        }
        copy = isArray(value) ? new Array(value.length) : {};
        apply(mapSet, memory, [value, copy]);
        for (const key of ownKeys(value)) {
          if (typeof key !== 'string') continue;
          const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
          if (!descriptor || !descriptor.enumerable) continue;
          copy[key] = cloneValue(value[key], memory);
        }
        return copy;
      }
    }
    apply(mapSet, memory, [value, copy]);
    return copy;
  }

  function describeFunction(fn) {
    try {
      return Function.prototype.toString.call(fn);
    } catch (e) {
      return 'function';
    }
  }
  defineGlobal('structuredClone', structuredClone);

  // ---- crypto ----

  const integerArrays = ['[object Int8Array]', '[object Uint8Array]', '[object Uint8ClampedArray]', '[object Int16Array]',
    '[object Uint16Array]', '[object Int32Array]', '[object Uint32Array]', '[object BigInt64Array]', '[object BigUint64Array]'];

  function randomBytes(count) {
    const bytes = count === 0 ? new Uint8ArrayConstructor(0) : bytesFromBase64(bridge('random', '' + count));
    if (bytes === null || bytes.length !== count) throw new DOMException('no random values are available', 'OperationError');
    return bytes;
  }

  function getRandomValues(array) {
    if (!isView(array) || !integerArrays.includes(Object.prototype.toString.call(array))) {
      throw new DOMException("The provided ArrayBufferView is not an integer array type", 'TypeMismatchError');
    }
    if (array.byteLength > 65536) {
      throw new DOMException("The ArrayBufferView's byte length (" + array.byteLength + ') exceeds the number of bytes '
          + 'of entropy available via this API (65536).', 'QuotaExceededError');
    }
    new Uint8ArrayConstructor(array.buffer, array.byteOffset, array.byteLength).set(randomBytes(array.byteLength));
    return array;
  }

  const hex = [];
  for (let i = 0; i < 256; i++) hex[i] = (i < 16 ? '0' : '') + i.toString(16);

  function randomUUID() {
    const b = randomBytes(16);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let out = '';
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) out += '-';
      out += hex[b[i]];
    }
    return out;
  }

  const hashNames = { 'sha-1': 'SHA-1', 'sha-256': 'SHA-256', 'sha-384': 'SHA-384', 'sha-512': 'SHA-512' };
  const hashBlockBits = { 'SHA-1': 512, 'SHA-256': 512, 'SHA-384': 1024, 'SHA-512': 1024 };

  function algorithmName(algorithm) {
    const name = typeof algorithm === 'string' ? algorithm
        : (algorithm !== null && typeof algorithm === 'object' ? algorithm.name : undefined);
    if (typeof name !== 'string') throw new TypeErrorConstructor('Algorithm: name is missing');
    return name;
  }

  function hashName(algorithm) {
    const name = hashNames[lower(algorithmName(algorithm))];
    if (name === undefined) throw new DOMException('Unrecognized algorithm name', 'NotSupportedError');
    return name;
  }

  function bufferSource(data, what) {
    const bytes = copyBytes(data);
    if (bytes === null) throw new TypeErrorConstructor(what + ' is not of type \'(ArrayBuffer or ArrayBufferView)\'');
    return bytes;
  }

  function hostBytes(result) {
    const bytes = typeof result === 'string' ? bytesFromBase64(result) : null;
    if (bytes === null) throw new DOMException('The operation failed for an operation-specific reason', 'OperationError');
    return bytes;
  }

  // Runs fn now, as the Web Crypto methods do their checks, and settles a promise with its outcome.
  function promised(fn) {
    try {
      return PromiseConstructor.resolve(fn());
    } catch (e) {
      return PromiseConstructor.reject(e);
    }
  }

  const keyData = new WeakMapConstructor();

  class CryptoKey {
    constructor() { throw new TypeErrorConstructor('Illegal constructor'); }
  }

  function newKey(bytes, algorithm, extractable, usages) {
    const key = createObject(CryptoKey.prototype);
    defineProperty(key, 'type', { value: 'secret', enumerable: true });
    defineProperty(key, 'extractable', { value: !!extractable, enumerable: true });
    defineProperty(key, 'algorithm', { value: freeze(algorithm), enumerable: true });
    defineProperty(key, 'usages', { value: freeze(usages), enumerable: true });
    keyData.set(key, bytes);
    return key;
  }

  function hmacKeyOf(key, algorithm, usage) {
    const bytes = keyData.get(key);
    if (bytes === undefined) throw new TypeErrorConstructor("parameter 2 is not of type 'CryptoKey'");
    if (lower(algorithmName(algorithm)) !== 'hmac' || key.algorithm.name !== 'HMAC') {
      throw new DOMException('The requested operation is not valid for the provided key', 'InvalidAccessError');
    }
    if (!key.usages.includes(usage)) {
      throw new DOMException('The requested operation is not valid for the provided key', 'InvalidAccessError');
    }
    return bytes;
  }

  function sign(key, bytes, data) {
    return hostBytes(bridge('hmac', key.algorithm.hash.name, base64FromBytes(bytes), base64FromBytes(data)));
  }

  const subtle = {
    digest(algorithm, data) {
      return promised(() => {
        const name = hashName(algorithm);
        return bufferOf(hostBytes(bridge('digest', name, base64FromBytes(bufferSource(data, 'data')))));
      });
    },
    importKey(format, data, algorithm, extractable, usages) {
      return promised(() => {
        if (lower(algorithmName(algorithm)) !== 'hmac') {
          throw new DOMException('Unrecognized or unsupported algorithm: only HMAC keys can be imported', 'NotSupportedError');
        }
        const hash = hashName(algorithm.hash);
        let bytes;
        if (format === 'raw') {
          bytes = bufferSource(data, 'keyData');
        } else if (format === 'jwk') {
          if (data === null || typeof data !== 'object' || data.kty !== 'oct' || typeof data.k !== 'string') {
            throw new DOMException('The JWK is not a valid octet key', 'DataError');
          }
          bytes = bytesFromBase64(data.k.replace(/-/g, '+').replace(/_/g, '/'));
          if (bytes === null) throw new DOMException('The JWK "k" member is not base64url', 'DataError');
        } else {
          throw new DOMException('Unsupported key format: ' + format, 'NotSupportedError');
        }
        if (bytes.length === 0) throw new DOMException('HMAC keys must not be empty', 'DataError');
        const list = isArray(usages) ? usages : [];
        for (const usage of list) {
          if (usage !== 'sign' && usage !== 'verify') throw new SyntaxError('Cannot create a key using the specified key usages.');
        }
        const length = algorithm.length === undefined ? bytes.length * 8 : +algorithm.length;
        return newKey(bytes, { name: 'HMAC', hash: freeze({ name: hash }), length }, extractable, [...list]);
      });
    },
    exportKey(format, key) {
      return promised(() => {
        const bytes = keyData.get(key);
        if (bytes === undefined) throw new TypeErrorConstructor("parameter 2 is not of type 'CryptoKey'");
        if (!key.extractable) throw new DOMException('key is not extractable', 'InvalidAccessError');
        if (format !== 'raw') throw new DOMException('Unsupported key format: ' + format, 'NotSupportedError');
        return bufferOf(copyBytes(bytes));
      });
    },
    sign(algorithm, key, data) {
      return promised(() => bufferOf(sign(key, hmacKeyOf(key, algorithm, 'sign'), bufferSource(data, 'data'))));
    },
    verify(algorithm, key, signature, data) {
      return promised(() => {
        const expected = sign(key, hmacKeyOf(key, algorithm, 'verify'), bufferSource(data, 'data'));
        const given = bufferSource(signature, 'signature');
        if (given.length !== expected.length) return false;
        let difference = 0;
        for (let i = 0; i < given.length; i++) difference |= given[i] ^ expected[i];
        return difference === 0;
      });
    },
  };

  const crypto = { getRandomValues, randomUUID, subtle: freeze(subtle) };
  defineGlobal('crypto', freeze(crypto));
  defineGlobal('CryptoKey', CryptoKey);

  // ---- performance ----

  const timeOrigin = now();
  defineGlobal('performance', freeze({ timeOrigin, now() { return now() - timeOrigin; } }));

  // ---- fetch: Headers, AbortController, Request, Response ----

  const tokenPattern = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
  const badValuePattern = /[\0\r\n]/;

  function checkName(name) {
    const text = '' + name;
    if (!test(tokenPattern, text)) throw new TypeErrorConstructor('Invalid header name: "' + text + '"');
    return lower(text);
  }

  function normalizeValue(value) {
    const text = ('' + value).replace(/^[\t\n\r ]+|[\t\n\r ]+$/g, '');
    if (test(badValuePattern, text)) throw new TypeErrorConstructor('Invalid header value for a header: it contains a line break or NUL');
    return text;
  }

  const headerLists = new WeakMapConstructor();
  const immutableHeaders = new WeakMapConstructor();

  function listOf(headers) {
    const list = headerLists.get(headers);
    if (list === undefined) throw new TypeErrorConstructor('Illegal invocation');
    return list;
  }

  function mutable(headers) {
    if (immutableHeaders.has(headers)) throw new TypeErrorConstructor('Headers are immutable');
    return listOf(headers);
  }

  class Headers extends WebObject {
    constructor(init = undefined) {
      super();
      headerLists.set(this, []);
      if (init === undefined || init === null) return;
      if (typeof init !== 'object' && typeof init !== 'function') {
        throw new TypeErrorConstructor("Failed to construct 'Headers': The provided value is not of type 'HeadersInit'");
      }
      if (headerLists.has(init)) {
        for (const [name, value] of listOf(init)) this.append(name, value);
      } else if (typeof init[Symbol.iterator] === 'function') {
        for (const pair of init) {
          const entry = [...pair];
          if (entry.length !== 2) throw new TypeErrorConstructor("Failed to construct 'Headers': a header pair must have exactly two items");
          this.append(entry[0], entry[1]);
        }
      } else {
        for (const key of ownKeys(init)) {
          if (typeof key === 'string') this.append(key, init[key]);
        }
      }
    }
    append(name, value) {
      const list = mutable(this);
      list[list.length] = [checkName(name), normalizeValue(value)];
    }
    delete(name) {
      const key = checkName(name);
      const list = mutable(this);
      for (let i = list.length - 1; i >= 0; i--) if (list[i][0] === key) list.splice(i, 1);
    }
    get(name) {
      const key = checkName(name);
      let found = null;
      for (const [n, v] of listOf(this)) if (n === key) found = found === null ? v : found + ', ' + v;
      return found;
    }
    getSetCookie() {
      const values = [];
      for (const [n, v] of listOf(this)) if (n === 'set-cookie') values[values.length] = v;
      return values;
    }
    has(name) {
      const key = checkName(name);
      for (const [n] of listOf(this)) if (n === key) return true;
      return false;
    }
    set(name, value) {
      const key = checkName(name);
      const normalized = normalizeValue(value);
      const list = mutable(this);
      let replaced = false;
      for (let i = 0; i < list.length; i++) {
        if (list[i][0] !== key) continue;
        if (!replaced) { list[i] = [key, normalized]; replaced = true; } else { list.splice(i--, 1); }
      }
      if (!replaced) list[list.length] = [key, normalized];
    }
    forEach(callback, thisArg = undefined) {
      for (const [name, value] of this) apply(callback, thisArg, [value, name, this]);
    }
    *entries() {
      const names = [];
      for (const [n] of listOf(this)) if (!names.includes(n)) names[names.length] = n;
      apply(arraySort, names, []);
      for (const name of names) {
        if (name === 'set-cookie') {
          for (const value of this.getSetCookie()) yield [name, value];
        } else {
          yield [name, this.get(name)];
        }
      }
    }
    *keys() { for (const [name] of this.entries()) yield name; }
    *values() { for (const [, value] of this.entries()) yield value; }
    [Symbol.iterator]() { return this.entries(); }
    get [Symbol.toStringTag]() { return 'Headers'; }
  }

  function headerPairs(headers) {
    const pairs = [];
    for (const [n, v] of listOf(headers)) pairs[pairs.length] = [n, v];
    return pairs;
  }

  // AbortSignal and AbortController: just enough of EventTarget for 'abort' listeners.
  const signalStates = new WeakMapConstructor();
  let constructingSignal = false;

  class AbortSignal extends WebObject {
    constructor() {
      super();
      if (!constructingSignal) throw new TypeErrorConstructor('Illegal constructor');
      signalStates.set(this, { aborted: false, reason: undefined, listeners: [] });
      this.onabort = null;
    }
    get aborted() { return stateOf(this).aborted; }
    get reason() { return stateOf(this).reason; }
    throwIfAborted() {
      const state = stateOf(this);
      if (state.aborted) throw state.reason;
    }
    addEventListener(type, listener) {
      if (type === 'abort' && typeof listener === 'function') {
        const listeners = stateOf(this).listeners;
        listeners[listeners.length] = listener;
      }
    }
    removeEventListener(type, listener) {
      const listeners = stateOf(this).listeners;
      const at = listeners.indexOf(listener);
      if (type === 'abort' && at >= 0) listeners.splice(at, 1);
    }
    static abort(reason = undefined) {
      const signal = newSignal();
      signalAbort(signal, reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason);
      return signal;
    }
    static timeout(milliseconds) {
      const delay = +milliseconds;
      if (!(delay >= 0)) throw new TypeErrorConstructor("Failed to execute 'timeout': the value is not a non-negative number");
      const signal = newSignal();
      apply(setTimeoutFn, undefined, [() => signalAbort(signal,
          new DOMException('The operation was aborted due to timeout', 'TimeoutError')), delay]);
      return signal;
    }
    static any(signals) {
      const combined = newSignal();
      for (const signal of signals) {
        if (signal.aborted) {
          signalAbort(combined, signal.reason);
          return combined;
        }
      }
      for (const signal of signals) signal.addEventListener('abort', () => signalAbort(combined, signal.reason));
      return combined;
    }
    get [Symbol.toStringTag]() { return 'AbortSignal'; }
  }

  function stateOf(signal) {
    const state = signalStates.get(signal);
    if (state === undefined) throw new TypeErrorConstructor('Illegal invocation');
    return state;
  }

  function newSignal() {
    constructingSignal = true;
    try {
      return new AbortSignal();
    } finally {
      constructingSignal = false;
    }
  }

  function signalAbort(signal, reason) {
    const state = stateOf(signal);
    if (state.aborted) return;
    state.aborted = true;
    state.reason = reason;
    const event = { type: 'abort', target: signal };
    const listeners = [...state.listeners];
    if (typeof signal.onabort === 'function') listeners.unshift(signal.onabort);
    for (const listener of listeners) apply(listener, signal, [event]);
  }

  class AbortController extends WebObject {
    #signal = newSignal();
    get signal() { return this.#signal; }
    abort(reason = undefined) {
      signalAbort(this.#signal, reason === undefined ? new DOMException('This operation was aborted', 'AbortError') : reason);
    }
    get [Symbol.toStringTag]() { return 'AbortController'; }
  }

  // Bodies: kept as bytes; a body can be read once.
  const bodies = new WeakMapConstructor();

  // [bytes or null, default content type or null] for a body given to Request or Response.
  function extractBody(body) {
    if (body === undefined || body === null) return [null, null];
    if (typeof body === 'string') return [encodeUtf8(body), 'text/plain;charset=UTF-8'];
    if (body instanceof URLSearchParams) return [encodeUtf8(body.toString()), 'application/x-www-form-urlencoded;charset=UTF-8'];
    const bytes = copyBytes(body);
    if (bytes !== null) return [bytes, null];
    return [encodeUtf8('' + body), 'text/plain;charset=UTF-8'];
  }

  function consume(owner) {
    const state = bodies.get(owner);
    if (state === undefined) return PromiseConstructor.reject(new TypeErrorConstructor('Illegal invocation'));
    if (state.used) return PromiseConstructor.reject(new TypeErrorConstructor('Body is unusable: Body has already been read'));
    state.used = true;
    return PromiseConstructor.resolve(state.bytes === null ? new Uint8ArrayConstructor(0) : state.bytes);
  }

  class Body extends WebObject {
    get bodyUsed() { return bodies.get(this).used; }
    get body() { return null; }
    arrayBuffer() { return apply(promiseThen, consume(this), [bytes => bufferOf(bytes)]); }
    bytes() { return consume(this); }
    text() { return apply(promiseThen, consume(this), [bytes => decodeUtf8(bytes)]); }
    json() { return apply(promiseThen, consume(this), [bytes => jsonParse(decodeUtf8(bytes))]); }
  }

  const forbiddenMethods = ['CONNECT', 'TRACE', 'TRACK'];
  const normalizedMethods = ['DELETE', 'GET', 'HEAD', 'OPTIONS', 'POST', 'PUT', 'PATCH'];
  const requestStates = new WeakMapConstructor();

  class Request extends Body {
    constructor(input, init = {}) {
      super();
      if (arguments.length === 0) throw new TypeErrorConstructor("Failed to construct 'Request': 1 argument required");
      init = init === undefined || init === null ? {} : init;
      const from = input instanceof Request ? requestStates.get(input) : null;
      let url;
      if (from !== null) {
        url = from.url;
      } else {
        let parsed;
        try {
          parsed = new URL('' + input);
        } catch (e) {
          throw new TypeErrorConstructor("Failed to parse URL from " + input);
        }
        if (parsed.username !== '' || parsed.password !== '') {
          throw new TypeErrorConstructor('Request cannot be constructed from a URL that includes credentials: ' + input);
        }
        url = parsed.href;
      }
      let method = init.method !== undefined ? '' + init.method : (from ? from.method : 'GET');
      if (!test(tokenPattern, method)) throw new TypeErrorConstructor("'" + method + "' is not a valid HTTP method.");
      if (forbiddenMethods.includes(upper(method))) throw new TypeErrorConstructor("'" + method + "' HTTP method is unsupported.");
      if (normalizedMethods.includes(upper(method))) method = upper(method);
      const redirect = init.redirect !== undefined ? '' + init.redirect : (from ? from.redirect : 'follow');
      if (redirect !== 'follow' && redirect !== 'manual' && redirect !== 'error') {
        throw new TypeErrorConstructor("Failed to construct 'Request': The provided value '" + redirect
            + "' is not a valid enum value of type RequestRedirect.");
      }
      const headers = new Headers(init.headers !== undefined ? init.headers : (from ? from.headers : undefined));
      let bytes = from ? from.bytes : null;
      if (init.body !== undefined && init.body !== null) {
        const [extracted, contentType] = extractBody(init.body);
        bytes = extracted;
        if (contentType !== null && !headers.has('content-type')) headers.set('content-type', contentType);
      }
      if (bytes !== null && (method === 'GET' || method === 'HEAD')) {
        throw new TypeErrorConstructor('Request with GET/HEAD method cannot have body.');
      }
      const signal = init.signal !== undefined ? init.signal : (from ? from.signal : null);
      if (signal !== null && !signalStates.has(signal)) {
        throw new TypeErrorConstructor("Failed to construct 'Request': member signal is not of type AbortSignal.");
      }
      requestStates.set(this, { url, method, redirect, headers, bytes, signal: signal || newSignal() });
      bodies.set(this, { bytes, used: false });
    }
    get url() { return requestStates.get(this).url; }
    get method() { return requestStates.get(this).method; }
    get headers() { return requestStates.get(this).headers; }
    get redirect() { return requestStates.get(this).redirect; }
    get signal() { return requestStates.get(this).signal; }
    clone() {
      if (this.bodyUsed) throw new TypeErrorConstructor('Request body is already used');
      return new Request(this);
    }
    get [Symbol.toStringTag]() { return 'Request'; }
  }

  const responseStates = new WeakMapConstructor();
  const nullBodyStatuses = [101, 103, 204, 205, 304];
  const redirectStatuses = [301, 302, 303, 307, 308];

  class Response extends Body {
    constructor(body = null, init = {}) {
      super();
      init = init === undefined || init === null ? {} : init;
      const status = init.status === undefined ? 200 : +init.status;
      if (!(status >= 200 && status <= 599) || status !== (status | 0)) {
        throw new RangeErrorConstructor("Failed to construct 'Response': The status provided (" + init.status
            + ') is outside the range [200, 599].');
      }
      const statusText = init.statusText === undefined ? '' : '' + init.statusText;
      if (test(/[^\t\x20-\x7e\x80-\xff]/, statusText)) throw new TypeErrorConstructor('Invalid statusText');
      const headers = new Headers(init.headers);
      const [bytes, contentType] = extractBody(body);
      if (bytes !== null && nullBodyStatuses.includes(status)) {
        throw new TypeErrorConstructor('Response with null body status cannot have body');
      }
      if (contentType !== null && !headers.has('content-type')) headers.set('content-type', contentType);
      responseStates.set(this, { status, statusText, headers, url: '', redirected: false, type: 'default' });
      bodies.set(this, { bytes, used: false });
    }
    get status() { return responseStates.get(this).status; }
    get statusText() { return responseStates.get(this).statusText; }
    get ok() { const s = responseStates.get(this).status; return s >= 200 && s <= 299; }
    get headers() { return responseStates.get(this).headers; }
    get url() { return responseStates.get(this).url; }
    get redirected() { return responseStates.get(this).redirected; }
    get type() { return responseStates.get(this).type; }
    clone() {
      if (this.bodyUsed) throw new TypeErrorConstructor('Response body is already used');
      const state = responseStates.get(this);
      const copy = createObject(Response.prototype);
      responseStates.set(copy, { ...state, headers: new Headers(state.headers) });
      bodies.set(copy, { bytes: bodies.get(this).bytes, used: false });
      return copy;
    }
    static json(data, init = {}) {
      const text = jsonStringify(data);
      if (text === undefined) throw new TypeErrorConstructor('The data is not JSON serializable');
      const headers = new Headers(init && init.headers);
      if (!headers.has('content-type')) headers.set('content-type', 'application/json');
      return new Response(text, { ...(init || {}), headers });
    }
    static error() {
      const response = createObject(Response.prototype);
      responseStates.set(response, { status: 0, statusText: '', headers: frozenHeaders([]), url: '', redirected: false, type: 'error' });
      bodies.set(response, { bytes: null, used: false });
      return response;
    }
    static redirect(url, status = 302) {
      const target = new URL('' + url).href;
      if (!redirectStatuses.includes(status)) throw new RangeErrorConstructor('Invalid status code ' + status);
      const response = new Response(null, { status, headers: { location: target } });
      immutableHeaders.set(response.headers, true);
      return response;
    }
    get [Symbol.toStringTag]() { return 'Response'; }
  }

  function frozenHeaders(pairs) {
    const headers = new Headers();
    const list = listOf(headers);
    for (const [n, v] of pairs) list[list.length] = [lower('' + n), '' + v];
    immutableHeaders.set(headers, true);
    return headers;
  }

  // A response from the network: its status may be anything the server sent, its headers cannot be changed.
  function networkResponse(answer) {
    const response = createObject(Response.prototype);
    responseStates.set(response, { status: answer.status, statusText: answer.statusText, headers: frozenHeaders(answer.headers),
      url: answer.url, redirected: !!answer.redirected, type: 'basic' });
    const bytes = bytesFromBase64(answer.body);
    bodies.set(response, { bytes: nullBodyStatuses.includes(answer.status) ? null : bytes, used: false });
    return response;
  }

  function fetchFailed(reason) {
    const cause = new ErrorConstructor(reason);
    const colon = reason.indexOf(':');
    if (colon > 0 && test(/^[A-Z_]+$/, reason.slice(0, colon))) cause.code = reason.slice(0, colon);
    return new TypeErrorConstructor('fetch failed', { cause });
  }

  // Requests waiting for the host's answer, by number; each {resolve, reject, signal, onAbort}.
  const pending = new MapConstructor();

  function fetch(input, init = undefined) {
    return new PromiseConstructor((resolve, reject) => {
      const request = new Request(input, init);
      const state = requestStates.get(request);
      const signal = state.signal;
      if (signal.aborted) {
        reject(signal.reason);
        return;
      }
      const number = bridge('fetch', jsonStringify({
        method: state.method,
        url: state.url,
        headers: headerPairs(state.headers),
        body: state.bytes === null ? null : base64FromBytes(state.bytes),
        redirect: state.redirect,
      }));
      if (typeof number !== 'number') {
        reject(fetchFailed('the request could not be sent'));
        return;
      }
      const onAbort = () => {
        if (!pending.delete(number)) return;
        bridge('fetchAbort', '' + number);
        reject(signal.reason);
      };
      signal.addEventListener('abort', onAbort);
      pending.set(number, { resolve, reject, signal, onAbort });
    });
  }

  defineGlobal('Headers', Headers);
  defineGlobal('Request', Request);
  defineGlobal('Response', Response);
  defineGlobal('AbortController', AbortController);
  defineGlobal('AbortSignal', AbortSignal);
  defineGlobal('fetch', fetch);

  return freeze({
    // The host's answer to request number: {error} or {status, statusText, headers, url, redirected, body}.
    deliver(number, answerJson) {
      const waiting = pending.get(number);
      if (waiting === undefined) return;
      pending.delete(number);
      waiting.signal.removeEventListener('abort', waiting.onAbort);
      const answer = jsonParse(answerJson);
      if (typeof answer.error === 'string') waiting.reject(fetchFailed(answer.error));
      else waiting.resolve(networkResponse(answer));
    },
  });
})

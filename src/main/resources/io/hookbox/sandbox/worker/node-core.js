// Node's core modules that are plain JavaScript in Node's own browser builds: buffer (and the global Buffer), url,
// querystring, string_decoder and punycode. Nothing here talks to the host: every byte stays in the hook's typed
// arrays, which the engine zero-fills, so no allocation can show memory the hook did not write. Evaluated after the
// web globals (URL, URLSearchParams, TextEncoder and TextDecoder are captured from them) and before modules.js, which
// it hands the function that builds a module by name (each built once per context; undefined for other names).
// `maxBytes` is the hook's allocation limit: a Buffer larger than that is refused before anything is allocated.
(function hookboxNodeCore(maxBytes) {
  'use strict';
  const global = globalThis;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const createObject = Object.create;
  const freeze = Object.freeze;
  const objectKeys = Object.keys;
  const isArray = Array.isArray;
  const fromCharCode = String.fromCharCode;
  const stringCharCodeAt = String.prototype.charCodeAt;
  const stringToLowerCase = String.prototype.toLowerCase;
  const TypeErrorConstructor = TypeError;
  const RangeErrorConstructor = RangeError;
  const Uint8ArrayConstructor = Uint8Array;
  const ArrayBufferConstructor = ArrayBuffer;
  const SharedArrayBufferConstructor = global.SharedArrayBuffer;
  const isView = ArrayBuffer.isView;
  const typedArraySubarray = Uint8Array.prototype.subarray;
  const typedArraySet = Object.getPrototypeOf(Uint8Array.prototype).set;
  const typedArrayFill = Object.getPrototypeOf(Uint8Array.prototype).fill;
  const typedArrayIndexOf = Object.getPrototypeOf(Uint8Array.prototype).indexOf;
  const typedArrayLastIndexOf = Object.getPrototypeOf(Uint8Array.prototype).lastIndexOf;
  const DataViewConstructor = DataView;
  const URLConstructor = global.URL;
  const URLSearchParamsConstructor = global.URLSearchParams;
  const encodeURIComponentFn = encodeURIComponent;
  const decodeURIComponentFn = decodeURIComponent;
  const utf8Encoder = new global.TextEncoder();
  const utf8Decoder = new global.TextDecoder('utf-8', { ignoreBOM: true });
  const atobFn = global.atob;
  const btoaFn = global.btoa;
  const kMaxLength = maxBytes;
  const built = createObject(null);

  function codeError(Constructor, code, message) {
    const error = new Constructor(message);
    error.code = code;
    return error;
  }

  function typeName(value) {
    if (value === null) return 'null';
    if (typeof value === 'function') return 'function ' + value.name;
    if (typeof value === 'object') return value.constructor && value.constructor.name ? 'an instance of ' + value.constructor.name : typeof value;
    return 'type ' + typeof value + ' (' + String(value).slice(0, 25) + ')';
  }

  function invalidArgType(name, expected, value) {
    return codeError(TypeErrorConstructor, 'ERR_INVALID_ARG_TYPE',
      'The "' + name + '" argument must be ' + expected + '. Received ' + typeName(value));
  }

  function outOfRange(name, range, value) {
    return codeError(RangeErrorConstructor, 'ERR_OUT_OF_RANGE',
      'The value of "' + name + '" is out of range. It must be ' + range + '. Received ' + String(value));
  }

  function lower(text) { return apply(stringToLowerCase, text, []); }
  function charCode(text, index) { return apply(stringCharCodeAt, text, [index]); }

  // Strings from byte codes in chunks: one call per byte would be slow, one call for all could overflow the stack.
  function charsOf(codes) {
    let text = '';
    for (let i = 0; i < codes.length; i += 4096) {
      text += apply(fromCharCode, null, apply(typedArraySubarray, codes, [i, i + 4096]));
    }
    return text;
  }

  // ---- buffer ----

  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const BASE64_VALUES = new Uint8ArrayConstructor(128);
  typedArrayFill.call(BASE64_VALUES, 255);
  for (let i = 0; i < 64; i++) BASE64_VALUES[charCode(BASE64, i)] = i;
  BASE64_VALUES[45] = 62; // '-' of base64url
  BASE64_VALUES[95] = 63; // '_' of base64url
  const HEX = '0123456789abcdef';

  function normalizeEncoding(encoding) {
    if (encoding === undefined || encoding === null || encoding === '') return 'utf8';
    switch (lower(String(encoding))) {
      case 'utf8': case 'utf-8': return 'utf8';
      case 'hex': return 'hex';
      case 'base64': return 'base64';
      case 'base64url': return 'base64url';
      case 'latin1': case 'binary': return 'latin1';
      case 'ascii': return 'ascii';
      case 'ucs2': case 'ucs-2': case 'utf16le': case 'utf-16le': return 'utf16le';
    }
    return null;
  }

  function encodingOf(encoding) {
    const normalized = normalizeEncoding(encoding);
    if (normalized === null) throw codeError(TypeErrorConstructor, 'ERR_UNKNOWN_ENCODING', 'Unknown encoding: ' + encoding);
    return normalized;
  }

  function encodeString(text, encoding) {
    switch (encoding) {
      case 'utf8': return utf8Encoder.encode(text);
      case 'hex': {
        const bytes = new Uint8ArrayConstructor(text.length >>> 1);
        let length = 0;
        for (; length < bytes.length; length++) {
          const high = hexValue(charCode(text, length * 2));
          const low = hexValue(charCode(text, length * 2 + 1));
          if (high < 0 || low < 0) break;
          bytes[length] = high * 16 + low;
        }
        return apply(typedArraySubarray, bytes, [0, length]);
      }
      case 'base64': case 'base64url': return decodeBase64(text);
      case 'latin1': case 'ascii': {
        const bytes = new Uint8ArrayConstructor(text.length);
        for (let i = 0; i < text.length; i++) bytes[i] = charCode(text, i) & 255;
        return bytes;
      }
      case 'utf16le': {
        const bytes = new Uint8ArrayConstructor(text.length * 2);
        for (let i = 0; i < text.length; i++) {
          const unit = charCode(text, i);
          bytes[i * 2] = unit & 255;
          bytes[i * 2 + 1] = unit >>> 8;
        }
        return bytes;
      }
    }
    throw codeError(TypeErrorConstructor, 'ERR_UNKNOWN_ENCODING', 'Unknown encoding: ' + encoding);
  }

  function hexValue(code) {
    if (code >= 48 && code <= 57) return code - 48;
    if (code >= 97 && code <= 102) return code - 87;
    if (code >= 65 && code <= 70) return code - 55;
    return -1;
  }

  // Node's base64 decoder: both alphabets, anything else (white space, padding) skipped, stops at the first '='.
  function decodeBase64(text) {
    const bytes = new Uint8ArrayConstructor((text.length * 3) >>> 2);
    let length = 0;
    let bits = 0;
    let count = 0;
    for (let i = 0; i < text.length; i++) {
      const code = charCode(text, i);
      if (code === 61) break;
      const value = code < 128 ? BASE64_VALUES[code] : 255;
      if (value === 255) continue;
      bits = (bits << 6) | value;
      count += 6;
      if (count >= 8) {
        count -= 8;
        bytes[length++] = (bits >>> count) & 255;
      }
    }
    return apply(typedArraySubarray, bytes, [0, length]);
  }

  function encodeBase64(bytes, url) {
    let text = '';
    let i = 0;
    for (; i + 2 < bytes.length; i += 3) {
      const n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      text += BASE64[n >>> 18] + BASE64[(n >>> 12) & 63] + BASE64[(n >>> 6) & 63] + BASE64[n & 63];
    }
    if (i < bytes.length) {
      const n = (bytes[i] << 16) | ((i + 1 < bytes.length ? bytes[i + 1] : 0) << 8);
      text += BASE64[n >>> 18] + BASE64[(n >>> 12) & 63] + (i + 1 < bytes.length ? BASE64[(n >>> 6) & 63] : '=') + '=';
    }
    if (!url) return text;
    let out = '';
    for (let j = 0; j < text.length; j++) {
      const c = text[j];
      if (c !== '=') out += c === '+' ? '-' : c === '/' ? '_' : c;
    }
    return out;
  }

  function decodeBytes(bytes, encoding) {
    switch (encoding) {
      case 'utf8': return utf8Decoder.decode(bytes);
      case 'hex': {
        let text = '';
        for (let i = 0; i < bytes.length; i++) text += HEX[bytes[i] >>> 4] + HEX[bytes[i] & 15];
        return text;
      }
      case 'base64': return encodeBase64(bytes, false);
      case 'base64url': return encodeBase64(bytes, true);
      case 'latin1': return charsOf(bytes);
      case 'ascii': {
        const codes = new Uint8ArrayConstructor(bytes.length);
        for (let i = 0; i < bytes.length; i++) codes[i] = bytes[i] & 127;
        return charsOf(codes);
      }
      case 'utf16le': {
        let text = '';
        for (let i = 0; i + 1 < bytes.length; i += 2) text += fromCharCode(bytes[i] | (bytes[i + 1] << 8));
        return text;
      }
    }
    throw codeError(TypeErrorConstructor, 'ERR_UNKNOWN_ENCODING', 'Unknown encoding: ' + encoding);
  }

  function checkSize(size) {
    if (typeof size !== 'number') throw invalidArgType('size', 'of type number', size);
    if (!(size >= 0 && size <= kMaxLength)) {
      throw outOfRange('size', '>= 0 && <= ' + kMaxLength + ' (the hook\'s memory limit)', size);
    }
  }

  function bytesOf(value) {
    return new Uint8ArrayConstructor(value.buffer, value.byteOffset, value.byteLength);
  }

  // Node's Buffer: a Uint8Array subclass, so typed-array code accepts it and its subarrays are Buffers too.
  class Buffer extends Uint8ArrayConstructor {
    constructor(arg, encodingOrOffset, length) {
      if (typeof arg === 'number') {
        checkSize(arg);
        super(arg);
      } else if (arg instanceof ArrayBufferConstructor || (SharedArrayBufferConstructor && arg instanceof SharedArrayBufferConstructor)) {
        super(arg, encodingOrOffset === undefined ? 0 : encodingOrOffset, length === undefined ? undefined : length);
      } else {
        const bytes = contentOf(arg, encodingOrOffset);
        checkSize(bytes.length);
        super(bytes.length);
        apply(typedArraySet, this, [bytes]);
      }
    }

    static from(value, encodingOrOffset, length) {
      if (value instanceof ArrayBufferConstructor || (SharedArrayBufferConstructor && value instanceof SharedArrayBufferConstructor)) {
        const offset = encodingOrOffset === undefined ? 0 : +encodingOrOffset || 0;
        if (offset < 0 || offset > value.byteLength) throw codeError(RangeErrorConstructor, 'ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
        const count = length === undefined ? value.byteLength - offset : +length || 0;
        if (count < 0 || offset + count > value.byteLength) throw codeError(RangeErrorConstructor, 'ERR_BUFFER_OUT_OF_BOUNDS', '"length" is outside of buffer bounds');
        return new Buffer(value, offset, count);
      }
      return new Buffer(contentOf(value, encodingOrOffset));
    }

    static alloc(size, fill, encoding) {
      const buffer = new Buffer(size);
      if (fill !== undefined && fill !== 0 && size > 0) buffer.fill(fill, 0, buffer.length, encoding);
      return buffer;
    }

    // Typed arrays are always zero-filled: an "unsafe" Buffer shows nothing that was there before.
    static allocUnsafe(size) { return new Buffer(size); }
    static allocUnsafeSlow(size) { return new Buffer(size); }

    static isBuffer(value) { return value instanceof Buffer; }

    static isEncoding(encoding) { return typeof encoding === 'string' && encoding !== '' && normalizeEncoding(encoding) !== null; }

    static byteLength(value, encoding) {
      if (typeof value !== 'string') {
        if (isView(value) || value instanceof ArrayBufferConstructor) return value.byteLength;
        throw invalidArgType('string', 'of type string or an instance of Buffer or ArrayBuffer', value);
      }
      const normalized = normalizeEncoding(encoding) || 'utf8';
      if (normalized === 'utf8') return utf8Encoder.encode(value).length;
      if (normalized === 'latin1' || normalized === 'ascii') return value.length;
      if (normalized === 'utf16le') return value.length * 2;
      return encodeString(value, normalized).length;
    }

    static concat(list, totalLength) {
      if (!isArray(list)) throw invalidArgType('list', 'an instance of Array', list);
      let total = 0;
      for (let i = 0; i < list.length; i++) {
        if (!(list[i] instanceof Uint8ArrayConstructor)) {
          throw invalidArgType('list[' + i + ']', 'an instance of Buffer or Uint8Array', list[i]);
        }
        total += list[i].length;
      }
      const size = totalLength === undefined ? total : totalLength;
      const result = Buffer.alloc(size);
      let offset = 0;
      for (let i = 0; i < list.length && offset < size; i++) {
        const part = list[i].length > size - offset ? apply(typedArraySubarray, list[i], [0, size - offset]) : list[i];
        apply(typedArraySet, result, [part, offset]);
        offset += part.length;
      }
      return result;
    }

    static compare(a, b) {
      if (!(a instanceof Uint8ArrayConstructor)) throw invalidArgType('buf1', 'an instance of Buffer or Uint8Array', a);
      if (!(b instanceof Uint8ArrayConstructor)) throw invalidArgType('buf2', 'an instance of Buffer or Uint8Array', b);
      return compareBytes(a, b);
    }

    toString(encoding, start, end) {
      const from = start === undefined ? 0 : Math.max(0, start | 0);
      const to = end === undefined ? this.length : Math.min(this.length, end | 0);
      if (to <= from) return '';
      return decodeBytes(apply(typedArraySubarray, this, [from, to]), encodingOf(encoding));
    }

    toJSON() {
      const data = [];
      for (let i = 0; i < this.length; i++) data[i] = this[i];
      return { type: 'Buffer', data };
    }

    toLocaleString(encoding, start, end) { return this.toString(encoding, start, end); }

    equals(other) {
      if (!(other instanceof Uint8ArrayConstructor)) throw invalidArgType('otherBuffer', 'an instance of Buffer or Uint8Array', other);
      return compareBytes(this, other) === 0;
    }

    compare(target, targetStart, targetEnd, sourceStart, sourceEnd) {
      if (!(target instanceof Uint8ArrayConstructor)) throw invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
      const t = apply(typedArraySubarray, target, [targetStart || 0, targetEnd === undefined ? target.length : targetEnd]);
      const s = apply(typedArraySubarray, this, [sourceStart || 0, sourceEnd === undefined ? this.length : sourceEnd]);
      return compareBytes(s, t);
    }

    // Node's slice shares memory, as subarray does (unlike Uint8Array's slice).
    slice(start, end) { return this.subarray(start, end); }

    write(string, offset, length, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = undefined; }
      else if (typeof length === 'string') { encoding = length; length = undefined; }
      const at = offset === undefined ? 0 : offset >>> 0;
      if (at > this.length) throw codeError(RangeErrorConstructor, 'ERR_BUFFER_OUT_OF_BOUNDS', '"offset" is outside of buffer bounds');
      const room = Math.min(this.length - at, length === undefined ? this.length : length >>> 0);
      let bytes = encodeString(String(string), encodingOf(encoding));
      if (bytes.length > room) bytes = apply(typedArraySubarray, bytes, [0, wholeCharacters(bytes, room, encodingOf(encoding))]);
      apply(typedArraySet, this, [bytes, at]);
      return bytes.length;
    }

    fill(value, offset, end, encoding) {
      if (typeof offset === 'string') { encoding = offset; offset = 0; end = this.length; }
      else if (typeof end === 'string') { encoding = end; end = this.length; }
      const from = offset === undefined ? 0 : offset;
      const to = end === undefined ? this.length : end;
      if (from < 0 || to > this.length) throw outOfRange('offset', '>= 0 && <= ' + this.length, from < 0 ? from : to);
      if (typeof value === 'number' || typeof value === 'boolean') {
        apply(typedArrayFill, this, [+value & 255, from, to]);
        return this;
      }
      const pattern = typeof value === 'string' ? encodeString(value, encodingOf(encoding)) : value instanceof Uint8ArrayConstructor ? value : null;
      if (pattern === null) throw invalidArgType('value', 'one of type string, Buffer, Uint8Array or number', value);
      if (pattern.length === 0) {
        if (typeof value === 'string' && value.length) throw codeError(TypeErrorConstructor, 'ERR_INVALID_ARG_VALUE', 'The argument \'value\' is invalid.');
        apply(typedArrayFill, this, [0, from, to]);
        return this;
      }
      for (let i = from; i < to; i++) this[i] = pattern[(i - from) % pattern.length];
      return this;
    }

    indexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, true); }
    lastIndexOf(value, byteOffset, encoding) { return search(this, value, byteOffset, encoding, false); }
    includes(value, byteOffset, encoding) { return this.indexOf(value, byteOffset, encoding) !== -1; }

    copy(target, targetStart, sourceStart, sourceEnd) {
      if (!(target instanceof Uint8ArrayConstructor)) throw invalidArgType('target', 'an instance of Buffer or Uint8Array', target);
      const at = targetStart === undefined ? 0 : targetStart;
      const from = sourceStart === undefined ? 0 : sourceStart;
      let to = sourceEnd === undefined ? this.length : Math.min(sourceEnd, this.length);
      if (at < 0) throw outOfRange('targetStart', '>= 0', at);
      if (from < 0 || from > this.length) throw outOfRange('sourceStart', '>= 0 && <= ' + this.length, from);
      if (at >= target.length || to <= from) return 0;
      if (to - from > target.length - at) to = from + target.length - at;
      apply(typedArraySet, target, [apply(typedArraySubarray, this, [from, to]), at]);
      return to - from;
    }

    swap16() { return swap(this, 2); }
    swap32() { return swap(this, 4); }
  }

  function contentOf(value, encoding) {
    if (typeof value === 'string') return encodeString(value, encodingOf(encoding));
    if (isView(value)) return value instanceof Uint8ArrayConstructor ? value : bytesOf(value);
    if (value !== null && typeof value === 'object') {
      if (value.type === 'Buffer' && isArray(value.data)) return arrayBytes(value.data);
      if (typeof value.length === 'number' || isArray(value)) return arrayBytes(value);
      const primitive = typeof value[Symbol.toPrimitive] === 'function' ? value[Symbol.toPrimitive]('string') : value.valueOf();
      if (primitive !== value && primitive !== null && primitive !== undefined && (typeof primitive === 'string' || typeof primitive === 'object')) {
        return contentOf(primitive, encoding);
      }
    }
    throw invalidArgType('first argument', 'of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object', value);
  }

  function arrayBytes(list) {
    const length = list.length >>> 0;
    checkSize(length);
    const bytes = new Uint8ArrayConstructor(length);
    for (let i = 0; i < length; i++) bytes[i] = list[i];
    return bytes;
  }

  function compareBytes(a, b) {
    const length = Math.min(a.length, b.length);
    for (let i = 0; i < length; i++) {
      if (a[i] !== b[i]) return a[i] < b[i] ? -1 : 1;
    }
    return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
  }

  // How many of the first `room` bytes end on a whole character, as Node's write keeps characters whole.
  function wholeCharacters(bytes, room, encoding) {
    if (encoding === 'utf16le') return room - (room % 2);
    if (encoding !== 'utf8') return room;
    let end = room;
    while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
    return end;
  }

  function search(buffer, value, byteOffset, encoding, forward) {
    if (typeof byteOffset === 'string') { encoding = byteOffset; byteOffset = undefined; }
    let start = byteOffset === undefined ? (forward ? 0 : buffer.length) : +byteOffset || 0;
    if (start < 0) start = buffer.length + start;
    if (typeof value === 'number') {
      return forward ? apply(typedArrayIndexOf, buffer, [value & 255, Math.max(0, start)])
        : start < 0 ? -1 : apply(typedArrayLastIndexOf, buffer, [value & 255, start]);
    }
    const needle = typeof value === 'string' ? encodeString(value, encodingOf(encoding))
      : value instanceof Uint8ArrayConstructor ? value : null;
    if (needle === null) throw invalidArgType('value', 'one of type number or string or an instance of Buffer or Uint8Array', value);
    if (needle.length === 0) return forward ? Math.min(Math.max(0, start), buffer.length) : Math.min(start, buffer.length);
    const last = buffer.length - needle.length;
    for (let i = forward ? Math.max(0, start) : Math.min(start, last); forward ? i <= last : i >= 0; i += forward ? 1 : -1) {
      let j = 0;
      while (j < needle.length && buffer[i + j] === needle[j]) j++;
      if (j === needle.length) return i;
    }
    return -1;
  }

  function swap(buffer, size) {
    if (buffer.length % size !== 0) {
      throw codeError(RangeErrorConstructor, 'ERR_INVALID_BUFFER_SIZE', 'Buffer size must be a multiple of ' + (size * 8) + '-bits');
    }
    for (let i = 0; i < buffer.length; i += size) {
      for (let j = 0; j < size / 2; j++) {
        const t = buffer[i + j];
        buffer[i + j] = buffer[i + size - 1 - j];
        buffer[i + size - 1 - j] = t;
      }
    }
    return buffer;
  }

  function checkOffset(buffer, offset, size) {
    const at = offset === undefined ? 0 : offset;
    if (typeof at !== 'number') throw invalidArgType('offset', 'of type number', at);
    if (at !== Math.floor(at)) throw outOfRange('offset', 'an integer', at);
    if (at < 0 || at + size > buffer.length) {
      if (buffer.length - size < 0) throw codeError(RangeErrorConstructor, 'ERR_BUFFER_OUT_OF_BOUNDS', 'Attempt to access memory outside buffer bounds');
      throw outOfRange('offset', '>= 0 and <= ' + (buffer.length - size), at);
    }
    return at;
  }

  function readInteger(buffer, offset, size, little, signed) {
    const at = checkOffset(buffer, offset, size);
    let value = 0;
    for (let i = 0; i < size; i++) value = value * 256 + buffer[at + (little ? size - 1 - i : i)];
    const limit = 2 ** (size * 8);
    return signed && value >= limit / 2 ? value - limit : value;
  }

  function writeInteger(buffer, value, offset, size, little, signed) {
    const at = checkOffset(buffer, offset, size);
    const limit = 2 ** (size * 8);
    const min = signed ? -limit / 2 : 0;
    const max = signed ? limit / 2 - 1 : limit - 1;
    const number = +value;
    if (!(number >= min && number <= max)) {
      throw outOfRange('value', '>= ' + min + ' and <= ' + max, value);
    }
    let rest = Math.floor(number) < 0 ? Math.floor(number) + limit : Math.floor(number);
    for (let i = 0; i < size; i++) {
      buffer[at + (little ? i : size - 1 - i)] = rest % 256;
      rest = Math.floor(rest / 256);
    }
    return at + size;
  }

  function defineMethod(name, fn) {
    defineProperty(Buffer.prototype, name, { value: fn, writable: true, configurable: true, enumerable: false });
  }

  for (const [bits, size] of [['8', 1], ['16', 2], ['32', 4]]) {
    for (const endian of size === 1 ? [''] : ['LE', 'BE']) {
      const little = endian === 'LE';
      for (const [kind, signed] of [['UInt', false], ['Int', true]]) {
        const read = function (offset) { return readInteger(this, offset, size, little, signed); };
        const write = function (value, offset) { return writeInteger(this, value, offset, size, little, signed); };
        defineMethod('read' + kind + bits + endian, read);
        defineMethod('write' + kind + bits + endian, write);
        if (!signed) {
          defineMethod('readUint' + bits + endian, read);
          defineMethod('writeUint' + bits + endian, write);
        }
      }
    }
  }
  for (const endian of ['LE', 'BE']) {
    const little = endian === 'LE';
    for (const [kind, signed] of [['UInt', false], ['Int', true]]) {
      const read = function (offset, byteLength) { return readInteger(this, offset, variableLength(byteLength), little, signed); };
      const write = function (value, offset, byteLength) { return writeInteger(this, value, offset, variableLength(byteLength), little, signed); };
      defineMethod('read' + kind + endian, read);
      defineMethod('write' + kind + endian, write);
      if (!signed) {
        defineMethod('readUint' + endian, read);
        defineMethod('writeUint' + endian, write);
      }
    }
    for (const [kind, size] of [['Float', 4], ['Double', 8]]) {
      defineMethod('read' + kind + endian, function (offset) {
        const at = checkOffset(this, offset, size);
        const view = new DataViewConstructor(this.buffer, this.byteOffset + at, size);
        return size === 4 ? view.getFloat32(0, little) : view.getFloat64(0, little);
      });
      defineMethod('write' + kind + endian, function (value, offset) {
        const at = checkOffset(this, offset, size);
        const view = new DataViewConstructor(this.buffer, this.byteOffset + at, size);
        if (size === 4) view.setFloat32(0, +value, little); else view.setFloat64(0, +value, little);
        return at + size;
      });
    }
  }

  function variableLength(byteLength) {
    if (!(byteLength >= 1 && byteLength <= 6) || byteLength !== Math.floor(byteLength)) {
      throw outOfRange('byteLength', '>= 1 and <= 6', byteLength);
    }
    return byteLength;
  }

  defineProperty(Buffer, 'poolSize', { value: 8192, writable: true, configurable: true, enumerable: true });

  function SlowBuffer(size) { return Buffer.allocUnsafeSlow(size); }

  function bufferModule() {
    return {
      Buffer,
      SlowBuffer,
      kMaxLength,
      kStringMaxLength: 536870888,
      constants: freeze({ MAX_LENGTH: kMaxLength, MAX_STRING_LENGTH: 536870888 }),
      INSPECT_MAX_BYTES: 50,
      atob: atobFn,
      btoa: btoaFn,
      isUtf8(input) {
        try { new global.TextDecoder('utf-8', { fatal: true }).decode(input); return true; } catch (e) { return false; }
      },
      isAscii(input) {
        const bytes = isView(input) ? bytesOf(input) : new Uint8ArrayConstructor(input);
        for (let i = 0; i < bytes.length; i++) if (bytes[i] > 127) return false;
        return true;
      },
    };
  }

  // ---- string_decoder: decodes a stream of chunks, keeping a character split between chunks for the next one ----

  function stringDecoderModule() {
    function StringDecoder(encoding) {
      if (!(this instanceof StringDecoder)) return new StringDecoder(encoding);
      const normalized = normalizeEncoding(encoding);
      if (normalized === null) throw codeError(TypeErrorConstructor, 'ERR_UNKNOWN_ENCODING', 'Unknown encoding: ' + encoding);
      this.encoding = normalized;
      defineProperty(this, 'pending', { value: new Uint8ArrayConstructor(0), writable: true, enumerable: false });
    }
    StringDecoder.prototype.write = function (chunk) {
      if (typeof chunk === 'string') return chunk;
      if (!isView(chunk)) throw invalidArgType('buf', 'an instance of Buffer, TypedArray, or DataView', chunk);
      const incoming = bytesOf(chunk);
      let bytes = incoming;
      if (this.pending.length) {
        bytes = new Uint8ArrayConstructor(this.pending.length + incoming.length);
        apply(typedArraySet, bytes, [this.pending]);
        apply(typedArraySet, bytes, [incoming, this.pending.length]);
      }
      const complete = completeLength(bytes, this.encoding);
      this.pending = new Uint8ArrayConstructor(apply(typedArraySubarray, bytes, [complete]));
      return decodeBytes(apply(typedArraySubarray, bytes, [0, complete]), this.encoding);
    };
    StringDecoder.prototype.end = function (chunk) {
      const text = chunk === undefined ? '' : this.write(chunk);
      const rest = this.pending;
      this.pending = new Uint8ArrayConstructor(0);
      if (!rest.length) return text;
      // An unfinished UTF-8 character is one replacement character, as in Node.
      return text + (this.encoding === 'utf8' ? '\ufffd' : decodeBytes(rest, this.encoding));
    };
    StringDecoder.prototype.text = function (chunk, offset) { return this.write(apply(typedArraySubarray, bytesOf(chunk), [offset])); };
    defineProperty(StringDecoder.prototype, 'lastNeed', {
      get() { return this.encoding === 'utf8' && this.pending.length ? utf8Length(this.pending[0]) - this.pending.length : 0; },
    });
    return { StringDecoder };
  }

  function utf8Length(lead) {
    return lead >= 0xf0 && lead < 0xf8 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  }

  // The number of leading bytes that hold whole characters of the encoding.
  function completeLength(bytes, encoding) {
    const length = bytes.length;
    switch (encoding) {
      case 'utf8':
        for (let i = length - 1; i >= 0 && i >= length - 3; i--) {
          if ((bytes[i] & 0xc0) === 0x80) continue;
          return bytes[i] >= 0xc0 && length - i < utf8Length(bytes[i]) ? i : length;
        }
        return length;
      case 'utf16le': {
        let end = length - (length % 2);
        if (end >= 2) {
          const unit = bytes[end - 2] | (bytes[end - 1] << 8);
          if (unit >= 0xd800 && unit <= 0xdbff) end -= 2;
        }
        return end;
      }
      case 'base64': case 'base64url': return length - (length % 3);
      default: return length;
    }
  }

  // ---- punycode (RFC 3492) ----

  function punycodeModule() {
    const base = 36;
    const tMin = 1;
    const tMax = 26;
    const skew = 38;
    const damp = 700;
    const initialBias = 72;
    const initialN = 128;
    const maxInt = 2147483647;

    function overflow() { return new RangeErrorConstructor('Overflow: input needs wider integers to process'); }

    function ucs2decode(text) {
      const output = [];
      for (let i = 0; i < text.length; i++) {
        const value = charCode(text, i);
        if (value >= 0xd800 && value <= 0xdbff && i + 1 < text.length) {
          const next = charCode(text, i + 1);
          if ((next & 0xfc00) === 0xdc00) {
            output[output.length] = ((value & 0x3ff) << 10) + (next & 0x3ff) + 0x10000;
            i++;
            continue;
          }
        }
        output[output.length] = value;
      }
      return output;
    }

    function ucs2encode(codePoints) {
      let text = '';
      for (const point of codePoints) {
        if (point > 0xffff) {
          const rest = point - 0x10000;
          text += fromCharCode(((rest >>> 10) & 0x3ff) | 0xd800, 0xdc00 | (rest & 0x3ff));
        } else {
          text += fromCharCode(point);
        }
      }
      return text;
    }

    function digitValue(code) {
      if (code >= 0x30 && code < 0x3a) return 26 + (code - 0x30);
      if (code >= 0x41 && code < 0x5b) return code - 0x41;
      if (code >= 0x61 && code < 0x7b) return code - 0x61;
      return base;
    }

    function digitChar(digit) { return fromCharCode(digit < 26 ? digit + 97 : digit + 22); }

    function adapt(delta, numPoints, firstTime) {
      let k = 0;
      delta = firstTime ? Math.floor(delta / damp) : delta >> 1;
      delta += Math.floor(delta / numPoints);
      for (; delta > ((base - tMin) * tMax) >> 1; k += base) delta = Math.floor(delta / (base - tMin));
      return Math.floor(k + ((base - tMin + 1) * delta) / (delta + skew));
    }

    function decode(input) {
      const output = [];
      let basic = input.lastIndexOf('-');
      if (basic < 0) basic = 0;
      for (let j = 0; j < basic; j++) {
        if (charCode(input, j) >= 0x80) throw new RangeErrorConstructor('Illegal input >= 0x80 (not a basic code point)');
        output[output.length] = charCode(input, j);
      }
      let n = initialN;
      let bias = initialBias;
      let i = 0;
      for (let index = basic > 0 ? basic + 1 : 0; index < input.length;) {
        const oldi = i;
        for (let w = 1, k = base; ; k += base) {
          if (index >= input.length) throw new RangeErrorConstructor('Invalid input');
          const digit = digitValue(charCode(input, index++));
          if (digit >= base) throw new RangeErrorConstructor('Invalid input');
          if (digit > Math.floor((maxInt - i) / w)) throw overflow();
          i += digit * w;
          const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
          if (digit < t) break;
          if (w > Math.floor(maxInt / (base - t))) throw overflow();
          w *= base - t;
        }
        const out = output.length + 1;
        bias = adapt(i - oldi, out, oldi === 0);
        if (Math.floor(i / out) > maxInt - n) throw overflow();
        n += Math.floor(i / out);
        i %= out;
        output.splice(i++, 0, n);
      }
      return ucs2encode(output);
    }

    function encode(text) {
      const input = ucs2decode(text);
      let output = '';
      for (const point of input) if (point < 0x80) output += fromCharCode(point);
      const basicLength = output.length;
      let handled = basicLength;
      if (basicLength) output += '-';
      let n = initialN;
      let delta = 0;
      let bias = initialBias;
      while (handled < input.length) {
        let m = maxInt;
        for (const point of input) if (point >= n && point < m) m = point;
        if (m - n > Math.floor((maxInt - delta) / (handled + 1))) throw overflow();
        delta += (m - n) * (handled + 1);
        n = m;
        for (const point of input) {
          if (point < n && ++delta > maxInt) throw overflow();
          if (point === n) {
            let q = delta;
            for (let k = base; ; k += base) {
              const t = k <= bias ? tMin : k >= bias + tMax ? tMax : k - bias;
              if (q < t) break;
              output += digitChar(t + ((q - t) % (base - t)));
              q = Math.floor((q - t) / (base - t));
            }
            output += digitChar(q);
            bias = adapt(delta, handled + 1, handled === basicLength);
            delta = 0;
            handled++;
          }
        }
        delta++;
        n++;
      }
      return output;
    }

    // Domain names and e-mail addresses: only the labels of the domain part are converted.
    function mapDomain(domain, fn) {
      const at = domain.lastIndexOf('@');
      const local = at < 0 ? '' : domain.slice(0, at + 1);
      const labels = (at < 0 ? domain : domain.slice(at + 1)).split(/[\x2E\u3002\uFF0E\uFF61]/);
      return local + labels.map(fn).join('.');
    }

    return {
      version: '2.3.1',
      ucs2: { decode: ucs2decode, encode: ucs2encode },
      decode,
      encode,
      toASCII(domain) { return mapDomain(domain, (label) => (/[^\0-\x7F]/.test(label) ? 'xn--' + encode(label) : label)); },
      toUnicode(domain) {
        return mapDomain(domain, (label) => (/^xn--/i.test(label) ? decode(lower(label.slice(4))) : label));
      },
    };
  }

  // ---- querystring ----

  function querystringModule() {
    function escape(value) {
      const text = typeof value === 'string' ? value : typeof value === 'object' ? String(value) : value + '';
      return encodeURIComponentFn(text);
    }

    // Percent-decoding into bytes, for text decodeURIComponent refuses (a lone %, or bytes that are not UTF-8).
    function unescapeBuffer(text, decodeSpaces) {
      const source = utf8Encoder.encode(text);
      const bytes = new Uint8ArrayConstructor(source.length);
      let length = 0;
      for (let i = 0; i < source.length; i++) {
        const byte = source[i];
        if (byte === 43 && decodeSpaces) { bytes[length++] = 32; continue; }
        if (byte === 37 && i + 2 < source.length) {
          const high = hexValue(source[i + 1]);
          const low = hexValue(source[i + 2]);
          if (high >= 0 && low >= 0) { bytes[length++] = high * 16 + low; i += 2; continue; }
        }
        bytes[length++] = byte;
      }
      return Buffer.from(apply(typedArraySubarray, bytes, [0, length]));
    }

    function unescape(text, decodeSpaces) {
      try {
        return decodeURIComponentFn(text);
      } catch (e) {
        return unescapeBuffer(text, decodeSpaces).toString();
      }
    }

    function primitive(value) {
      if (typeof value === 'string') return value;
      if ((typeof value === 'number' && isFinite(value)) || typeof value === 'bigint') return '' + value;
      if (typeof value === 'boolean') return value ? 'true' : 'false';
      return '';
    }

    function stringify(object, sep, eq, options) {
      const separator = sep || '&';
      const equals = eq || '=';
      const encode = options && typeof options.encodeURIComponent === 'function' ? options.encodeURIComponent : qs.escape;
      if (object === null || typeof object !== 'object') return '';
      const parts = [];
      for (const key of objectKeys(object)) {
        const value = object[key];
        const name = encode(primitive(key)) + equals;
        if (isArray(value)) {
          for (const item of value) parts[parts.length] = name + encode(primitive(item));
        } else {
          parts[parts.length] = name + encode(primitive(value));
        }
      }
      return parts.join(separator);
    }

    function parse(text, sep, eq, options) {
      const result = createObject(null);
      if (typeof text !== 'string' || text.length === 0) return result;
      const separator = sep ? String(sep) : '&';
      const equals = eq ? String(eq) : '=';
      const maxKeys = options && typeof options.maxKeys === 'number' ? options.maxKeys : 1000;
      const decode = options && typeof options.decodeURIComponent === 'function' ? options.decodeURIComponent : qs.unescape;
      let pairs = text.split(separator);
      if (maxKeys > 0 && pairs.length > maxKeys) pairs = pairs.slice(0, maxKeys);
      for (const pair of pairs) {
        if (pair === '') continue;
        const at = pair.indexOf(equals);
        const rawKey = at < 0 ? pair : pair.slice(0, at);
        const rawValue = at < 0 ? '' : pair.slice(at + equals.length);
        const key = decodeComponent(rawKey.replace(/\+/g, ' '), decode);
        const value = decodeComponent(rawValue.replace(/\+/g, ' '), decode);
        if (!(key in result)) result[key] = value;
        else if (isArray(result[key])) result[key][result[key].length] = value;
        else result[key] = [result[key], value];
      }
      return result;
    }

    function decodeComponent(text, decode) {
      try {
        return decode(text);
      } catch (e) {
        return qs.unescape(text, true);
      }
    }

    const qs = { escape, unescape, unescapeBuffer, stringify, parse, encode: stringify, decode: parse };
    return qs;
  }

  // ---- url: the WHATWG classes of the web globals, and Node's legacy parse/format/resolve ----

  function urlModule() {
    const querystring = core('querystring');
    const punycode = core('punycode');
    const SLASHED = new Set(['http:', 'https:', 'ftp:', 'gopher:', 'file:', 'ws:', 'wss:']);
    const HOSTLESS = new Set(['javascript:', 'javascript']);
    const PROTOCOL = /^[a-z0-9.+-]+:/i;
        const AUTO_ESCAPE = { ' ': '%20', '"': '%22', '\'': '%27', '<': '%3C', '>': '%3E', '`': '%60', '{': '%7B', '|': '%7C',
      '}': '%7D', '^': '%5E', '\t': '%09', '\n': '%0A', '\r': '%0D' };

    function Url() {
      this.protocol = null;
      this.slashes = null;
      this.auth = null;
      this.host = null;
      this.port = null;
      this.hostname = null;
      this.hash = null;
      this.search = null;
      this.query = null;
      this.pathname = null;
      this.path = null;
      this.href = null;
    }

    function escapeAuto(text) {
      let out = '';
      for (const c of text) out += AUTO_ESCAPE[c] || c;
      return out;
    }

    Url.prototype.parse = function (url, parseQueryString, slashesDenoteHost) {
      if (typeof url !== 'string') throw invalidArgType('url', 'of type string', url);
      let rest = url.trim();
      // Backslashes before the query are slashes, as browsers read them.
      const queryAt = rest.search(/[?#]/);
      rest = (queryAt < 0 ? rest : rest.slice(0, queryAt)).replace(/\\/g, '/') + (queryAt < 0 ? '' : rest.slice(queryAt));
      const protocolMatch = PROTOCOL.exec(rest);
      let lowerProtocol = null;
      if (protocolMatch) {
        lowerProtocol = lower(protocolMatch[0]);
        this.protocol = lowerProtocol;
        rest = rest.slice(protocolMatch[0].length);
      }
      let slashes = false;
      if (slashesDenoteHost || protocolMatch || /^\/\/[^@/]+@[^@/]+/.test(rest)) {
        slashes = rest.startsWith('//');
        if (slashes && !(lowerProtocol && HOSTLESS.has(lowerProtocol))) {
          rest = rest.slice(2);
          this.slashes = true;
        }
      }
      if (!(lowerProtocol && HOSTLESS.has(lowerProtocol)) && (slashes || (lowerProtocol && !SLASHED.has(lowerProtocol)))) {
        let hostEnd = rest.search(/[/?#]/);
        if (hostEnd < 0) hostEnd = rest.length;
        const at = rest.lastIndexOf('@', hostEnd);
        if (at >= 0) {
          this.auth = decodeURIComponentFn(rest.slice(0, at));
          rest = rest.slice(at + 1);
          hostEnd = rest.search(/[/?#]/);
          if (hostEnd < 0) hostEnd = rest.length;
        }
        const host = rest.slice(0, hostEnd);
        rest = rest.slice(hostEnd);
        const ipv6 = /^\[([^\]]*)\](?::([0-9]*))?$/.exec(host);
        const plain = ipv6 ? null : /^(.*?)(?::([0-9]*))?$/.exec(host);
        const port = ipv6 ? ipv6[2] : plain[2];
        if (port) this.port = port;
        let hostname = lower(ipv6 ? ipv6[1] : plain[1]);
        if (!ipv6 && /[^\0-\x7F]/.test(hostname)) hostname = punycode.toASCII(hostname);
        this.hostname = hostname;
        this.host = (ipv6 ? '[' + hostname + ']' : hostname) + (this.port ? ':' + this.port : '');
      }
      rest = escapeAuto(rest);
      const hashAt = rest.indexOf('#');
      if (hashAt >= 0) {
        this.hash = rest.slice(hashAt);
        rest = rest.slice(0, hashAt);
      }
      const searchAt = rest.indexOf('?');
      if (searchAt >= 0) {
        this.search = rest.slice(searchAt);
        this.query = rest.slice(searchAt + 1);
        if (parseQueryString) this.query = querystring.parse(this.query);
        rest = rest.slice(0, searchAt);
      } else if (parseQueryString) {
        this.search = null;
        this.query = createObject(null);
      }
      if (rest) this.pathname = rest;
      if (lowerProtocol && SLASHED.has(lowerProtocol) && this.hostname && !this.pathname) this.pathname = '/';
      if (this.pathname || this.search) this.path = (this.pathname || '') + (this.search || '');
      this.href = this.format();
      return this;
    };

    Url.prototype.format = function () {
      let auth = this.auth || '';
      if (auth) auth = encodeURIComponentFn(auth).replace(/%3A/i, ':') + '@';
      let protocol = this.protocol || '';
      let pathname = this.pathname || '';
      let hash = this.hash || '';
      let host = '';
      let query = '';
      if (this.host) {
        host = auth + this.host;
      } else if (this.hostname) {
        host = auth + (this.hostname.includes(':') && !this.hostname.startsWith('[') ? '[' + this.hostname + ']' : this.hostname);
        if (this.port) host += ':' + this.port;
      }
      if (this.query !== null && typeof this.query === 'object') query = querystring.stringify(this.query);
      let search = this.search || (query && '?' + query) || '';
      if (protocol && !protocol.endsWith(':')) protocol += ':';
      pathname = pathname.replace(/[?#]/g, (c) => encodeURIComponentFn(c));
      search = search.replace(/#/g, '%23');
      if (this.slashes || SLASHED.has(protocol)) {
        if (this.slashes || host) {
          if (pathname && pathname[0] !== '/') pathname = '/' + pathname;
          host = '//' + host;
        } else if (protocol === 'file:') {
          host = '//';
        }
      }
      if (hash && hash[0] !== '#') hash = '#' + hash;
      if (search && search[0] !== '?') search = '?' + search;
      return protocol + host + pathname + search + hash;
    };

    Url.prototype.resolve = function (relative) { return resolve(this.format(), relative); };

    function parse(url, parseQueryString, slashesDenoteHost) {
      if (url instanceof Url) return url;
      return new Url().parse(url, parseQueryString, slashesDenoteHost);
    }

    function format(url, options) {
      if (typeof url === 'string') return parse(url).format();
      if (url instanceof URLConstructor) {
        const copy = new URLConstructor(url.href);
        if (options && options.auth === false) { copy.username = ''; copy.password = ''; }
        if (options && options.search === false) copy.search = '';
        if (options && options.fragment === false) copy.hash = '';
        const text = copy.href;
        return options && options.unicode ? text.replace(copy.hostname, punycode.toUnicode(copy.hostname)) : text;
      }
      if (url === null || typeof url !== 'object') throw invalidArgType('urlObject', 'one of type object or string', url);
      return apply(Url.prototype.format, url, []);
    }

    // Node's own suggestion for resolve on top of the WHATWG parser: a placeholder scheme for relative bases.
    function resolve(from, to) {
      const resolved = new URLConstructor(to, new URLConstructor(from, 'resolve://'));
      if (resolved.protocol === 'resolve:') return resolved.pathname + resolved.search + resolved.hash;
      return resolved.href;
    }

    function fileURLToPath(url) {
      const parsed = typeof url === 'string' ? new URLConstructor(url) : url;
      if (!(parsed instanceof URLConstructor)) throw invalidArgType('path', 'of type string or an instance of URL', url);
      if (parsed.protocol !== 'file:') throw codeError(TypeErrorConstructor, 'ERR_INVALID_URL_SCHEME', 'The URL must be of scheme file');
      if (parsed.hostname !== '') throw codeError(TypeErrorConstructor, 'ERR_INVALID_FILE_URL_HOST', 'File URL host must be "localhost" or empty on linux');
      if (/%2f/i.test(parsed.pathname)) throw codeError(TypeErrorConstructor, 'ERR_INVALID_FILE_URL_PATH', 'File URL path must not include encoded / characters');
      return decodeURIComponentFn(parsed.pathname);
    }

    function pathToFileURL(path) {
      const absolute = String(path).startsWith('/') ? String(path) : '/' + String(path);
      return new URLConstructor('file://' + absolute.replace(/%/g, '%25').replace(/\\/g, '%5C').replace(/\n/g, '%0A')
        .replace(/\r/g, '%0D').replace(/\t/g, '%09').replace(/#/g, '%23').replace(/\?/g, '%3F'));
    }

    function urlToHttpOptions(url) {
      const options = {
        protocol: url.protocol,
        hostname: url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname,
        hash: url.hash,
        search: url.search,
        pathname: url.pathname,
        path: url.pathname + url.search,
        href: url.href,
      };
      if (url.port !== '') options.port = +url.port;
      if (url.username || url.password) options.auth = decodeURIComponentFn(url.username) + ':' + decodeURIComponentFn(url.password);
      return options;
    }

    return {
      URL: URLConstructor,
      URLSearchParams: URLSearchParamsConstructor,
      Url,
      parse,
      format,
      resolve,
      resolveObject(from, to) { return parse(resolve(from, to)); },
      domainToASCII(domain) { try { return new URLConstructor('http://' + domain).hostname; } catch (e) { return ''; } },
      domainToUnicode(domain) { try { return punycode.toUnicode(new URLConstructor('http://' + domain).hostname); } catch (e) { return ''; } },
      fileURLToPath,
      pathToFileURL,
      urlToHttpOptions,
    };
  }

  const FACTORIES = { buffer: bufferModule, string_decoder: stringDecoderModule, punycode: punycodeModule,
    querystring: querystringModule, url: urlModule };

  function core(name) {
    if (!Object.hasOwn(FACTORIES, name)) return undefined;
    if (built[name] === undefined) built[name] = FACTORIES[name]();
    return built[name];
  }

  defineProperty(global, 'Buffer', { value: Buffer, writable: true, configurable: true, enumerable: false });
  return core;
})

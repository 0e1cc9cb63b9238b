// The guest half of npm packages: a `require` of our own (GraalJS's CommonJS loader needs more than the CONSTRAINED
// sandbox allows) and the few Node core modules hooks have. The host resolves every specifier inside the hook's lock
// and hands back either a compiled module function (its Source parsed once per worker) or a JSON text; modules are
// evaluated here, in the hook's own context, under the hook's limits. The core modules written in node-core.js come
// from `nodeCore`. One module instance per context, circular
// requires as Node has them (the partial exports). Evaluated after the prelude, before a hook runs.
(function hookboxModules(bridge, nodeCore) {
  'use strict';
  const global = globalThis;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const freeze = Object.freeze;
  const createObject = Object.create;
  const jsonParse = JSON.parse;
  const ErrorConstructor = Error;
  const TypeErrorConstructor = TypeError;
  const stringSlice = String.prototype.slice;
  const stringLastIndexOf = String.prototype.lastIndexOf;
  const MapConstructor = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const cache = new MapConstructor();

  function notFound(message) {
    const error = new ErrorConstructor(message);
    error.code = message.startsWith('Cannot find module') ? 'MODULE_NOT_FOUND' : 'ERR_HOOKBOX_MODULE';
    return error;
  }

  function dirname(id) {
    const slash = apply(stringLastIndexOf, id, ['/']);
    return slash < 0 ? '/' : '/' + apply(stringSlice, id, [0, slash]);
  }

  function resolve(from, specifier) {
    if (typeof specifier !== 'string') {
      throw new TypeErrorConstructor('The "id" argument must be of type string. Received ' + typeof specifier);
    }
    const answer = bridge('resolve', from, specifier);
    if (typeof answer !== 'string' || answer[0] !== '=') throw notFound(typeof answer === 'string' ? apply(stringSlice, answer, [1]) : 'Cannot find module \'' + specifier + '\'');
    return apply(stringSlice, answer, [1]);
  }

  function makeRequire(from) {
    const require = function require(specifier) {
      return load(resolve(from, specifier));
    };
    require.resolve = function (specifier) {
      const id = resolve(from, specifier);
      return id.startsWith('core:') ? apply(stringSlice, id, [5]) : '/' + id;
    };
    require.cache = createObject(null);
    return require;
  }

  function load(id) {
    const cached = apply(mapGet, cache, [id]);
    if (cached !== undefined) return cached.exports;
    if (id.startsWith('core:')) {
      const name = apply(stringSlice, id, [5]);
      const core = { exports: coreModule(name) };
      apply(mapSet, cache, [id, core]);
      return core.exports;
    }
    const module = { id: '/' + id, filename: '/' + id, exports: {}, loaded: false, children: [], paths: [] };
    apply(mapSet, cache, [id, module]);
    try {
      const loaded = bridge('load', id);
      if (typeof loaded === 'string') {
        if (loaded[0] === '!') throw notFound(apply(stringSlice, loaded, [1]));
        module.exports = jsonParse(apply(stringSlice, loaded, [1]));
      } else {
        module.require = makeRequire(id);
        apply(loaded, module.exports, [module.exports, module.require, module, '/' + id, dirname(id)]);
      }
    } catch (e) {
      apply(mapDelete, cache, [id]);
      throw e;
    }
    module.loaded = true;
    return module.exports;
  }

  // ---- Node core modules that browser-compatible packages expect ----

  const process = freeze({
    env: freeze(createObject(null)),
    argv: freeze([]),
    platform: 'browser',
    browser: true,
    version: '',
    versions: freeze({}),
    cwd() { return '/'; },
    nextTick(fn, ...args) { global.queueMicrotask(() => apply(fn, undefined, args)); },
  });

  function coreModule(name) {
    switch (name) {
      case 'process': return process;
      case 'events': return eventsModule();
      case 'path': return pathModule();
      case 'util': return utilModule();
      case 'assert': return assertModule();
      case 'crypto': return cryptoModule();
    }
    const made = nodeCore(name);
    if (made !== undefined) return made;
    throw notFound('module \'' + name + '\' is not available in hooks');
  }

  function eventsModule() {
    function EventEmitter() { this._events = createObject(null); this._maxListeners = undefined; }
    const proto = EventEmitter.prototype;
    function listeners(emitter, type) {
      if (!emitter._events) emitter._events = createObject(null);
      return emitter._events[type] || (emitter._events[type] = []);
    }
    proto.on = proto.addListener = function (type, fn) { listeners(this, type).push(fn); return this; };
    proto.prependListener = function (type, fn) { listeners(this, type).unshift(fn); return this; };
    proto.once = function (type, fn) {
      const self = this;
      function wrapper(...args) { self.off(type, wrapper); return apply(fn, self, args); }
      wrapper.listener = fn;
      return this.on(type, wrapper);
    };
    proto.off = proto.removeListener = function (type, fn) {
      const list = listeners(this, type);
      for (let i = list.length - 1; i >= 0; i--) {
        if (list[i] === fn || list[i].listener === fn) { list.splice(i, 1); break; }
      }
      return this;
    };
    proto.removeAllListeners = function (type) {
      if (type === undefined) this._events = createObject(null); else delete listeners(this, type).length;
      if (type !== undefined) this._events[type] = [];
      return this;
    };
    proto.emit = function (type, ...args) {
      const list = listeners(this, type).slice();
      if (type === 'error' && list.length === 0) throw args[0] instanceof ErrorConstructor ? args[0] : new ErrorConstructor('Unhandled error: ' + args[0]);
      for (const fn of list) apply(fn, this, args);
      return list.length > 0;
    };
    proto.listeners = function (type) { return listeners(this, type).map((fn) => fn.listener || fn); };
    proto.listenerCount = function (type) { return listeners(this, type).length; };
    proto.eventNames = function () { return Reflect.ownKeys(this._events || {}).filter((k) => this._events[k].length); };
    proto.setMaxListeners = function (n) { this._maxListeners = n; return this; };
    proto.getMaxListeners = function () { return this._maxListeners === undefined ? 10 : this._maxListeners; };
    EventEmitter.EventEmitter = EventEmitter;
    EventEmitter.defaultMaxListeners = 10;
    EventEmitter.once = (emitter, type) => new Promise((resolve) => emitter.once(type, (...args) => resolve(args)));
    return EventEmitter;
  }

  function pathModule() {
    function normalizeParts(parts, absolute) {
      const out = [];
      for (const part of parts) {
        if (part === '' || part === '.') continue;
        if (part === '..') { if (out.length && out[out.length - 1] !== '..') out.pop(); else if (!absolute) out.push('..'); }
        else out.push(part);
      }
      return out;
    }
    const path = {
      sep: '/',
      delimiter: ':',
      normalize(p) {
        const absolute = p.startsWith('/');
        const joined = normalizeParts(p.split('/'), absolute).join('/');
        const trailing = p.endsWith('/') && joined ? '/' : '';
        return (absolute ? '/' : '') + (joined || (absolute ? '' : '.')) + trailing;
      },
      join(...parts) { const joined = parts.filter((p) => p !== '').join('/'); return joined ? path.normalize(joined) : '.'; },
      resolve(...parts) {
        let resolved = '';
        for (let i = parts.length - 1; i >= 0 && !resolved.startsWith('/'); i--) resolved = parts[i] + (resolved ? '/' + resolved : '');
        if (!resolved.startsWith('/')) resolved = '/' + resolved;
        return '/' + normalizeParts(resolved.split('/'), true).join('/');
      },
      isAbsolute(p) { return p.startsWith('/'); },
      dirname(p) { const i = p.lastIndexOf('/'); return i < 0 ? '.' : (i === 0 ? '/' : p.slice(0, i)); },
      basename(p, ext) { let base = p.slice(p.lastIndexOf('/') + 1); if (ext && base.endsWith(ext)) base = base.slice(0, -ext.length); return base; },
      extname(p) { const base = path.basename(p); const i = base.lastIndexOf('.'); return i <= 0 ? '' : base.slice(i); },
      relative(from, to) {
        const a = path.resolve(from).split('/').filter(Boolean);
        const b = path.resolve(to).split('/').filter(Boolean);
        let i = 0;
        while (i < a.length && i < b.length && a[i] === b[i]) i++;
        return a.slice(i).map(() => '..').concat(b.slice(i)).join('/');
      },
      parse(p) {
        const base = path.basename(p);
        const ext = path.extname(p);
        return { root: p.startsWith('/') ? '/' : '', dir: path.dirname(p), base, ext, name: ext ? base.slice(0, -ext.length) : base };
      },
      format(o) { const dir = o.dir || o.root || ''; const base = o.base || ((o.name || '') + (o.ext || '')); return dir ? (dir.endsWith('/') ? dir + base : dir + '/' + base) : base; },
    };
    path.posix = path;
    return path;
  }

  function utilModule() {
    const util = {
      format(...args) { return bridgeFormat(args); },
      inspect(value) { return bridgeFormat([value]); },
      inherits(ctor, superCtor) {
        defineProperty(ctor, 'super_', { value: superCtor, writable: true, configurable: true });
        Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
      },
      promisify(fn) {
        return function (...args) {
          return new Promise((resolve, reject) => apply(fn, this, [...args, (err, value) => (err ? reject(err) : resolve(value))]));
        };
      },
      callbackify(fn) {
        return function (...args) {
          const callback = args.pop();
          apply(fn, this, args).then((value) => callback(null, value), (err) => callback(err));
        };
      },
      deprecate(fn) { return fn; },
      isDeepStrictEqual(a, b) { return deepEqual(a, b); },
      types: {
        isDate: (v) => v instanceof Date,
        isRegExp: (v) => v instanceof RegExp,
        isPromise: (v) => v instanceof Promise,
      },
      isArray: Array.isArray,
      isString: (v) => typeof v === 'string',
      isNumber: (v) => typeof v === 'number',
      isFunction: (v) => typeof v === 'function',
      isObject: (v) => v !== null && typeof v === 'object',
      isUndefined: (v) => v === undefined,
    };
    return util;
  }

  function bridgeFormat(args) {
    let text = '';
    for (let i = 0; i < args.length; i++) {
      const value = args[i];
      let shown;
      try { shown = typeof value === 'string' ? value : JSON.stringify(value); } catch (e) { shown = String(value); }
      text += (i ? ' ' : '') + (shown === undefined ? String(value) : shown);
    }
    return text;
  }

  function deepEqual(a, b) {
    if (Object.is(a, b)) return true;
    if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const keysA = Reflect.ownKeys(a);
    const keysB = Reflect.ownKeys(b);
    if (keysA.length !== keysB.length) return false;
    for (const key of keysA) if (!Object.hasOwn(b, key) || !deepEqual(a[key], b[key])) return false;
    return true;
  }

  function assertModule() {
    class AssertionError extends ErrorConstructor {
      constructor(options) {
        super(options.message);
        this.name = 'AssertionError';
        this.code = 'ERR_ASSERTION';
        this.actual = options.actual;
        this.expected = options.expected;
        this.operator = options.operator;
      }
    }
    function fail(message, actual, expected, operator) {
      if (message instanceof ErrorConstructor) throw message;
      throw new AssertionError({ message: message || bridgeFormat([actual]) + ' ' + operator + ' ' + bridgeFormat([expected]), actual, expected, operator });
    }
    function assert(value, message) { if (!value) fail(message || 'The expression evaluated to a falsy value', value, true, '=='); }
    assert.ok = assert;
    assert.AssertionError = AssertionError;
    assert.fail = (message) => fail(message || 'Failed', undefined, undefined, 'fail');
    assert.equal = (a, b, m) => { if (a != b) fail(m, a, b, '=='); };
    assert.notEqual = (a, b, m) => { if (a == b) fail(m, a, b, '!='); };
    assert.strictEqual = (a, b, m) => { if (!Object.is(a, b)) fail(m, a, b, '==='); };
    assert.notStrictEqual = (a, b, m) => { if (Object.is(a, b)) fail(m, a, b, '!=='); };
    assert.deepEqual = assert.deepStrictEqual = (a, b, m) => { if (!deepEqual(a, b)) fail(m, a, b, 'deepStrictEqual'); };
    assert.notDeepStrictEqual = assert.notDeepEqual = (a, b, m) => { if (deepEqual(a, b)) fail(m, a, b, 'notDeepStrictEqual'); };
    assert.throws = (fn, expected, m) => {
      try { fn(); } catch (e) { return; }
      fail(typeof expected === 'string' ? expected : m || 'Missing expected exception.', undefined, expected, 'throws');
    };
    assert.match = (s, re, m) => { if (!re.test(s)) fail(m, s, re, 'match'); };
    assert.strict = assert;
    return assert;
  }

  // crypto: the host computes; bytes cross as hex strings.
  function cryptoModule() {
    const hexDigits = '0123456789abcdef';
    function utf8Hex(text) {
      let hex = '';
      const s = String(text);
      for (let i = 0; i < s.length; i++) {
        let c = s.codePointAt(i);
        if (c > 0xffff) i++;
        const bytes = c < 0x80 ? [c] : c < 0x800 ? [0xc0 | (c >> 6), 0x80 | (c & 63)]
          : c < 0x10000 ? [0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)]
          : [0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63)];
        for (const b of bytes) hex += hexDigits[b >> 4] + hexDigits[b & 15];
      }
      return hex;
    }
    function bytesHex(data) {
      if (typeof data === 'string') return utf8Hex(data);
      if (data instanceof ArrayBuffer) data = new Uint8Array(data);
      if (ArrayBuffer.isView(data)) {
        const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
        let hex = '';
        for (const b of view) hex += hexDigits[b >> 4] + hexDigits[b & 15];
        return hex;
      }
      throw new TypeErrorConstructor('The "data" argument must be a string, a TypedArray or an ArrayBuffer');
    }
    function hexBytes(hex) {
      const out = new Uint8Array(hex.length / 2);
      for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.substr(i * 2, 2), 16);
      return out;
    }
    function encode(hex, encoding) {
      if (encoding === 'hex') return hex;
      if (encoding === 'base64' || encoding === 'base64url') {
        const answer = bridge('crypto', 'base64', hex);
        return encoding === 'base64' ? answer : answer.replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
      }
      if (encoding === undefined || encoding === 'buffer') return hexBytes(hex);
      throw new TypeErrorConstructor('hooks support the hex, base64 and base64url digest encodings, not ' + encoding);
    }
    function digester(kind, algorithm, keyHex) {
      let dataHex = '';
      let done = false;
      return {
        update(data) { if (done) throw new ErrorConstructor('Digest already called'); dataHex += bytesHex(data); return this; },
        digest(encoding) {
          if (done) throw new ErrorConstructor('Digest already called');
          done = true;
          const answer = bridge('crypto', kind, String(algorithm), keyHex, dataHex);
          if (answer[0] === '!') throw new ErrorConstructor(apply(stringSlice, answer, [1]));
          return encode(answer, encoding);
        },
      };
    }
    return freeze({
      randomUUID() { return bridge('crypto', 'uuid', ''); },
      randomBytes(size) {
        if (!(size >= 0 && size <= 65536)) throw new RangeError('The "size" argument must be between 0 and 65536');
        return hexBytes(bridge('crypto', 'random', String(size | 0)));
      },
      createHash(algorithm) { return digester('hash', algorithm, ''); },
      createHmac(algorithm, key) { return digester('hmac', algorithm, bytesHex(key)); },
      timingSafeEqual(a, b) {
        const x = bytesHex(a);
        const y = bytesHex(b);
        if (x.length !== y.length) throw new RangeError('Input buffers must have the same byte length');
        let diff = 0;
        for (let i = 0; i < x.length; i++) diff |= x.charCodeAt(i) ^ y.charCodeAt(i);
        return diff === 0;
      },
    });
  }

  defineProperty(global, 'require', { value: makeRequire(''), writable: true, configurable: true, enumerable: false });
  defineProperty(global, 'process', { value: process, writable: true, configurable: true, enumerable: false });
})

// The guest half of the runtime, evaluated first in every fresh context.
// It evaluates to a function that the worker calls once with the host bridge and the limits;
// that call returns the driver the worker uses to start a hook and run its event loop.
// Everything the driver relies on is captured here, before tenant code runs, so a hook that
// replaces built-ins or pollutes prototypes cannot change how its result is read.
// Only primitive strings and numbers cross to the host, and every envelope the host reads is assembled here
// from primitives (JSON.stringify of a primitive consults no toJSON), never from an object a hook could reach.
(function hookboxPrelude(bridge, maxResultChars, maxTimers, maxDepth) {
  'use strict';
  const global = globalThis;
  const apply = Reflect.apply;
  const ownKeys = Reflect.ownKeys;
  const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const getPrototypeOf = Reflect.getPrototypeOf;
  const defineProperty = Reflect.defineProperty;
  const deleteProperty = Reflect.deleteProperty;
  const hasOwn = Object.hasOwn;
  const isArray = Array.isArray;
  const createObject = Object.create;
  const freeze = Object.freeze;
  const now = Date.now;
  const mathCeil = Math.ceil;
  const dateGetTime = Date.prototype.getTime;
  const dateToISOString = Date.prototype.toISOString;
  const objectToString = Object.prototype.toString;
  const jsonStringify = JSON.stringify;
  const jsonParse = JSON.parse;
  const numberIsFinite = Number.isFinite;
  const symbolToString = Symbol.prototype.toString;
  const functionToString = Function.prototype.toString;
  const regexpExec = RegExp.prototype.exec;
  const stringSlice = String.prototype.slice;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseConstructor = Promise;
  const ErrorConstructor = Error;
  const RangeErrorConstructor = RangeError;
  const TypeErrorConstructor = TypeError;
  const report = bridge;
  const identifierPattern = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
  const hookFramePattern = /\(?hook(?:\.mjs|\.js):(\d+):(\d+)\)?/;

  // Hooks have no way to the host, the file system or other threads.
  for (const name of ['SharedArrayBuffer', 'Atomics', 'Graal', 'Polyglot', 'Java', 'Packages',
      'java', 'javax', 'javafx', 'com', 'org', 'edu', 'arguments',
      'load', 'loadWithNewGlobal', 'print', 'printErr', 'quit', 'exit', 'readline', 'read', 'readbuffer']) {
    deleteProperty(global, name);
  }

  class ResultError extends ErrorConstructor {}

  function safeString(value) {
    try {
      if (typeof value === 'string') return value;
      if (typeof value === 'symbol') return apply(symbolToString, value, []);
      return '' + value;
    } catch (e) {
      return '[unprintable value]';
    }
  }

  function clip(text, max) {
    return text.length > max ? apply(stringSlice, text, [0, max]) + '…' : text;
  }

  const MAX_MESSAGE_CHARS = 4096;
  const MAX_STACK_CHARS = 8192;

  // The ISO form of a Date, 'Invalid Date' for an invalid one, null for anything else.
  function dateString(value) {
    if (apply(objectToString, value, []) !== '[object Date]') return null;
    try {
      apply(dateGetTime, value, []);
    } catch (notADate) {
      return null;
    }
    try {
      return apply(dateToISOString, value, []);
    } catch (invalid) {
      return 'Invalid Date';
    }
  }

  function describePath(path, key) {
    if (typeof key === 'number') return path + '[' + key + ']';
    return apply(regexpExec, identifierPattern, [key]) ? path + '.' + key : path + '[' + jsonStringify(key) + ']';
  }

  // ---- console: formatted like Node's util.inspect, without invoking getters ----

  function inspect(value, depth, seen) {
    switch (typeof value) {
      case 'string': return depth === 0 ? value : "'" + value + "'";
      case 'number': case 'boolean': case 'undefined': return '' + value;
      case 'bigint': return value + 'n';
      case 'symbol': return apply(symbolToString, value, []);
      case 'function': return '[Function: ' + (safeString(value.name) || '(anonymous)') + ']';
    }
    if (value === null) return 'null';
    if (value instanceof ErrorConstructor) {
      const stack = value.stack;
      return typeof stack === 'string' ? stack : safeString(value);
    }
    const date = dateString(value);
    if (date !== null) return date;
    for (let i = 0; i < seen.length; i++) if (seen[i] === value) return '[Circular]';
    const array = isArray(value);
    if (depth > 2) return array ? '[Array]' : '[Object]';
    seen[seen.length] = value;
    let parts = '';
    let count = 0;
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      const descriptor = getOwnPropertyDescriptor(value, key);
      if (!descriptor || !descriptor.enumerable) continue;
      if (count === 100) { parts += ', ...'; break; }
      let shown;
      if ('value' in descriptor) shown = inspect(descriptor.value, depth + 1, seen);
      else shown = descriptor.set ? (descriptor.get ? '[Getter/Setter]' : '[Setter]') : '[Getter]';
      const label = array && typeof key === 'string' && apply(regexpExec, /^\d+$/, [key]) ? ''
          : (typeof key === 'symbol' ? '[' + apply(symbolToString, key, []) + ']'
          : (apply(regexpExec, identifierPattern, [key]) ? key : "'" + key + "'")) + ': ';
      if (array && label === '' ) {
        parts += (count ? ', ' : '') + shown;
      } else if (!(array && key === 'length')) {
        parts += (count ? ', ' : '') + label + shown;
      } else {
        continue;
      }
      count++;
    }
    seen.length = seen.length - 1;
    if (array) return count ? '[ ' + parts + ' ]' : '[]';
    return count ? '{ ' + parts + ' }' : '{}';
  }

  function format(args) {
    let text = '';
    let first = 0;
    if (typeof args[0] === 'string' && args.length > 1) {
      let next = 1;
      const template = args[0];
      for (let i = 0; i < template.length; i++) {
        const c = template[i];
        if (c === '%' && i + 1 < template.length) {
          const spec = template[i + 1];
          if (spec === '%') { text += '%'; i++; continue; }
          if (next < args.length && (spec === 's' || spec === 'd' || spec === 'i' || spec === 'f'
              || spec === 'j' || spec === 'o' || spec === 'O')) {
            const arg = args[next++];
            if (spec === 's') text += typeof arg === 'string' ? arg : inspect(arg, 1, []);
            else if (spec === 'd' || spec === 'i' || spec === 'f') {
              const n = typeof arg === 'number' ? arg : +safeString(arg);
              text += spec === 'i' ? '' + (n < 0 ? -Math.floor(-n) : Math.floor(n)) : '' + n;
            } else if (spec === 'j') {
              try { text += jsonStringify(arg); } catch (e) { text += '[Circular]'; }
            } else text += inspect(arg, 1, []);
            i++;
            continue;
          }
        }
        text += c;
      }
      first = next;
      if (first < args.length) text += ' ';
    }
    for (let i = first; i < args.length; i++) {
      text += (i > first ? ' ' : '') + inspect(args[i], 0, []);
    }
    return text;
  }

  function makeLogger(level) {
    return function log(...args) {
      let text;
      try {
        text = format(args);
      } catch (e) {
        text = '[console argument could not be formatted: ' + safeString(e && e.message) + ']';
      }
      report('console', level, text);
    };
  }

  const console = createObject(null);
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) console[level] = makeLogger(level);
  console.trace = makeLogger('debug');
  defineProperty(global, 'console', { value: freeze(console), writable: true, configurable: true });

  // ---- timers: the event loop's queue, run one by one by the worker ----

  const timers = createObject(null);
  const TIMEOUT_MAX = 2147483647;
  let timerCount = 0;
  let nextTimerId = 1;
  // The loop's time, read once per macrotask (the start of the hook, each timer), as Node's event loop caches it:
  // timers set in one go are ordered by their delays alone, however long the code between them takes. Outside a
  // macrotask (the hook's top-level code, microtasks) a timer counts from the current time.
  let loopTime = null;

  // Node's meaning of a delay: coerced to a number; NaN, below 1, over 2^31-1 or not finite means 1 ms.
  function timerDelay(delay) {
    const ms = +delay;
    return ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1;
  }

  function schedule(fn, wait, args) {
    if (typeof fn !== 'function') throw new TypeErrorConstructor('The "callback" argument must be a function');
    if (timerCount >= maxTimers) throw new RangeErrorConstructor('Too many pending timers (at most ' + maxTimers + ')');
    const id = nextTimerId++;
    const timer = createObject(null);
    timer.fn = fn;
    timer.args = args;
    timer.due = (loopTime === null ? now() : loopTime) + wait;
    timers[id] = timer;
    timerCount++;
    return id;
  }

  function setTimeout(fn, delay, ...args) {
    return schedule(fn, typeof fn === 'function' ? timerDelay(delay) : 0, args);
  }

  function clearTimeout(id) {
    if (typeof id === 'number' && timers[id]) {
      deleteProperty(timers, id);
      timerCount--;
    }
  }

  function queueMicrotask(fn) {
    if (typeof fn !== 'function') throw new TypeErrorConstructor('The "callback" argument must be a function');
    apply(promiseThen, apply(promiseResolve, PromiseConstructor, []), [() => runGuarded(fn, [])]);
  }

  function setImmediate(fn, ...args) {
    return schedule(fn, 0, args);
  }

  for (const [name, fn] of [['setTimeout', setTimeout], ['clearTimeout', clearTimeout],
      ['setImmediate', setImmediate], ['clearImmediate', clearTimeout], ['queueMicrotask', queueMicrotask]]) {
    defineProperty(global, name, { value: fn, writable: true, configurable: true });
  }

  // An exception escaping a timer or microtask ends the hook with that error, as an uncaught one ends a Node process.
  function runGuarded(fn, args) {
    try {
      apply(fn, undefined, args);
    } catch (e) {
      settleError(e, invocation);
    }
  }

  function earliestTimer() {
    let earliest = null;
    for (const id in timers) {
      const timer = timers[id];
      if (earliest === null || timer.due < timers[earliest].due) earliest = id;
    }
    return earliest;
  }

  // ---- the result: JSON data only, read inside the limits ----

  function serialize(value, path, depth, ancestors, out) {
    switch (typeof value) {
      case 'string': return out + jsonStringify(value);
      case 'boolean': return out + (value ? 'true' : 'false');
      case 'number':
        if (!numberIsFinite(value)) throw new ResultError(path + ' is ' + value + ', which is not a JSON number');
        return out + ('' + value);
      case 'undefined': throw new ResultError(path + ' is undefined');
      case 'function': throw new ResultError(path + ' is a function, which is not JSON data');
      case 'symbol': throw new ResultError(path + ' is a symbol, which is not JSON data');
      case 'bigint': throw new ResultError(path + ' is a BigInt, which is not JSON data');
    }
    if (value === null) return out + 'null';
    const date = dateString(value);
    if (date === 'Invalid Date') throw new ResultError(path + ' is an invalid Date');
    if (date !== null) return out + '"' + date + '"';
    if (depth >= maxDepth) throw new ResultError(path + ' is nested deeper than ' + maxDepth + ' levels');
    for (let i = 0; i < depth; i++) {
      if (ancestors[i] === value) throw new ResultError(path + ' refers back to ' + ancestors[i + maxDepth] + ' (a cycle)');
    }
    ancestors[depth] = value;
    ancestors[depth + maxDepth] = path;
    if (isArray(value)) {
      const length = read(value, 'length', path);
      out += '[';
      for (let i = 0; i < length; i++) {
        const itemPath = describePath(path, i);
        const item = read(value, i, itemPath);
        if (i > 0) out += ',';
        out = item === undefined ? out + 'null' : serialize(item, itemPath, depth + 1, ancestors, out);
        if (out.length > maxResultChars) throw tooLarge();
      }
      return out + ']';
    }
    out += '{';
    let first = true;
    const keys = ownKeys(value);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key !== 'string') continue;
      const keyPath = describePath(path, key);
      let descriptor;
      try {
        descriptor = getOwnPropertyDescriptor(value, key);
      } catch (e) {
        throw new ResultError('reading ' + keyPath + ' threw: ' + messageOf(e));
      }
      if (!descriptor || !descriptor.enumerable) continue;
      const getter = !hasOwn(descriptor, 'value');
      // A getter runs hook code: tell the host where, so a getter that never returns is reported by its path.
      if (getter) report('reading', keyPath);
      const item = read(value, key, keyPath);
      if (getter) report('reading', '');
      if (item === undefined) continue;
      out += (first ? '' : ',') + jsonStringify(key) + ':';
      first = false;
      out = serialize(item, keyPath, depth + 1, ancestors, out);
      if (out.length > maxResultChars) throw tooLarge();
    }
    return out + '}';
  }

  function read(object, key, path) {
    try {
      return object[key];
    } catch (e) {
      throw new ResultError('reading ' + path + ' threw: ' + messageOf(e));
    }
  }

  function tooLarge() {
    return new ResultError('the result is larger than ' + maxResultChars + ' characters of JSON');
  }

  // ---- errors: message, position in the hook and stack, as primitive strings ----

  function messageOf(error) {
    try {
      if (error !== null && (typeof error === 'object' || typeof error === 'function')) {
        const message = error.message;
        if (typeof message === 'string') return message;
      }
      return safeString(error);
    } catch (e) {
      return '[error message could not be read]';
    }
  }

  // The error's description as an envelope: every part a primitive captured here, clipped.
  function errorEnvelope(code, error) {
    let stack = null;
    let line = null;
    let column = null;
    try {
      if (error instanceof ErrorConstructor) {
        const text = error.stack;
        if (typeof text === 'string') {
          stack = clip(text, MAX_STACK_CHARS);
          const position = apply(regexpExec, hookFramePattern, [stack]);
          if (position) {
            line = +position[1];
            column = +position[2];
          }
        }
      }
    } catch (e) { /* the stack is optional */ }
    return failureEnvelope(code, messageOf(error), stack, line, column);
  }

  function failureEnvelope(code, message, stack, line, column) {
    return 'D{"ok":false,"code":' + jsonStringify(code)
        + ',"message":' + jsonStringify(clip(message, MAX_MESSAGE_CHARS))
        + ',"stack":' + (stack === null ? 'null' : jsonStringify(stack))
        + ',"line":' + (line === null ? 'null' : '' + line)
        + ',"column":' + (column === null ? 'null' : '' + column) + '}';
  }

  function isStackOverflow(error) {
    try {
      return error instanceof RangeErrorConstructor && error.message === 'Maximum call stack size exceeded';
    } catch (e) {
      return false;
    }
  }

  // ---- kept contexts: built-ins frozen before the first hook runs ----

  // A kept context serves several invocations of one hook, so nothing an invocation does to a built-in may reach the
  // next one: a prototype polluted through user data (a naive merge of {"__proto__": ...}) would otherwise leak into
  // the next user's sign-in. Every object reachable from the globals, and the intrinsics no global names, is frozen.
  // A few inherited properties that code commonly assigns on its own objects (an error's name and message, an
  // object's toString) become accessors that give the object its own property, as a plain assignment would.
  function hardenBuiltins() {
    const overridable = [
      [Object.prototype, ['constructor', 'toString', 'toLocaleString', 'valueOf', 'hasOwnProperty',
        'isPrototypeOf', 'propertyIsEnumerable']],
      [Function.prototype, ['constructor', 'toString']],
      [Array.prototype, ['constructor', 'toString']],
      [PromiseConstructor.prototype, ['constructor']],
    ];
    for (const errorType of [ErrorConstructor, TypeErrorConstructor, RangeErrorConstructor, SyntaxError,
        ReferenceError, EvalError, URIError, AggregateError]) {
      overridable[overridable.length] = [errorType.prototype, ['constructor', 'name', 'message', 'toString']];
    }
    for (const [object, keys] of overridable) {
      for (const key of keys) allowOverride(object, key);
    }
    // The global object itself stays open for the hook's own declarations; everything it leads to is frozen.
    const pending = [global];
    for (const hidden of hiddenIntrinsics()) pending[pending.length] = hidden;
    const seen = new Set();
    while (pending.length) {
      const value = pending.pop();
      if ((typeof value !== 'object' && typeof value !== 'function') || value === null || seen.has(value)) continue;
      seen.add(value);
      if (value !== global) freeze(value);
      pending[pending.length] = getPrototypeOf(value);
      for (const key of ownKeys(value)) {
        const descriptor = getOwnPropertyDescriptor(value, key);
        pending[pending.length] = descriptor.value;
        pending[pending.length] = descriptor.get;
        pending[pending.length] = descriptor.set;
      }
    }
  }

  function allowOverride(object, key) {
    const descriptor = getOwnPropertyDescriptor(object, key);
    if (!descriptor || !('value' in descriptor)) return;
    const value = descriptor.value;
    defineProperty(object, key, {
      get() { return value; },
      set(newValue) {
        if (this === object) {
          throw new TypeErrorConstructor('Cannot assign to read only property \'' + safeString(key)
              + '\' of a built-in: built-ins are frozen when contexts are reused');
        }
        if (this !== null && (typeof this === 'object' || typeof this === 'function')) {
          defineProperty(this, key, { value: newValue, writable: true, enumerable: true, configurable: true });
        }
      },
      enumerable: descriptor.enumerable,
      configurable: false,
    });
  }

  // Intrinsics that no global property leads to: the prototypes of iterators, generators and async functions.
  // AdversarialReuseTest walks everything a hook can reach and fails on whatever this list misses.
  function hiddenIntrinsics() {
    function* generator() {}
    async function* asyncGenerator() {}
    const found = [
      getPrototypeOf([][Symbol.iterator]()),
      getPrototypeOf(new Map()[Symbol.iterator]()),
      getPrototypeOf(new Set()[Symbol.iterator]()),
      getPrototypeOf(''[Symbol.iterator]()),
      getPrototypeOf(/a/[Symbol.matchAll]('')),
      getPrototypeOf(generator),
      getPrototypeOf(generator()),
      getPrototypeOf(asyncGenerator),
      getPrototypeOf(asyncGenerator()),
      getPrototypeOf(async function () {}),
      getOwnPropertyDescriptor(function () { 'use strict'; return arguments; }(), 'callee').get,
    ];
    // Iterator helpers (GraalJS 25): the prototype of what map/filter/take... return, and of Iterator.from's wrapper.
    const arrayIterator = [][Symbol.iterator]();
    if (typeof arrayIterator.map === 'function') found[found.length] = getPrototypeOf(arrayIterator.map((x) => x));
    if (typeof global.Iterator === 'function' && typeof global.Iterator.from === 'function') {
      found[found.length] = getPrototypeOf(global.Iterator.from({ next() { return { done: true, value: undefined }; } }));
    }
    if (typeof global.Intl === 'object' && typeof global.Intl.Segmenter === 'function') {
      const segments = new global.Intl.Segmenter().segment('a');
      found[found.length] = getPrototypeOf(segments);
      found[found.length] = getPrototypeOf(segments[Symbol.iterator]());
    }
    return found;
  }

  // ---- the driver: start, then poll and tick until the hook settles ----

  let settled = false;
  let warnedSecondCall = false;
  let outcome = null;
  let input;
  // Which invocation this context serves; a kept context serves several in turn. A callback or promise left over
  // from an earlier invocation carries that one's number, and settles nothing.
  let invocation = 0;

  function settleSuccess(value, forInvocation) {
    if (forInvocation !== invocation) return;
    if (settled) { warnSecondCall(); return; }
    settled = true;
    outcome = { ok: true, value };
  }

  function settleError(error, forInvocation) {
    if (forInvocation !== invocation) return;
    if (settled) { warnSecondCall(); return; }
    settled = true;
    outcome = { ok: false, error };
  }

  // Said once per invocation, as hookbox's own line (a hook cannot print one: only this bridge call can).
  function warnSecondCall() {
    if (warnedSecondCall) return;
    warnedSecondCall = true;
    report('notice', 'warn', 'the hook ended more than once; only the first result counts');
  }

  function callbackFor(forInvocation) {
    return function callback(error, data) {
      if (error !== null && error !== undefined) settleError(error, forInvocation);
      else settleSuccess(arguments.length > 1 && data !== undefined ? data : input, forInvocation);
    };
  }

  function onFulfilled(value, waitsForCallback, forInvocation) {
    if (value !== undefined) settleSuccess(value, forInvocation);
    else if (!waitsForCallback) settleSuccess(input, forInvocation);
  }

  function finish() {
    try {
      if (!outcome.ok) {
        const error = outcome.error;
        return errorEnvelope(isStackOverflow(error) ? 'STACK_OVERFLOW' : 'HOOK_ERROR', error);
      }
      report('reading', '');
      try {
        const json = serialize(outcome.value, 'result', 0, createObject(null), '');
        return 'D{"ok":true,"result":' + json + '}';
      } catch (e) {
        if (e instanceof ResultError) return failureEnvelope('INVALID_RESULT', e.message, null, null, null);
        return errorEnvelope(isStackOverflow(e) ? 'STACK_OVERFLOW' : 'INVALID_RESULT', e);
      }
    } catch (e) {
      // Even describing the failure failed (a stack overflow inside a getter the description read, say).
      return failureEnvelope('INVALID_RESULT', 'the outcome of the hook could not be read', null, null, null);
    }
  }

  // The invocation's secrets: a frozen object without a prototype, read through a global that cannot be replaced.
  // A kept context serves several invocations, so the global reads the current one's (an empty object between them).
  const noSecrets = freeze(createObject(null));
  let currentSecrets = noSecrets;
  defineProperty(global, 'secrets', { get() { return currentSecrets; }, enumerable: false, configurable: false });

  function startHook(handle, inputJson, secretsJson) {
    const current = invocation;
    const secrets = createObject(null);
    const parsed = jsonParse(secretsJson);
    for (const name of ownKeys(parsed)) secrets[name] = parsed[name];
    currentSecrets = freeze(secrets);
    input = jsonParse(inputJson);
    let returned;
    let waitsForCallback;
    try {
      // Reading handle.length or returned.then runs hook code (a getter): what it throws is the hook's error.
      waitsForCallback = (handle.length | 0) >= 2;
      returned = apply(handle, undefined, [input, callbackFor(current)]);
      if (returned !== null && (typeof returned === 'object' || typeof returned === 'function')
          && typeof returned.then === 'function') {
        const promise = apply(promiseResolve, PromiseConstructor, [returned]);
        apply(promiseThen, promise, [(v) => onFulfilled(v, waitsForCallback, current), (e) => settleError(e, current)]);
        return;
      }
    } catch (e) {
      settleError(e, current);
      return;
    }
    if (!waitsForCallback) onFulfilled(returned, false, current);
  }

  return freeze({
    start(handle, inputJson, secretsJson) {
      loopTime = now();
      try {
        startHook(handle, inputJson, secretsJson);
      } finally {
        loopTime = null;
      }
    },
    // Readies a kept context for its next invocation; false when it must not be kept (timers still pending).
    reset() {
      if (timerCount !== 0) return false;
      invocation++;
      settled = false;
      warnedSecondCall = false;
      outcome = null;
      input = undefined;
      currentSecrets = noSecrets;
      return true;
    },
    // Freezes every built-in before the first hook runs in a context that will be kept (see hardenBuiltins).
    seal() {
      hardenBuiltins();
    },
    // 'D' + envelope when settled, 'W' + whole milliseconds until the next timer, 'I' when nothing can settle it
    poll() {
      if (settled) return finish();
      const id = earliestTimer();
      if (id === null) return 'I';
      const wait = mathCeil(timers[id].due - now());
      return 'W' + (wait > 0 ? wait : 0);
    },
    tick() {
      const id = earliestTimer();
      if (id === null) return;
      const timer = timers[id];
      deleteProperty(timers, id);
      timerCount--;
      loopTime = now();
      try {
        runGuarded(timer.fn, timer.args);
      } finally {
        loopTime = null;
      }
    },
  });
})

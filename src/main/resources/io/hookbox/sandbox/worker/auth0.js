// Runs code written for Auth0 as hooks: Actions (exports.onExecutePostLogin = async (event, api) => {...}, as CommonJS
// exports.x, module.exports = {...} or ES module exports) and Rules (function (user, context, callback) {...}).
// Evaluated after the prelude and the modules, before a hook runs; it evaluates to the adapter the worker calls:
// beforeScript() gives a script hook fresh CommonJS `module` and `exports`, entry(...) finds what the loaded source
// defines, and bind(entry, planJson) makes of it the handle(data, callback) the driver runs. The plan is the hook
// type's Auth0 trigger (io.hookbox.hooks.ActionTrigger), plain data: how `event` is read from `data` and what each
// `api` call changes in it. The handler gets copies; the calls are recorded and applied to `data` once it has
// settled, in order, and the host then judges the result by the type's change rules as it judges any hook's.
// Questions to the host (api.users.exists, and hookbox.users.exists for any hook) go through the bridge and are
// answered, for the run's own tenant only, through deliver(number, answerJson).
// Everything used here is captured now, before tenant code runs.
(function hookboxAuth0(bridge) {
  'use strict';
  const global = globalThis;
  const apply = Reflect.apply;
  const defineProperty = Reflect.defineProperty;
  const deleteProperty = Reflect.deleteProperty;
  const ownKeys = Reflect.ownKeys;
  const getOwnPropertyDescriptor = Reflect.getOwnPropertyDescriptor;
  const hasOwn = Object.hasOwn;
  const isArray = Array.isArray;
  const createObject = Object.create;
  const freeze = Object.freeze;
  const jsonParse = JSON.parse;
  const jsonStringify = JSON.stringify;
  const stringSplit = String.prototype.split;
  const stringTrim = String.prototype.trim;
  const startsWith = String.prototype.startsWith;
  const promiseResolve = Promise.resolve;
  const promiseThen = Promise.prototype.then;
  const PromiseConstructor = Promise;
  const ErrorConstructor = Error;
  const TypeErrorConstructor = TypeError;
  const ProxyConstructor = Proxy;
  const WeakMapConstructor = WeakMap;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;
  const MapConstructor = Map;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const mapForEach = Map.prototype.forEach;
  const mapClear = Map.prototype.clear;
  const dateNow = Date.now;
  const isFinite = Number.isFinite;
  const mathMin = Math.min;
  const charCodeAt = String.prototype.charCodeAt;

  // What each entry made here runs: { form: 'action', handlers } or { form: 'rule', rule }.
  const entries = new WeakMapConstructor();
  // The plans of the types this context has run, parsed once: the adapter only reads them.
  const plans = new MapConstructor();
  // The invocation's secrets (the prelude's getter of the global, captured before tenant code could replace it):
  // event.secrets and a Rule's configuration.
  const secretsGetter = getOwnPropertyDescriptor(global, 'secrets').get;
  const secrets = () => apply(secretsGetter, global, []);
  let scriptModule = null;
  // The current run's questions to the host waiting for their answer, by number: {resolve, reject}.
  const questions = new MapConstructor();
  // What the current run leaves for the host to keep (see takeEffects): its cache and, after a deny, the data as JSON.
  let runCache = null;
  let deniedJson = null;

  class UnauthorizedError extends ErrorConstructor {
    constructor(message) {
      super(message);
      this.name = 'UnauthorizedError';
    }
  }
  freeze(UnauthorizedError.prototype);
  freeze(UnauthorizedError);

  function fail(message) {
    return new ErrorConstructor(message);
  }

  function copy(value) {
    return value === undefined ? undefined : jsonParse(jsonStringify(value));
  }

  // The value at a dotted path of the data, own properties only; undefined when absent. Header names may hold dashes.
  function at(data, path) {
    const parts = apply(stringSplit, path, ['.']);
    let value = data;
    for (let i = 0; i < parts.length; i++) {
      if (value === null || typeof value !== 'object' || !hasOwn(value, parts[i])) return undefined;
      value = value[parts[i]];
    }
    return value;
  }

  function put(object, path, value) {
    const parts = apply(stringSplit, path, ['.']);
    let target = object;
    for (let i = 0; i < parts.length - 1; i++) {
      if (!hasOwn(target, parts[i])) defineProperty(target, parts[i], { value: {}, writable: true, enumerable: true, configurable: true });
      target = target[parts[i]];
    }
    defineProperty(target, parts[parts.length - 1], { value, writable: true, enumerable: true, configurable: true });
  }

  function language(header) {
    if (typeof header !== 'string') return null;
    const first = apply(stringTrim, apply(stringSplit, apply(stringSplit, header, [','])[0], [';'])[0], []);
    return first === '' || first === '*' ? null : first;
  }

  function eventOf(plan, data) {
    return fill(plan.event, data);
  }

  // An object of the plan's fields (the event's, or a Rule's context), each read from source as the field says.
  function fill(fields, source) {
    const event = {};
    for (let i = 0; i < fields.length; i++) {
      const field = fields[i];
      const path = field[0];
      const from = field[1];
      const argument = field[2];
      let value;
      switch (from) {
        case 'DATA': value = copy(at(source, argument)); break;
        case 'VALUE': value = jsonParse(argument); break;
        case 'WORDS': {
          const text = at(source, argument);
          value = typeof text === 'string' ? apply(stringSplit, apply(stringTrim, text, []), [/\s+/]) : [];
          if (value.length === 1 && value[0] === '') value = [];
          break;
        }
        case 'LANGUAGE': value = language(at(source, argument)); break;
        case 'LIST': { const list = at(source, argument); value = isArray(list) ? copy(list) : []; break; }
        case 'SECRETS': value = secrets(); break;
        default: throw fail('hookbox cannot read the event field ' + path);
      }
      if (value !== undefined) put(event, path, value);
    }
    return event;
  }

  // ---- api: every call recorded, applied to data once the handler has settled ----

  function apiOf(plan, calls, cache) {
    const api = {};
    for (let i = 0; i < plan.unsupported.length; i++) {
      const namespace = plan.unsupported[i];
      put(api, namespace, new ProxyConstructor(freeze(createObject(null)), freeze({
        get(target, key) {
          if (typeof key !== 'string') return undefined;
          return function unsupported() {
            throw fail('api.' + namespace + '.' + key + ' is not supported by hookbox');
          };
        },
      })));
    }
    for (let i = 0; i < plan.api.length; i++) {
      const entry = plan.api[i];
      put(api, entry[0], method(entry[0], entry[1], entry[2], calls, cache));
    }
    return freezeDeep(api);
  }

  function method(name, effect, target, calls, cache) {
    switch (effect) {
      case 'CACHE_GET': return function get(key) { return cacheGet(cache, key); };
      case 'CACHE_SET': return function set(key, value, options) { return cacheSet(cache, key, value, options); };
      case 'CACHE_DELETE': return function remove(key) { return cacheDelete(cache, key); };
      case 'QUERY': return function query(argument) { return ask(name, argument); };
      case 'UNSUPPORTED': return function unsupported() {
        throw fail('api.' + name + ' is not supported by hookbox');
      };
    }
    return function record(...args) {
      if (effect === 'SET' && typeof args[0] !== 'string') {
        throw new TypeErrorConstructor('api.' + name + ' needs a name (a string) as its first argument');
      }
      calls[calls.length] = freeze({ name, effect, target, args });
    };
  }

  // ---- api.cache: the hook's entries, shipped in with the run; what it changes goes back to the host ----

  // The run's cache: the entries by key ({value, expires_at}), the time the run reads it at, the limits, and the
  // writes for the host (the last one per key: the host keeps the end state of each key the run touched).
  function openCache(cacheJson, limits) {
    const snapshot = typeof cacheJson === 'string' ? jsonParse(cacheJson) : null;
    const now = snapshot === null ? apply(dateNow, undefined, []) : snapshot.nowMs;
    const entries = new MapConstructor();
    if (snapshot !== null) {
      const keys = ownKeys(snapshot.entries);
      for (let i = 0; i < keys.length; i++) {
        const entry = snapshot.entries[keys[i]];
        if (entry.expiresAt > now) apply(mapSet, entries, [keys[i], freeze({ value: entry.value, expires_at: entry.expiresAt })]);
      }
    }
    return { now, limits, entries, writes: new MapConstructor(), shipped: snapshot === null ? null : snapshot.entries };
  }

  function utf8Length(text) {
    let bytes = 0;
    for (let i = 0; i < text.length; i++) {
      const unit = apply(charCodeAt, text, [i]);
      if (unit < 0x80) bytes += 1;
      else if (unit < 0x800) bytes += 2;
      else if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) { bytes += 4; i++; }
      else bytes += 3;
    }
    return bytes;
  }

  function cacheError(code, message) {
    return freeze({ type: 'error', code, message });
  }

  const CACHE_SUCCESS = freeze({ type: 'success' });

  // ---- questions to the host: read-only, answered for the run's own tenant, a bounded number per run ----

  function ask(name, argument) {
    return new PromiseConstructor((resolve, reject) => {
      if (typeof argument !== 'string') {
        reject(new TypeErrorConstructor(name + ' needs a string'));
        return;
      }
      const number = bridge('query', name, argument);
      if (typeof number !== 'number') {
        reject(fail(name + ' could not be asked'));
        return;
      }
      apply(mapSet, questions, [number, freeze({ resolve, reject })]);
    });
  }

  const usersExists = freeze(function exists(username) { return ask('users.exists', username); });
  // The same questions for hooks of any form: hookbox.users.exists(username).
  defineProperty(global, 'hookbox', {
    value: freeze({ users: freeze({ exists: usersExists }) }), writable: true, configurable: true,
  });

  function cacheGet(cache, key) {
    if (typeof key !== 'string') return undefined;
    return apply(mapGet, cache.entries, [key]);
  }

  function lifetime(cache, options) {
    const limits = cache.limits;
    const ttl = options === undefined || options === null ? undefined : options.ttl;
    const expiresAt = options === undefined || options === null ? undefined : options.expires_at;
    if (ttl !== undefined && !(typeof ttl === 'number' && isFinite(ttl) && ttl > 0)) {
      return cacheError('invalid_ttl', 'options.ttl must be a positive number of milliseconds');
    }
    if (expiresAt !== undefined && !(typeof expiresAt === 'number' && isFinite(expiresAt) && expiresAt > cache.now)) {
      return cacheError('invalid_expires_at', 'options.expires_at must be a time to come, in milliseconds since the epoch');
    }
    let until = ttl === undefined && expiresAt === undefined ? cache.now + limits.defaultTtlMs : Infinity;
    if (ttl !== undefined) until = cache.now + ttl;
    if (expiresAt !== undefined) until = mathMin(until, expiresAt);
    return mathMin(until, cache.now + limits.maxTtlMs);
  }

  function cacheSet(cache, key, value, options) {
    const limits = cache.limits;
    if (typeof key !== 'string' || key === '') return cacheError('invalid_key', 'the key must be a non-empty string');
    if (typeof value !== 'string') return cacheError('invalid_value', 'the value must be a string');
    const keyBytes = utf8Length(key);
    if (keyBytes > limits.maxKeyBytes) {
      return cacheError('key_too_large', 'a key may take at most ' + limits.maxKeyBytes + ' bytes');
    }
    const valueBytes = utf8Length(value);
    if (valueBytes > limits.maxValueBytes) {
      return cacheError('value_too_large', 'a value may take at most ' + limits.maxValueBytes + ' bytes');
    }
    const until = lifetime(cache, options);
    if (typeof until !== 'number') return until;
    let count = 1;
    let total = keyBytes + valueBytes;
    apply(mapForEach, cache.entries, [(entry, other) => {
      if (other === key) return;
      count++;
      total += utf8Length(other) + utf8Length(entry.value);
    }]);
    if (count > limits.maxEntries) {
      return cacheError('too_many_entries', 'a hook may keep at most ' + limits.maxEntries + ' entries in its cache');
    }
    if (total > limits.maxTotalBytes) {
      return cacheError('cache_too_large', 'the keys and values of a hook\'s cache may take at most '
        + limits.maxTotalBytes + ' bytes in all');
    }
    apply(mapSet, cache.entries, [key, freeze({ value, expires_at: until })]);
    apply(mapSet, cache.writes, [key, { key, value, expiresAt: until }]);
    return CACHE_SUCCESS;
  }

  function cacheDelete(cache, key) {
    if (typeof key !== 'string') return cacheError('invalid_key', 'the key must be a string');
    apply(mapDelete, cache.entries, [key]);
    // A key the host does not have needs no write: the run's own set of it is simply undone.
    if (cache.shipped !== null && hasOwn(cache.shipped, key)) apply(mapSet, cache.writes, [key, { key, value: null, expiresAt: 0 }]);
    else apply(mapDelete, cache.writes, [key]);
    return CACHE_SUCCESS;
  }

  function freezeDeep(object) {
    const keys = ownKeys(object);
    for (let i = 0; i < keys.length; i++) {
      const value = getOwnPropertyDescriptor(object, keys[i]).value;
      if (value !== null && typeof value === 'object') freezeDeep(value);
    }
    return freeze(object);
  }

  function text(value, fallback) {
    return value === undefined || value === null ? fallback : '' + value;
  }

  // The error the recorded calls end with (a deny), or null; the calls before it are applied to data.
  function applyCalls(calls, data) {
    for (let i = 0; i < calls.length; i++) {
      const call = calls[i];
      const name = call.name;
      const effect = call.effect;
      const target = call.target;
      const args = call.args;
      switch (effect) {
        case 'DENY': return fail(text(args[0], 'access denied'));
        case 'DENY_MESSAGE': return fail(text(args[1], text(args[0], 'sign-up denied')));
        case 'DENY_CODE': {
          const code = text(args[0], 'access_denied');
          const reason = text(args[1], code);
          return fail(code === 'access_denied' ? reason : code + ': ' + reason);
        }
        case 'SET': {
          const object = at(data, target);
          if (object === null || typeof object !== 'object') throw fail('api.' + name + ': the data has no ' + target);
          if (args[1] === undefined || args[1] === null) deleteProperty(object, args[0]);
          else defineProperty(object, args[0], { value: args[1], writable: true, enumerable: true, configurable: true });
          break;
        }
        default: throw fail('hookbox cannot apply api.' + name);
      }
    }
    return null;
  }

  // ---- Rules: user and context as Rules have them, changes read back after callback(null, user, context) ----

  const METADATA = freeze(['app_metadata', 'user_metadata']);
  const TOKENS = freeze(['idToken', 'accessToken']);

  function applyRule(data, user, context, updates) {
    for (let i = 0; i < updates.length; i++) {
      const field = updates[i][0];
      const value = updates[i][1];
      if (value !== null && typeof value === 'object' && data.user) put(data, 'user.' + field, value);
    }
    if (user !== null && typeof user === 'object' && data.user) {
      for (let i = 0; i < METADATA.length; i++) {
        const field = METADATA[i];
        const value = user[field];
        if (value !== null && typeof value === 'object') put(data, 'user.' + field, value);
      }
    }
    if (context !== null && typeof context === 'object' && data.context) {
      for (let t = 0; t < TOKENS.length; t++) {
        const token = TOKENS[t];
        const claims = context[token];
        const into = at(data, 'context.' + token);
        if (claims === null || typeof claims !== 'object' || into === undefined) continue;
        const keys = ownKeys(claims);
        for (let i = 0; i < keys.length; i++) {
          if (typeof keys[i] === 'string') {
            defineProperty(into, keys[i], { value: claims[keys[i]], writable: true, enumerable: true, configurable: true });
          }
        }
      }
    }
  }

  function runRule(rule, plan, data, callback) {
    if (!plan.rules) throw fail('Auth0 Rules run as post-login hooks, not as ' + plan.type + ' hooks');
    const event = eventOf(plan, data);
    const updates = [];
    const update = (field) => function (userId, metadata) {
      updates[updates.length] = [field, metadata];
      return apply(promiseResolve, PromiseConstructor, [undefined]);
    };
    defineProperty(global, 'configuration', { value: secrets(), writable: true, configurable: true });
    defineProperty(global, 'auth0', { value: freeze({ users: freeze({
      updateAppMetadata: update('app_metadata'), updateUserMetadata: update('user_metadata') }) }),
    writable: true, configurable: true });
    const user = copy(event.user);
    const context = fill(plan.ruleContext, event);
    const returned = apply(rule, undefined, [user, context, function ruleCallback(error, changedUser, changedContext) {
      if (error !== null && error !== undefined) {
        callback(error);
        return;
      }
      try {
        applyRule(data, changedUser === undefined ? user : changedUser, changedContext === undefined ? context : changedContext, updates);
      } catch (e) {
        callback(e);
        return;
      }
      callback(null, data);
    }]);
    // An async Rule that throws rejects its promise: that error ends it too.
    if (returned !== null && typeof returned === 'object') {
      apply(promiseThen, apply(promiseResolve, PromiseConstructor, [returned]), [undefined, (error) => callback(error)]);
    }
  }

  // ---- Actions ----

  function runAction(handlers, plan, data, callback) {
    if (plan.handler === null) {
      throw fail('Auth0 Actions cannot run as ' + plan.type + ' hooks: Auth0 has no trigger for them');
    }
    const handler = handlers[plan.handler];
    if (handler === undefined) {
      throw fail('this Action does not export ' + plan.handler + ', which ' + plan.type + ' hooks run');
    }
    const calls = [];
    const finish = () => {
      let denied;
      try {
        denied = applyCalls(calls, data);
        // Auth0 keeps the metadata an Action set before it denied: the host saves it from this data.
        if (denied !== null) deniedJson = jsonStringify(data);
      } catch (e) {
        callback(e);
        return;
      }
      if (denied !== null) callback(denied);
      else callback(null, data);
    };
    const returned = apply(handler, undefined, [eventOf(plan, data), apiOf(plan, calls, runCache)]);
    if (returned !== null && (typeof returned === 'object' || typeof returned === 'function')) {
      const promise = apply(promiseResolve, PromiseConstructor, [returned]);
      apply(promiseThen, promise, [finish, (error) => callback(error)]);
    } else {
      finish();
    }
  }

  function actionHandlers(exported) {
    if (exported === null || (typeof exported !== 'object' && typeof exported !== 'function')) return null;
    const handlers = createObject(null);
    let found = false;
    const keys = ownKeys(exported);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key !== 'string' || !apply(startsWith, key, ['onExecute'])) continue;
      const value = exported[key];
      if (typeof value === 'function') {
        handlers[key] = value;
        found = true;
      }
    }
    return found ? freeze(handlers) : null;
  }

  function parsedPlan(planJson) {
    let plan = apply(mapGet, plans, [planJson]);
    if (plan === undefined) {
      plan = jsonParse(planJson);
      apply(mapSet, plans, [planJson, plan]);
    }
    return plan;
  }

  function entryFor(form, payload) {
    const entry = function auth0Entry() {
      throw fail('an Auth0 ' + form + ' runs through hookbox\'s adapter');
    };
    apply(weakMapSet, entries, [entry, freeze({ form, payload })]);
    return freeze(entry);
  }

  return freeze({
    beforeScript() {
      const exports = {};
      scriptModule = { exports };
      defineProperty(global, 'module', { value: scriptModule, writable: true, configurable: true });
      defineProperty(global, 'exports', { value: exports, writable: true, configurable: true });
      defineProperty(global, 'UnauthorizedError', { value: UnauthorizedError, writable: true, configurable: true });
    },
    // What a loaded source runs: its handle, an Action's handlers or a Rule; null when it defines none of them.
    // module: an ES module's namespace; otherwise the script's value and its global handle (or undefined).
    entry(loaded, isModule, handle) {
      if (isModule) {
        const named = loaded.handle;
        if (typeof named === 'function') return named;
        const handlers = actionHandlers(loaded);
        if (handlers !== null) return entryFor('action', handlers);
        const fallback = loaded.default;
        return typeof fallback === 'function' ? fallback : null;
      }
      if (typeof handle === 'function') return handle;
      const module = scriptModule;
      scriptModule = null;
      const handlers = module === null ? null : actionHandlers(module.exports);
      if (handlers !== null) return entryFor('action', handlers);
      if (typeof loaded === 'function') return entryFor('rule', loaded);
      return null;
    },
    // The handle(data, callback) the driver runs for this entry as a hook of the plan's type.
    // cacheJson: the hook's cache as the run starts (CacheSnapshot), or null for an empty one.
    bind(entry, planJson, cacheJson) {
      runCache = null;
      deniedJson = null;
      apply(mapClear, questions, []);
      const found = apply(weakMapGet, entries, [entry]);
      if (found === undefined) return entry;
      const plan = typeof planJson === 'string' ? parsedPlan(planJson) : null;
      if (plan !== null) runCache = openCache(cacheJson, plan.cache);
      const form = found.form;
      const payload = found.payload;
      return function adapted(data, callback) {
        if (plan === null) throw fail('an Auth0 ' + form + ' runs only as a hook of a type');
        if (form === 'action') runAction(payload, plan, data, callback);
        else runRule(payload, plan, data, callback);
      };
    },
    // The host's answer to question number: {value} or {error}.
    deliver(number, answerJson) {
      const waiting = apply(mapGet, questions, [number]);
      if (waiting === undefined) return;
      apply(mapDelete, questions, [number]);
      const answer = jsonParse(answerJson);
      if (typeof answer.error === 'string') waiting.reject(fail(answer.error));
      else waiting.resolve(answer.value);
    },
    // What the run that has just settled leaves for the host to keep, as JSON (RunEffects), or null when nothing.
    takeEffects() {
      const writes = [];
      if (runCache !== null) apply(mapForEach, runCache.writes, [(write) => { writes[writes.length] = write; }]);
      const denied = deniedJson;
      runCache = null;
      deniedJson = null;
      if (writes.length === 0 && denied === null) return null;
      return '{"cache":' + jsonStringify(writes) + ',"deniedData":' + (denied === null ? 'null' : denied) + '}';
    },
  });
})

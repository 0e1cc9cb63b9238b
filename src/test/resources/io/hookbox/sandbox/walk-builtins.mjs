// A hook that reports every built-in it can reach that a hook could still change: an extensible object, a writable or
// configurable property. It starts from the global object and from what only syntax makes (generators, async
// functions, arguments...), then finds the intrinsics no global names by calling every built-in method it reached on
// a sample of each kind of object, with a few arguments, and walking the prototypes of whatever comes back or is
// thrown, until no new prototype turns up. Objects made fresh for the walk (samples, results) are not judged
// themselves, only what they lead to that is shared. The global object stays open by design; what it holds does not.
export function handle(data, callback) {
  const problems = [];
  const seen = new Set();
  const pending = [];
  const methods = [];
  const samplesByPrototype = new Map();
  const toProbe = [];
  const fresh = new Set();

  function isObject(value) {
    return (typeof value === 'object' && value !== null) || typeof value === 'function';
  }

  function reach(value, path) {
    if (isObject(value) && !seen.has(value) && !fresh.has(value)) pending.push([value, path]);
  }

  function walk() {
    while (pending.length) {
      const [value, path] = pending.pop();
      if (seen.has(value)) continue;
      seen.add(value);
      const open = value === globalThis;
      if (!open && Object.isExtensible(value)) problems.push(path + ' is extensible');
      reach(Object.getPrototypeOf(value), path + '.__proto__');
      for (const key of Reflect.ownKeys(value)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
        const keyPath = path + '.' + String(key);
        if (!open && descriptor.configurable) problems.push(keyPath + ' is configurable');
        if (!open && descriptor.writable) problems.push(keyPath + ' is writable');
        for (const [part, suffix] of [[descriptor.value, ''], [descriptor.get, '[get]'], [descriptor.set, '[set]']]) {
          if (typeof part === 'function') methods.push([part, value, keyPath + suffix]);
          reach(part, keyPath + suffix);
        }
      }
      // A constructor's instances are samples to call its prototype's methods on.
      if (typeof value === 'function' && isObject(Reflect.getOwnPropertyDescriptor(value, 'prototype')?.value)) {
        for (const args of [[], ['a']]) {
          try { sample(Reflect.construct(value, args), 'new ' + path); break; } catch (e) { sample(e, 'thrown by new ' + path); }
        }
      }
      sample(value, path);
    }
  }

  // A fresh object: judged by what it leads to (its prototype, its accessors), and probed once per prototype.
  function sample(value, path) {
    if (!isObject(value)) return;
    if (!seen.has(value)) fresh.add(value);
    const prototype = Object.getPrototypeOf(value);
    reach(prototype, path + '.__proto__');
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(value, key);
      reach(descriptor.get, path + '.' + String(key) + '[get]');
      reach(descriptor.set, path + '.' + String(key) + '[set]');
    }
    if (!samplesByPrototype.has(prototype)) {
      samplesByPrototype.set(prototype, value);
      toProbe.push([value, path]);
    }
  }

  // A function argument also stands for a string (its source), an iterable-less object and a callback.
  const argumentLists = [[], [(x) => x]];

  function probe(receiver, path) {
    for (const [method, holder, methodPath] of methods.slice()) {
      if (holder !== receiver && !Object.prototype.isPrototypeOf.call(holder, receiver)) continue;
      if (holder === Object.prototype || holder === Function.prototype) continue;
      for (const args of argumentLists) {
        try {
          sample(Reflect.apply(method, receiver, args), methodPath + ' on ' + path);
        } catch (e) {
          sample(e, 'thrown by ' + methodPath + ' on ' + path);
        }
      }
    }
  }

  function* generator() { yield 1; }
  async function* asyncGenerator() { yield 1; }
  async function asyncFunction() {}
  // A generator function's own prototype is as fresh as the function: judged by its prototype, not itself.
  const madeBySyntax = {
    generatorPrototype: generator.prototype, asyncGeneratorPrototype: asyncGenerator.prototype, generator, generatorObject: generator(), asyncGenerator, asyncGeneratorObject: asyncGenerator(), asyncFunction,
    asyncResult: asyncFunction(), arrow: () => 1, class: class {}, regexp: /a/g, template: ((s) => s)`a${1}`,
    strictArguments: (function () { 'use strict'; return arguments; })(), sloppyArguments: (function () { return arguments; })(),
    array: [1], object: { a: 1 }, string: new String('ab'), number: new Number(1), symbol: Object(Symbol('s')),
    bigint: Object(1n), error: new Error('e'), forIn: (() => { const keys = []; for (const k in { a: 1 }) keys.push(k); return keys; })(),
  };
  reach(globalThis, 'globalThis');
  walk();
  for (const name of Object.keys(madeBySyntax)) sample(madeBySyntax[name], name);
  walk();
  for (let round = 0; round < 4 && toProbe.length; round++) {
    const batch = toProbe.splice(0);
    for (const [receiver, path] of batch) probe(receiver, path);
    walk();
  }
  callback(null, { reached: seen.size, problems: problems.slice(0, 50) });
}

// Node.js as a careful team runs untrusted hooks: vm.runInNewContext with a timeout, a long-lived process that
// takes one JSON request a line on stdin and answers one JSON line on stdout.
//   {"source", "input"}                                  -> {"output"} or {"error"}
//   {"loop": {"sources", "input", "cold", "warmupMs", "iterations"}} -> {"nanos": [...]}, timed inside Node
// With --http after the wrapper's path, it serves hooks over HTTP instead, JSON in and out, on a loopback port it
// prints as its first line: POST /run {"content": source, "context": data} answers {"status": "success", "result":
// data} or, when the hook fails, 422 {"status": "failure", "error": message}.
'use strict';
const http = require('http');
const vm = require('vm');
const fs = require('fs');
const readline = require('readline');

const TIMEOUT_MS = 10000;
const wrapper = fs.readFileSync(process.argv[2], 'utf8');
const call = new vm.Script('(' + wrapper + ')(handle, __input)', { filename: 'wrapper.js' });
const scripts = new Map();

function compiled(source) {
  let script = scripts.get(source);
  if (!script) {
    script = new vm.Script(source, { filename: 'hook.js' });
    scripts.set(source, script);
    if (scripts.size > 64) scripts.delete(scripts.keys().next().value);
  }
  return script;
}

function invoke(source, input) {
  const context = { __input: input };
  compiled(source).runInNewContext(context, { timeout: TIMEOUT_MS });
  return call.runInContext(context, { timeout: TIMEOUT_MS });
}

let coldSources = 0;

function runOnce(request) {
  if (request.cold) return invoke(request.sources[0] + '\n// never seen before: ' + (++coldSources) + '\n', request.input);
  let data = request.input;
  for (const source of request.sources) data = invoke(source, data);
  return data;
}

function loop(request) {
  const warmupEnd = process.hrtime.bigint() + BigInt(request.warmupMs) * 1000000n;
  while (process.hrtime.bigint() < warmupEnd) runOnce(request);
  const nanos = new Array(request.iterations);
  for (let i = 0; i < request.iterations; i++) {
    const start = process.hrtime.bigint();
    runOnce(request);
    nanos[i] = Number(process.hrtime.bigint() - start);
  }
  return nanos;
}

function answer(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

function serveHttp() {
  const maxBodyBytes = 1 << 20;
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/run') return answer(response, 404, '{"error":"not found"}');
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > maxBodyBytes) request.destroy();
      else chunks.push(chunk);
    });
    request.on('end', () => {
      let result;
      try {
        const run = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        result = invoke(run.content, JSON.stringify(run.context));
      } catch (e) {
        return answer(response, 422, JSON.stringify({ status: 'failure', error: String(e && e.message || e) }));
      }
      answer(response, 200, '{"status":"success","result":' + result + '}');
    });
  });
  server.keepAliveTimeout = 60000;
  server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));
}

if (process.argv[3] === '--http') serveHttp();
else readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let answer;
  try {
    const request = JSON.parse(line);
    answer = request.loop ? { nanos: loop(request.loop) } : { output: invoke(request.source, request.input) };
  } catch (e) {
    answer = { error: String(e && e.stack || e) };
  }
  process.stdout.write(JSON.stringify(answer) + '\n');
});

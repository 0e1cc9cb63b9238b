// Node.js serving hooks over HTTP as a careful team would: vm.runInNewContext with a timeout per request, JSON in and
// out, on a loopback port it prints as its first line. POST /run {"content": source, "context": data} answers
// {"status": "success", "result": data} or, when the hook fails, 422 {"status": "failure", "error": message}.
'use strict';
const http = require('http');
const vm = require('vm');
const fs = require('fs');

const TIMEOUT_MS = 10000;
const MAX_BODY_BYTES = 1 << 20;
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

function run(request) {
  const context = { __input: JSON.stringify(request.context) };
  compiled(request.content).runInNewContext(context, { timeout: TIMEOUT_MS });
  return call.runInContext(context, { timeout: TIMEOUT_MS });
}

function answer(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  response.end(text);
}

const server = http.createServer((request, response) => {
  if (request.method !== 'POST' || request.url !== '/run') return answer(response, 404, '{"error":"not found"}');
  const chunks = [];
  let size = 0;
  request.on('data', (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) request.destroy();
    else chunks.push(chunk);
  });
  request.on('end', () => {
    let result;
    try {
      result = run(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch (e) {
      return answer(response, 422, JSON.stringify({ status: 'failure', error: String(e && e.message || e) }));
    }
    answer(response, 200, '{"status":"success","result":' + result + '}');
  });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(server.address().port + '\n'));

package io.hookbox.sandbox.worker;

import java.util.List;

/**
 * Hooks a new worker runs before it takes traffic, so the common paths (callback, async, timers, console,
 * string and JSON work, errors) are compiled before a tenant's first login pays for it.
 */
final class WarmupCorpus {

    static final String INPUT = """
            {"user":{"id":"u_1","email":"Ada.Lovelace@Example.COM","email_verified":true,"name":"Ada Lovelace",
            "user_metadata":{"plan":"pro","roles":["admin","billing"]},"app_metadata":{"tier":3}},
            "context":{"clientID":"c_1","clientName":"Web","request":{"ip":"203.0.113.7",
            "userAgent":"Mozilla/5.0","query":{"a":"1"},"body":{},"headers":{"accept":"*/*"}}}}""";

    static final List<String> HOOKS = List.of(
            """
            function handle(data, callback) {
              data.user.app_metadata.seen = true;
              callback(null, data);
            }""",
            """
            async function handle(data) {
              await new Promise((resolve) => setTimeout(resolve, 0));
              const email = data.user.email.trim().toLowerCase();
              const [local, domain] = email.split('@');
              console.log('login from %s', data.context.request.ip, { domain });
              return { ...data, user: { ...data.user, email, nickname: local } };
            }""",
            """
            function inRange(ip, cidr) {
              const [base, bits] = cidr.split('/');
              const toInt = (a) => a.split('.').reduce((n, part) => (n << 8) + Number(part), 0) >>> 0;
              const mask = bits === '0' ? 0 : (~0 << (32 - Number(bits))) >>> 0;
              return ((toInt(ip) & mask) >>> 0) === ((toInt(base) & mask) >>> 0);
            }
            function handle(data, callback) {
              const allowed = ['10.0.0.0/8', '203.0.113.0/24'].some((c) => inRange(data.context.request.ip, c));
              const claims = {};
              for (const [key, value] of Object.entries(data.user.user_metadata)) claims['https://example.com/' + key] = value;
              data.context.claims = JSON.parse(JSON.stringify(claims));
              if (!allowed) return callback(new Error('address not allowed'));
              queueMicrotask(() => callback(null, data));
            }""",
            """
            function handle(data, callback) {
              if (/@example\\.com$/i.test(data.user.email)) throw new Error('blocked domain');
              callback(null, data);
            }""",
            // the web globals a request is built from, up to the host call (there is no server to answer one here)
            """
            async function handle(data) {
              const url = new URL('/v1/people?x=1', 'https://crm.example.com');
              url.searchParams.set('email', data.user.email);
              const headers = new Headers([['Accept', 'application/json']]);
              headers.append('Authorization', 'Bearer ' + btoa(data.user.id));
              const request = new Request(url, { method: 'POST', headers, body: JSON.stringify({ id: data.user.id }) });
              const bytes = new TextEncoder().encode(await request.text());
              const response = new Response(new TextDecoder().decode(bytes), { status: 201, headers: { 'content-type': 'application/json' } });
              data.user.app_metadata.echo = (await response.json()).id + request.headers.get('accept') + url.search;
              return data;
            }""",
            // the Node core modules packages lean on most
            """
            function handle(data, callback) {
              const { StringDecoder } = require('string_decoder');
              const encoded = Buffer.from(data.user.email).toString('base64url');
              const query = require('querystring').stringify({ id: data.user.id, e: encoded });
              const parsed = require('url').parse('https://example.com/cb?' + query, true);
              data.user.app_metadata.echo = new StringDecoder('utf8').write(Buffer.from(parsed.query.e, 'base64url'));
              callback(null, data);
            }""");

    private WarmupCorpus() {
    }
}

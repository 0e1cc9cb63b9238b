// The public hookbox API, as the dashboard uses it. The API key lives in sessionStorage only: it is sent in the
// Authorization header and never put in a URL.

const KEY_ITEM = 'hookbox.apiKey';

export const session = {
  key: () => sessionStorage.getItem(KEY_ITEM),
  signIn: (key) => sessionStorage.setItem(KEY_ITEM, key),
  signOut: () => sessionStorage.removeItem(KEY_ITEM),
};

/** A failed request: the API's {error, message, details}, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(status, body) {
    const error = body?.error;
    super(body?.message ?? error?.message ?? (status === 0 ? 'hookbox could not be reached' : `the request failed (HTTP ${status})`));
    this.status = status;
    this.code = typeof error === 'string' ? error : error?.code ?? `http_${status}`;
    this.details = body?.details ?? {};
    this.body = body;
  }
}

let unauthorizedListener = () => {};

/** Called when a request is refused with 401: the key was revoked, or the tenant deleted. */
export function onUnauthorized(listener) {
  unauthorizedListener = listener;
}

async function send(method, path, body, key, accept) {
  const headers = { Authorization: `Bearer ${key}`, Accept: accept };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  try {
    return await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { error: 'network_error', message: `hookbox could not be reached (${e.message})` });
  }
}

async function readJson(response) {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { message: text };
  }
}

function refused(response, json, key) {
  const error = new ApiError(response.status, json);
  if (response.status === 401 && key === session.key()) {
    unauthorizedListener(error);
  }
  return error;
}

async function request(method, path, body, key = session.key()) {
  const response = await send(method, path, body, key, 'application/json');
  const json = await readJson(response);
  if (!response.ok) {
    throw refused(response, json, key);
  }
  return { body: json, headers: response.headers };
}

/**
 * A request answered in newline-delimited JSON: each {log} object goes to onLog as it arrives; resolves with the
 * last object's result, or rejects with its error (an error before the first line is an ordinary error answer).
 */
async function streamed(method, path, body, onLog, key = session.key()) {
  const response = await send(method, path, body, key, 'application/x-ndjson');
  if (!response.ok) {
    throw refused(response, await readJson(response), key);
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let pending = '';
  for (;;) {
    const { value, done } = await reader.read();
    pending += value ?? '';
    const lines = pending.split('\n');
    pending = done ? '' : lines.pop();
    for (const line of lines.filter((text) => text.trim())) {
      const event = JSON.parse(line);
      if ('log' in event) {
        onLog(event.log);
      } else if ('error' in event) {
        throw new ApiError(event.status, event.error);
      } else if ('result' in event) {
        return event.result;
      }
    }
    if (done) {
      throw new ApiError(0, { error: 'network_error', message: 'the answer ended before its result' });
    }
  }
}

const body = async (promise) => (await promise).body;
const query = (params) => {
  const search = new URLSearchParams(Object.entries(params).filter(([, value]) => value != null && value !== ''));
  return search.size ? `?${search}` : '';
};

/** Checks a key without keeping it: resolves when the key is a tenant's key. */
export const checkKey = (key) => request('GET', '/api/hook-types', undefined, key);

export const hookTypes = () => body(request('GET', '/api/hook-types'));
export const templates = () => body(request('GET', '/api/templates'));
export const sampleContext = async (type, seed) => {
  const response = await request('GET', `/api/hook-types/${encodeURIComponent(type)}/sample${query({ seed })}`);
  return { context: response.body, seed: Number(response.headers.get('Hookbox-Seed')) };
};

export const listHooks = (type) => body(request('GET', `/api/hooks${query({ type })}`));
export const getHook = (id) => body(request('GET', `/api/hooks/${encodeURIComponent(id)}`));
export const createHook = (hook) => body(request('POST', '/api/hooks', hook));
export const patchHook = (id, patch) => body(request('PATCH', `/api/hooks/${encodeURIComponent(id)}`, patch));
export const deleteHook = (id) => request('DELETE', `/api/hooks/${encodeURIComponent(id)}`);
export const runStoredHook = (id) => body(request('POST', `/api/hooks/${encodeURIComponent(id)}/run`, {}));
export const rotateSigningSecret = (id) => body(request('POST', `/api/hooks/${encodeURIComponent(id)}/signing-secret`, {}));
export const reorderHooks = (type, ids) => body(request('PUT', '/api/hooks/order', { type, ids }));
export const moveHook = (id, position) => body(request('POST', `/api/hooks/${encodeURIComponent(id)}/move`, { position }));
/** Deploys the hook's draft; version: the hook's version the caller saw (409 if it changed since). */
export const deployHook = (id, { note, version }) =>
  body(request('POST', `/api/hooks/${encodeURIComponent(id)}/deploy`, { note: note || undefined, version }));
export const hookVersions = (id) => body(request('GET', `/api/hooks/${encodeURIComponent(id)}/versions`));
export const hookVersion = (id, number) => body(request('GET', `/api/hooks/${encodeURIComponent(id)}/versions/${number}`));
/** Rolls back: deploys an old version's source again, as a new version. */
export const redeployVersion = (id, number) => body(request('POST', `/api/hooks/${encodeURIComponent(id)}/versions/${number}/deploy`, {}));

/** Runs a hook's source (saved or not) against a random context of its type, with pinned fields merged over it. */
export const runHook = ({ type, content, seed, context, packages }) =>
  body(request('POST', '/api/run', { type, content, seed, context, packages }));
/** Runs the tenant's enabled hooks of a type in their stored order. */
export const runPipeline = (type, { seed, context } = {}) =>
  body(request('POST', `/api/pipelines/${encodeURIComponent(type)}/run`, { seed, context }));

/** The audit trail, newest first; before: an ISO instant, to page back. */
export const auditEvents = ({ limit, before, beforeId } = {}) =>
  body(request('GET', `/api/audit${query({ limit, before, beforeId })}`));

export const recentExecutions = (hookId, limit = 20) => body(request('GET', `/api/executions${query({ hookId, limit })}`));
export const deliveries = (hookId, limit = 20) => body(request('GET', `/api/deliveries${query({ hookId, limit })}`));
export const retryDelivery = (id) => body(request('POST', `/api/deliveries/${encodeURIComponent(id)}/retry`, {}));

export const searchPackages = (q, size = 10) => body(request('GET', `/api/packages/search${query({ q, size })}`));
export const hookPackages = (id) => body(request('GET', `/api/hooks/${encodeURIComponent(id)}/packages`));
/** Installs or updates a package, handing each line of the install's log to onLog as it happens. */
export const putPackage = (id, name, range, onLog) =>
  streamed('PUT', `/api/hooks/${encodeURIComponent(id)}/packages/${encodeURIComponent(name)}`, range ? { range } : {}, onLog);
export const removePackage = (id, name) =>
  request('DELETE', `/api/hooks/${encodeURIComponent(id)}/packages/${encodeURIComponent(name)}`);

export const hookSecrets = (id) => body(request('GET', `/api/hooks/${encodeURIComponent(id)}/secrets`));
export const putSecret = (id, name, value) =>
  body(request('PUT', `/api/hooks/${encodeURIComponent(id)}/secrets/${encodeURIComponent(name)}`, { value }));
export const deleteSecret = (id, name) =>
  request('DELETE', `/api/hooks/${encodeURIComponent(id)}/secrets/${encodeURIComponent(name)}`);

export const listApplications = () => body(request('GET', '/api/applications'));
export const createApplication = (application) => body(request('POST', '/api/applications', application));
export const updateApplication = (clientId, changes) =>
  body(request('PATCH', `/api/applications/${encodeURIComponent(clientId)}`, changes));
export const deleteApplication = (clientId) => request('DELETE', `/api/applications/${encodeURIComponent(clientId)}`);

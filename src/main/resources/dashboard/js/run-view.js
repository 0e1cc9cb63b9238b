// Renders test runs: one hook's run, or a pipeline's runs hook by hook.
import { h, formatJson } from './dom.js';

const LEVELS = new Set(['log', 'info', 'warn', 'error', 'debug']);

export function statusBadge(status, errorCode) {
  return status === 'success'
    ? h('span', { class: 'badge ok' }, 'Succeeded')
    : h('span', { class: 'badge failed' }, `Failed${errorCode ? `: ${errorCode}` : ''}`);
}

export function errorLocation(error) {
  if (error?.line == null) {
    return '';
  }
  return error.column == null ? `line ${error.line}` : `line ${error.line}, column ${error.column}`;
}

/** The error of a run: code, message, where in the hook, and its stack. onLine(line) reveals a line in the editor. */
export function errorBox(error, onLine) {
  const where = errorLocation(error);
  return h('div', { class: 'run-error' },
    h('p', {},
      h('strong', {}, error.code), ' ',
      where && onLine
        ? h('button', { type: 'button', class: 'link', onClick: () => onLine(error.line) }, `at ${where}`)
        : where && `at ${where}`),
    h('p', { class: 'run-error-message' }, error.message),
    error.stack && h('details', {}, h('summary', {}, 'Stack'), h('pre', { class: 'code-block' }, error.stack)));
}

/**
 * The console output of a run, each line with its level and its time from the first line. Lines hookbox added about
 * the run (origin "hookbox": a second callback, the truncation marker) are marked as such, so a hook cannot pass its
 * own lines off as hookbox's.
 */
export function consoleList(entries) {
  if (!entries?.length) {
    return h('p', { class: 'muted console-empty' }, 'No console output.');
  }
  const start = entries[0].timestampMs;
  return h('ol', { class: 'console' }, entries.map((entry) => {
    const level = LEVELS.has(entry.level) ? entry.level : 'log';
    const fromHookbox = entry.origin === 'hookbox';
    return h('li', { class: `console-line level-${level}${fromHookbox ? ' origin-hookbox' : ''}` },
      h('span', { class: 'console-level' }, level),
      h('span', { class: 'console-time' }, `+${entry.timestampMs - start} ms`),
      h('span', { class: 'console-message' },
        fromHookbox && h('span', { class: 'console-origin', title: 'Added by hookbox, not printed by the hook' }, 'hookbox'),
        entry.message));
  }));
}

/** The HTTP requests a run made through fetch: method, URL, status or why it failed, time and bytes received. */
export function requestList(requests) {
  if (!requests?.length) {
    return null;
  }
  return h('div', { class: 'requests' },
    h('h3', {}, `Requests (${requests.length})`),
    h('ol', { class: 'request-list' }, requests.map((request) =>
      h('li', { class: `request-line ${request.error ? 'failed' : 'ok'}` },
        h('span', { class: 'request-method' }, request.method),
        h('span', { class: 'request-url' }, request.url),
        h('span', { class: 'request-status' }, request.error ? 'failed' : String(request.status)),
        h('span', { class: 'request-time' }, `${request.durationMs} ms, ${request.bytesIn} B`),
        request.error && h('span', { class: 'request-error' }, request.error)))));
}

export function jsonBlock(value, label) {
  return h('pre', { class: 'code-block json', 'aria-label': label }, formatJson(value));
}

/** One hook's test run: status, duration, seed (with re-run), error, console, resulting data and input. */
export function hookRunView(run, { onRerun, onLine }) {
  return h('div', { class: `run-result ${run.status}` },
    h('div', { class: 'run-summary' },
      statusBadge(run.status, run.error?.code),
      h('span', { class: 'run-duration' }, `${run.durationMs} ms`),
      h('span', { class: 'run-seed' }, 'seed ', h('code', {}, String(run.seed))),
      onRerun && h('button', { type: 'button', class: 'button quiet small rerun', onClick: () => onRerun(run.seed) },
        'Re-run same seed')),
    run.error && errorBox(run.error, onLine),
    run.continued && h('p', { class: 'step-continued muted' }, 'This hook\u2019s On error setting is continue: a real flow would go on without its result.'),
    h('h3', {}, 'Console'),
    consoleList(run.console),
    requestList(run.requests),
    run.status === 'success' && [h('h3', {}, 'Resulting data'), jsonBlock(run.result, 'Resulting data')],
    h('details', { class: 'run-input' }, h('summary', {}, 'Data the hook received'), jsonBlock(run.input, 'Input data')));
}

/** A pipeline's test run: each hook that ran, in order, then the final data or the error that stopped it. */
export function pipelineRunView(run, { onRerun, highlightHookId } = {}) {
  return h('div', { class: `run-result pipeline ${run.status}` },
    h('div', { class: 'run-summary' },
      statusBadge(run.status, run.error?.code),
      h('span', {}, `${run.steps.length} ${run.steps.length === 1 ? 'hook' : 'hooks'} ran`),
      h('span', { class: 'run-seed' }, 'seed ', h('code', {}, String(run.seed))),
      onRerun && h('button', { type: 'button', class: 'button quiet small rerun', onClick: () => onRerun(run.seed) },
        'Re-run same seed')),
    run.steps.length === 0 && h('p', { class: 'muted' }, 'No enabled hooks of this type: the data passes through unchanged.'),
    h('ol', { class: 'pipeline-steps' }, run.steps.map((step, index) =>
      h('li', { class: `pipeline-step ${step.status}${step.hookId === highlightHookId ? ' current' : ''}`, dataset: { hookId: step.hookId } },
        h('div', { class: 'step-head' },
          h('span', { class: 'step-number' }, String(index + 1)),
          h('span', { class: 'step-name' }, step.name),
          statusBadge(step.status, step.error?.code),
          h('span', { class: 'run-duration' }, `${step.durationMs} ms`)),
        step.continued && h('p', { class: 'step-continued muted' }, 'On error: continue. The flow went on without this hook\u2019s result.'),
        step.error && errorBox(step.error),
        consoleList(step.console),
        requestList(step.requests)))),
    run.status === 'success'
      ? [h('details', { class: 'pipeline-result', open: true }, h('summary', {}, 'Resulting data'), jsonBlock(run.result, 'Resulting data')),
        h('details', { class: 'pipeline-outcome' }, h('summary', {}, 'What the flow takes from it'), jsonBlock(run.outcome, 'Outcome'))]
      : [run.error && run.steps.length === 0 && errorBox(run.error),
        h('p', { class: 'flow-verdict muted' }, run.flowStopped ? 'A real flow stops here.' : 'A real flow goes on: this type\u2019s errors are only logged.')],
    h('details', { class: 'run-input' }, h('summary', {}, 'Data the first hook received'), jsonBlock(run.input, 'Input data')));
}

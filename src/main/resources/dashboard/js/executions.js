// The recent executions of a saved hook, from the execution log.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button } from './ui.js';
import { consoleList, requestList, statusBadge } from './run-view.js';

const NONE = 'No executions yet. They appear here once the hook has run in a real sign-in or sign-up.';

export function executionsPanel(hookId) {
  const body = h('div', { class: 'executions-body' });
  const refresh = button('Refresh', () => busy(refresh, load), { className: 'small refresh-executions' });

  async function load() {
    const id = hookId();
    if (!id) {
      fill(body, h('p', { class: 'muted' }, 'Save the hook to see its executions here.'));
      return;
    }
    try {
      const answer = await api.recentExecutions(id);
      const items = Array.isArray(answer) ? answer : answer?.items ?? [];
      fill(body, items.length ? table(items) : h('p', { class: 'muted executions-none' }, NONE));
    } catch (e) {
      // a 404 until the execution log is there
      fill(body, e.status === 404
        ? h('p', { class: 'muted executions-none' }, NONE)
        : h('p', { class: 'message error', role: 'alert' }, `The executions could not be loaded: ${e.message}`));
    }
  }

  const element = h('section', { class: 'executions card', 'aria-labelledby': 'executions-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'executions-title' }, 'Recent executions'), refresh),
    body);
  return { element, load };
}

function table(items) {
  return h('div', { class: 'table-wrap' }, h('table', { class: 'executions-table' },
    h('thead', {}, h('tr', {},
      h('th', {}, 'When'), h('th', {}, 'Status'), h('th', {}, 'Duration'), h('th', {}, 'Flow'), h('th', {}, 'Error'), h('th', {}, 'Console'),
      h('th', {}, 'Requests'))),
    h('tbody', {}, items.map((item) => h('tr', { class: `execution ${item.status}`, dataset: { id: item.id } },
      h('td', {}, timeAgo(item.startedAt)),
      h('td', {}, statusBadge(item.status, item.errorCode)),
      h('td', {}, `${item.durationMs} ms`),
      h('td', {}, h('code', { title: item.flowId }, item.flowId ?? '—')),
      h('td', { class: 'execution-error' }, item.errorMessage ?? '', item.continued ? h('span', { class: 'muted' }, ' (continued)') : ''),
      h('td', {}, item.console?.length
        ? h('details', {}, h('summary', {}, `${item.console.length} ${item.console.length === 1 ? 'line' : 'lines'}`), consoleList(item.console))
        : h('span', { class: 'muted' }, '—')),
      h('td', {}, item.requests?.length
        ? h('details', {}, h('summary', {}, `${item.requests.length} ${item.requests.length === 1 ? 'request' : 'requests'}`),
          requestList(item.requests))
        : h('span', { class: 'muted' }, '—')))))));
}

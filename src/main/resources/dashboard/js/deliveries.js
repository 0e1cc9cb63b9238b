// The deliveries of a saved hook of a type that runs after the fact (the outbox): where each stands, and Retry on dead ones.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button, toast } from './ui.js';

const NONE = 'No deliveries yet. One is written for this hook each time its flow happens, and attempted until it succeeds.';
const BADGES = { delivered: 'ok', dead: 'failed', failed: 'failed', pending: 'pending' };

export function deliveriesPanel({ hookId, afterTheFact }) {
  const body = h('div', { class: 'deliveries-body' });
  const refresh = button('Refresh', () => busy(refresh, load), { className: 'small refresh-deliveries' });
  const element = h('section', { class: 'deliveries card', 'aria-labelledby': 'deliveries-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'deliveries-title' }, 'Deliveries'), refresh),
    h('p', { class: 'muted' }, 'This hook runs after the fact: each run is a delivery, retried with growing waits until it succeeds or runs out of attempts.'),
    body);

  async function load() {
    const id = hookId();
    element.hidden = !id || !afterTheFact();
    if (element.hidden) {
      return;
    }
    try {
      const items = await api.deliveries(id);
      fill(body, items.length ? table(items) : h('p', { class: 'muted deliveries-none' }, NONE));
    } catch (e) {
      fill(body, h('p', { class: 'message error', role: 'alert' }, `The deliveries could not be loaded: ${e.message}`));
    }
  }

  function table(items) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'executions-table deliveries-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'Written'), h('th', {}, 'Status'), h('th', {}, 'Attempts'), h('th', {}, 'Next attempt'), h('th', {}, 'Flow'),
        h('th', {}, 'Last error'), h('th', {}, ''))),
      h('tbody', {}, items.map((item) => h('tr', { class: `delivery ${item.status}`, dataset: { id: item.id } },
        h('td', {}, timeAgo(item.createdAt)),
        h('td', {}, h('span', { class: `badge ${BADGES[item.status]} delivery-status` }, item.status)),
        h('td', {}, String(item.attempts)),
        h('td', {}, item.nextAttemptAt ? timeAgo(item.nextAttemptAt) : '—'),
        h('td', {}, h('code', { title: item.flowId }, item.flowId)),
        h('td', { class: 'execution-error' }, item.lastError ?? ''),
        h('td', {}, item.status === 'dead' ? retryButton(item) : ''))))));
  }

  function retryButton(item) {
    const retry = button('Retry', () => busy(retry, async () => {
      try {
        await api.retryDelivery(item.id);
        toast('Delivery queued again');
      } catch (e) {
        toast(`The delivery could not be retried: ${e.message}`, 'error');
      }
      await load();
    }), { className: 'small retry-delivery' });
    return retry;
  }

  return { element, load };
}

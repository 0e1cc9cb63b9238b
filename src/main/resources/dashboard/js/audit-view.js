// The audit page: every change to the tenant's configuration (hooks, their order and packages, applications, keys),
// newest first, a page at a time.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button, messageArea } from './ui.js';

export const AUDIT_PAGE_SIZE = 25;

export async function auditView() {
  const firstPage = await api.auditEvents({ limit: AUDIT_PAGE_SIZE });
  const message = messageArea();
  const tbody = h('tbody');
  const count = h('span', { class: 'badge count' });
  const older = button('Older changes', () => busy(older, loadOlder), { className: 'older-events' });
  let events = [];

  function add(page) {
    events = events.concat(page);
    tbody.append(...page.map(row));
    if (!events.length) {
      fill(tbody, h('tr', { class: 'empty-row' }, h('td', { colspan: 5 }, 'No changes yet.')));
    }
    count.textContent = `${events.length} ${events.length === 1 ? 'change' : 'changes'} shown`;
    older.hidden = page.length < AUDIT_PAGE_SIZE;
  }

  async function loadOlder() {
    try {
      const last = events[events.length - 1];
      add(await api.auditEvents({ limit: AUDIT_PAGE_SIZE, before: last.at, beforeId: last.id }));
      message.clear();
    } catch (e) {
      message.show('error', `Older changes could not be loaded: ${e.message}`);
    }
  }

  add(firstPage);
  const element = h('div', { class: 'audit-page' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Audit trail'),
      h('p', { class: 'muted' },
        'Who changed what in this tenant: hooks, their order, deploys and rollbacks, packages, applications, API keys '
        + 'and the signing key. "By key" is the id of the API key used, never the key; changes made with the admin key have none.')),
    h('section', { class: 'card type-section' },
      h('header', { class: 'section-head' }, h('div', { class: 'title-line' }, h('h2', {}, 'Changes, newest first'), count)),
      message.element,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'hooks-table audit-table' },
          h('thead', {}, h('tr', {},
            h('th', {}, 'When'), h('th', {}, 'Action'), h('th', {}, 'What'), h('th', {}, 'Hook'), h('th', {}, 'By key'))),
          tbody)),
      h('div', { class: 'section-actions' }, older)));
  return { element };
}

function row(event) {
  return h('tr', { class: 'audit-row', dataset: { id: event.id } },
    h('td', { class: 'updated-cell' }, timeAgo(event.at)),
    h('td', {}, h('code', { class: 'audit-action' }, event.action)),
    h('td', { class: 'audit-summary' }, event.summary),
    h('td', {}, event.hookId
      ? h('a', { class: 'audit-hook', href: `#/hooks/${encodeURIComponent(event.hookId)}` },
        event.hookVersion == null ? 'open' : `version ${event.hookVersion}`)
      : h('span', { class: 'muted' }, '—')),
    h('td', {}, event.keyId ? h('code', { class: 'audit-key' }, event.keyId) : h('span', { class: 'muted' }, 'admin')));
}

// A saved hook's deployed versions: who deployed what and when, a side-by-side diff between any two of them (or the
// draft), and a rollback that deploys an old version again as a new one.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button, confirmDialog, toast } from './ui.js';
import { diffEditor } from './monaco.js';

const DRAFT = 'draft';
const DIGEST_SHOWN = 12;

/** hook(): the hook as stored (null while it is new); draft(): the code in the editor; onRolledBack(hook) after a rollback. */
export function historyPanel({ monaco, hook, draft, onRolledBack }) {
  const body = h('div', { class: 'history-body' });
  const refresh = button('Refresh', () => busy(refresh, load), { className: 'small refresh-history' });
  const fromSelect = h('select', { id: 'diff-from', class: 'diff-from' });
  const toSelect = h('select', { id: 'diff-to', class: 'diff-to' });
  const compareButton = button('Show diff', () => busy(compareButton, compare), { className: 'small show-diff' });
  const caption = h('p', { class: 'muted diff-caption', hidden: true });
  const diffHost = h('div', { class: 'diff-editor', hidden: true });
  const compareRow = h('div', { class: 'compare-row', hidden: true },
    h('label', { for: 'diff-from' }, 'Compare'), fromSelect, h('label', { for: 'diff-to' }, 'with'), toSelect, compareButton);
  const sources = new Map(); // version number -> source; versions never change
  let versions = [];
  let diff = null;

  async function load() {
    const stored = hook();
    if (!stored) {
      fill(body, h('p', { class: 'muted' }, 'Save and deploy the hook to start its history.'));
      compareRow.hidden = true;
      return;
    }
    try {
      versions = await api.hookVersions(stored.id);
    } catch (e) {
      fill(body, h('p', { class: 'message error', role: 'alert' }, `The history could not be loaded: ${e.message}`));
      return;
    }
    fill(body, versions.length
      ? table(stored)
      : h('p', { class: 'muted history-none' }, 'Not deployed yet: real sign-ins skip this hook until its first deploy.'));
    fillChoices(stored);
  }

  function table(stored) {
    return h('div', { class: 'table-wrap' }, h('table', { class: 'versions-table' },
      h('thead', {}, h('tr', {},
        h('th', {}, 'Version'), h('th', {}, 'Deployed'), h('th', {}, 'By key'), h('th', {}, 'Note'), h('th', {}, 'Packages'),
        h('th', {}, 'Source digest'),
        h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
      h('tbody', {}, versions.map((version) => {
        const live = version.number === stored.deployedVersion;
        return h('tr', { class: live ? 'version-row is-live' : 'version-row', dataset: { number: version.number } },
          h('td', { class: 'version-number' }, `#${version.number}`, live ? h('span', { class: 'badge ok live-badge' }, 'live') : null),
          h('td', {}, timeAgo(version.deployedAt)),
          h('td', {}, version.deployedBy ? h('code', { class: 'deployed-by' }, version.deployedBy) : h('span', { class: 'muted' }, '—')),
          h('td', { class: 'version-note' }, version.note || h('span', { class: 'muted' }, '—')),
          h('td', { class: 'version-packages' }, packagesOf(version)),
          h('td', {}, h('code', { class: 'digest', title: `SHA-256 ${version.sourceDigest}` }, version.sourceDigest.slice(0, DIGEST_SHOWN))),
          h('td', {}, live ? null : rollbackButton(stored, version)));
      }))));
  }

  function packagesOf(version) {
    const entries = Object.entries(version.packages ?? {});
    return entries.length
      ? entries.map(([name, exact]) => h('code', { class: 'package-version' }, `${name}@${exact}`, ' '))
      : h('span', { class: 'muted' }, version.packages ? 'none' : '—');
  }

  function rollbackButton(stored, version) {
    const rollback = button('Roll back', () => busy(rollback, () => rollBack(stored, version)),
      { kind: 'danger-quiet', className: 'small rollback', 'aria-label': `Roll back to version ${version.number}` });
    return rollback;
  }

  async function rollBack(stored, version) {
    const confirmed = await confirmDialog({
      title: `Roll back to version ${version.number}?`,
      message: `Real sign-ins run version ${version.number}'s code from now on. It is deployed again as a new version, so `
        + 'the history keeps every version.',
      confirm: 'Roll back',
    });
    if (!confirmed) {
      return;
    }
    try {
      const rolledBack = await api.redeployVersion(stored.id, version.number);
      toast(`Rolled back to version ${version.number} (deployed as version ${rolledBack.deployedVersion})`);
      onRolledBack(rolledBack);
      await load();
    } catch (e) {
      toast(`Not rolled back: ${e.message}`, 'error');
    }
  }

  function fillChoices(stored) {
    const options = (selected) => [
      ...versions.map((version) => h('option', { value: version.number, selected: String(version.number) === selected }, `Version ${version.number}`)),
      h('option', { value: DRAFT, selected: selected === DRAFT }, 'Draft (the editor)'),
    ];
    const newest = versions[0] ? String(versions[0].number) : DRAFT;
    const previous = versions[1] ? String(versions[1].number) : newest;
    const fromValue = fromSelect.value || (stored.draftChanged ? newest : previous);
    const toValue = toSelect.value || (stored.draftChanged ? DRAFT : newest);
    fill(fromSelect, options(fromValue));
    fill(toSelect, options(toValue));
    compareRow.hidden = versions.length === 0;
  }

  async function sourceOf(choice) {
    if (choice === DRAFT) {
      return draft();
    }
    const number = Number(choice);
    if (!sources.has(number)) {
      sources.set(number, (await api.hookVersion(hook().id, number)).source);
    }
    return sources.get(number);
  }

  const label = (choice) => (choice === DRAFT ? 'the draft' : `version ${choice}`);

  async function compare() {
    const [original, modified] = await Promise.all([sourceOf(fromSelect.value), sourceOf(toSelect.value)]);
    diffHost.hidden = false;
    diff ??= diffEditor(monaco, diffHost);
    diff.show(original, modified);
    caption.hidden = false;
    caption.textContent = original === modified
      ? `${label(fromSelect.value)} and ${label(toSelect.value)} have the same code.`
      : `Left: ${label(fromSelect.value)}. Right: ${label(toSelect.value)}.`;
  }

  const element = h('section', { class: 'history card', 'aria-labelledby': 'history-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'history-title' }, 'History'), refresh),
    body, compareRow, caption, diffHost);
  return { element, load, dispose: () => diff?.dispose() };
}

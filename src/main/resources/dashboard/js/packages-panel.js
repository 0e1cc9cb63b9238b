// The Packages panel beside the editor: search the npm registry (through hookbox), add a package with its install
// log shown as it happens, the installed packages with an update mark, Update and Remove. Packages are part of the hook: each change
// gives it a new version, which onChange(version) hands to the editor.
import { h, fill } from './dom.js';
import * as api from './api.js';
import { busy, button, toast } from './ui.js';

export function packagesPanel({ hookId, onChange }) {
  const searchInput = h('input', { type: 'search', id: 'package-search', placeholder: 'Search npm packages', autocomplete: 'off',
    'aria-label': 'Search npm packages' });
  const results = h('ul', { class: 'package-results' });
  const log = h('pre', { class: 'package-log', hidden: true, 'aria-live': 'polite' });
  const installed = h('div', { class: 'installed-packages' });
  let current = [];
  const searchForm = h('form', { class: 'package-search', onSubmit: (event) => { event.preventDefault(); search(); } },
    searchInput, h('button', { type: 'submit', class: 'button small' }, 'Search'));

  function showLog(lines, failed = false) {
    log.hidden = false;
    log.classList.toggle('failed', failed);
    log.textContent = lines.join('\n');
  }

  async function search() {
    const q = searchInput.value.trim();
    if (!q) {
      return;
    }
    fill(results, h('li', { class: 'muted' }, 'Searching\u2026'));
    try {
      const found = await api.searchPackages(q);
      fill(results, found.length ? found.map(resultRow) : h('li', { class: 'muted' }, `No package matches \u201c${q}\u201d.`));
    } catch (e) {
      fill(results, h('li', { class: 'message error', role: 'alert' }, e.message));
    }
  }

  function resultRow(pkg) {
    const add = button('Add', () => busy(add, () => install(pkg.name)), { className: 'small add-package' });
    return h('li', { class: 'package-result', dataset: { name: pkg.name } },
      h('div', {}, h('strong', {}, pkg.name), ' ', h('span', { class: 'muted' }, pkg.version),
        h('p', { class: 'muted package-description' }, pkg.description ?? '')),
      add);
  }

  async function install(name, range) {
    const id = hookId();
    const lines = [`installing ${name}${range ? `@${range}` : ''}\u2026`];
    showLog(lines);
    try {
      const answer = await api.putPackage(id, name, range, (line) => {
        lines.push(line);
        showLog(lines);
      });
      showLog(answer.log);
      toast(`Added ${answer.package.name}@${answer.package.version}`);
      onChange(answer.hookVersion);
      await load();
    } catch (e) {
      showLog([...lines, `${e.code}: ${e.message}`], true);
    }
  }

  async function remove(name) {
    try {
      await api.removePackage(hookId(), name);
      toast(`Removed ${name}`);
      onChange(null);
      await load();
    } catch (e) {
      showLog([`${e.code}: ${e.message}`], true);
    }
  }

  function installedRow(pkg) {
    const update = button('Update', () => busy(update, () => install(pkg.name, `^${pkg.latest}`)), { className: 'small update-package' });
    const removeButton = button('Remove', () => busy(removeButton, () => remove(pkg.name)), { kind: 'danger-quiet', className: 'small remove-package' });
    return h('li', { class: 'installed-package', dataset: { name: pkg.name } },
      h('span', {}, h('strong', {}, pkg.name), ' ', h('span', { class: 'package-version' }, pkg.version ?? pkg.range)),
      pkg.outdated ? h('span', { class: 'badge update-available', title: `${pkg.latest} is available` }, `update available: ${pkg.latest}`) : null,
      h('span', { class: 'package-actions' }, pkg.outdated ? update : null, removeButton));
  }

  async function load() {
    const id = hookId();
    searchForm.hidden = !id;
    if (!id) {
      current = [];
      fill(installed, h('p', { class: 'muted' }, 'Save the hook to add packages to it.'));
      return;
    }
    try {
      const list = await api.hookPackages(id);
      current = list;
      fill(installed, list.length ? h('ul', { class: 'installed-list' }, list.map(installedRow))
        : h('p', { class: 'muted packages-none' }, 'No packages yet. Search npm and add one, then require it in the code.'));
    } catch (e) {
      fill(installed, h('p', { class: 'message error', role: 'alert' }, `The packages could not be loaded: ${e.message}`));
    }
  }

  const element = h('section', { class: 'packages card', 'aria-labelledby': 'packages-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'packages-title' }, 'Packages')),
    installed, searchForm, results, log);
  // The exact versions installed, so a test run of unsaved code uses what the hook has.
  const versions = () => Object.fromEntries(current.map((pkg) => [pkg.name, pkg.version ?? pkg.range]));
  return { element, load, versions };
}

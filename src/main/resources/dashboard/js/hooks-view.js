// The hooks page: one section per hook type, its hooks in execution order. Rows are reordered by drag and drop
// or with the move buttons; each new order is saved at once, and put back if the save fails.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { SORTABLE_MODULE } from './vendor.js';
import { busy, button, messageArea, toast } from './ui.js';
import { pipelineRunView } from './run-view.js';

export async function hooksView({ types }) {
  const [hooks, { default: Sortable }] = await Promise.all([api.listHooks(), import(SORTABLE_MODULE)]);
  const sections = types.map((type) => typeSection(type, hooks.filter((hook) => hook.type === type.id), Sortable));
  const element = h('div', { class: 'hooks-page' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Hooks'),
      h('p', { class: 'muted' },
        'Each section is a point of the flows: sign-up, sign-in, machine tokens and user changes. Its enabled hooks run from top to bottom, each '
        + 'receiving the data the one before returned. Drag a row by its handle, or use its arrows, to change the order.')),
    sections.map((section) => section.element));
  return { element, dispose: () => sections.forEach((section) => section.dispose()) };
}

function orderError(e) {
  if (e.code === 'order_mismatch') {
    return 'the hooks of this type were changed elsewhere (in another tab or through the API). Reload the list and try again.';
  }
  return e.message;
}

function typeSection(type, initialHooks, Sortable) {
  let hooks = initialHooks;
  let saving = false; // no other reorder starts while one is being saved
  const message = messageArea();
  const tbody = h('tbody');
  const pipelineOutput = h('div', { class: 'pipeline-output' });
  const runAll = button('Run all hooks of this type', () => busy(runAll, () => runPipeline()), { className: 'run-all' });
  const count = h('span', { class: 'badge count' });

  const element = h('section', { class: 'type-section card', dataset: { type: type.id }, 'aria-labelledby': `type-${type.id}` },
    h('header', { class: 'section-head' },
      h('div', { class: 'section-title' },
        h('div', { class: 'title-line' },
          h('h2', { id: `type-${type.id}` }, type.title, ' ', h('code', { class: 'type-id' }, type.id)),
          count),
        h('p', { class: 'muted type-description' }, type.description),
        h('p', { class: 'type-facts' }, type.canBlock
          ? h('span', { class: 'tag blocks' }, 'An error stops the flow')
          : h('span', { class: 'tag' }, 'Errors are logged only'))),
      h('div', { class: 'section-actions' },
        h('a', { class: 'button primary new-hook', href: `#/hooks/new/${type.id}` }, 'New hook'),
        h('a', { class: 'button quiet new-url-hook', href: `#/hooks/new-url/${type.id}` }, 'New URL hook'),
        runAll)),
    message.element,
    h('div', { class: 'table-wrap' },
      h('table', { class: 'hooks-table' },
        h('thead', {}, h('tr', {},
          h('th', { class: 'drag-cell' }, h('span', { class: 'visually-hidden' }, 'Drag handle')),
          h('th', { class: 'name-cell' }, 'Name'),
          h('th', { class: 'description-cell' }, 'Description'),
          h('th', { class: 'enabled-cell' }, 'Enabled'),
          h('th', { class: 'updated-cell' }, 'Last update'),
          h('th', { class: 'order-cell' }, 'Order'))),
        tbody)),
    pipelineOutput);

  function render(focus) {
    count.textContent = `${hooks.length} ${hooks.length === 1 ? 'hook' : 'hooks'}`;
    fill(tbody, hooks.length
      ? hooks.map(row)
      : h('tr', { class: 'empty-row' }, h('td', { colspan: 6 }, `No ${type.title.toLowerCase()} hooks yet.`)));
    if (focus) {
      const moved = tbody.querySelector(`tr[data-id="${CSS.escape(focus.id)}"]`);
      const target = moved?.querySelector(`.move-${focus.direction}:not(:disabled)`) ?? moved?.querySelector('.move-up:not(:disabled), .move-down:not(:disabled)');
      target?.focus();
    }
  }

  function row(hook, index) {
    return h('tr', { dataset: { id: hook.id }, class: hook.enabled ? 'hook-row' : 'hook-row is-disabled' },
      h('td', { class: 'drag-cell' }, h('span', { class: 'drag-handle', title: 'Drag to change the order', 'aria-hidden': 'true' }, '⠿')),
      h('td', { class: 'name-cell' }, h('a', { class: 'hook-name', href: `#/hooks/${encodeURIComponent(hook.id)}` }, hook.name),
        hook.kind === 'url' ? h('span', { class: 'badge url-kind', title: hook.url }, 'URL') : null,
        hook.stoppedAt && hook.kind === 'url' ? h('span', { class: 'badge failed hook-stopped' }, hook.stoppedReason) : null,
        hook.stoppedAt && hook.kind !== 'url' ? h('span', { class: 'badge failed hook-stopped', title: 'Its real-flow runs go to the confined lane, one at a time, until it runs cleanly' },
          `stopped: got its worker killed at ${new Date(hook.stoppedAt).toLocaleString()} by ${hook.stoppedReason}`) : null,
        deployBadge(hook)),
      h('td', { class: 'description-cell' }, hook.description || h('span', { class: 'muted' }, '—'),
        hook.onError !== type.defaultOnError && h('span', { class: 'on-error-badge', title: `On error: ${hook.onError}` },
          hook.onError === 'continue' ? 'continues on error' : 'stops the chain on error')),
      h('td', { class: 'enabled-cell' }, enabledSwitch(hook)),
      h('td', { class: 'updated-cell' }, timeAgo(hook.updatedAt)),
      h('td', { class: 'order-cell' }, moveButton(hook, index, 'up'), moveButton(hook, index, 'down')));
  }

  /** Whether real sign-ins run what the editor shows: nothing when they do. */
  function deployBadge(hook) {
    if (hook.kind === 'url') {
      return null;
    }
    if (hook.deployedVersion == null) {
      return h('span', { class: 'badge failed hook-deploy-badge', title: 'Real sign-ins skip this hook until it is deployed' }, 'not deployed');
    }
    return hook.draftChanged
      ? h('span', { class: 'badge draft-changed hook-deploy-badge', title: `Real sign-ins run version ${hook.deployedVersion}` }, 'draft not deployed')
      : null;
  }

  function moveButton(hook, index, direction) {
    const target = direction === 'up' ? index - 1 : index + 1;
    return h('button', {
      type: 'button', class: `icon-button move-${direction}`, 'aria-label': `Move ${hook.name} ${direction}`,
      title: `Move ${direction}`, disabled: saving || target < 0 || target >= hooks.length,
      onClick: () => {
        const ids = hooks.map((each) => each.id);
        ids.splice(target, 0, ...ids.splice(index, 1));
        saveOrder(ids, { id: hook.id, direction });
      },
    }, direction === 'up' ? '↑' : '↓');
  }

  function enabledSwitch(hook) {
    const input = h('input', {
      type: 'checkbox', role: 'switch', class: 'enabled-toggle', checked: hook.enabled, 'aria-label': `${hook.name} enabled`,
      onChange: () => setEnabled(hook, input),
    });
    return h('label', { class: 'switch' }, input, h('span', { class: 'switch-track', 'aria-hidden': 'true' }));
  }

  async function setEnabled(hook, input) {
    const enabled = input.checked;
    input.disabled = true;
    try {
      const updated = await api.patchHook(hook.id, { enabled, version: hook.version });
      hooks = hooks.map((each) => (each.id === updated.id ? updated : each));
      message.clear();
      render();
      toast(`${updated.name} is ${updated.enabled ? 'enabled' : 'disabled'}`);
    } catch (e) {
      input.checked = hook.enabled;
      input.disabled = false;
      message.show('error', e.code === 'version_conflict'
        ? `${hook.name} was changed elsewhere since this list was loaded; the list is reloaded, try again.`
        : `${hook.name} could not be ${enabled ? 'enabled' : 'disabled'}: ${e.message}`);
      if (e.code === 'version_conflict') {
        await reload();
      }
    }
  }

  /** Saves a new order at once; if the save fails, the rows go back where they were and the message says why. */
  async function saveOrder(ids, focus) {
    const previous = hooks;
    hooks = ids.map((id) => previous.find((hook) => hook.id === id));
    setSaving(true);
    render();
    try {
      hooks = await api.reorderHooks(type.id, ids);
      message.clear();
      toast('New order saved');
    } catch (e) {
      hooks = previous;
      message.show('error', `The new order was not saved: ${orderError(e)} The previous order is back.`,
        button('Reload list', reload));
    } finally {
      setSaving(false);
      render(focus);
    }
  }

  function setSaving(value) {
    saving = value;
    sortable.option('disabled', value);
    if (value) {
      element.setAttribute('aria-busy', 'true');
    } else {
      element.removeAttribute('aria-busy');
    }
  }

  async function reload() {
    try {
      hooks = await api.listHooks(type.id);
      render();
    } catch (e) {
      message.show('error', `The list could not be reloaded: ${e.message}`);
    }
  }

  async function runPipeline(seed) {
    try {
      const run = await api.runPipeline(type.id, { seed });
      showPipeline(run);
    } catch (e) {
      if (e.body?.steps) {
        showPipeline(e.body);
      } else {
        message.show('error', `The test run failed: ${e.message}`);
      }
    }
  }

  function showPipeline(run) {
    fill(pipelineOutput, h('div', { class: 'pipeline-panel' },
      h('div', { class: 'panel-head' },
        h('h3', {}, `Test run of the enabled ${type.title.toLowerCase()} hooks, in order`),
        button('Close', () => fill(pipelineOutput), { className: 'small' })),
      pipelineRunView(run, { onRerun: (seed) => busy(runAll, () => runPipeline(seed)) })));
  }

  const sortable = Sortable.create(tbody, {
    handle: '.drag-handle',
    draggable: 'tr.hook-row',
    forceFallback: true,
    animation: 150,
    ghostClass: 'drag-ghost',
    chosenClass: 'drag-chosen',
    fallbackClass: 'drag-fallback',
    onEnd: (event) => {
      if (event.oldIndex !== event.newIndex) {
        saveOrder([...tbody.querySelectorAll('tr.hook-row')].map((tr) => tr.dataset.id));
      }
    },
  });

  render();
  return { element, dispose: () => sortable.destroy() };
}

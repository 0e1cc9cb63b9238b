// A URL hook: hookbox calls the tenant's endpoint instead of running code. Its fields (url, static headers, async),
// its signing secret shown once after creation or rotation with a copy button, a test call, and its deliveries and
// executions. Header values are write-only: the page shows their names, and a new set replaces them all.
import { h, fill } from './dom.js';
import * as api from './api.js';
import { busy, button, confirmDialog, messageArea, toast } from './ui.js';
import { executionsPanel } from './executions.js';
import { deliveriesPanel } from './deliveries.js';

/** hook: the stored URL hook to edit, or typeId for a new one. */
export function urlHookView({ types, hook: stored, typeId, navigate, replaceLocation }) {
  const typeById = (wanted) => types.find((type) => type.id === wanted);
  if (!stored && !typeById(typeId)) {
    throw new api.ApiError(404, { error: 'unknown_hook_type', message: `There is no hook type '${typeId}'.` });
  }
  let hook = stored;
  const message = messageArea('url-hook-message');
  const title = h('h1', { class: 'editor-title' });
  const nameInput = h('input', { id: 'url-hook-name', type: 'text', maxlength: 100, required: true, autocomplete: 'off' });
  const descriptionInput = h('input', { id: 'url-hook-description', type: 'text', maxlength: 1000, autocomplete: 'off' });
  const typeSelect = h('select', { id: 'url-hook-type' },
    types.map((type) => h('option', { value: type.id }, `${type.title} (${type.id})`)));
  const urlInput = h('input', { id: 'url-hook-url', type: 'url', maxlength: 2048, required: true, autocomplete: 'off',
    placeholder: 'https://example.com/hookbox' });
  const asyncInput = h('input', { id: 'url-hook-async', type: 'checkbox' });
  const enabledInput = h('input', { id: 'url-hook-enabled', type: 'checkbox', role: 'switch' });
  const onErrorSelect = h('select', { id: 'url-hook-on-error' },
    h('option', { value: 'deny' }, 'Deny: stop the flow'),
    h('option', { value: 'continue' }, 'Continue: log the error and go on'));
  const headerRows = h('div', { class: 'header-rows' });
  const headerNote = h('p', { class: 'muted header-note' });
  const secretBox = h('div', { class: 'signing-secret', hidden: true });
  const saveButton = button('Save', () => busy(saveButton, save), { kind: 'primary', className: 'save-url-hook' });
  const rotateButton = button('Rotate signing secret', () => busy(rotateButton, rotate), { className: 'rotate-secret' });
  const testButton = button('Test call', () => busy(testButton, testCall), { className: 'test-url-hook' });
  const deleteButton = button('Delete', () => remove(), { kind: 'danger-quiet', className: 'delete-hook' });
  const testOutput = h('div', { class: 'url-test-output' });
  let headersTouched = false;

  function addHeaderRow(name = '', value = '') {
    const row = h('div', { class: 'header-row' },
      h('input', { class: 'header-name', type: 'text', placeholder: 'X-Api-Key', value: name, 'aria-label': 'Header name',
        onInput: () => { headersTouched = true; } }),
      h('input', { class: 'header-value', type: 'password', placeholder: 'value', value, 'aria-label': 'Header value',
        autocomplete: 'off', onInput: () => { headersTouched = true; } }),
      button('Remove', () => { row.remove(); headersTouched = true; }, { className: 'small remove-header' }));
    headerRows.append(row);
  }

  const headers = () => Object.fromEntries([...headerRows.querySelectorAll('.header-row')]
    .map((row) => [row.querySelector('.header-name').value.trim(), row.querySelector('.header-value').value])
    .filter(([name]) => name));

  function show() {
    const type = typeById(hook ? hook.type : typeSelect.value);
    title.textContent = hook ? hook.name : `New ${type.title.toLowerCase()} URL hook`;
    nameInput.value = hook?.name ?? nameInput.value;
    descriptionInput.value = hook?.description ?? descriptionInput.value;
    typeSelect.value = hook?.type ?? typeSelect.value;
    urlInput.value = hook?.url ?? urlInput.value;
    enabledInput.checked = hook ? hook.enabled : true;
    onErrorSelect.value = hook?.onError ?? type.defaultOnError;
    showAsync();
    fill(headerNote, hook?.headerNames?.length
      ? `Stored headers: ${hook.headerNames.join(', ')} (values are never shown). Headers entered here replace them all.`
      : 'Static headers sent with every call, such as an API key. Their values are stored sealed and never shown again.');
    rotateButton.hidden = testButton.hidden = deleteButton.hidden = !hook;
    if (hook?.stoppedReason) {
      message.show('error', `This hook is ${hook.stoppedReason}`);
    }
    document.title = `${title.textContent} \u00b7 hookbox`;
  }

  function showAsync() {
    const canWait = typeById(typeSelect.value).canBlock;
    asyncInput.disabled = !canWait;
    asyncInput.checked = canWait ? Boolean(hook?.async ?? asyncInput.checked) : true;
  }

  function showSecret(secret, what) {
    const value = h('code', { class: 'secret-value' }, secret);
    const copy = button('Copy', async () => {
      await navigator.clipboard.writeText(secret);
      toast('Signing secret copied');
    }, { className: 'small copy-secret' });
    fill(secretBox, h('p', {}, h('strong', {}, what), ' Copy it into your receiver now: it is shown only this once. ',
      'Calls carry webhook-id, webhook-timestamp and webhook-signature as the Standard Webhooks specification says.'),
    h('div', { class: 'secret-line' }, value, copy));
    secretBox.hidden = false;
  }

  async function save() {
    const fields = {
      name: nameInput.value.trim(), description: descriptionInput.value, type: typeSelect.value, url: urlInput.value.trim(),
      enabled: enabledInput.checked, onError: onErrorSelect.value, async: asyncInput.checked,
    };
    try {
      if (hook) {
        hook = await api.patchHook(hook.id, { ...fields, ...(headersTouched ? { headers: headers() } : {}), version: hook.version });
        toast(`Saved ${hook.name}`);
      } else {
        const created = await api.createHook({ kind: 'url', ...fields, headers: headers() });
        const { signingSecret, ...rest } = created;
        hook = rest;
        replaceLocation(`#/hooks/${encodeURIComponent(hook.id)}`);
        showSecret(signingSecret, 'This hook\u2019s signing secret:');
      }
      headersTouched = false;
      fill(headerRows);
      message.clear();
      show();
      executions.load();
      deliveries.load();
    } catch (e) {
      message.show('error', `Not saved: ${e.message}`);
      ({ url: urlInput, name: nameInput, headers: headerRows.querySelector('input') })[e.details?.field]?.focus();
    }
  }

  async function rotate() {
    const confirmed = await confirmDialog({
      title: 'Rotate the signing secret?',
      message: 'A new secret is made. For 24 hours calls are signed with both the new and the current one, so your receiver can switch over.',
      confirm: 'Rotate', danger: false,
    });
    if (!confirmed) {
      return;
    }
    try {
      const rotated = await api.rotateSigningSecret(hook.id);
      showSecret(rotated.signingSecret, 'The new signing secret:');
    } catch (e) {
      message.show('error', `Not rotated: ${e.message}`);
    }
  }

  async function testCall() {
    try {
      const run = await api.runStoredHook(hook.id);
      const request = run.requests?.[0];
      fill(testOutput, h('p', { class: `badge ${run.status === 'success' ? 'ok' : 'failed'} url-test-status` },
        run.status === 'success' ? `Answered ${request?.status ?? ''} in ${run.durationMs} ms` : `${run.error.code}: ${run.error.message}`));
    } catch (e) {
      fill(testOutput, h('p', { class: 'message error' }, `The test call failed: ${e.message}`));
    }
    executions.load();
  }

  async function remove() {
    if (!(await confirmDialog({ title: `Delete \u201c${hook.name}\u201d?`, message: 'The hook stops being called at once.', confirm: 'Delete hook' }))) {
      return;
    }
    await busy(deleteButton, () => api.deleteHook(hook.id));
    toast(`Deleted ${hook.name}`);
    navigate('#/hooks');
  }

  const executions = executionsPanel(() => hook?.id ?? null);
  const deliveries = deliveriesPanel({ hookId: () => hook?.id ?? null, afterTheFact: () => Boolean(hook?.async) });
  typeSelect.addEventListener('change', () => { showAsync(); onErrorSelect.value = typeById(typeSelect.value).defaultOnError; });

  const element = h('div', { class: 'editor-page url-hook-page' },
    h('div', { class: 'editor-head' },
      h('div', { class: 'editor-heading' }, h('a', { class: 'back-link', href: '#/hooks' }, '\u2190 All hooks'),
        h('div', { class: 'title-row' }, title, h('span', { class: 'badge url-kind' }, 'URL hook'))),
      h('div', { class: 'editor-actions' }, deleteButton, testButton, rotateButton, saveButton)),
    message.element,
    secretBox,
    h('form', { id: 'url-hook-form', class: 'hook-fields', onSubmit: (event) => { event.preventDefault(); busy(saveButton, save); } },
      h('div', { class: 'field name-field' }, h('label', { for: 'url-hook-name' }, 'Name'), nameInput),
      h('div', { class: 'field description-field' }, h('label', { for: 'url-hook-description' }, 'Description'), descriptionInput),
      h('div', { class: 'field type-field' }, h('label', { for: 'url-hook-type' }, 'Type'), typeSelect),
      h('div', { class: 'field on-error-field' }, h('label', { for: 'url-hook-on-error' }, 'On error'), onErrorSelect),
      h('div', { class: 'field url-field' }, h('label', { for: 'url-hook-url' }, 'Endpoint URL'), urlInput),
      h('div', { class: 'field async-field' }, h('label', { for: 'url-hook-async' }, asyncInput,
        ' Async: deliver after the flow, through the outbox (always, for types that run after the fact)')),
      h('div', { class: 'field enabled-field' }, h('label', { for: 'url-hook-enabled' }, enabledInput, ' Enabled'))),
    h('section', { class: 'card headers-panel', 'aria-label': 'Headers' }, h('h2', {}, 'Headers'), headerNote, headerRows,
      button('Add header', () => addHeaderRow(), { className: 'small add-header' })),
    testOutput,
    deliveries.element,
    executions.element);

  typeSelect.value = hook?.type ?? typeId;
  show();
  executions.load();
  deliveries.load();
  return {
    element,
    hasUnsavedChanges: () => false,
    focus: () => (hook ? urlInput.focus() : nameInput.focus()),
    dispose: () => {},
  };
}

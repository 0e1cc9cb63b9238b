// The hook editor: the hook's fields, its code in Monaco, the test-run panel, its deployed versions and the recent
// executions. Save keeps a draft that real sign-ins do not run; Deploy makes the draft the version they run.
// Unsaved edits are tracked against the stored hook, so leaving never loses them silently.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button, confirmDialog, messageArea, toast } from './ui.js';
import { clearProblems, codeEditor, loadMonaco, markProblem, useHookDeclarations, warnTypeErrors } from './monaco.js';
import { hookTemplate } from './templates.js';
import { runPanel } from './run-panel.js';
import { executionsPanel } from './executions.js';
import { deliveriesPanel } from './deliveries.js';
import { packagesPanel } from './packages-panel.js';
import { historyPanel } from './history-panel.js';
import { secretsPanel } from './secrets-panel.js';

const SAVE_MARKERS = 'hookbox-save';
const FIELDS = ['name', 'description', 'type', 'enabled', 'onError', 'content'];

const fieldsOf = (hook) => Object.fromEntries(FIELDS.map((field) => [field, hook[field]]));

/** id: the hook to edit, or typeId for a new hook; replaceLocation(hash) changes the address without leaving. */
export async function editorView({ types, id, typeId, navigate, replaceLocation }) {
  const [monaco, stored, gallery] = await Promise.all([loadMonaco(), id ? api.getHook(id) : null, id ? [] : api.templates()]);
  const typeById = (wanted) => types.find((type) => type.id === wanted);
  if (!stored && !typeById(typeId)) {
    throw new api.ApiError(404, { error: 'unknown_hook_type', message: `There is no hook type '${typeId}'.` });
  }
  let hook = stored;
  let baseline = hook ? fieldsOf(hook)
    : { name: '', description: '', type: typeId, enabled: true, onError: typeById(typeId).defaultOnError, content: hookTemplate(typeById(typeId)) };

  let lastType = baseline.type;
  const message = messageArea('editor-message');
  const title = h('h1', { class: 'editor-title' });
  const meta = h('p', { class: 'muted editor-meta' });
  const dirtyFlag = h('span', { class: 'dirty-flag', hidden: true }, 'Unsaved changes');
  const nameInput = h('input', { id: 'hook-name', name: 'name', type: 'text', maxlength: 100, required: true, autocomplete: 'off' });
  const descriptionInput = h('input', { id: 'hook-description', name: 'description', type: 'text', maxlength: 1000, autocomplete: 'off' });
  const typeSelect = h('select', { id: 'hook-type', name: 'type' },
    types.map((type) => h('option', { value: type.id }, `${type.title} (${type.id})`)));
  const enabledInput = h('input', { id: 'hook-enabled', name: 'enabled', type: 'checkbox', role: 'switch' });
  const onErrorSelect = h('select', { id: 'hook-on-error', name: 'onError' },
    h('option', { value: 'deny' }, 'Deny: stop the flow'),
    h('option', { value: 'continue' }, 'Continue: log the error and go on'));
  const deployState = h('span', { class: 'badge deploy-state' });
  const saveButton = h('button', { type: 'submit', form: 'hook-form', class: 'button save-hook', title: 'Save the draft (Ctrl+S); real sign-ins keep running the deployed version' }, 'Save draft');
  const noteInput = h('input', { id: 'deploy-note', class: 'deploy-note', type: 'text', maxlength: 500, autocomplete: 'off',
    placeholder: 'Deploy note (optional)', 'aria-label': 'Deploy note (optional)' });
  const deployButton = button('Deploy', () => busy(deployButton, deploy),
    { kind: 'primary', className: 'deploy-hook', title: 'Save and make this code the version real sign-ins run' });
  const deleteButton = button('Delete', () => remove(), { kind: 'danger-quiet', className: 'delete-hook' });
  const codeHost = h('div', { class: 'code-editor', id: 'code-editor' });
  useHookDeclarations(monaco, typeById(baseline.type));
  const code = codeEditor(monaco, codeHost, baseline.content);
  const typeWarnings = warnTypeErrors(monaco, code);
  const templatePicker = h('select', { id: 'hook-template', name: 'template', onChange: () => startFrom(templatePicker.value) });
  const templateField = h('div', { class: 'field template-field' },
    h('label', { for: 'hook-template' }, 'Start from a template'), templatePicker);

  const current = () => ({
    name: nameInput.value.trim(),
    description: descriptionInput.value,
    type: typeSelect.value,
    enabled: enabledInput.checked,
    onError: onErrorSelect.value,
    content: code.getValue(),
  });
  const changedFields = () => {
    const now = current();
    return Object.fromEntries(FIELDS.filter((field) => now[field] !== baseline[field]).map((field) => [field, now[field]]));
  };
  const hasUnsavedChanges = () => Object.keys(changedFields()).length > 0;

  function showFields(fields) {
    nameInput.value = fields.name;
    descriptionInput.value = fields.description;
    typeSelect.value = fields.type;
    enabledInput.checked = fields.enabled;
    onErrorSelect.value = fields.onError;
    if (code.getValue() !== fields.content) {
      code.setValue(fields.content);
    }
  }

  function showHeader() {
    const type = typeById(hook ? hook.type : typeSelect.value);
    title.textContent = hook ? hook.name : `New ${type.title.toLowerCase()} hook`;
    fill(meta, hook
      ? [`${type.title} hook · version ${hook.version} · updated `, timeAgo(hook.updatedAt)]
      : 'Not saved yet.');
    deleteButton.hidden = !hook;
    showDeployState();
    document.title = `${title.textContent} \u00b7 hookbox`;
  }

  function showDeployState() {
    deployState.hidden = !hook;
    if (!hook) {
      return;
    }
    const [kind, text] = hook.deployedVersion == null
      ? ['failed not-deployed', 'Not deployed: real sign-ins skip this hook']
      : hook.draftChanged
        ? ['draft-changed', `Draft differs from deployed version ${hook.deployedVersion}`]
        : ['ok', `Deployed: version ${hook.deployedVersion}`];
    deployState.className = `badge deploy-state ${kind}`;
    deployState.textContent = text;
  }

  function updateDirty() {
    const dirty = hasUnsavedChanges();
    dirtyFlag.hidden = !dirty;
    element.classList.toggle('is-dirty', dirty);
  }

  function reveal(line) {
    code.revealLineInCenter(line);
    code.setPosition({ lineNumber: line, column: 1 });
    code.focus();
  }

  /** Saves the draft; resolves true when the hook is stored as the editor shows it. */
  async function save() {
    if (!nameInput.value.trim()) {
      message.show('error', 'Give the hook a name before saving.');
      nameInput.focus();
      return false;
    }
    const changes = changedFields();
    if (hook && Object.keys(changes).length === 0) {
      toast('Nothing to save');
      return true;
    }
    clearProblems(monaco, code, SAVE_MARKERS);
    try {
      if (hook) {
        hook = await api.patchHook(hook.id, { ...changes, version: hook.version, draft: true });
      } else {
        hook = await api.createHook({ ...current(), draft: true });
        replaceLocation(`#/hooks/${encodeURIComponent(hook.id)}`);
        executions.load();
      }
      deliveries.load();
      baseline = fieldsOf(hook);
      message.clear();
      templateField.hidden = true;
      showHeader();
      updateDirty();
      packages.load();
      history.load();
      secrets.load();
      if (hook.warnings?.length) {
        message.show('info', hook.warnings.join(' '));
      }
      toast(`Saved the draft of ${hook.name}`);
      return true;
    } catch (e) {
      explainSaveError(e);
      return false;
    }
  }

  /** Saves what is unsaved, then deploys the draft with the note given. */
  async function deploy() {
    if ((!hook || hasUnsavedChanges()) && !(await save())) {
      return;
    }
    clearProblems(monaco, code, SAVE_MARKERS);
    try {
      hook = await api.deployHook(hook.id, { note: noteInput.value.trim(), version: hook.version });
      baseline = fieldsOf(hook);
      noteInput.value = '';
      message.clear();
      showHeader();
      updateDirty();
      history.load();
      toast(`Deployed version ${hook.deployedVersion} of ${hook.name}`);
    } catch (e) {
      explainSaveError(e, 'Not deployed');
    }
  }

  /** After a rollback: the hook as it is now; edits not saved yet stay in the editor. */
  function rolledBack(changed) {
    const keepEdits = hasUnsavedChanges();
    hook = changed;
    baseline = fieldsOf(changed);
    if (!keepEdits) {
      showFields(baseline);
    }
    showHeader();
    updateDirty();
  }

  function explainSaveError(e, failed = 'Not saved') {
    const details = e.details ?? {};
    if (e.code === 'invalid_hook_content') {
      const where = details.line == null ? '' : ` at line ${details.line}${details.column == null ? '' : `, column ${details.column}`}`;
      if (details.line != null) {
        markProblem(monaco, code, SAVE_MARKERS, { line: details.line, column: details.column, message: `${details.code}: ${details.message}` });
      }
      message.show('error', `${failed}: ${details.code}${where}: ${details.message}`,
        details.line != null && button(`Show line ${details.line}`, () => reveal(details.line), { className: 'small' }));
    } else if (e.code === 'version_conflict' && details.current) {
      const theirs = details.current;
      message.show('error',
        `${failed}: this hook was changed elsewhere (in another tab or through the API) since you opened it. It is now at `
        + `version ${theirs.version}; your edits were based on version ${hook.version} and are still here.`,
        button('Overwrite with my version', () => overwrite(theirs), { kind: 'danger', className: 'small overwrite' }),
        button('Discard my edits and load theirs', () => loadTheirs(theirs), { className: 'small load-theirs' }));
    } else if (e.code === 'not_found' && hook) {
      message.show('error', `${failed}: this hook was deleted elsewhere. Your code is still here.`,
        button('Save it as a new hook', () => { hook = null; save(); }, { className: 'small' }));
    } else {
      const field = { name: nameInput, description: descriptionInput, type: typeSelect, content: null }[details.field ?? (e.code === 'hook_name_taken' ? 'name' : '')];
      message.show('error', `${failed}: ${e.message}`);
      field?.focus();
    }
  }

  function overwrite(theirs) {
    const mine = current();
    hook = theirs;
    baseline = fieldsOf(theirs);
    showFields(mine);
    save();
  }

  function loadTheirs(theirs) {
    hook = theirs;
    baseline = fieldsOf(theirs);
    showFields(baseline);
    message.clear();
    showHeader();
    updateDirty();
  }

  async function remove() {
    const confirmed = await confirmDialog({
      title: `Delete \u201c${hook.name}\u201d?`,
      message: 'The hook stops running at once and cannot be restored.',
      confirm: 'Delete hook',
    });
    if (!confirmed) {
      return;
    }
    try {
      await busy(deleteButton, () => api.deleteHook(hook.id));
      baseline = current();
      toast(`Deleted ${hook.name}`);
      navigate('#/hooks');
    } catch (e) {
      message.show('error', `Not deleted: ${e.message}`);
    }
  }

  // A new hook may start from a template of its type (GET /api/templates): its code, name and description.
  function showTemplates() {
    const offered = gallery.filter((template) => template.type === typeSelect.value);
    fill(templatePicker, [h('option', { value: '' }, offered.length ? 'Blank hook' : 'No templates for this type'),
      ...offered.map((template) => h('option', { value: template.id, title: template.description },
        `${template.name} (${template.form})`))]);
    templateField.hidden = Boolean(hook) || !offered.length;
  }

  function startFrom(templateId) {
    const template = gallery.find((each) => each.id === templateId);
    code.setValue(template ? template.content : hookTemplate(typeById(typeSelect.value)));
    if (template && !nameInput.value.trim()) {
      nameInput.value = template.name;
    }
    if (template && !descriptionInput.value) {
      descriptionInput.value = template.description;
    }
    updateDirty();
  }

  function changeType() {
    const previous = typeById(baseline.type);
    useHookDeclarations(monaco, typeById(typeSelect.value));
    // a new hook still showing the template of its previous type gets the new type's template
    if (!hook && code.getValue() === hookTemplate(typeById(lastType))) {
      code.setValue(hookTemplate(typeById(typeSelect.value)));
    }
    // a new hook still on its previous type's default failure policy gets the new type's default
    if (!hook && onErrorSelect.value === typeById(lastType).defaultOnError) {
      onErrorSelect.value = typeById(typeSelect.value).defaultOnError;
    }
    lastType = typeSelect.value;
    if (!hook) {
      showTemplates();
      showHeader();
    } else if (typeSelect.value !== previous.id) {
      message.show('info', `Saving moves this hook to the end of the ${typeById(typeSelect.value).title.toLowerCase()} hooks.`);
    } else {
      message.clear();
    }
    updateDirty();
  }

  const run = runPanel({
    monaco,
    code,
    reveal,
    hook: { type: () => typeSelect.value, content: () => code.getValue(), id: () => hook?.id ?? null, packages: () => packages.versions() },
  });
  const executions = executionsPanel(() => hook?.id ?? null);
  const deliveries = deliveriesPanel({
    hookId: () => hook?.id ?? null,
    afterTheFact: () => typeById(hook?.type)?.canBlock === false,
  });
  const history = historyPanel({ monaco, hook: () => hook, draft: () => code.getValue(), onRolledBack: rolledBack });
  // Packages are part of the hook: a change gives it a new version, so a later save is based on that one.
  const packages = packagesPanel({
    hookId: () => hook?.id ?? null,
    onChange: async () => {
      const stored = await api.getHook(hook.id);
      hook = { ...hook, version: stored.version, draftChanged: stored.draftChanged };
      showHeader();
    },
  });

  const secrets = secretsPanel({ hookId: () => hook?.id ?? null });

  code.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS, () => busy(saveButton, save));
  code.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, () => run.run());
  code.onDidChangeModelContent(updateDirty);

  const form = h('form', {
    id: 'hook-form', class: 'hook-fields',
    onSubmit: (event) => { event.preventDefault(); busy(saveButton, save); },
    onInput: updateDirty,
  },
  h('div', { class: 'field name-field' }, h('label', { for: 'hook-name' }, 'Name'), nameInput),
  h('div', { class: 'field description-field' }, h('label', { for: 'hook-description' }, 'Description'), descriptionInput),
  h('div', { class: 'field type-field' }, h('label', { for: 'hook-type' }, 'Type'), typeSelect),
  h('div', { class: 'field on-error-field' }, h('label', { for: 'hook-on-error' }, 'On error'), onErrorSelect),
  templateField,
  h('div', { class: 'field enabled-field' },
    h('label', { for: 'hook-enabled', class: 'switch labelled' }, enabledInput, h('span', { class: 'switch-track', 'aria-hidden': 'true' }), 'Enabled')));
  typeSelect.addEventListener('change', changeType);
  onErrorSelect.addEventListener('change', updateDirty);

  const element = h('div', { class: 'editor-page' },
    h('div', { class: 'editor-head' },
      h('div', { class: 'editor-heading' },
        h('a', { class: 'back-link', href: '#/hooks' }, '\u2190 All hooks'),
        h('div', { class: 'title-row' }, title, deployState, dirtyFlag),
        meta),
      h('div', { class: 'editor-actions' }, deleteButton, saveButton, noteInput, deployButton)),
    message.element,
    form,
    h('div', { class: 'workbench' },
      h('section', { class: 'code-panel card', 'aria-label': 'Code' }, codeHost),
      run.element),
    packages.element,
    history.element,
    secrets.element,
    deliveries.element,
    executions.element);

  showFields(baseline);
  showTemplates();
  showHeader();
  updateDirty();
  executions.load();
  deliveries.load();
  packages.load();
  history.load();
  secrets.load();

  return {
    element,
    hasUnsavedChanges,
    focus: () => (hook ? code.focus() : nameInput.focus()),
    dispose: () => {
      run.dispose();
      history.dispose();
      typeWarnings.dispose();
      code.dispose();
    },
  };
}

// The Secrets panel beside the editor: the hook's secrets by name and when each was set, a form to add one or
// replace one's value, and Delete. Values are write-only: typed into a password field, sent once, never shown.
import { h, fill } from './dom.js';
import * as api from './api.js';
import { busy, button, confirmDialog, messageArea, toast } from './ui.js';

const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

export function secretsPanel({ hookId }) {
  const nameInput = h('input', { type: 'text', id: 'secret-name', placeholder: 'NAME', autocomplete: 'off', spellcheck: 'false',
    maxlength: 128, 'aria-label': 'Secret name' });
  const valueInput = h('input', { type: 'password', id: 'secret-value', placeholder: 'value', autocomplete: 'new-password',
    'aria-label': 'Secret value' });
  const saveButton = h('button', { type: 'submit', class: 'button small primary', id: 'secret-save' }, 'Set');
  const message = messageArea('secrets-message');
  const list = h('div', { class: 'secret-list' });
  const form = h('form', { class: 'secret-form', onSubmit: (event) => { event.preventDefault(); busy(saveButton, save); } },
    nameInput, valueInput, saveButton);

  async function save() {
    const name = nameInput.value.trim();
    if (!NAME.test(name)) {
      message.show('error', 'A name is a letter or _ followed by letters, digits or _ (like CRM_TOKEN).');
      nameInput.focus();
      return;
    }
    try {
      await api.putSecret(hookId(), name, valueInput.value);
      valueInput.value = '';
      nameInput.value = '';
      message.clear();
      toast(`Saved the secret ${name}`);
      await load();
    } catch (e) {
      message.show('error', e.message);
    }
  }

  /** Replacing keeps the name: the form is filled with it and the value field is focused. */
  function replace(name) {
    nameInput.value = name;
    valueInput.value = '';
    valueInput.focus();
  }

  async function remove(name) {
    const confirmed = await confirmDialog({ title: `Delete the secret ${name}?`,
      message: 'The hook will no longer see it; its value cannot be recovered.', confirm: 'Delete' });
    if (!confirmed) {
      return;
    }
    try {
      await api.deleteSecret(hookId(), name);
      toast(`Deleted the secret ${name}`);
      await load();
    } catch (e) {
      message.show('error', e.message);
    }
  }

  function row(secret) {
    const removeButton = button('Delete', () => busy(removeButton, () => remove(secret.name)), { kind: 'danger-quiet', className: 'small delete-secret' });
    return h('li', { class: 'secret', dataset: { name: secret.name } },
      h('span', {}, h('code', { class: 'secret-name' }, secret.name), ' ',
        h('span', { class: 'muted secret-updated', title: secret.updatedAt }, `set ${new Date(secret.updatedAt).toLocaleString()}`)),
      h('span', { class: 'secret-actions' }, button('Replace', () => replace(secret.name), { className: 'small replace-secret' }), removeButton));
  }

  async function load() {
    const id = hookId();
    form.hidden = !id;
    if (!id) {
      fill(list, h('p', { class: 'muted' }, 'Save the hook to give it secrets.'));
      return;
    }
    try {
      const secrets = await api.hookSecrets(id);
      fill(list, secrets.length ? h('ul', { class: 'secret-items' }, secrets.map(row))
        : h('p', { class: 'muted secrets-none' }, 'No secrets yet. Add API tokens here rather than in the code.'));
    } catch (e) {
      fill(list, h('p', { class: 'message error', role: 'alert' }, `The secrets could not be loaded: ${e.message}`));
    }
  }

  const element = h('section', { class: 'secrets card', 'aria-labelledby': 'secrets-title' },
    h('div', { class: 'panel-head' }, h('h2', { id: 'secrets-title' }, 'Secrets')),
    h('p', { class: 'muted secrets-hint' }, 'Values are stored encrypted and never shown again.'),
    list, form, message.element);
  return { element, load };
}

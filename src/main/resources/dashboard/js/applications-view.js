// The applications page: the tenant's OAuth clients, a form to create one (its secret is shown once, right after),
// an edit of an application's name, grant types and scopes (its type is fixed), and deletion after a confirmation.
import { h, fill, timeAgo } from './dom.js';
import * as api from './api.js';
import { busy, button, confirmDialog, messageArea, toast } from './ui.js';

// As the API checks them (RFC 6749 section 3.3): at most 50 tokens of printable ASCII without spaces, '"' or '\'.
const MAX_SCOPES = 50;
const SCOPE_TOKEN = /^[\x21\x23-\x5B\x5D-\x7E]{1,100}$/;
const GRANT_TYPES = [
  ['password', 'Password (users sign in)'],
  ['client_credentials', 'Client credentials (machine to machine)'],
];

/** The scope tokens of a space- or comma-separated list, without repeats; throws an Error naming what is wrong. */
export function parseScopes(text) {
  const scopes = [...new Set(text.split(/[\s,]+/).filter(Boolean))];
  const wrong = scopes.find((scope) => !SCOPE_TOKEN.test(scope));
  if (wrong !== undefined) {
    throw new Error(`"${wrong}" is not a scope: use 1 to 100 printable characters without quotes or backslashes.`);
  }
  if (scopes.length > MAX_SCOPES) {
    throw new Error(`At most ${MAX_SCOPES} scopes are allowed; this list has ${scopes.length}.`);
  }
  return scopes;
}

export async function applicationsView() {
  let applications = await api.listApplications();
  const message = messageArea();
  const tbody = h('tbody');
  const count = h('span', { class: 'badge count' });

  function render() {
    count.textContent = `${applications.length} ${applications.length === 1 ? 'application' : 'applications'}`;
    fill(tbody, applications.length
      ? applications.map(row)
      : h('tr', { class: 'empty-row' }, h('td', { colspan: 7 }, 'No applications yet.')));
  }

  function row(application) {
    const remove = button('Delete', () => busy(remove, () => deleteApplication(application)),
      { kind: 'danger', className: 'delete-application', 'aria-label': `Delete ${application.name}` });
    const edit = button('Edit', () => startEditing(application, edit.closest('tr')),
      { className: 'edit-application', 'aria-label': `Edit ${application.name}` });
    return h('tr', { class: 'application-row', dataset: { clientId: application.clientId } },
      h('td', { class: 'application-name' }, application.name),
      h('td', {}, h('code', { class: 'client-id' }, application.clientId)),
      h('td', { class: 'application-type' }, application.type),
      h('td', { class: 'application-grants' }, application.grantTypes.join(', ')),
      h('td', { class: 'application-scopes' }, application.scopes.length
        ? application.scopes.map((scope) => h('code', { class: 'scope' }, scope, ' '))
        : h('span', { class: 'muted' }, 'none')),
      h('td', { class: 'updated-cell' }, timeAgo(application.createdAt)),
      h('td', { class: 'application-actions' }, edit, ' ', remove));
  }

  function startEditing(application, shownRow) {
    const form = editApplicationForm(application, {
      onSaved: (changed) => {
        applications = applications.map((other) => (other.clientId === changed.clientId ? changed : other));
        render();
        toast(`Saved ${changed.name}`);
      },
      onCancel: () => editRow.replaceWith(row(application)),
    });
    const editRow = h('tr', { class: 'edit-row', dataset: { clientId: application.clientId } }, h('td', { colspan: 7 }, form.element));
    shownRow.replaceWith(editRow);
    form.focus();
  }

  async function deleteApplication(application) {
    const confirmed = await confirmDialog({
      title: `Delete ${application.name}?`,
      message: `Client id ${application.clientId} will no longer be able to sign users in or get tokens. This cannot be undone.`,
      confirm: 'Delete application',
    });
    if (!confirmed) {
      return;
    }
    try {
      await api.deleteApplication(application.clientId);
      applications = applications.filter((other) => other.clientId !== application.clientId);
      message.clear();
      render();
      toast(`Deleted ${application.name}`);
    } catch (e) {
      message.show('error', `Could not delete ${application.name}: ${e.message}`);
    }
  }

  async function created(application) {
    applications = await api.listApplications();
    render();
    message.clear();
    toast(`Created ${application.name}`);
  }

  const form = newApplicationForm(created);
  render();
  const element = h('div', { class: 'applications-page' },
    h('div', { class: 'page-head' },
      h('h1', {}, 'Applications'),
      h('p', { class: 'muted' },
        'The OAuth clients of this tenant. Users sign in through an application with the password grant; a confidential '
        + 'application also gets machine tokens with the client credentials grant, limited to its scopes.')),
    h('section', { class: 'card type-section' },
      h('header', { class: 'section-head' }, h('div', { class: 'title-line' }, h('h2', {}, 'All applications'), count)),
      message.element,
      h('div', { class: 'table-wrap' },
        h('table', { class: 'hooks-table applications-table' },
          h('thead', {}, h('tr', {},
            h('th', {}, 'Name'), h('th', {}, 'Client id'), h('th', {}, 'Type'), h('th', {}, 'Grant types'),
            h('th', {}, 'Scopes'), h('th', { class: 'updated-cell' }, 'Created'), h('th', {}, h('span', { class: 'visually-hidden' }, 'Actions')))),
          tbody))),
    form.element);
  return { element, focus: () => form.focus() };
}

function grantCheckboxes(prefix, chosen, isPublic) {
  return GRANT_TYPES.map(([value]) => h('input', {
    type: 'checkbox', name: 'grant', value, id: `${prefix}-${value}`,
    checked: chosen.includes(value), disabled: isPublic && value === 'client_credentials',
  }));
}

/** Name, grant types and scopes of an application, under the rules of its creation; its type is fixed. */
function editApplicationForm(application, { onSaved, onCancel }) {
  const message = messageArea();
  const id = (field) => `edit-${field}-${application.clientId}`;
  const nameInput = h('input', { id: id('name'), class: 'edit-name', type: 'text', maxlength: 100, required: true, autocomplete: 'off', value: application.name });
  const grantInputs = grantCheckboxes(id('grant'), application.grantTypes, application.type === 'public');
  const scopesInput = h('input', { id: id('scopes'), class: 'edit-scopes', type: 'text', autocomplete: 'off', value: application.scopes.join(' ') });
  const save = h('button', { type: 'submit', class: 'button primary save-application' }, 'Save');

  async function submit(event) {
    event.preventDefault();
    const chosen = chosenScopesAndGrants(scopesInput, grantInputs, message);
    if (!chosen) {
      return;
    }
    const { scopes, grantTypes } = chosen;
    await busy(save, async () => {
      try {
        onSaved(await api.updateApplication(application.clientId, { name: nameInput.value, grantTypes, scopes }));
      } catch (e) {
        message.show('error', `Not saved: ${e.message}`);
      }
    });
  }

  const element = h('form', { class: 'edit-application-form', onSubmit: submit },
    h('div', { class: 'application-fields' },
      h('div', { class: 'field' }, h('label', { for: id('name') }, 'Name'), nameInput),
      h('fieldset', { class: 'field grant-types' }, h('legend', {}, `Grant types (a ${application.type} application)`),
        grantInputs.map((input, index) => h('label', { for: input.id }, input, ' ', GRANT_TYPES[index][1]))),
      h('div', { class: 'field' }, h('label', { for: id('scopes') }, 'Scopes'), scopesInput)),
    message.element,
    h('div', { class: 'section-actions' }, save, button('Cancel', onCancel, { className: 'cancel-edit' })));
  return { element, focus: () => nameInput.focus() };
}

// The scopes and grant types a form asks for, or null after showing why its scopes cannot be read.
function chosenScopesAndGrants(scopesInput, grantInputs, message) {
  try {
    const scopes = parseScopes(scopesInput.value);
    return { scopes, grantTypes: grantInputs.filter((input) => input.checked).map((input) => input.value) };
  } catch (e) {
    message.show('error', e.message);
    scopesInput.focus();
    return null;
  }
}

function newApplicationForm(onCreated) {
  const message = messageArea();
  const secretArea = h('div', { class: 'created-secret', hidden: true });
  const nameInput = h('input', { id: 'application-name', type: 'text', maxlength: 100, required: true, autocomplete: 'off' });
  const typeSelect = h('select', { id: 'application-type' },
    h('option', { value: 'confidential' }, 'Confidential (a server that keeps a secret)'),
    h('option', { value: 'public' }, 'Public (a browser or mobile app, no secret)'));
  const grantInputs = grantCheckboxes('grant', ['password'], false);
  const scopesInput = h('input', { id: 'application-scopes', type: 'text', autocomplete: 'off', placeholder: 'read:users, write:users' });
  const submit = h('button', { type: 'submit', class: 'button primary create-application' }, 'Create application');

  const clientCredentials = grantInputs[1];
  typeSelect.addEventListener('change', () => {
    const isPublic = typeSelect.value === 'public';
    clientCredentials.disabled = isPublic;
    if (isPublic) {
      clientCredentials.checked = false;
    }
  });

  async function create(event) {
    event.preventDefault();
    message.clear();
    const chosen = chosenScopesAndGrants(scopesInput, grantInputs, message);
    if (!chosen) {
      return;
    }
    const { scopes, grantTypes } = chosen;
    if (!grantTypes.length) {
      message.show('error', 'Choose at least one grant type.');
      return;
    }
    await busy(submit, async () => {
      try {
        const application = await api.createApplication({ name: nameInput.value, type: typeSelect.value, grantTypes, scopes });
        showSecret(application);
        form.reset();
        grantInputs[0].checked = true;
        clientCredentials.disabled = false;
        await onCreated(application);
      } catch (e) {
        message.show('error', `Could not create the application: ${e.message}`);
      }
    });
  }

  function showSecret(application) {
    secretArea.hidden = false;
    fill(secretArea, application.clientSecret
      ? h('div', { class: 'message info', role: 'status' },
        h('p', {}, h('strong', {}, `${application.name} is created. `), 'Copy its client secret now: hookbox keeps only a hash of it '
          + 'and will never show it again. If it is lost, delete the application and create a new one.'),
        h('p', {}, 'Client id ', h('code', { class: 'created-client-id' }, application.clientId)),
        h('p', {}, 'Client secret ', h('code', { class: 'client-secret' }, application.clientSecret)),
        h('div', { class: 'message-actions' }, button('Done, I have copied it', () => { secretArea.hidden = true; fill(secretArea); })))
      : h('div', { class: 'message info', role: 'status' },
        h('p', {}, h('strong', {}, `${application.name} is created. `), 'A public application has no secret.'),
        h('p', {}, 'Client id ', h('code', { class: 'created-client-id' }, application.clientId))));
  }

  const form = h('form', { class: 'new-application', onSubmit: create },
    h('div', { class: 'application-fields' },
      h('div', { class: 'field' }, h('label', { for: 'application-name' }, 'Name'), nameInput),
      h('div', { class: 'field' }, h('label', { for: 'application-type' }, 'Type'), typeSelect),
      h('fieldset', { class: 'field grant-types' }, h('legend', {}, 'Grant types'),
        grantInputs.map((input, index) => h('label', { for: input.id }, input, ' ', GRANT_TYPES[index][1]))),
      h('div', { class: 'field' }, h('label', { for: 'application-scopes' }, 'Scopes (API scopes for client credentials, separated by spaces or commas)'), scopesInput)),
    message.element,
    h('div', { class: 'section-actions' }, submit));

  const element = h('section', { class: 'card type-section' },
    h('h2', {}, 'New application'), secretArea, form);
  return { element, focus: () => nameInput.focus() };
}

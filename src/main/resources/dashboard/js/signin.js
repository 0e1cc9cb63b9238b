// The sign-in screen: a tenant's API key, checked against the API before it is kept for the session.
import { h } from './dom.js';
import { checkKey, session } from './api.js';
import { messageArea } from './ui.js';

export function signInView({ onSignedIn, notice }) {
  const message = messageArea();
  const input = h('input', {
    id: 'api-key', name: 'api-key', type: 'password', required: true, autocomplete: 'off', spellcheck: 'false',
    placeholder: 'hbk_…',
  });
  const submit = h('button', { type: 'submit', class: 'button primary' }, 'Sign in');
  if (notice) {
    message.show('info', notice);
  }

  async function signIn(event) {
    event.preventDefault();
    const key = input.value.trim();
    if (!key) {
      message.show('error', 'Enter your API key.');
      return;
    }
    submit.disabled = true;
    try {
      await checkKey(key);
      session.signIn(key);
      onSignedIn();
    } catch (e) {
      message.show('error', e.status === 401 ? 'This API key is not valid. Check it and try again.' : e.message);
      input.select();
    } finally {
      submit.disabled = false;
    }
  }

  const element = h('section', { class: 'signin card' },
    h('h1', {}, 'Sign in to hookbox'),
    h('p', { class: 'muted' }, 'Use your tenant\u2019s API key. It is kept in this browser tab only, until you sign out or close the tab.'),
    h('form', { onSubmit: signIn },
      h('label', { for: 'api-key' }, 'API key'),
      input,
      message.element,
      submit));
  return { element, focus: () => input.focus() };
}

// Feedback shared by the views: short-lived toasts, a confirmation dialog, and inline messages.
import { h, fill } from './dom.js';

const TOAST_MS = 4000;

export function toast(text, kind = 'success') {
  const item = h('div', { class: `toast ${kind}` }, text);
  document.getElementById('toasts').append(item);
  setTimeout(() => item.remove(), TOAST_MS);
}

/** Asks with the page's modal dialog; resolves true only when the user confirms. */
export function confirmDialog({ title, message, confirm = 'OK', cancel = 'Cancel', danger = true }) {
  const dialog = document.getElementById('confirm');
  dialog.querySelector('.confirm-title').textContent = title;
  dialog.querySelector('.confirm-message').textContent = message;
  const ok = dialog.querySelector('.confirm-ok');
  ok.textContent = confirm;
  ok.classList.toggle('danger', danger);
  ok.classList.toggle('primary', !danger);
  dialog.querySelector('.confirm-cancel').textContent = cancel;
  dialog.returnValue = '';
  dialog.showModal();
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'confirm'), { once: true });
  });
}

/**
 * A message area for a part of a page: show() replaces what it says (text and optional buttons), clear() empties
 * it. Errors are announced to screen readers.
 */
export function messageArea(extraClass = '') {
  const element = h('div', { class: `message ${extraClass}`, hidden: true });
  return {
    element,
    show(kind, text, ...actions) {
      element.className = `message ${extraClass} ${kind}`;
      element.setAttribute('role', kind === 'error' ? 'alert' : 'status');
      fill(element, h('p', {}, text), actions.length ? h('div', { class: 'message-actions' }, actions) : null);
      element.hidden = false;
    },
    clear() {
      element.hidden = true;
      fill(element);
    },
  };
}

export function button(label, onClick, { kind = 'quiet', className = '', ...props } = {}) {
  return h('button', { type: 'button', class: `button ${kind} ${className}`.trim(), onClick, ...props }, label);
}

/** Disables a button while an action runs, so it cannot be sent twice. */
export async function busy(buttonElement, action) {
  buttonElement.disabled = true;
  buttonElement.setAttribute('aria-busy', 'true');
  try {
    return await action();
  } finally {
    buttonElement.disabled = false;
    buttonElement.removeAttribute('aria-busy');
  }
}

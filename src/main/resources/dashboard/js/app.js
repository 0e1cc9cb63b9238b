// The dashboard's shell: sign-in state, hash routes, and the guard that keeps unsaved edits from being lost.
import { h, fill } from './dom.js';
import { getHook, hookTypes, onUnauthorized, session } from './api.js';
import { confirmDialog } from './ui.js';
import { signInView } from './signin.js';
import { hooksView } from './hooks-view.js';
import { editorView } from './editor-view.js';
import { urlHookView } from './url-hook-view.js';
import { applicationsView } from './applications-view.js';
import { auditView } from './audit-view.js';

const HOME = '#/hooks';
const APPLICATIONS = '#/applications';
const AUDIT = '#/audit';
const viewElement = document.getElementById('view');
const signOutButton = document.getElementById('sign-out');
const topNav = document.getElementById('top-nav');

let current = null; // the view on screen: { element, hasUnsavedChanges?, focus?, dispose? }
let shownHash = null; // the address the view on screen belongs to
let types = null; // GET /api/hook-types, loaded once per sign-in
let showing = 0; // counts show() calls, so a slow view that is no longer wanted is dropped

const hasUnsavedChanges = () => Boolean(current?.hasUnsavedChanges?.());

const confirmLeave = () => confirmDialog({
  title: 'Leave without saving?',
  message: 'This hook has changes that are not saved. They will be lost if you leave.',
  confirm: 'Leave without saving',
  cancel: 'Stay',
});

function navigate(hash) {
  location.hash = hash;
}

/** Changes the address to the view on screen (a new hook that was just saved) without showing it again. */
function replaceLocation(hash) {
  history.replaceState(null, '', hash);
  shownHash = hash;
}

/** A URL hook has its own page; a code hook opens in the editor. */
async function existingHookView(context, id) {
  const hook = await getHook(id);
  return hook.kind === 'url' ? urlHookView({ ...context, hook }) : editorView({ ...context, id });
}

function route(hash) {
  const context = { types, navigate, replaceLocation };
  const newHook = /^#\/hooks\/new\/([a-z0-9-]+)$/.exec(hash);
  if (newHook) {
    return editorView({ ...context, typeId: newHook[1] });
  }
  const newUrlHook = /^#\/hooks\/new-url\/([a-z0-9-]+)$/.exec(hash);
  if (newUrlHook) {
    return urlHookView({ ...context, typeId: newUrlHook[1] });
  }
  const existing = /^#\/hooks\/([^/]+)$/.exec(hash);
  if (existing) {
    return existingHookView(context, decodeURIComponent(existing[1]));
  }
  if (hash === APPLICATIONS) {
    return applicationsView();
  }
  if (hash === AUDIT) {
    return auditView();
  }
  if (hash !== HOME) {
    replaceLocation(HOME);
  }
  return hooksView({ types });
}

function leaveView() {
  current?.dispose?.();
  current = null;
}

async function show(hash) {
  const attempt = ++showing;
  leaveView();
  shownHash = hash;
  if (!session.key()) {
    showSignIn();
    return;
  }
  signOutButton.hidden = false;
  topNav.hidden = false;
  markCurrentSection(hash);
  fill(viewElement, h('p', { class: 'loading' }, 'Loading\u2026'));
  try {
    types ??= await hookTypes();
    const view = await route(hash);
    if (attempt !== showing) {
      view.dispose?.();
      return;
    }
    current = view;
    fill(viewElement, view.element);
    document.title = `${view.element.querySelector('h1')?.textContent ?? 'Hooks'} \u00b7 hookbox`;
    view.focus?.();
  } catch (e) {
    if (attempt === showing && e.status !== 401) {
      fill(viewElement, failedView(e));
    }
  }
}

/** Marks the top bar's link to the section on screen: applications, audit, or hooks for every other page. */
function markCurrentSection(hash) {
  const section = [APPLICATIONS, AUDIT].includes(hash) ? hash : HOME;
  for (const link of topNav.querySelectorAll('a')) {
    if (link.getAttribute('href') === section) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
  }
}

function failedView(e) {
  return h('section', { class: 'card failed-view' },
    h('h1', {}, e.status === 404 ? 'Not found' : 'Something went wrong'),
    h('p', {}, e.status === 404 ? `${e.message} It may have been deleted.` : e.message),
    h('p', {}, h('a', { href: HOME, class: 'button quiet' }, '\u2190 All hooks')));
}

function showSignIn(notice) {
  leaveView();
  signOutButton.hidden = true;
  topNav.hidden = true;
  document.title = 'Sign in \u00b7 hookbox';
  const view = signInView({ notice, onSignedIn: () => show(location.hash || HOME) });
  fill(viewElement, view.element);
  view.focus();
}

function signOut(notice) {
  session.signOut();
  types = null;
  showing++;
  showSignIn(notice);
}

let asking = false;
window.addEventListener('hashchange', async () => {
  const target = location.hash;
  if (target === shownHash) {
    return;
  }
  if (hasUnsavedChanges() || asking) {
    history.replaceState(null, '', shownHash);
    if (asking) {
      return;
    }
    asking = true;
    const leave = await confirmLeave();
    asking = false;
    if (!leave) {
      return;
    }
    history.replaceState(null, '', target);
  }
  show(target);
});

window.addEventListener('beforeunload', (event) => {
  if (hasUnsavedChanges()) {
    event.preventDefault();
    event.returnValue = '';
  }
});

signOutButton.addEventListener('click', async () => {
  if (hasUnsavedChanges() && !(await confirmLeave())) {
    return;
  }
  signOut('You are signed out. Your API key was removed from this browser tab.');
});

onUnauthorized(() => signOut('Your API key is no longer accepted. Sign in again.'));

if (!location.hash) {
  history.replaceState(null, '', HOME);
}
show(location.hash);

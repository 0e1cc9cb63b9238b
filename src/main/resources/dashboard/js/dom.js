// Small DOM helpers: elements are built with h(), never from HTML strings, so no data is ever parsed as markup.

/**
 * Creates an element. Props: "class", "dataset", "on<Event>" listeners, true for a boolean attribute; null,
 * undefined and false are left out. Children may be nodes, strings, arrays, or null/false (skipped).
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(props ?? {})) {
    if (value == null || value === false) {
      continue;
    }
    if (name.startsWith('on') && typeof value === 'function') {
      element.addEventListener(name.slice(2).toLowerCase(), value);
    } else if (name === 'class') {
      element.className = value;
    } else if (name === 'dataset') {
      Object.assign(element.dataset, value);
    } else {
      element.setAttribute(name, value === true ? '' : String(value));
    }
  }
  element.append(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return element;
}

/** Replaces an element's children. */
export function fill(element, ...children) {
  element.replaceChildren(...children.flat(Infinity).filter((child) => child != null && child !== false));
  return element;
}

const relativeTime = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
const absoluteTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const UNITS = [['year', 31536000], ['month', 2592000], ['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];

/** A <time> saying how long ago an ISO instant was, with the exact date in its title. */
export function timeAgo(iso) {
  const date = new Date(iso);
  const seconds = Math.round((date.getTime() - Date.now()) / 1000);
  const [unit, size] = UNITS.find(([, length]) => Math.abs(seconds) >= length) ?? ['second', 1];
  return h('time', { datetime: iso, title: absoluteTime.format(date) }, relativeTime.format(Math.round(seconds / size), unit));
}

export function formatJson(value) {
  return JSON.stringify(value, null, 2);
}

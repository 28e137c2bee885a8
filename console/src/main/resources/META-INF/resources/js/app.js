// The console's shell: who is signed in, the hash router, and the pieces every view shares.
import { renderOrders } from './orders.js';
import { renderFlow } from './flow.js';
import { renderImages } from './images.js';
import { renderOperations } from './operations.js';

export const session = { signedIn: false, roles: [], traceUrl: null };
let leaveView = () => {};

/** A fetch to the console's own API; a lost session shows the sign-in link instead of failing quietly. */
export async function api(path, options = {}) {
  const headers = { 'X-Requested-With': 'JavaScript', Accept: 'application/json', ...(options.headers || {}) };
  const response = await fetch(path, { ...options, headers, credentials: 'same-origin' });
  if (response.status === 499 || response.status === 401) {
    showSignedOut();
    throw new ApiError(response.status, 'Your session has ended: sign in again.');
  }
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('json') ? await response.json() : null;
  if (!response.ok) {
    throw new ApiError(response.status, (body && (body.detail || body.title)) || `HTTP ${response.status}`, body);
  }
  return body;
}

export class ApiError extends Error {
  constructor(status, message, problem) {
    super(message);
    this.status = status;
    this.problem = problem;
  }
}

/**
 * A live stream from the console. EventSource reconnects by itself after a dropped connection; when the stream is
 * refused instead (the session ended), the page checks the session and offers the sign-in link.
 */
export function stream(path, handlers, onState = () => {}) {
  let closed = false;
  let retry = null;
  let inner = null;
  const source = new EventSource(path);
  source.addEventListener('open', () => onState(true));
  source.addEventListener('error', async () => {
    onState(false);
    if (source.readyState === EventSource.CLOSED) {
      const current = await fetch('/api/session', { headers: { Accept: 'application/json' } }).then(r => r.json()).catch(() => null);
      if (current && !current.signedIn) {
        showSignedOut();
      } else if (!closed) {
        retry = setTimeout(() => { inner = stream(path, handlers, onState); }, 2000);
      }
    }
  });
  for (const [name, handle] of Object.entries(handlers)) {
    source.addEventListener(name, event => handle(JSON.parse(event.data)));
  }
  return {
    close() {
      closed = true;
      clearTimeout(retry);
      source.close();
      if (inner) inner.close();
    }
  };
}

/** Says something to screen-reader users without moving their focus. */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  announcer.textContent = '';
  setTimeout(() => { announcer.textContent = message; }, 50);
}

/** Builds an element: el('p', {class: 'x'}, 'text', child). Text is always text, never parsed as HTML. */
export function el(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === null || value === undefined || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '';
  return new Intl.NumberFormat('en', { style: 'currency', currency: currency || 'EUR' }).format(amount / 100);
}

export function time(instant) {
  if (!instant) return '';
  const date = new Date(instant);
  return date.toLocaleTimeString('en-GB', { hour12: false }) + '.' + String(date.getMilliseconds()).padStart(3, '0');
}

export function bytes(count) {
  if (count < 1024) return `${count} B`;
  if (count < 1024 * 1024) return `${(count / 1024).toFixed(1)} kB`;
  return `${(count / 1024 / 1024).toFixed(2)} MB`;
}

export const isAdmin = () => session.roles.includes('admin');
export const isCustomer = () => session.roles.includes('customer');

function showSignedOut() {
  session.signedIn = false;
  leaveView();
  leaveView = () => {};
  renderUser();
  const main = document.getElementById('main');
  main.replaceChildren(
    el('h1', {}, 'processflow console'),
    el('p', {}, 'Watch orders flow through payment and inventory live, upload images and see their variants, and (as an operator) look after dead letters and the outbox.'),
    el('p', {}, el('a', { class: 'button', href: '/login', id: 'sign-in' }, 'Sign in')));
}

function renderUser() {
  const user = document.getElementById('user');
  if (!session.signedIn) {
    user.replaceChildren();
    return;
  }
  user.replaceChildren(
    el('span', {}, 'Signed in as ', el('strong', { id: 'username' }, session.name || session.username),
      ` (${session.roles.join(', ') || 'no role'})`),
    el('a', { href: '/logout', id: 'sign-out' }, 'Sign out'));
  document.querySelectorAll('[data-admin-only]').forEach(item => { item.hidden = !isAdmin(); });
}

function route() {
  const hash = location.hash || '#/orders';
  const [, view, id] = hash.split('/');
  document.querySelectorAll('[data-nav]').forEach(link => {
    if (link.dataset.nav === view) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  });
  leaveView();
  const main = document.getElementById('main');
  main.replaceChildren();
  if (view === 'orders' && id) leaveView = renderFlow(main, decodeURIComponent(id));
  else if (view === 'images') leaveView = renderImages(main);
  else if (view === 'operations' && isAdmin()) leaveView = renderOperations(main);
  else leaveView = renderOrders(main);
  const heading = main.querySelector('h1');
  document.title = `${heading ? heading.textContent : 'Orders'} · processflow console`;
}

/** Moves keyboard focus to the new view after a navigation the user made, as a page load would. */
function navigate() {
  route();
  document.getElementById('main').focus();
}

async function start() {
  const current = await fetch('/api/session', { headers: { Accept: 'application/json' } }).then(r => r.json());
  Object.assign(session, current);
  if (!session.signedIn) {
    showSignedOut();
    return;
  }
  renderUser();
  window.addEventListener('hashchange', navigate);
  route();
}

start();

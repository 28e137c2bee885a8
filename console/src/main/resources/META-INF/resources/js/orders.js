// Orders: the place-order form (customers) and the live list, kept current by the console's event stream.
import { api, announce, el, isCustomer, money, session, stream, time } from './app.js';

const FINAL = ['CONFIRMED', 'REJECTED'];
const CARDS = [
  ['tok_visa', 'Visa: approves'],
  ['tok_mastercard', 'Mastercard: approves'],
  ['tok_chargeDeclined', 'Declined card'],
  ['tok_chargeDeclinedInsufficientFunds', 'Declined: insufficient funds'],
  ['tok_chargeDeclinedExpiredCard', 'Declined: expired card'],
];

export function renderOrders(main) {
  const rows = new Map();
  const tbody = el('tbody');
  const liveState = el('p', { class: 'live off', id: 'orders-live' }, 'Connecting…');
  const empty = el('p', { class: 'muted', id: 'orders-empty' }, 'No orders yet.');
  main.append(
    el('h1', {}, session.roles.includes('admin') ? 'All orders' : 'Your orders'),
    isCustomer() ? placeOrderForm(order => upsert(order, true)) : el('p', { class: 'notice' },
      'Operators see every customer\u2019s orders here; customers place them.'),
    el('section', { 'aria-labelledby': 'orders-heading' },
      el('h2', { id: 'orders-heading' }, 'Orders'),
      liveState,
      el('table', { id: 'orders-table' },
        el('caption', { class: 'visually-hidden' }, 'Orders, newest first; statuses change as the flow goes on'),
        el('thead', {}, el('tr', {},
          ['Order', 'Placed', 'Customer', 'Lines', 'Total', 'Status'].map(h => el('th', { scope: 'col' }, h)))),
        tbody),
      empty));

  function upsert(summary, fresh) {
    const known = rows.get(summary.id);
    // Events and the list can arrive in either order: a decided order never goes back to PENDING.
    const merged = known ? { ...known, ...definedOnly(summary) } : summary;
    if (known && FINAL.includes(known.status) && !FINAL.includes(summary.status)) merged.status = known.status;
    rows.set(summary.id, merged);
    const row = rowFor(merged);
    const existing = tbody.querySelector(`tr[data-order-id="${merged.id}"]`);
    if (existing) {
      existing.replaceWith(row);
      if (known && known.status !== merged.status) {
        announce(`Order ${short(merged.id)} is ${merged.status.toLowerCase()}${merged.rejectionReason ? ': ' + merged.rejectionReason : ''}`);
        row.classList.add('fresh');
      }
    } else {
      const newer = [...tbody.rows].find(r => (rows.get(r.dataset.orderId).createdAt || '') < (merged.createdAt || ''));
      tbody.insertBefore(row, newer || null);
      if (fresh) row.classList.add('fresh');
    }
    empty.hidden = rows.size > 0;
  }

  async function load() {
    try {
      const list = await api('/api/orders?limit=50');
      list.forEach(order => upsert(order, false));
    } catch (error) {
      main.append(el('p', { class: 'error', role: 'alert' }, `Could not load orders: ${error.message}`));
    }
  }

  const live = stream('/api/orders/stream', {
    ready: load,
    order: summary => upsert(summary, true),
  }, connected => {
    liveState.textContent = connected ? 'Live: updates appear as they happen' : 'Reconnecting…';
    liveState.classList.toggle('off', !connected);
  });
  return () => live.close();
}

function placeOrderForm(placed) {
  const product = el('select', { id: 'product', name: 'sku', required: true }, el('option', { value: '' }, 'Loading products…'));
  const quantity = el('input', { id: 'quantity', name: 'quantity', type: 'number', min: '1', max: '99', value: '1', required: true });
  const card = el('select', { id: 'card', name: 'paymentToken' }, CARDS.map(([value, label]) => el('option', { value }, label)));
  const submit = el('button', { type: 'submit', id: 'place-order' }, 'Place order');
  const status = el('p', { id: 'place-status', role: 'status' });
  const form = el('form', { class: 'inline', id: 'place-form', 'aria-describedby': 'place-help' },
    el('div', { class: 'field' }, el('label', { for: 'product' }, 'Product'), product),
    el('div', { class: 'field' }, el('label', { for: 'quantity' }, 'Quantity'), quantity),
    el('div', { class: 'field' }, el('label', { for: 'card' }, 'Card (test payment token)'), card),
    submit);
  form.addEventListener('submit', async event => {
    event.preventDefault();
    submit.disabled = true;
    status.textContent = 'Placing order…';
    try {
      const order = await api('/api/orders', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Idempotency-Key': crypto.randomUUID() },
        body: JSON.stringify({ items: [{ sku: product.value, quantity: Number(quantity.value) }], paymentToken: card.value }),
      });
      status.replaceChildren('Order ', el('a', { href: `#/orders/${order.id}`, id: 'placed-order' }, short(order.id)),
        ' placed: payment and inventory are on it.');
      placed({ id: order.id, status: order.status, totalAmount: order.total.amount, currency: order.total.currency,
        lines: order.items.length, customerName: order.customer && order.customer.name, createdAt: order.createdAt });
    } catch (error) {
      status.replaceChildren(el('span', { class: 'error' }, `Not placed: ${error.message}`));
    } finally {
      submit.disabled = false;
    }
  });
  api('/api/products').then(products => {
    product.replaceChildren(...products.map(p => el('option', { value: p.sku },
      `${p.name} (${p.sku}), ${money(p.price.amount, p.price.currency)}, ${p.available} available`)));
  }).catch(error => {
    status.textContent = `Could not load the catalog: ${error.message}`;
  });
  return el('section', { 'aria-labelledby': 'place-heading', class: 'panel' },
    el('h2', { id: 'place-heading' }, 'Place an order'),
    el('p', { id: 'place-help', class: 'muted' }, `As ${session.name || session.username}. Pick a declined card to see the compensation path.`),
    form, status);
}

function rowFor(order) {
  return el('tr', { 'data-order-id': order.id, 'data-status': order.status },
    el('td', {}, el('a', { href: `#/orders/${order.id}`, class: 'mono', 'aria-label': `Order ${order.id}` }, short(order.id))),
    el('td', {}, order.createdAt ? el('time', { datetime: order.createdAt }, `${new Date(order.createdAt).toLocaleDateString('en-GB')} ${time(order.createdAt)}`) : ''),
    el('td', {}, order.customerName || ''),
    el('td', {}, order.lines ?? ''),
    el('td', {}, money(order.totalAmount, order.currency)),
    el('td', {}, el('span', { class: `status status-${order.status}` }, order.status),
      order.rejectionReason ? el('span', { class: 'muted' }, ` ${order.rejectionReason}`) : ''));
}

function definedOnly(object) {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== null && value !== undefined));
}

export function short(id) {
  return id.slice(0, 8);
}

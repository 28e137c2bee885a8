// One order's flow as a graph, redrawn from each `flow` event the console pushes as the order's events happen.
import { announce, el, money, stream, time } from './app.js';
import { short } from './orders.js';

const COLUMN = 240;
const LANE = 135;
const WIDTH = 205;
const HEIGHT = 112;
const STATE_TEXT = { DONE: 'Done', FAILED: 'Failed', WAITING: 'Waiting', NOT_NEEDED: 'Not needed' };
const SVG = 'http://www.w3.org/2000/svg';

export function renderFlow(main, id) {
  const heading = el('h1', { id: 'flow-heading' }, `Order ${short(id)}`);
  const summary = el('div', { id: 'flow-summary' }, el('p', { class: 'muted' }, 'Loading…'));
  const graph = el('div', { class: 'flow-scroll' });
  const timeline = el('ol', { class: 'timeline', id: 'flow-timeline' });
  const liveState = el('p', { class: 'live off' }, 'Connecting…');
  main.append(el('p', {}, el('a', { href: '#/orders' }, '\u2190 All orders')), heading, liveState, summary,
    el('section', { 'aria-labelledby': 'graph-heading' },
      el('h2', { id: 'graph-heading' }, 'Flow'), graph),
    el('section', { 'aria-labelledby': 'timeline-heading' },
      el('h2', { id: 'timeline-heading' }, 'Timeline'), timeline));
  let previous = null;
  const live = stream(`/api/orders/${encodeURIComponent(id)}/stream`, {
    flow: flow => {
      if (previous && previous.status !== flow.status) announce(`Order ${short(id)} is ${flow.status.toLowerCase()}`);
      previous = flow;
      summary.replaceChildren(facts(flow));
      graph.replaceChildren(draw(flow));
      timeline.replaceChildren(...flow.timeline.map(step => el('li', {},
        el('time', { datetime: step.at }, time(step.at)), ' ', el('code', {}, step.type.replace('processflow.', '')),
        step.detail ? ` \u2014 ${step.detail}` : '')));
    },
    gone: () => {
      summary.replaceChildren(el('p', { class: 'error', role: 'alert' }, 'No such order, or not yours.'));
      live.close();
    },
  }, connected => {
    liveState.textContent = connected ? 'Live: steps appear as they happen' : 'Reconnecting…';
    liveState.classList.toggle('off', !connected);
  });
  return () => live.close();
}

function facts(flow) {
  const items = (flow.items || []).map(i => `${i.quantity} \u00d7 ${i.sku}`).join(', ');
  const rows = [
    ['Status', el('span', { class: `status status-${flow.status}`, id: 'flow-status', 'data-status': flow.status }, flow.status)],
    ['Customer', flow.customerName || ''],
    ['Items', items],
    ['Total', flow.total ? money(flow.total.amount, flow.total.currency) : ''],
    ['Placed', time(flow.createdAt)],
  ];
  if (flow.rejectionReason) {
    rows.push(['Rejection', el('span', { id: 'flow-rejection' },
      flow.rejectionReason + (flow.rejectionDetail ? `: ${flow.rejectionDetail}` : ''))]);
  }
  const list = el('dl', { class: 'facts' }, rows.map(([term, value]) => el('div', {}, el('dt', {}, term), el('dd', {}, value))));
  const trace = flow.traceUrl
    ? el('p', {}, el('a', { href: flow.traceUrl, id: 'trace-link', target: '_blank', rel: 'noopener' }, `View trace ${flow.traceId}`))
    : el('p', { class: 'muted', id: 'trace-missing' }, flow.traceId ? `Trace ${flow.traceId} (no trace UI configured)` : 'No trace recorded for this order.');
  return el('div', {}, list, trace);
}

function draw(flow) {
  const byKey = new Map(flow.steps.map(step => [step.key, step]));
  const container = el('div', { class: 'flow', role: 'group', 'aria-label': `Flow of order ${short(flow.id)}: ${flow.status}` });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const step of flow.steps) {
    for (const from of step.after) {
      const source = byKey.get(from);
      const x1 = source.column * COLUMN + WIDTH;
      const y1 = source.lane * LANE + HEIGHT / 2;
      const x2 = step.column * COLUMN;
      const y2 = step.lane * LANE + HEIGHT / 2;
      const path = document.createElementNS(SVG, 'path');
      const middle = (x1 + x2) / 2;
      path.setAttribute('d', `M${x1},${y1} C${middle},${y1} ${middle},${y2} ${x2},${y2}`);
      path.setAttribute('class', `edge-${step.state}`);
      svg.append(path);
    }
  }
  container.append(svg);
  const list = el('ol', {});
  for (const step of flow.steps) {
    const when = step.at
      ? el('p', {}, el('time', { datetime: step.at }, time(step.at)),
        step.durationMillis !== null && step.durationMillis !== undefined ? ` \u00b7 ${duration(step.durationMillis)}` : '')
      : el('p', { class: 'muted' }, step.state === 'WAITING' ? 'not yet' : '\u2014');
    const node = el('li', {
      class: `step state-${step.state}`, 'data-step': step.key, 'data-state': step.state, tabindex: '0',
      'aria-label': `${step.label}: ${STATE_TEXT[step.state]}${step.at ? ' at ' + time(step.at) : ''}${step.durationMillis != null ? ', took ' + duration(step.durationMillis) : ''}${step.detail ? '. ' + step.detail : ''}`,
    },
    el('h3', {}, step.label),
    el('span', { class: 'state' }, step.state === 'WAITING' ? el('span', { class: 'spinner', 'aria-hidden': 'true' }) : '',
      ` ${STATE_TEXT[step.state]}`),
    when,
    step.detail ? el('p', { class: 'detail' }, step.detail) : '');
    // Through the CSSOM: the console's policy allows no inline style attributes.
    node.style.left = `${step.column * COLUMN}px`;
    node.style.top = `${step.lane * LANE}px`;
    list.append(node);
  }
  container.append(list);
  return container;
}

function duration(millis) {
  return millis < 1000 ? `${millis} ms` : `${(millis / 1000).toFixed(2)} s`;
}

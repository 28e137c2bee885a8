// Operations (admins): which services are up, dead letters with redrive, the outbox backlog and its quarantine.
import { api, announce, el, stream, time } from './app.js';

export function renderOperations(main) {
  const services = el('div', { id: 'services' }, el('p', { class: 'muted' }, 'Checking…'));
  const letters = el('div', { id: 'dead-letters' }, el('p', { class: 'muted' }, 'Loading…'));
  const outbox = el('div', { id: 'outbox' }, el('p', { class: 'muted' }, 'Loading…'));
  const liveState = el('p', { class: 'live off' }, 'Connecting…');
  main.append(el('h1', {}, 'Operations'), liveState,
    el('section', { 'aria-labelledby': 'services-heading' }, el('h2', { id: 'services-heading' }, 'Services'), services),
    el('section', { 'aria-labelledby': 'letters-heading' }, el('h2', { id: 'letters-heading' }, 'Dead letters'), letters),
    el('section', { 'aria-labelledby': 'outbox-heading' }, el('h2', { id: 'outbox-heading' }, 'Outbox'), outbox));

  const loadLetters = () => api('/api/ops/dead-letters').then(answers => letters.replaceChildren(...deadLetters(answers, act)))
    .catch(error => letters.replaceChildren(el('p', { class: 'error' }, error.message)));
  const loadOutbox = () => api('/api/ops/outbox').then(answers => outbox.replaceChildren(...outboxView(answers, act)))
    .catch(error => outbox.replaceChildren(el('p', { class: 'error' }, error.message)));

  async function act(button, method, path, done) {
    button.disabled = true;
    try {
      await api(path, { method });
      announce(done);
    } catch (error) {
      announce(`Failed: ${error.message}`);
    } finally {
      button.disabled = false;
    }
    await Promise.all([loadLetters(), loadOutbox()]);
  }

  const live = stream('/api/ops/stream', {
    health: snapshot => services.replaceChildren(healthView(snapshot)),
    'dead-letter': notice => {
      announce(`New dead letter on ${notice.topic}: ${notice.reason || 'no reason given'}`);
      loadLetters();
    },
  }, connected => {
    liveState.textContent = connected ? 'Live: service health and new dead letters appear as they happen' : 'Reconnecting…';
    liveState.classList.toggle('off', !connected);
    if (connected) {
      loadLetters();
      loadOutbox();
    }
  });
  return () => live.close();
}

export function healthView(snapshot) {
  if (!snapshot.services.length) return el('p', { class: 'muted' }, 'Not checked yet.');
  return el('div', {},
    el('table', { id: 'services-table' },
      el('caption', { class: 'visually-hidden' }, 'Readiness of each service'),
      el('thead', {}, el('tr', {}, ['Service', 'State', 'Checks'].map(h => el('th', { scope: 'col' }, h)))),
      el('tbody', {}, snapshot.services.map(s => el('tr', { 'data-service': s.service, 'data-up': String(s.up) },
        el('th', { scope: 'row' }, s.service),
        el('td', {}, el('span', { class: `status status-${s.up ? 'UP' : 'DOWN'}` }, s.up ? 'UP' : `DOWN (${s.httpStatus})`)),
        el('td', {}, checks(s.checks)))))),
    el('p', { class: 'muted' }, `The console reads ${snapshot.feedPartitions} partitions of the flow and dead-letter topics. Checked ${time(snapshot.checkedAt)}.`));
}

function checks(document) {
  if (!document || !Array.isArray(document.checks)) return '';
  return document.checks.map(c => `${c.name}: ${c.status}`).join(', ');
}

export function deadLetters(answers, act) {
  return answers.map(answer => {
    const heading = el('h3', {}, answer.service);
    if (!answer.available) return el('div', { class: 'panel', 'data-service': answer.service }, heading, unavailable(answer));
    const topics = answer.answer || [];
    const records = answer.more || [];
    return el('div', { class: 'panel', 'data-service': answer.service }, heading,
      el('p', { class: 'muted' }, `Redrives ${topics.join(', ') || 'no topic'}; ${records.length} dead letter${records.length === 1 ? '' : 's'}.`),
      topics.map(topic => records.some(r => r.topic === topic) ? el('p', {}, el('button', {
        type: 'button', class: 'secondary', onclick: event => act(event.currentTarget, 'POST',
          `/api/ops/dead-letters/${encodeURIComponent(answer.service)}/redrive?topic=${encodeURIComponent(topic)}`, `Redrove every dead letter of ${topic}`),
      }, `Redrive all of ${topic}`)) : ''),
      records.length ? el('table', {},
        el('thead', {}, el('tr', {}, ['Dead letter', 'Key', 'Reason', 'When', ''].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, records.map(r => el('tr', { 'data-dead-letter': r.id },
          el('td', { class: 'mono' }, r.id),
          el('td', { class: 'mono' }, r.key || ''),
          el('td', {}, r.reason || '', r.cause ? el('div', { class: 'muted' }, r.cause) : '',
            r.value ? el('details', {}, el('summary', {}, 'Record'), el('pre', { class: 'value' }, r.value)) : ''),
          el('td', {}, time(r.deadLetteredAt)),
          el('td', {}, el('button', {
            type: 'button', 'aria-label': `Redrive dead letter ${r.id}`,
            onclick: event => act(event.currentTarget, 'POST',
              `/api/ops/dead-letters/${encodeURIComponent(answer.service)}/${encodeURIComponent(r.id)}/redrive`, `Redrove ${r.id}`),
          }, 'Redrive')))))) : '');
  });
}

export function outboxView(answers, act) {
  return [el('div', { class: 'grid-2' }, answers.map(answer => {
    const heading = el('h3', {}, answer.service);
    if (!answer.available) return el('div', { class: 'panel', 'data-service': answer.service }, heading, unavailable(answer));
    const backlog = answer.answer || {};
    const rows = answer.more || [];
    return el('div', { class: 'panel', 'data-service': answer.service }, heading,
      el('p', {}, `${backlog.waiting} waiting${backlog.oldestWaiting ? `, oldest since ${time(backlog.oldestWaiting)}` : ''}; ${backlog.quarantined} quarantined.`),
      rows.length ? el('table', {},
        el('thead', {}, el('tr', {}, ['Event', 'Type', 'Reason', ''].map(h => el('th', { scope: 'col' }, h)))),
        el('tbody', {}, rows.map(r => el('tr', { 'data-event-id': r.eventId },
          el('td', { class: 'mono' }, r.eventId),
          el('td', {}, r.type, el('div', { class: 'muted' }, `${r.topic} · ${r.key}`)),
          el('td', {}, r.reason),
          el('td', {},
            el('button', { type: 'button', 'aria-label': `Republish event ${r.eventId}`,
              onclick: event => act(event.currentTarget, 'POST', `/api/ops/outbox/${encodeURIComponent(answer.service)}/${r.eventId}/republish`, `Republished ${r.eventId}`) }, 'Republish'),
            ' ',
            el('button', { type: 'button', class: 'secondary', 'aria-label': `Drop event ${r.eventId}`,
              onclick: event => act(event.currentTarget, 'DELETE', `/api/ops/outbox/${encodeURIComponent(answer.service)}/${r.eventId}`, `Dropped ${r.eventId}`) }, 'Drop')))))) : '');
  }))];
}

function unavailable(answer) {
  const detail = answer.more && answer.more.detail ? answer.more.detail : (answer.answer && answer.answer.detail) || '';
  const text = answer.status === 404 ? 'This service has no operator API.'
    : answer.status === 503 ? 'The service does not answer.' : `The service answered ${answer.status}.`;
  return el('p', { class: 'notice' }, text, detail ? el('span', { class: 'muted' }, ` ${detail}`) : '');
}

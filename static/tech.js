// /tech: a technician's offers, the day's visits and the steps of a visit, one-handed on a phone.
import { api, el, notify, setupLanguage, setupStaffSession, statusName, t, timeOfDay, useZone, when } from './common.js';

const $ = (id) => document.getElementById(id);
let offers = [];
let visits = [];
const SIGNED_IN = 'fieldfix.tech';
// Actions taken without a network, oldest first, kept on the phone until the server has them.
const PENDING = 'fieldfix.tech.pending';
// What each step does to the visit as the phone shows it until the server answers.
const AFTER = { 'en-route': 'en_route', arrive: 'on_site' };

function pending() {
  try {
    return JSON.parse(localStorage.getItem(PENDING) || '[]');
  } catch (e) {
    return [];
  }
}

function keep(list) {
  localStorage.setItem(PENDING, JSON.stringify(list));
  renderPending();
}

function renderPending() {
  const list = pending();
  $('pending').hidden = list.length === 0;
  $('pending-list').replaceChildren(...list.map((a) => el('li', {}, `${a.label} · ${timeOfDay(a.at)}`)));
}

/** Shows the kept actions' effect on the visits, as the server will once it has them. */
function applyPending() {
  for (const a of pending()) {
    const visit = visits.find((v) => v.id === a.visit);
    if (!visit) continue;
    if (AFTER[a.step]) visit.status = AFTER[a.step];
    if (a.step === 'outcome') visit.outcome_kept = true;
    if (a.step === 'complete') visits = visits.filter((v) => v !== visit);
  }
}

let flushing = false;

/** Sends the kept actions in order; stops at the first that still finds no network. */
async function flush() {
  if (flushing || !pending().length) return;
  flushing = true;
  let sent = 0;
  try {
    for (;;) {
      const [next] = pending();
      if (!next) break;
      try {
        await api(next.path, 'POST', next.body);
        sent += 1;
      } catch (e) {
        if (e.offline) return;
        // The server refused it (the step was already done, or the visit moved on): say so and drop it.
        notify(`${next.label}: ${e.message}`, true);
      }
      keep(pending().slice(1));
    }
  } finally {
    flushing = false;
  }
  if (sent) {
    notify(t('sent_later'));
    await load();
  }
}

/** The phone's position when it answers within a few seconds, else none. */
function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    setTimeout(() => resolve(null), 6000);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null), { timeout: 5000, maximumAge: 0, enableHighAccuracy: true });
  });
}

/** Sends an action; without a network, keeps visit steps on the phone to send later. */
async function act(path, body, kept) {
  if (kept && pending().length) {
    keep([...pending(), { ...kept, path, body, at: new Date().toISOString() }]);
    applyPending();
    render();
    notify(t('offline_kept'));
    flush();
    return;
  }
  try {
    await api(path, 'POST', body);
    notify(t('saved'));
    await load();
  } catch (e) {
    if (e.offline && kept) {
      keep([...pending(), { ...kept, path, body, at: new Date().toISOString() }]);
      applyPending();
      render();
    }
    notify(e.message, true);
  }
}

async function step(visit, name) {
  const pos = await position();
  const label = `${visit.reference} · ${t(name === 'en-route' ? 'en_route' : name)}`;
  await act(`/api/visits/${visit.id}/${name}`, pos ? { position: pos } : {}, { visit: visit.id, step: name, label });
}

function lineRow() {
  const kinds = ['call_out', 'labour', 'part'];
  return el('fieldset', { class: 'line' }, el('legend', {}, t('lines')),
    el('label', {}, t('kind'), el('select', { class: 'line-kind' }, kinds.map((k) => el('option', { value: k }, t(k))))),
    el('label', {}, t('description'), el('input', { class: 'line-description', required: true })),
    el('label', {}, t('quantity'), el('input', { class: 'line-quantity', type: 'number', min: '1', max: '100', value: '1' })),
    el('button', { type: 'button', class: 'secondary', onclick: (e) => e.target.closest('fieldset').remove() }, t('remove')));
}

function outcomeForm(visit) {
  const id = (name) => `${name}-${visit.id}`;
  const field = (name, tag = 'input') => [el('label', { for: id(name) }, t(name)), el(tag, { id: id(name), required: name === 'diagnosis' })];
  const lines = el('div', { id: id('lines') });
  const form = el('form', { class: 'outcome', id: id('outcome') },
    el('h3', {}, t('outcome')), ...field('diagnosis'), ...field('root_cause'), ...field('work_done', 'textarea'),
    lines, el('button', { type: 'button', class: 'secondary', id: id('add-line'), onclick: () => lines.append(lineRow()) }, t('add_line')),
    el('label', { for: id('resolution') }, t('resolution')),
    el('select', { id: id('resolution') }, ['resolved', 'needs_part', 'second_visit', 'not_resolved']
      .map((r) => el('option', { value: r }, t(r)))),
    el('button', { type: 'submit', id: id('save-outcome') }, t('save_outcome')));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      diagnosis: $(id('diagnosis')).value, root_cause: $(id('root_cause')).value, work_done: $(id('work_done')).value,
      resolution: $(id('resolution')).value,
      lines: [...lines.querySelectorAll('fieldset')].map((f) => ({ kind: f.querySelector('.line-kind').value,
        description: f.querySelector('.line-description').value, quantity: Number(f.querySelector('.line-quantity').value) })),
    };
    act(`/api/visits/${visit.id}/outcome`, body, { visit: visit.id, step: 'outcome', label: `${visit.reference} · ${t('outcome')}` });
  });
  return form;
}

function renderOffers() {
  $('offers').replaceChildren(...(offers.length ? offers.map((o) => el('div', { class: 'card offer' },
    el('p', {}, el('strong', {}, o.reference), ' ', el('span', { class: 'badge' }, o.skill)),
    el('p', {}, o.problem), el('p', { class: 'muted' }, `${o.address} · ${t('distance')} ${o.distance_km} km`),
    el('p', { class: 'muted' }, o.window ? `${when(o.window.start)} – ${timeOfDay(o.window.end)}` : when(o.proposed_start)),
    el('button', { id: `accept-${o.id}`, onclick: () => act(`/api/offers/${o.id}/accept`, {}) }, t('accept')),
    el('button', { class: 'secondary', id: `decline-${o.id}`, onclick: () => act(`/api/offers/${o.id}/decline`, {}) }, t('decline'))))
    : [el('p', { class: 'muted' }, t('none'))]));
}

function renderVisits() {
  $('visits').replaceChildren(...(visits.length ? visits.map((v) => {
    const buttons = [];
    if (v.status === 'planned') buttons.push(el('button', { id: `en-route-${v.id}`, onclick: () => step(v, 'en-route') }, t('en_route')));
    if (v.status === 'en_route') buttons.push(el('button', { id: `arrive-${v.id}`, onclick: () => step(v, 'arrive') }, t('arrive')));
    if (v.status === 'on_site') {
      buttons.push(el('button', { id: `complete-${v.id}`, onclick: () => act(`/api/visits/${v.id}/complete`, {},
        { visit: v.id, step: 'complete', label: `${v.reference} · ${t('complete')}` }) }, t('complete')));
    }
    return el('div', { class: 'card visit', id: `visit-${v.id}` },
      el('p', {}, el('strong', {}, v.reference), ' ', el('span', { class: 'badge', id: `visit-status-${v.id}` }, statusName(v.status).replace(/_/g, ' '))),
      el('p', { class: 'muted' }, v.scheduled_start ? `${when(v.scheduled_start)} – ${timeOfDay(v.scheduled_end)}` : ''),
      el('p', {}, v.problem), el('p', {}, v.address, ' ', el('a', { class: 'button secondary', href: v.navigation_url }, t('navigate'))),
      v.quote_status === 'pending' ? el('p', { class: 'late', id: `await-approval-${v.id}` }, t('await_approval')) : null,
      v.status === 'on_site' && !v.outcome_kept ? outcomeForm(v) : null, ...buttons);
  }) : [el('p', { class: 'muted' }, t('none'))]));
}

function render() {
  renderOffers();
  renderVisits();
}

async function load() {
  try {
    [offers, visits] = await Promise.all([api('/api/tech/offers'), api('/api/tech/visits')]);
    const zoned = visits[0] || offers[0];
    if (zoned) useZone(zoned.time_zone);
    applyPending();
    $('login-box').hidden = true;
    $('work').hidden = false;
    render();
    renderPending();
    flush();
  } catch (e) {
    if (e.offline) {
      notify(e.message, true);
      return;
    }
    sessionStorage.removeItem(SIGNED_IN);
    $('login-box').hidden = false;
    $('work').hidden = true;
  }
}

setupLanguage(() => { render(); renderPending(); });
setupStaffSession(SIGNED_IN, 'work', load);
window.addEventListener('online', flush);
setInterval(flush, 5000);

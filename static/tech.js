// /tech: a technician's offers, the day's visits and the steps of a visit, one-handed on a phone.
import { navLinks } from './navigate.js';
import {
  api, el, loadSkills, money, notify, setupLanguage, setupStaffSession, showFieldErrors, skillName, statusName, t, timeOfDay,
  useZone, when,
} from './common.js';
import { outcomeForm } from './outcome.js';
import { photoStrip, uploadPhoto } from './photos.js';
import { dropPhoto, forgetDay, keepPhoto, keptPhoto, registerWorker } from './offline.js';
import { conversation } from './conversation.js';
import { forgetPads, paymentBlock, signatureStep } from './sign.js';

const $ = (id) => document.getElementById(id);
let offers = [];
let visits = [];
let fees = null;
const SIGNED_IN = 'fieldfix.tech';
// Actions taken without a network, oldest first, kept on the phone until the server has them.
const PENDING = 'fieldfix.tech.pending';
// What each step does to the visit as the phone shows it until the server answers.
/** The server's name of a step kept under its path name. */
const STEP_NAME = { 'en-route': 'en_route', arrive: 'arrive', outcome: 'outcome', complete: 'complete', payment: 'payment' };

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
    // What the step leads to comes from the server with the visit (after_step).
    const effect = (visit.after_step || {})[STEP_NAME[a.step]];
    if (effect) {
      visit.status = effect.status;
      visit.after_step = {};
      visit.next_steps = effect.next_steps;
    }
    if (a.step === 'outcome') visit.outcome_kept = true;
    if (a.step === 'payment') visit.payment_due = null;
    // A visit done with its payment still due stays on the day for it.
    if (a.step === 'complete' && !visit.payment_due) visits = visits.filter((v) => v !== visit);
  }
}

/** Sends a kept action: a visit step, or a photo from IndexedDB. */
async function sendKept(action) {
  if (!action.photo) return api(action.path, 'POST', action.body);
  const blob = await keptPhoto(action.photo);
  return blob ? uploadPhoto(action.path, blob) : null;
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
        await sendKept(next);
        sent += 1;
      } catch (e) {
        if (e.offline) return;
        // A step kept when the server was too slow may have arrived after all: its repeat is
        // refused as done already, which is no news. Any other refusal (the visit moved on) is said.
        if (next.timedOut && e.status === 409) sent += 1;
        else notify(`${next.label}: ${e.message}`, true);
      }
      if (next.photo) await dropPhoto(next.photo).catch(() => null);
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

/** How long the phone may look for its position before a step goes without it (ms). */
const POSITION_WAIT = 3000;
/** How long a step waits for the server before it is kept on the phone (ms). */
const STEP_WAIT = 8000;

/** The phone's position when it answers within a few seconds, else none. */
function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    setTimeout(() => resolve(null), POSITION_WAIT);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ lat: p.coords.latitude, lon: p.coords.longitude }),
      () => resolve(null), { timeout: POSITION_WAIT - 500, maximumAge: 0, enableHighAccuracy: true });
  });
}

/** Keeps a visit step on the phone, behind the ones already kept, and shows its effect. */
function keepStep(kept, path, body, timedOut = false) {
  keep([...pending(), { ...kept, path, body, timedOut, at: new Date().toISOString() }]);
  applyPending();
  render();
}

/** Sends an action; without a network, keeps visit steps on the phone to send later.
 * `done` is the message on success; `fields` maps refused fields to the inputs they were
 * typed in (for `showFieldErrors`). True when the server took it. */
async function act(path, body, kept, done = t('saved'), fields = null) {
  if (kept && pending().length) {
    keepStep(kept, path, body);
    notify(t('offline_kept'));
    flush();
    return false;
  }
  try {
    // A step that has no answer in a few seconds is kept on the phone, as without a network.
    await api(path, 'POST', body, kept ? { timeout: STEP_WAIT } : {});
    notify(done);
    await load();
    return true;
  } catch (e) {
    if (e.offline && kept) {
      keepStep(kept, path, body, e.timedOut);
      notify(e.timedOut ? t('slow_network_kept') : t('offline_kept'), true);
      return false;
    }
    const unplaced = fields ? showFieldErrors(e.fields, fields) : [];
    notify([e.message, ...unplaced].join(' · '), true);
    return false;
  }
}

/** Sends the photos just taken for a visit; without a network (or behind steps still kept)
 * each is kept on the phone and sent in turn with the steps. */
async function takePhotos(visit, stage, input) {
  const files = [...input.files];
  input.value = '';
  const path = `/api/visits/${visit.id}/photos?stage=${stage}`;
  const label = `${visit.reference} · ${t(`photo_${stage}`)}`;
  let sentNow = 0;
  for (const file of files) {
    if (!pending().length) {
      try {
        const sent = await uploadPhoto(path, file);
        visit.photos = [...(visit.photos || []), { ...sent, taken_by: 'technician', stage }];
        sentNow += 1;
        continue;
      } catch (e) {
        if (!e.offline) {
          notify(e.message, true);
          continue;
        }
      }
    }
    const key = `${visit.id}-${Date.now()}-${Math.random().toString(36).slice(2)}`;
    try {
      await keepPhoto(key, file);
      keep([...pending(), { visit: visit.id, step: 'photo', label, path, photo: key, at: new Date().toISOString() }]);
      notify(t('photo_kept'));
    } catch (e) {
      notify(e.message, true);
    }
  }
  if (sentNow) {
    notify(t('photos_sent'));
    // Only the thumbnails change: an outcome being typed in the card stays as it is.
    $(`photos-box-${visit.id}`)?.replaceChildren(photoStrip(visit.photos, `photos-${visit.id}`) || '');
  }
}

/** The before/after photo inputs of a visit still to happen or happening (the camera first). */
function photoInputs(v) {
  if (!['planned', 'en_route', 'on_site'].includes(v.status)) return [];
  return ['before', 'after'].map((stage) => {
    const id = `photo-${stage}-${v.id}`;
    const input = el('input', { id, type: 'file', accept: 'image/jpeg,image/png,image/webp', capture: 'environment',
      multiple: true, class: 'photo-input' });
    input.addEventListener('change', () => takePhotos(v, stage, input));
    return el('div', {}, el('label', { for: id }, t(`photo_${stage}`)), input);
  });
}

/** A step with the phone's position: the button shows it is working and takes no second
 * tap; without a position in a few seconds the step goes without one, and the page says so. */
async function step(visit, name, button) {
  if (button) {
    button.disabled = true;
    button.setAttribute('aria-busy', 'true');
    button.textContent = t('locating');
  }
  const pos = await position();
  if (button) button.textContent = t('sending');
  const label = `${visit.reference} · ${t(name === 'en-route' ? 'en_route' : name)}`;
  await act(`/api/visits/${visit.id}/${name}`, pos ? { position: pos } : {}, { visit: visit.id, step: name, label },
    pos ? t('saved') : t('no_position'));
}

function renderOffers() {
  $('offers').replaceChildren(...(offers.length ? offers.map((o) => el('div', { class: 'card offer' },
    el('p', {}, el('strong', {}, o.reference), ' ', el('span', { class: 'badge' }, skillName(o.skill))),
    el('p', {}, o.problem), el('p', { class: 'muted' }, `${o.address} · ${t('distance')} ${o.distance_km} ${t('km')}`),
    el('p', { class: 'muted' }, o.window ? `${when(o.window.start)} – ${timeOfDay(o.window.end)}` : when(o.proposed_start)),
    el('p', { class: 'expires', id: `expires-${o.id}` }, t('answer_by').replace('{time}', timeOfDay(o.expires_at))),
    el('button', { id: `accept-${o.id}`, onclick: () => act(`/api/offers/${o.id}/accept`, {}) }, t('accept')),
    el('button', { class: 'secondary', id: `decline-${o.id}`, onclick: () => act(`/api/offers/${o.id}/decline`, {}) }, t('decline'))))
    : [el('p', { class: 'muted' }, t('none'))]));
}

/** What was saved on site: read-only, with Edit while the visit is open. */
function savedOutcome(v) {
  const o = v.outcome;
  const edit = el('button', { type: 'button', class: 'secondary', id: `edit-outcome-${v.id}`, onclick: () => {
    editing.add(v.id);
    render();
  } }, t('edit'));
  return el('div', { class: 'saved-outcome', id: `saved-outcome-${v.id}` },
    el('h3', {}, t('saved_outcome')),
    el('p', {}, el('strong', {}, `${t('diagnosis')}: `), o.diagnosis),
    o.work_done ? el('p', {}, el('strong', {}, `${t('work_done')}: `), o.work_done) : null,
    el('table', { class: 'fees' }, el('tbody', {}, o.lines.map((l) => el('tr', {},
      el('td', {}, l.name || l.description, l.typed ? el('small', { class: 'typed' }, ` (${t('typed_mark')})`) : null),
      el('td', { class: 'qty' }, `${l.quantity} × ${money(l.unit_price)}`),
      el('td', { class: 'amount' }, money(l.billable), l.covered_by_warranty ? el('small', { class: 'cover' }, ` ${t('warranty_mark')}`)
        : l.covered ? el('small', { class: 'cover' }, ` ${t('free_mark')}`) : null))),
    el('tr', {}, el('th', {}, t('total')), el('td', {}), el('th', { id: `saved-total-${v.id}` }, money(o.total))))),
    el('p', { class: 'muted' }, `${t('resolution')}: ${t(o.resolution)}`),
    (v.next_steps || []).includes('outcome') ? edit : null);
}

/** The conversations open on visit cards, by request id: kept while the day is drawn again. */
const threads = new Map();

function messagesButton(v) {
  const open = threads.get(v.request_id);
  if (open) return open.box;
  const count = v.unanswered_messages ? ` (${v.unanswered_messages})` : '';
  return el('button', { type: 'button', class: v.unanswered_messages ? '' : 'secondary', id: `messages-${v.id}`, onclick: async () => {
    const box = el('section', { id: `thread-${v.request_id}`, class: 'conversation' });
    const load = conversation(box, `/api/requests/${v.request_id}/messages`, 'staff');
    threads.set(v.request_id, { box, load });
    renderVisits();
    try {
      await load();
    } catch (e) {
      notify(e.message, true);
    }
  } }, `${t('messages_button')}${count}`);
}

/** Which visits' saved outcomes are being edited again. */
const editing = new Set();
/** The visits of the service point's today (the server's day, not this phone's). */
let todayIds = new Set();

function visitCard(v) {
    const buttons = [];
    const can = (s) => (v.next_steps || []).includes(s);
    if (can('en_route')) buttons.push(el('button', { id: `en-route-${v.id}`, onclick: (e) => step(v, 'en-route', e.currentTarget) }, t('en_route')));
    if (can('arrive')) buttons.push(el('button', { id: `arrive-${v.id}`, onclick: (e) => step(v, 'arrive', e.currentTarget) }, t('arrive')));
    if (can('complete')) {
      buttons.push(el('button', { id: `complete-${v.id}`, onclick: () => act(`/api/visits/${v.id}/complete`, {},
        { visit: v.id, step: 'complete', label: `${v.reference} · ${t('complete')}` }) }, t('complete')));
    }
    const showForm = can('outcome') && !v.outcome_kept
      && (!v.outcome || editing.has(v.id) || (v.quote_status === 'declined' && v.outcome.resolution !== 'declined'));
    return el('div', { class: 'card visit', id: `visit-${v.id}` },
      el('p', {}, el('strong', {}, v.reference), ' ', el('span', { class: 'badge', id: `visit-status-${v.id}` }, statusName(v.status).replace(/_/g, ' '))),
      el('p', { class: 'muted' }, v.scheduled_start ? `${when(v.scheduled_start)} – ${timeOfDay(v.scheduled_end)}` : ''),
      el('p', {}, v.problem), el('p', {}, v.address, ' ', ...navLinks(v)),
      v.customer ? el('p', { id: `customer-${v.id}` }, `${t('customer')}: ${v.customer.name} `,
        v.customer.phone ? el('a', { class: 'button secondary', href: `tel:${v.customer.phone.replace(/[^0-9+]/g, '')}` }, t('call')) : null) : null,
      messagesButton(v),
      v.quote_status === 'pending' ? el('p', { class: 'late', id: `await-approval-${v.id}` }, t('await_approval')) : null,
      v.quote_status === 'pending' && v.outcome ? signatureStep(v, load) : null,
      v.quote_status === 'declined' ? el('p', { class: 'late', id: `declined-${v.id}` }, t('customer_declined')) : null,
      el('div', { id: `photos-box-${v.id}` }, photoStrip(v.photos, `photos-${v.id}`)),
      v.outcome && !showForm ? savedOutcome(v) : null,
      showForm ? outcomeForm(v, fees, (body, fields) => act(`/api/visits/${v.id}/outcome`, body,
        { visit: v.id, step: 'outcome', label: `${v.reference} · ${t('outcome')}` }, t('saved'), fields)) : null,
      paymentBlock(v, (body, fields) => act(`/api/visits/${v.id}/payment`, body,
        { visit: v.id, step: 'payment', label: `${v.reference} · ${t('record_payment')}` }, t('payment_recorded'), fields)),
      ...photoInputs(v), ...buttons);
}

function renderVisits() {
  const now = visits.filter((v) => todayIds.has(v.id));
  const later = visits.filter((v) => !todayIds.has(v.id));
  $('visits').replaceChildren(...(now.length ? now.map(visitCard) : [el('p', { class: 'muted' }, t('none'))]));
  $('upcoming').replaceChildren(...(later.length ? later.map(visitCard) : [el('p', { class: 'muted' }, t('none'))]));
}

function render() {
  renderOffers();
  renderVisits();
}

async function load() {
  try {
    await loadSkills();
    let today;
    [offers, today, visits, fees] = await Promise.all([api('/api/tech/offers'), api('/api/tech/visits'),
      api('/api/tech/visits?days=7'), api('/api/tech/fees')]);
    todayIds = new Set(today.map((v) => v.id));
    forgetPads(new Set(visits.filter((v) => v.quote_status === 'pending').map((v) => v.id)));
    editing.clear();
    const zoned = visits[0] || offers[0];
    if (zoned) useZone(zoned.time_zone);
    applyPending();
    $('login-box').hidden = true;
    $('work').hidden = false;
    render();
    renderPending();
    if (!navigator.onLine) notify(t('offline_day'));
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

registerWorker(() => {
  if (sessionStorage.getItem(SIGNED_IN)) load();
});
// Signed out, the day's data must not stay on a shared phone.
$('logout').addEventListener('click', forgetDay);
setupLanguage(() => { threads.clear(); render(); renderPending(); });
setupStaffSession(SIGNED_IN, 'work', load);
window.addEventListener('online', flush);
setInterval(flush, 5000);

/** While a visit is on the way, the phone tells the server where it is once a minute, so the customer's /track map follows. */
async function reportPosition() {
  if (document.hidden || !visits.some((v) => v.status === 'en_route')) return;
  const at = await position();
  if (!at) return;
  try {
    await api('/api/tech/position', 'POST', { position: at });
  } catch (e) {
    // A missed report is replaced by the next one a minute later.
  }
}
setInterval(reportPosition, 60000);

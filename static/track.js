// /track/{token}: the customer's view of a request; /rate/{token}: the rating form alone.
import { dot, makeMap } from './map.js';
import { api, el, kindName, lang, money, notify, setupLanguage, statusName, t, timeOfDay, useZone, when } from './common.js';
import { MAX_PHOTOS, photoStrip, sendPhotos } from './photos.js';
import { conversation } from './conversation.js';
import { forgetInvoiceForm, renderEvidence } from './evidence.js';
import { partDay, partLine, renderCancel } from './cancel.js';

const $ = (id) => document.getElementById(id);
const [, mode, token] = location.pathname.split('/');
let view = null;
let ratingToken = mode === 'rate' ? token : null;
/** Reads the conversation again (made once the request is shown). */
let talk = null;

function renderSummary() {
  const visit = view.visits[view.visits.length - 1];
  const rows = [
    el('p', {}, el('span', { class: 'muted' }, `${t('reference')}: `), el('strong', {}, view.reference)),
    el('p', { class: 'big', id: 'status' }, statusName(view.status)),
    el('p', {}, `${view.product} · ${view.address}`),
  ];
  if (visit && visit.technician_first_name) {
    const stars = visit.technician_rating ? ` · ★ ${visit.technician_rating.toFixed(1)}` : '';
    rows.push(el('p', {}, `${t('technician')}: `, el('strong', { id: 'technician' }, visit.technician_first_name), stars));
  }
  if (view.window) rows.push(el('p', {}, `${t('window')}: ${when(view.window.start)} – ${timeOfDay(view.window.end)}`));
  const done = ['completed', 'closed', 'needs_follow_up', 'cancelled'].includes(view.status);
  if (visit && visit.eta && !done && !visit.diagnosis) rows.push(el('p', {}, `${t('eta')}: `, el('strong', {}, when(visit.eta))));
  const w = view.warranty;
  const coverage = w.covered
    ? (w.until ? `${t('covered')} (${t('until')} ${w.until})` : t('covered'))
    : (w.until ? `${t('not_covered')}: ${t('warranty_ended')} ${w.until}` : t('not_covered'));
  rows.push(el('p', { id: 'warranty' }, `${t('warranty')}: ${coverage}`));
  const part = partLine(view);
  if (part) rows.push(part);
  if (view.booked_services.length) {
    const named = view.booked_services.map((s) => `${lang === 'zh-CN' && s.name_zh ? s.name_zh : s.name} · ${money(s.price)}`);
    rows.push(el('p', { id: 'booked-services' }, `${t('chosen_services')}: ${named.join(', ')}`));
  }
  if (view.service_point_phone) {
    rows.push(el('p', {}, `${t('questions').replace('{name}', view.service_point_name)} `,
      el('a', { id: 'call-point', href: `tel:${view.service_point_phone.replace(/[^+0-9]/g, '')}` }, view.service_point_phone)));
  }
  $('summary').replaceChildren(...rows);
  $('summary').hidden = false;
}

/** How many of what: labour is counted in half hours. */
const units = (l) => (l.kind === 'labour' ? `${l.quantity} × ${t('half_hour')}` : `× ${l.quantity}`);

/** Why a line comes to nothing: 保修 under warranty, or a free follow-up. */
/** A fee line's name in the page's language; a part the schedule does not list as the technician typed it, marked. */
const lineName = (l) => [l.name || l.description, l.typed ? el('small', { class: 'typed' }, ` (${t('typed_mark')})`) : null]
  .filter((x) => x !== null);
const coverMark = (l) => (l.covered_by_warranty ? el('small', { class: 'cover' }, ` ${t('warranty_mark')}`)
  : l.covered ? el('small', { class: 'cover' }, ` ${t('free_mark')}`) : null);

/** What is due of a visit: after a declined quote, only the call-out stays (the declined work is not done). */
function dueOf(v) {
  if (v.quote_status !== 'declined') return { lines: v.lines, total: v.total };
  const lines = v.lines.filter((l) => l.kind === 'call_out');
  return { lines, total: { amount_minor: lines.reduce((a, l) => a + l.billable.amount_minor, 0), currency: v.total.currency } };
}

function renderFees() {
  const blocks = view.visits.filter((v) => v.lines.length || v.diagnosis).map((v) => ({ ...v, ...dueOf(v) }))
    .map((v) => el('div', {},
    v.diagnosis ? el('p', { id: `found-${v.id}` }, el('strong', {}, `${t('found')}: `), v.diagnosis) : null,
    v.work_done ? el('p', { id: `work-${v.id}` }, el('strong', {}, `${t(v.quote_status === 'pending' ? 'to_do' : 'work_done')}: `), v.work_done) : null,
    el('table', {}, el('tbody', {}, v.lines.map((l) => el('tr', {},
      el('td', {}, lineName(l)), el('td', { class: 'qty' }, units(l)),
      el('td', { class: 'amount' }, money(l.billable), coverMark(l)))),
    el('tr', {}, el('th', {}, t('total')), el('td', {}), el('th', { id: 'total', class: 'amount' }, money(v.total))))),
    v.quote_status === 'pending' ? decision(v)
      : v.quote_status === 'approved' ? el('p', { class: 'badge' }, t('approved'))
        : v.quote_status === 'declined' ? el('p', { class: 'badge', id: 'declined' }, t('declined_quote')) : null));
  const waiting = view.visits.some((v) => v.quote_status === 'pending');
  $('fees').replaceChildren(el('h2', {}, t(waiting ? 'approval_needed' : 'quote')), ...blocks);
  $('fees').hidden = blocks.length === 0;
  // While a quote waits, the decision comes first, where the eye lands.
  if (waiting) $('summary').before($('fees'));
  else $('fees').before($('summary'));
}

function renderTimeline() {
  $('timeline').replaceChildren(...view.events.map((e) => el('li', {},
    el('div', { class: 'muted' }, when(e.at)),
    el('div', {}, e.to ? statusName(e.to) : kindName(e.kind)),
    e.detail ? el('div', { class: 'muted' }, e.detail) : null)));
  $('timeline-box').hidden = false;
}

/** The customer's earlier requests, present only when they are signed in and booked this one. */
function renderHistory() {
  const earlier = view.history || [];
  $('history-list').replaceChildren(...earlier.map((r) => el('li', { id: `earlier-${r.id}` },
    el('div', {}, el('strong', {}, r.reference), ` · ${statusName(r.status)} · ${when(r.created_at)}`),
    el('div', { class: 'muted' }, [r.product.category, r.product.brand, r.product.model].filter(Boolean).join(' ')),
    el('div', { class: 'muted' }, r.problem))));
  $('history').hidden = earlier.length === 0;
  $('account-box').hidden = mode !== 'track' || view.history !== undefined;
}

async function getAccount() {
  try {
    await api(`/api/track/${token}/account`, 'POST', {});
    $('get-account').disabled = true;
    $('account-status').textContent = t('link_sent');
  } catch (e) {
    $('account-status').textContent = e.message;
  }
}

/** Corrects the phone (used once the texted code is confirmed) and the email (at once). */
async function saveContact(event) {
  event.preventDefault();
  const body = {};
  if ($('contact-phone').value.trim()) body.phone = $('contact-phone').value.trim();
  if ($('contact-email').value.trim()) body.email = $('contact-email').value.trim();
  if (!body.phone && !body.email) return;
  try {
    const changed = await api(`/api/track/${token}/contact`, 'PATCH', body);
    const said = [];
    if (changed.email_changed) said.push(t('email_saved'));
    if (changed.phone_code_sent) {
      said.push(t('contact_code_sent').replace('{minutes}', changed.valid_minutes));
      $('contact-code-form').hidden = false;
      $('contact-code').focus();
    }
    $('contact-email').value = '';
    $('contact-status').textContent = said.join(' ');
    load();
  } catch (e) {
    $('contact-status').textContent = e.message;
  }
  // The answer shows where the eye is: under the form, scrolled into view.
  $('contact-status').scrollIntoView({ block: 'nearest' });
}

async function confirmContact(event) {
  event.preventDefault();
  try {
    await api(`/api/track/${token}/contact/confirm`, 'POST', { code: $('contact-code').value.trim() });
    $('contact-code').value = '';
    $('contact-phone').value = '';
    $('contact-code-form').hidden = true;
    $('contact-status').textContent = t('phone_confirmed');
    await load();
  } catch (e) {
    $('contact-status').textContent = e.message;
  }
  $('contact-status').scrollIntoView({ block: 'nearest' });
}

/** The map of the technician on the way and the address; made once, its markers redrawn on each poll. */
let map = null;
let markers = null;

async function renderWhere() {
  const p = view.technician_position;
  $('where').hidden = !p;
  if (!p) return;
  $('position-at').textContent = `${t('position_at')} ${timeOfDay(p.at)}`;
  if (!map) {
    map = await makeMap('track-map', p, 13);
    if (!map) return;
    markers = window.L.layerGroup().addTo(map);
  }
  markers.clearLayers();
  dot(markers, view.location, 'open', view.address, 8);
  dot(markers, p, 'tech', t('technician'), 8);
  map.fitBounds([[p.lat, p.lon], [view.location.lat, view.location.lon]], { padding: [32, 32], maxZoom: 15 });
}

/** Windows the visit can move to: the same capacity-backed slots as /book, next three days. */
let newWindows = [];

function renderReschedule() {
  $('reschedule').hidden = mode !== 'track' || !['submitted', 'awaiting_technician', 'scheduled'].includes(view.status);
  $('new-windows').replaceChildren(...newWindows.map((s, i) => el('label', { class: 'radio' },
    el('input', { type: 'radio', name: 'new-window', value: String(i), id: `new-window-${i}`, required: true }),
    el('span', {}, `${when(s.start)} – ${timeOfDay(s.end)}`))));
}

async function showWindows() {
  try {
    const q = new URLSearchParams({ lat: view.location.lat, lon: view.location.lon, skill: view.skill, days: '3' });
    const part = partDay(view);
    if (part) q.set('from', part);
    newWindows = (await api(`/api/slots?${q}`)).filter((s) => s.available > 0);
    $('reschedule-form').hidden = false;
    renderReschedule();
    if (!newWindows.length) notify(t('none'));
  } catch (e) {
    notify(e.message, true);
  }
}

async function moveVisit(event) {
  event.preventDefault();
  const chosen = document.querySelector('input[name=new-window]:checked');
  if (!chosen) return;
  const slot = newWindows[Number(chosen.value)];
  try {
    view = await api(`/api/track/${token}/reschedule`, 'POST', { window: { start: slot.start, end: slot.end } });
    newWindows = [];
    $('reschedule-form').hidden = true;
    notify(t('visit_moved'));
    render();
  } catch (e) {
    notify(e.message, true);
  }
}

/** The photos of both sides; the customer may add theirs while the request is open. */
function renderPhotos() {
  const mine = view.photos.filter((p) => p.taken_by === 'customer').length;
  const open = !['closed', 'cancelled'].includes(view.status);
  $('photo-list').replaceChildren(photoStrip(view.photos, 'photo-strip') || el('p', { class: 'muted' }, t('none')));
  $('photo-form').hidden = !open || mine >= MAX_PHOTOS;
  $('photos-box').hidden = !open && !view.photos.length;
}

async function addPhotos() {
  const files = [...$('more-photos').files];
  const room = MAX_PHOTOS - view.photos.filter((p) => p.taken_by === 'customer').length;
  if (files.length > room) {
    notify(t('too_many_photos'), true);
    return;
  }
  await sendPhotos(`/api/track/${token}/photos`, files);
  $('more-photos').value = '';
  await load();
}

function render() {
  if (!view) return;
  renderReschedule();
  renderWhere();
  renderSummary();
  renderFees();
  renderTimeline();
  renderHistory();
  renderPhotos();
  if (mode === 'track') renderEvidence($('evidence'), view, token, load);
  renderCancel(view, mode, token, load);
  ratingToken = view.rating_url ? view.rating_url.split('/').pop() : null;
  if ($('rate-thanks')) $('rate-thanks').textContent = t('thanks');
  $('rate').hidden = !ratingToken && !$('rate-thanks');
  $('follow-up').hidden = !['completed', 'closed', 'needs_follow_up'].includes(view.status);
  $('contact-box').hidden = mode !== 'track';
}

async function load() {
  try {
    if (mode === 'rate') {
      const prompt = await api(`/api/ratings/${token}`);
      $('rate').hidden = prompt.rated;
      if (prompt.rated) notify(t('thanks'));
      return;
    }
    view = await api(`/api/track/${token}`);
    useZone(view.time_zone);
    render();
    talk = talk || conversation($('conversation'), `/api/track/${token}/messages`, 'customer');
    $('conversation').hidden = false;
    await talk();
  } catch (e) {
    notify(e.message, true);
  }
}

/** Approve, or say no with an optional reason (the reason box opens on the first tap). */
function decision(v) {
  const stays = v.lines.filter((l) => l.kind === 'call_out').reduce((a, l) => a + l.billable.amount_minor, 0);
  const rule = el('p', { class: 'muted', id: 'decline-rule' }, stays > 0
    ? t('decline_still_due').replace('{amount}', money({ amount_minor: stays, currency: v.total.currency }))
    : t('decline_nothing_due'));
  const reason = el('textarea', { id: 'decline-reason', maxlength: '500', hidden: true, 'aria-label': t('decline_reason') });
  const no = el('button', { class: 'secondary', id: 'decline', onclick: () => {
    if (reason.hidden) {
      reason.hidden = false;
      reason.focus();
      no.textContent = t('confirm_decline');
    } else {
      decline(reason.value);
    }
  } }, t('decline_quote'));
  return el('div', { class: 'decision' }, el('button', { id: 'approve', onclick: approve }, t('approve')), rule, reason, no);
}

async function decline(reason) {
  try {
    await api(`/api/track/${token}/quote/decline`, 'POST', reason.trim() ? { reason: reason.trim() } : {});
    notify(t('declined_quote'));
    await load();
  } catch (e) {
    notify(e.message, true);
  }
}

async function approve() {
  try {
    await api(`/api/track/${token}/quote/approve`, 'POST', {});
    notify(t('approved'));
    await load();
  } catch (e) {
    notify(e.message, true);
  }
}

async function rate(event) {
  event.preventDefault();
  const score = (id) => Number(document.querySelector(`input[name=${id}]:checked`)?.value || 0);
  try {
    await api(`/api/ratings/${ratingToken}`, 'POST', { stars: score('stars'), punctuality: score('punctuality'),
      professionalism: score('professionalism'), resolution: score('resolution'), comment: $('comment').value });
    notify(t('thanks'));
    $('rating-form').replaceWith(el('p', { id: 'rate-thanks', class: 'message' }, t('thanks')));
    if (mode === 'track') await load();
  } catch (e) {
    notify(e.message, true);
  }
}

async function followUp(event) {
  event.preventDefault();
  const photos = [...$('follow-up-photos').files];
  if (photos.length > MAX_PHOTOS) {
    notify(t('too_many_photos'), true);
    return;
  }
  try {
    const booked = await api(`/api/track/${token}/follow-up`, 'POST', { problem: $('follow-up-problem').value });
    const link = new URL(booked.tracking_url).pathname;
    $('follow-up-form').replaceWith(el('p', { id: 'follow-up-opened' }, `${t('follow_up_opened')}: ${booked.reference} · `,
      el('a', { href: link, id: 'follow-up-link' }, t('track_link'))));
    notify(`${t('follow_up_opened')}: ${booked.reference}`);
    if (photos.length) await sendPhotos(`/api/track/${link.split('/').pop()}/photos`, photos);
  } catch (e) {
    notify(e.message, true);
  }
}

/** Five labelled radio buttons per question, none chosen until the customer chooses. */
for (const id of ['stars', 'punctuality', 'professionalism', 'resolution']) {
  $(id).append(...[1, 2, 3, 4, 5].map((n) => el('label', { class: 'star', for: `${id}-${n}` },
    el('input', { type: 'radio', name: id, value: String(n), id: `${id}-${n}`, required: true }),
    el('span', { 'aria-hidden': 'true' }, `${n}★`), el('span', { class: 'sr-only' }, ` ${n} / 5`))));
}
$('rating-form').addEventListener('submit', rate);
$('follow-up-form').addEventListener('submit', followUp);
$('get-account').addEventListener('click', getAccount);
$('contact-form').addEventListener('submit', saveContact);
$('contact-code-form').addEventListener('submit', confirmContact);
$('show-windows').addEventListener('click', showWindows);
$('reschedule-form').addEventListener('submit', moveVisit);
$('more-photos').addEventListener('change', addPhotos);
$('photo-form').addEventListener('submit', (e) => e.preventDefault());
// The server writes the timeline in the page's language: read it again in the new one.
setupLanguage(() => { talk = null; forgetInvoiceForm(); render(); load(); });
load();
// While the technician is on the way the page follows them every 15 s, else every 30 s.
let polled = 0;
setInterval(() => {
  polled += 1;
  const fast = view && view.technician_position;
  if (mode === 'track' && !document.hidden && (fast || polled % 2 === 0)) load();
}, 15000);

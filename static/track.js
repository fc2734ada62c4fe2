// /track/{token}: the customer's view of a request; /rate/{token}: the rating form alone.
import { MAX_PHOTOS, api, el, kindName, money, notify, photoStrip, sendPhotos, setupLanguage, statusName, t, timeOfDay, useZone, when } from './common.js';

const $ = (id) => document.getElementById(id);
const [, mode, token] = location.pathname.split('/');
let view = null;
let ratingToken = mode === 'rate' ? token : null;

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
  $('summary').replaceChildren(...rows);
  $('summary').hidden = false;
}

/** How many of what: labour is counted in half hours. */
const units = (l) => (l.kind === 'labour' ? `${l.quantity} × ${t('half_hour')}` : `× ${l.quantity}`);

function renderFees() {
  const blocks = view.visits.filter((v) => v.lines.length || v.diagnosis).map((v) => el('div', {},
    v.diagnosis ? el('p', { id: `found-${v.id}` }, el('strong', {}, `${t('found')}: `), v.diagnosis) : null,
    v.work_done ? el('p', { id: `work-${v.id}` }, el('strong', {}, `${t(v.quote_status === 'pending' ? 'to_do' : 'work_done')}: `), v.work_done) : null,
    el('table', {}, el('tbody', {}, v.lines.map((l) => el('tr', {},
      el('td', {}, l.description), el('td', {}, units(l)),
      el('td', {}, l.covered ? `${money(l.billable)} (${t('covered')})` : money(l.billable)))),
    el('tr', {}, el('th', {}, t('total')), el('td', {}), el('th', { id: 'total' }, money(v.total))))),
    v.quote_status === 'pending' ? decision()
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
  renderSummary();
  renderFees();
  renderTimeline();
  renderPhotos();
  ratingToken = view.rating_url ? view.rating_url.split('/').pop() : null;
  $('rate').hidden = !ratingToken && !$('rate-thanks');
  $('follow-up').hidden = !['completed', 'closed', 'needs_follow_up'].includes(view.status);
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
  } catch (e) {
    notify(e.message, true);
  }
}

/** Approve, or say no with an optional reason (the reason box opens on the first tap). */
function decision() {
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
  return el('div', { class: 'decision' }, el('button', { id: 'approve', onclick: approve }, t('approve')), reason, no);
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
$('more-photos').addEventListener('change', addPhotos);
$('photo-form').addEventListener('submit', (e) => e.preventDefault());
setupLanguage(render);
load();
setInterval(() => { if (mode === 'track' && !document.hidden) load(); }, 30000);

// /manage: the dispatch board of a service-point manager: the queue with promise countdowns,
// candidates (with who holds an offer) and assignment, a map, each technician's day with what
// may be done to a visit (move, reassign, cancel), the day's re-plan, and the figures.
import {
  api, dayOf, el, loadSkills, localHours, money, notify, setupLanguage, setupStaffSession, skillName, statusName, t, timeOfDay, toast, useZone, when,
} from './common.js';
import { cancelForm, replanBox, slotDetail } from './manage_actions.js';
import { renderCharts } from './manage_charts.js';
import { photoStrip } from './photos.js';
import { dot, makeMap } from './map.js';
import { loadCalls, renderCalls } from './calls.js';
import { loadTasks, renderTasks } from './tasks.js';
import { refreshInbox } from './inbox.js';

const $ = (id) => document.getElementById(id);
const SIGNED_IN = 'fieldfix.manage';
let queue = [];
let kpis = null;
let board = null;
let weeks = null;
let calls = null;
let tasks = null;
let selected = null;
let candidates = [];
/** The selected request as GET /api/requests/{id} answers a manager (with the customer record). */
let detail = null;
let map = null;
let layer = null;
let fitted = null;
/** The day the re-plan box was drawn for (it keeps a preview until the day or point changes). */
let replanFor = null;

function countdown(iso) {
  const ms = new Date(iso) - Date.now();
  const mins = Math.floor(Math.abs(ms) / 60000);
  const fill = (key) => t(key).replace('{h}', Math.floor(mins / 60)).replace('{m}', String(mins % 60).padStart(2, '0'));
  return fill(ms >= 0 ? 'time_left' : 'time_overdue');
}

function renderQueue() {
  $('queue').replaceChildren(...(queue.length ? queue.map((q) => el('div', { class: 'card', id: `request-${q.id}` },
    el('p', {}, el('strong', {}, q.reference), ' ', el('span', { class: 'badge' }, statusName(q.status)), ' ',
      el('span', { class: 'badge' }, skillName(q.skill)), q.escalated ? el('span', { class: 'badge late' }, '!') : null),
    el('p', {}, q.address),
    q.action === 'assign' ? el('p', {}, `${t('respond_by')} ${when(q.respond_by)} · `,
      el('span', { class: 'countdown', 'data-deadline': q.deadline }, countdown(q.deadline))) : null,
    q.follow_ups.length ? el('p', { class: 'muted' }, q.follow_ups.join('; ')) : null,
    photoStrip(q.photos, `photos-${q.id}`),
    q.action === 'assign'
      ? el('button', { class: 'secondary', id: `candidates-${q.id}`, 'aria-expanded': String(selected === q.id),
        onclick: () => loadCandidates(q.id) }, t('candidates'))
      : el('p', { class: 'late', id: `follow-up-${q.id}` }, t('call_customer')),
    // Answers to what was done on this card appear here, where the eye is.
    el('p', { class: 'message', id: `feedback-${q.id}`, role: 'status', 'aria-live': 'polite' }),
    q.action === 'assign' ? cancelForm(q.id, load, `-${q.id}`) : null,
    el('div', { class: 'candidates', id: `candidates-of-${q.id}` }),
    el('div', { class: 'record-in-card', id: `record-of-${q.id}` })))
    : [el('p', { class: 'muted' }, t('none'))]));
  tick();
}

/** The ranked technicians, inside the card of the request they are for. */
function renderCandidates() {
  if (!selected) return;
  const box = document.getElementById(`candidates-of-${selected}`);
  if (!box) return;
  box.replaceChildren(el('h3', {}, t('candidates')),
    ...(candidates.length ? candidates.map((c, i) => el('div', { class: 'card candidate' },
      el('p', {}, el('strong', {}, c.technician.name), ` · ${t('score')} ${c.score.toFixed(2)} · ${c.distance_km.toFixed(1)} ${t('km')} · ${Math.round(c.travel_minutes)} ${t('min')}`),
      el('ul', {}, c.reasons.map((r) => el('li', {}, r))),
      c.offer_expires_at ? el('p', { class: 'expires', id: `offer-of-${c.technician.id}` }, t('offer_pending')
        .replace('{time}', timeOfDay(c.offer_expires_at))
        .replace('{m}', String(Math.max(0, Math.ceil((new Date(c.offer_expires_at) - Date.now()) / 60000))))) : null,
      el('button', { id: `assign-${i}`, onclick: (e) => assign(c.technician.id, e.currentTarget) }, t('assign'))))
      : [el('p', { class: 'muted' }, t('no_candidates'))]));
  box.scrollIntoView({ block: 'nearest' });
}

/** Writes `text` on the card of request `id` (an error in red). */
function feedback(id, text, isError = false) {
  const line = document.getElementById(`feedback-${id}`);
  if (!line) return notify(text, isError);
  line.textContent = text;
  line.className = isError ? 'message error' : 'message';
}

/** One earlier request in the customer record: when, what, how it ended, stars, the managers' follow-ups. */
function recordLine(r) {
  const last = r.visits[r.visits.length - 1];
  const facts = [dayOf(r.created_at), r.reference, statusName(r.status),
    [r.product.category, r.product.brand, r.product.model, r.product.serial].filter(Boolean).join(' ')];
  if (last && last.resolution) facts.push(t(last.resolution));
  if (r.rating) facts.push(`${r.rating}★`);
  return el('li', { class: 'record' }, el('div', {}, facts.join(' · ')), el('div', { class: 'muted' }, r.problem),
    (r.follow_ups || []).map((f) => el('div', { class: 'muted' }, `${t('follow_up_note')}: ${f.reason} · ${f.note}`)));
}

/** The customer's earlier requests and the product's repairs, in the selected request's card. */
function renderRecord() {
  const box = selected && document.getElementById(`record-of-${selected}`);
  if (!box) return;
  if (!detail) return box.replaceChildren();
  const earlier = detail.earlier_requests || [];
  const product = detail.product_history || [];
  const who = detail.customer;
  box.replaceChildren(
    el('h3', {}, t('customer_record')),
    who ? el('p', { id: 'customer-contact' }, [who.name, who.phone ? el('a', { href: `tel:${who.phone}` }, who.phone) : null, who.email]
      .filter(Boolean).flatMap((part, i) => (i ? [' · ', part] : [part]))) : null,
    detail.repeat_repair ? el('p', { class: 'badge late', id: 'repeat-repair' }, t('repeat_repair')) : null,
    el('h3', {}, t('product_history')),
    product.length ? el('ol', { id: 'product-history' }, product.map(recordLine)) : el('p', { class: 'muted' }, t('none')),
    el('h3', {}, t('earlier_requests')),
    earlier.length ? el('ol', { id: 'earlier-requests' }, earlier.map(recordLine)) : el('p', { class: 'muted' }, t('first_request')));
}

function pct(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v)}%`;
}

function renderKpis() {
  if (!kpis) return;
  const blocks = Object.entries(kpis.service_points).map(([, f]) => el('div', {},
    el('div', { class: 'kpis' },
      [[t('requests'), f.requests], [t('completed'), f.completed],
        [t('response'), pct(f.response.within_promise_pct), f.response.within_promise_pct],
        [t('arrival'), pct(f.arrival.within_promise_pct), f.arrival.within_promise_pct],
        [t('ftf'), pct(f.first_time_fix_pct), f.first_time_fix_pct],
        [t('mean_rating'), f.mean_rating ? f.mean_rating.toFixed(2) : '–', f.mean_rating ? f.mean_rating * 20 : null],
        [t('called_in_day'), pct(f.called_within_day_pct), f.called_within_day_pct],
        [t('call_satisfied'), pct(f.call_satisfied_pct), f.call_satisfied_pct],
        [t('answered_in_time'), pct(f.answered_within_target_pct), f.answered_within_target_pct],
        [t('calls_expired'), f.calls_expired ?? 0], [t('tasks_opened'), f.tasks_opened ?? 0],
        [t('tasks_closed'), f.tasks_closed ?? 0],
        [t('hours_to_close'), f.median_hours_to_close === null || f.median_hours_to_close === undefined ? '–' : f.median_hours_to_close],
        [t('goodwill_total'), f.goodwill_total ? money(f.goodwill_total) : '–']]
        .map(([label, value, bar]) => el('div', { class: 'kpi' }, el('span', {}, label), el('b', {}, String(value)),
          bar === undefined ? null : el('div', { class: 'bar', role: 'img', 'aria-label': `${label} ${value}` },
            el('span', { style: `width:${Math.max(0, Math.min(100, bar || 0))}%` })))))));
  $('kpis').replaceChildren(...blocks);
}

/** The map: the area, technicians where they are (or at home), their visits and routes, open requests. */
async function renderMap() {
  if (!board) return;
  const L = window.L;
  if (!map) {
    map = await makeMap('map', board.service_point.center, 12);
    if (!map) return;
    layer = L.layerGroup().addTo(map);
  }
  map.invalidateSize();
  layer.clearLayers();
  const area = board.service_point.coverage.map((p) => [p.lat, p.lon]);
  if (area.length) {
    L.polygon(area, { className: 'area', weight: 2, fillOpacity: 0.05 }).addTo(layer);
    if (fitted !== board.service_point.id) map.fitBounds(L.latLngBounds(area), { padding: [10, 10] });
    fitted = board.service_point.id;
  }
  for (const tech of board.technicians) {
    const at = tech.position || tech.home;
    if (tech.visits.length) {
      L.polyline([[tech.home.lat, tech.home.lon], ...tech.visits.map((v) => [v.location.lat, v.location.lon])],
        { className: 'route', weight: 2 }).addTo(layer);
    }
    for (const v of tech.visits) {
      dot(layer, v.location, `visit st-${v.status}`,
        `${v.reference} · ${timeOfDay(v.start)}–${timeOfDay(v.end)} · ${tech.name}`, 6);
    }
    dot(layer, at, 'tech', `${tech.name} · ${tech.skills.map(skillName).join(', ')}`, 8);
  }
  for (const r of board.open_requests) {
    dot(layer, r.location, 'open', `${r.reference} · ${skillName(r.skill)} · ${r.address}`, 8)
      .on('click', () => loadCandidates(r.id));
  }
}

/** Each technician's day as a line of shift and visit blocks in the service point's hours. */
function renderDayLines() {
  if (!board) return;
  const spans = board.technicians.flatMap((x) => [...x.shifts, ...x.visits]);
  let from = 8;
  let to = 18;
  for (const s of spans) {
    const a = localHours(s.start);
    const b = new Date(s.end) >= new Date(board.day_end) ? 24 : localHours(s.end);
    from = Math.min(from, Math.floor(a));
    to = Math.max(to, Math.ceil(b));
  }
  const width = to - from;
  const place = (start, end) => {
    const a = Math.max(from, localHours(start));
    const b = new Date(end) >= new Date(board.day_end) ? to : Math.min(to, localHours(end));
    return `left:${((a - from) / width) * 100}%;width:${Math.max(0.5, ((b - a) / width) * 100)}%`;
  };
  const hours = [];
  for (let h = from; h <= to; h += 1) {
    hours.push(el('span', { class: 'hour', style: `left:${((h - from) / width) * 100}%` }, `${h}`));
  }
  const working = board.technicians.filter((x) => x.shifts.length || x.visits.length);
  const resting = board.technicians.filter((x) => !x.shifts.length && !x.visits.length);
  const now = new Date();
  const nowLine = now >= new Date(board.day_start) && now < new Date(board.day_end)
    ? el('span', { class: 'now', style: `left:${((localHours(now.toISOString()) - from) / width) * 100}%`, title: t('now') })
    : null;
  $('day-lines').replaceChildren(
    el('div', { class: 'day-line head' }, el('span', { class: 'who' }), el('div', { class: 'track' }, ...hours)),
    ...working.map((x) => el('div', { class: 'day-line', id: `line-${x.id}` },
      el('span', { class: 'who' }, x.name, el('small', {}, x.skills.map(skillName).join(', '))),
      el('div', { class: 'track' },
        ...x.shifts.map((s) => el('span', { class: 'shift', style: place(s.start, s.end) })),
        ...x.visits.map((v) => el('button', {
          type: 'button',
          class: `slot st-${v.status}${new Date(v.start) > new Date(v.arrive_by) ? ' slot-late' : ''}`,
          id: `slot-${v.id}`, style: place(v.start, v.end), 'aria-controls': 'slot-detail',
          'aria-label': `${x.name}: ${v.reference} ${timeOfDay(v.start)}–${timeOfDay(v.end)}`,
          onclick: () => showSlot(x, v),
        }, v.reference)),
        nowLine ? nowLine.cloneNode() : null))),
    ...(resting.length ? [el('p', { class: 'muted' }, `${t('off_shift')}: ${resting.map((x) => x.name).join(', ')}`)] : []));
}

/** What a tapped block holds, in full (a block is often too narrow for it, and touch has no
 * hover), with the move and cancel forms; outside the lines, so a refresh keeps what is typed. */
function showSlot(tech, v) {
  const box = $('slot-detail');
  const done = () => { box.replaceChildren(); return load(); };
  box.replaceChildren(...slotDetail(board, tech, v, done));
  box.scrollIntoView({ block: 'nearest' });
}

function renderPoints() {
  if (!board) return;
  const select = $('point');
  select.replaceChildren(...board.service_points.map((p) => el('option', { value: String(p.id) }, p.name)));
  select.value = String(board.service_point.id);
  $('day').value = board.date;
}

function render() {
  renderPoints();
  renderQueue();
  renderCandidates();
  renderRecord();
  renderTasks($('tasks'), tasks, load);
  renderCalls($('calls'), calls, load);
  renderKpis();
  renderDayLines();
  const day = board && `${board.service_point.id} ${board.date}`;
  if (board && replanFor !== day) {
    replanFor = day;
    $('slot-detail').replaceChildren();
    replanBox($('replan-box'), board, load);
  }
  renderCharts($('charts'), weeks);
  renderMap();
}

function tick() {
  document.querySelectorAll('.countdown').forEach((n) => {
    n.textContent = countdown(n.dataset.deadline);
    n.classList.toggle('late', new Date(n.dataset.deadline) < Date.now());
  });
}

/** How many loads were started: an older one that answers after a newer one is dropped. */
let loads = 0;

async function load() {
  const mine = ++loads;
  try {
    const q = new URLSearchParams();
    if ($('point').value) q.set('service_point', $('point').value);
    if ($('day').value) q.set('date', $('day').value);
    await loadSkills();
    const day = await api(`/api/manage/board?${q}`);
    const sp = day.service_point.id;
    const read = await Promise.all([api('/api/manage/queue'), api(`/api/manage/kpis?service_point=${sp}`),
      api(`/api/manage/kpis/weeks?service_point=${sp}&weeks=8`), loadCalls(sp, day.date), loadTasks(sp)]);
    // Another day or point was asked for meanwhile (or the language changed): its load draws.
    if (mine !== loads) return;
    board = day;
    useZone(board.service_point.time_zone);
    [queue, kpis, weeks, calls, tasks] = read;
    // Done work waiting for a manager's follow-up is in the tasks panel, with what it needs.
    queue = queue.filter((r) => r.service_point_id === sp && r.action !== 'follow_up');
    await refreshInbox($('inbox'), sp);
    // Counts down from the server's minutes_left, so a wrong clock on this computer does not matter.
    const fetched = Date.now();
    queue.forEach((r) => { r.deadline = new Date(fetched + r.minutes_left * 60000).toISOString(); });
    $('login-box').hidden = true;
    $('board').hidden = false;
    // The header leads an admin to the admin pages.
    if ($('admin-link').hidden) api('/api/auth/me').then((me) => { $('admin-link').hidden = me.role !== 'admin'; }).catch(() => {});
    if (selected && !queue.some((r) => r.id === selected)) {
      selected = null;
      detail = null;
    }
    render();
  } catch (e) {
    if (board && e.status !== 401) {
      notify(e.message, true);
      return;
    }
    board = null;
    sessionStorage.removeItem(SIGNED_IN);
    $('login-box').hidden = false;
    $('board').hidden = true;
  }
}

async function loadCandidates(id) {
  feedback(id, t('loading'));
  try {
    [candidates, detail] = await Promise.all([api(`/api/requests/${id}/candidates`), api(`/api/requests/${id}`)]);
    selected = id;
    renderQueue();
    renderCandidates();
    renderRecord();
  } catch (e) {
    feedback(id, e.message, true);
  }
}

async function assign(technicianId, button) {
  const id = selected;
  button.disabled = true;
  try {
    await api(`/api/requests/${id}/assign`, 'POST', { technician_id: technicianId });
    selected = null;
    detail = null;
    await load();
    toast(t('assigned_to').replace('{name}', candidates.find((c) => c.technician.id === technicianId)?.technician.name || ''));
  } catch (e) {
    button.disabled = false;
    feedback(id, e.message, true);
  }
}

// Reasons and messages come from the server in the page's language: read them again.
setupLanguage(() => {
  render();
  if (!board) return;
  const open = selected;
  load().then(() => { if (open && queue.some((q) => q.id === open)) loadCandidates(open); });
});
window.addEventListener('resize', () => {
  clearTimeout(renderCharts.later);
  renderCharts.later = setTimeout(() => renderCharts($('charts'), weeks), 200);
});
setupStaffSession(SIGNED_IN, 'board', load);
$('point').addEventListener('change', () => { $('day').value = ''; selected = null; load(); });
$('day').addEventListener('change', load);
setInterval(tick, 1000);
// A form being filled in (a move, a cancellation's reason) is not drawn over by the refresh.
const busy = () => document.querySelector('details.act[open], #slot-detail form, #replan-preview');
setInterval(() => { if (!$('board').hidden && !busy()) load(); }, 60000);
// Customers' messages are looked at every 15 s: the answer is promised within minutes.
setInterval(() => { if (!$('board').hidden && board) refreshInbox($('inbox'), board.service_point.id).catch(() => {}); }, 15000);

// /manage: the dispatch board of a service-point manager.
import { api, el, notify, setupLanguage, setupStaffSession, statusName, t, when } from './common.js';

const $ = (id) => document.getElementById(id);
const SIGNED_IN = 'fieldfix.manage';
let queue = [];
let kpis = null;
let selected = null;
let candidates = [];

function countdown(iso) {
  const ms = new Date(iso) - Date.now();
  const mins = Math.floor(Math.abs(ms) / 60000);
  const text = `${Math.floor(mins / 60)}h ${String(mins % 60).padStart(2, '0')}m`;
  return ms >= 0 ? `${text} ${t('left')}` : `${text} ${t('overdue')}`;
}

function renderQueue() {
  $('queue').replaceChildren(...(queue.length ? queue.map((q) => el('div', { class: 'card', id: `request-${q.id}` },
    el('p', {}, el('strong', {}, q.reference), ' ', el('span', { class: 'badge' }, statusName(q.status)), ' ',
      el('span', { class: 'badge' }, q.skill), q.escalated ? el('span', { class: 'badge late' }, '!') : null),
    el('p', {}, q.address),
    el('p', {}, `${t('respond_by')} ${when(q.respond_by)} · `,
      el('span', { class: 'countdown', 'data-deadline': q.deadline }, countdown(q.deadline))),
    q.follow_ups.length ? el('p', { class: 'muted' }, q.follow_ups.join('; ')) : null,
    el('button', { class: 'secondary', id: `candidates-${q.id}`, onclick: () => loadCandidates(q.id) }, t('candidates'))))
    : [el('p', { class: 'muted' }, t('none'))]));
  tick();
}

function renderCandidates() {
  if (!selected) return $('candidates').replaceChildren(el('p', { class: 'muted' }, t('none')));
  const request = queue.find((q) => q.id === selected);
  $('candidates').replaceChildren(el('p', {}, el('strong', {}, request ? request.reference : '')),
    ...candidates.map((c, i) => el('div', { class: 'card' },
      el('p', {}, el('strong', {}, c.technician.name), ` · ${t('score')} ${c.score.toFixed(2)} · ${c.distance_km.toFixed(1)} km · ${Math.round(c.travel_minutes)} min`),
      el('ul', {}, c.reasons.map((r) => el('li', {}, r))),
      el('button', { id: `assign-${i}`, onclick: () => assign(c.technician.id) }, t('assign')))));
}

function pct(v) {
  return v === null || v === undefined ? '–' : `${Math.round(v)}%`;
}

function renderKpis() {
  if (!kpis) return;
  const blocks = Object.entries(kpis.service_points).map(([id, f]) => el('div', {},
    el('h3', {}, `#${id}`),
    el('div', { class: 'kpis' },
      [[t('requests'), f.requests], [t('completed'), f.completed],
        [t('response'), pct(f.response.within_promise_pct), f.response.within_promise_pct],
        [t('arrival'), pct(f.arrival.within_promise_pct), f.arrival.within_promise_pct],
        [t('ftf'), pct(f.first_time_fix_pct), f.first_time_fix_pct],
        [t('mean_rating'), f.mean_rating ? f.mean_rating.toFixed(2) : '–', f.mean_rating ? f.mean_rating * 20 : null]]
        .map(([label, value, bar]) => el('div', { class: 'kpi' }, el('span', {}, label), el('b', {}, String(value)),
          bar === undefined ? null : el('div', { class: 'bar', role: 'img', 'aria-label': `${label} ${value}` },
            el('span', { style: `width:${Math.max(0, Math.min(100, bar || 0))}%` })))))));
  $('kpis').replaceChildren(...blocks);
}

function render() {
  renderQueue();
  renderCandidates();
  renderKpis();
}

function tick() {
  document.querySelectorAll('.countdown').forEach((n) => {
    n.textContent = countdown(n.dataset.deadline);
    n.classList.toggle('late', new Date(n.dataset.deadline) < Date.now());
  });
}

async function load() {
  try {
    [queue, kpis] = await Promise.all([api('/api/manage/queue'), api('/api/manage/kpis')]);
    // Counts down from the server's minutes_left, so a wrong clock on this computer does not matter.
    const fetched = Date.now();
    queue.forEach((q) => { q.deadline = new Date(fetched + q.minutes_left * 60000).toISOString(); });
    $('login-box').hidden = true;
    $('board').hidden = false;
    if (selected && !queue.some((q) => q.id === selected)) selected = null;
    render();
  } catch (e) {
    sessionStorage.removeItem(SIGNED_IN);
    $('login-box').hidden = false;
    $('board').hidden = true;
  }
}

async function loadCandidates(id) {
  try {
    candidates = await api(`/api/requests/${id}/candidates`);
    selected = id;
    renderCandidates();
  } catch (e) {
    notify(e.message, true);
  }
}

async function assign(technicianId) {
  try {
    await api(`/api/requests/${selected}/assign`, 'POST', { technician_id: technicianId });
    notify(t('saved'));
    selected = null;
    await load();
  } catch (e) {
    notify(e.message, true);
  }
}

setupLanguage(render);
setupStaffSession(SIGNED_IN, 'board', load);
setInterval(tick, 1000);

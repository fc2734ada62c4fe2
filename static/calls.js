// /manage: the next-day calls due today and overdue, the oldest due first, in one collapsible
// panel with their count: each call one short card (the visit's day, the technician, days
// overdue, a tel: link) whose outcome form opens on demand; a page at a time, filtered by
// technician; and what the calls recorded on this page led to (the follow-up opened, or why none was).
import { api, el, notify, t } from './common.js';
import { photoStrip } from './photos.js';

/** The technician the list is filtered by ('' for all). */
let technician = '';

/** What an attempt is recorded as, by button. */
const OUTCOMES = [
  ['satisfied', { reached: true, satisfied: true }],
  ['not_satisfied', { reached: true, satisfied: false }],
  ['not_reached', { reached: false }],
];

/** The calls recorded on this page, newest first: they leave the list once reached. */
const recorded = [];

/** What a recorded call led to, in words. */
function outcomeText(call) {
  if (call.follow_up) return `${t('follow_up_opened')}: ${call.follow_up.reference}`;
  if (call.follow_up_not_opened) return `${t('no_follow_up')}: ${call.follow_up_not_opened}`;
  return t('saved');
}

async function record(call, body, fields, reload) {
  const notes = fields.notes.value.trim();
  const problem = fields.problem.value.trim();
  const sent = { ...body, ...(notes ? { notes } : {}), ...(problem && body.satisfied === false ? { problem } : {}) };
  try {
    const answer = await api(`/api/manage/calls/${call.id}`, 'POST', sent);
    notify(outcomeText(answer), Boolean(answer.follow_up_not_opened));
    if (answer.status !== 'open') recorded.unshift(answer);
    await reload();
  } catch (e) {
    notify(e.message, true);
  }
}

/** How late a call is, in words. */
function overdue(c) {
  if (!c.days_overdue) return el('span', { class: 'badge' }, t('due_today'));
  return el('span', { class: 'badge late' }, t('days_overdue').replace('{n}', c.days_overdue));
}

function callCard(c, reload) {
  const notes = el('input', { id: `call-notes-${c.id}`, maxlength: '2000', 'aria-label': t('call_notes') });
  const problem = el('input', { id: `call-problem-${c.id}`, maxlength: '4000', 'aria-label': t('call_problem') });
  const done = [c.diagnosis, c.work_done].filter(Boolean).join(' · ');
  const visit = [c.visit_date ? `${t('visit_on')} ${c.visit_date}` : null, c.technician,
    c.rating ? `${t('rating')}: ${'★'.repeat(c.rating)}` : t('not_rated')].filter(Boolean).join(' · ');
  return el('div', { class: 'card call', id: `call-${c.id}` },
    el('p', {}, el('strong', {}, c.customer_name), ` · ${c.reference} `, overdue(c),
      c.attempts ? el('span', { class: 'badge late' }, ` ${t('attempts')} ${c.attempts}/3`) : null),
    el('p', { class: 'muted' }, visit),
    c.phone ? el('p', {}, el('a', { class: 'button secondary', id: `call-phone-${c.id}`,
      href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` }, `${t('call')} ${c.phone}`)) : null,
    el('details', { id: `call-record-${c.id}` }, el('summary', {}, t('call_record')),
      done ? el('p', { class: 'muted' }, done) : null,
      photoStrip(c.photos, `call-photos-${c.id}`),
      el('label', { for: `call-notes-${c.id}` }, t('call_notes')), notes,
      el('label', { for: `call-problem-${c.id}` }, t('call_problem')), problem,
      ...OUTCOMES.map(([name, body]) => el('button', { type: 'button', class: name === 'satisfied' ? '' : 'secondary',
        id: `call-${name}-${c.id}`, onclick: () => record(c, body, { notes, problem }, reload) }, t(name)))));
}

/** A call recorded on this page: the customer, the request and what it led to. */
function recordedLine(c) {
  return el('li', { id: `call-recorded-${c.id}` }, el('strong', {}, c.customer_name), ` · ${c.reference} · `,
    el('span', { class: c.follow_up_not_opened ? 'badge late' : '' }, outcomeText(c)));
}

/** The calls due by `date` at service point `sp`, the first page, of the chosen technician. */
export function loadCalls(sp, date) {
  const q = new URLSearchParams({ service_point: sp, date });
  if (technician) q.set('technician', technician);
  return api(`/api/manage/calls?${q}`);
}

/** Fills the panel `box` (a <details>) with the calls; `reload` reads the board again. */
export function renderCalls(box, list, reload) {
  const calls = list ? list.calls : [];
  const total = list ? list.total : 0;
  const who = el('select', { id: 'calls-technician' }, el('option', { value: '' }, t('all_technicians')),
    ...(list ? list.technicians : []).map((x) => el('option', { value: String(x.id) }, `${x.name} (${x.calls})`)));
  who.value = technician;
  who.addEventListener('change', () => { technician = who.value; reload(); });
  const more = list && list.next_cursor ? el('button', { type: 'button', class: 'secondary', id: 'calls-more',
    onclick: async (e) => {
      e.currentTarget.disabled = true;
      try {
        const q = new URLSearchParams({ service_point: list.service_point_id, date: list.date, cursor: list.next_cursor });
        if (technician) q.set('technician', technician);
        const page = await api(`/api/manage/calls?${q}`);
        renderCalls(box, { ...page, calls: [...calls, ...page.calls] }, reload);
      } catch (err) {
        notify(err.message, true);
      }
    } }, t('show_more').replace('{n}', total - calls.length)) : null;
  // replaceChildren writes a null as the text "null": absent parts are left out instead.
  box.replaceChildren(
    el('summary', {}, el('h2', {}, t('calls_title'), ' ', el('span', { class: total ? 'badge late' : 'badge', id: 'calls-count' }, String(total)))),
    ...(list && list.technicians.length ? [el('div', {}, el('label', { for: 'calls-technician' }, t('technician_filter')), who)] : []),
    ...(calls.length ? calls.map((c) => callCard(c, reload)) : [el('p', { class: 'muted' }, t('none'))]),
    ...(more ? [more] : []),
    ...(recorded.length ? [el('h3', {}, t('recorded_calls')), el('ul', { id: 'calls-recorded' }, ...recorded.map(recordedLine))] : []));
}

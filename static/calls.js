// /manage: the next-day calls due today (and earlier) with tel: links and the outcome buttons,
// and what the calls recorded on this page led to (the follow-up opened, or why none was).
import { api, el, notify, t } from './common.js';
import { photoStrip } from './photos.js';

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

function callCard(c, reload) {
  const notes = el('input', { id: `call-notes-${c.id}`, maxlength: '2000', 'aria-label': t('call_notes') });
  const problem = el('input', { id: `call-problem-${c.id}`, maxlength: '4000', 'aria-label': t('call_problem') });
  const done = [c.diagnosis, c.work_done].filter(Boolean).join(' · ');
  return el('div', { class: 'card', id: `call-${c.id}` },
    el('p', {}, el('strong', {}, c.customer_name), ` · ${c.reference}`,
      c.attempts ? el('span', { class: 'badge late' }, ` ${t('attempts')} ${c.attempts}/3`) : null),
    c.phone ? el('p', {}, el('a', { class: 'button secondary', id: `call-phone-${c.id}`,
      href: `tel:${c.phone.replace(/[^0-9+]/g, '')}` }, `${t('call')} ${c.phone}`)) : null,
    done ? el('p', { class: 'muted' }, done) : null,
    el('p', { class: 'muted' }, c.rating ? `${t('rating')}: ${'★'.repeat(c.rating)}` : t('not_rated')),
    photoStrip(c.photos, `call-photos-${c.id}`),
    el('label', { for: `call-notes-${c.id}` }, t('call_notes')), notes,
    el('label', { for: `call-problem-${c.id}` }, t('call_problem')), problem,
    ...OUTCOMES.map(([name, body]) => el('button', { type: 'button', class: name === 'satisfied' ? '' : 'secondary',
      id: `call-${name}-${c.id}`, onclick: () => record(c, body, { notes, problem }, reload) }, t(name))));
}

/** A call recorded on this page: the customer, the request and what it led to. */
function recordedLine(c) {
  return el('li', { id: `call-recorded-${c.id}` }, el('strong', {}, c.customer_name), ` · ${c.reference} · `,
    el('span', { class: c.follow_up_not_opened ? 'badge late' : '' }, outcomeText(c)));
}

/** Fills `box` with the day's calls; `reload` reads the board again after a record. */
export function renderCalls(box, list, reload) {
  const calls = list ? list.calls : [];
  box.replaceChildren(...(calls.length ? calls.map((c) => callCard(c, reload)) : [el('p', { class: 'muted' }, t('none'))]),
    ...(recorded.length ? [el('h3', {}, t('recorded_calls')), el('ul', { id: 'calls-recorded' }, ...recorded.map(recordedLine))] : []));
}

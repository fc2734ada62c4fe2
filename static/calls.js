// /manage: the next-day calls due today (and earlier) with tel: links and the outcome buttons.
import { api, el, notify, t } from './common.js';
import { photoStrip } from './photos.js';

/** What an attempt is recorded as, by button. */
const OUTCOMES = [
  ['satisfied', { reached: true, satisfied: true }],
  ['not_satisfied', { reached: true, satisfied: false }],
  ['not_reached', { reached: false }],
];

async function record(call, body, notes, reload) {
  try {
    await api(`/api/manage/calls/${call.id}`, 'POST', notes.value.trim() ? { ...body, notes: notes.value.trim() } : body);
    notify(t('saved'));
    await reload();
  } catch (e) {
    notify(e.message, true);
  }
}

function callCard(c, reload) {
  const notes = el('input', { id: `call-notes-${c.id}`, maxlength: '2000', 'aria-label': t('call_notes') });
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
    ...OUTCOMES.map(([name, body]) => el('button', { type: 'button', class: name === 'satisfied' ? '' : 'secondary',
      id: `call-${name}-${c.id}`, onclick: () => record(c, body, notes, reload) }, t(name))));
}

/** Fills `box` with the day's calls; `reload` reads the board again after a record. */
export function renderCalls(box, list, reload) {
  const calls = list ? list.calls : [];
  box.replaceChildren(...(calls.length ? calls.map((c) => callCard(c, reload)) : [el('p', { class: 'muted' }, t('none'))]));
}

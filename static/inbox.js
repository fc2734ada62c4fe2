// /manage: customers waiting for an answer at the chosen service point, oldest first, each with
// the clock of the three-minute answer; a thread opens in its card to answer (the answer goes
// to the customer by text message); text messages from unknown numbers below. The tab's title
// counts who waits, so a manager on another tab sees it.
import { api, el, t, when } from './common.js';
import { conversation } from './conversation.js';

/** The open thread: its request, its card's item and its box (kept while the list refreshes). */
let open = null;

const baseTitle = () => document.title.replace(/^\(\d+\) /, '');

function item(w, refresh) {
  const isOpen = open && open.id === w.request_id;
  const state = w.answer_state;
  return el('div', { class: `card inbox-item ${state || ''}`, id: `inbox-${w.request_id}` },
    el('p', {}, el('strong', {}, w.reference), ' ', w.customer, ' ',
      state ? el('span', { class: `badge ${state === 'waiting' ? '' : 'late'}`, id: `inbox-state-${w.request_id}` }, t(`answer_${state}`)) : null),
    w.last_text ? el('p', { class: 'text' }, w.last_text) : null,
    w.answer_by ? el('p', { class: 'muted' }, t('answer_by').replace('{time}', when(w.answer_by))) : null,
    isOpen ? open.box : el('button', { type: 'button', class: 'secondary', id: `open-thread-${w.request_id}`, onclick: async () => {
      const box = el('section', { id: `thread-${w.request_id}`, class: 'conversation' });
      open = { id: w.request_id, item: w, box, load: conversation(box, `/api/requests/${w.request_id}/messages`, 'staff') };
      await refresh();
    } }, t('open_thread')));
}

/** Reads the inbox of service point `sp` and draws it into `box`. */
export async function refreshInbox(box, sp) {
  const refresh = () => refreshInbox(box, sp);
  const inbox = await api(`/api/manage/messages?service_point=${sp}`);
  const n = inbox.waiting.length;
  document.title = n ? `(${n}) ${baseTitle()}` : baseTitle();
  const items = [...inbox.waiting];
  if (open) {
    const still = items.find((w) => w.request_id === open.id);
    if (still) open.item = still;
    else items.unshift({ ...open.item, answer_state: null, answer_by: null, last_text: '' });
    await open.load();
  }
  const unmatched = inbox.unmatched.map((m) => el('p', { class: 'card' },
    el('a', { href: `tel:${m.phone}` }, m.phone), ` · ${when(m.at)}`, el('br'), el('span', { class: 'text' }, m.text)));
  box.replaceChildren(
    el('h2', {}, t('inbox_title'), ' ', el('span', { class: n ? 'badge late' : 'badge', id: 'inbox-count' }, String(n))),
    ...(items.length ? items.map((w) => item(w, refresh)) : [el('p', { class: 'muted' }, t('none'))]),
    ...(unmatched.length ? [el('h3', {}, t('unmatched_title')), ...unmatched] : []));
}

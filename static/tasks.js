// /manage: the service-recovery tasks of the point (a low rating, a customer not satisfied on
// the next-day call): why each opened, the customer's own words, a tel: link, the visit and its
// technician, and the form that closes it with what was agreed and any goodwill gesture.
import { api, el, notify, showFieldErrors, t, when } from './common.js';

/** The goodwill kinds, in the order the form offers them. */
const KINDS = ['none', 'coupon', 'refund', 'free_visit'];

/** An amount typed in major units ("50", "49.5") as minor units; NaN when it is not one. */
function minorUnits(text) {
  const v = text.trim().replace(',', '.');
  return /^\d{1,6}(\.\d{1,2})?$/.test(v) ? Math.round(Number(v) * 100) : NaN;
}

function closeForm(task, reload) {
  const id = task.id;
  const outcome = el('textarea', { id: `task-outcome-${id}`, maxlength: '2000', required: '' });
  const kind = el('select', { id: `task-goodwill-${id}` },
    ...KINDS.map((k) => el('option', { value: k }, t(`goodwill_${k}`))));
  const amount = el('input', { id: `task-amount-${id}`, inputmode: 'decimal', maxlength: '9' });
  const amountBox = el('div', { hidden: '' }, el('label', { for: `task-amount-${id}` }, t('goodwill_amount')), amount);
  kind.addEventListener('change', () => { amountBox.hidden = kind.value === 'none'; });
  const notes = el('textarea', { id: `task-notes-${id}`, maxlength: '2000' });
  const ids = { outcome: outcome.id, 'goodwill.kind': kind.id, 'goodwill.amount_minor': amount.id, goodwill: kind.id, notes: notes.id };
  const button = el('button', { type: 'submit', id: `task-close-${id}` }, t('task_close'));
  const form = el('form', { class: 'task-form', id: `task-form-${id}` },
    el('label', { for: `task-outcome-${id}` }, t('task_outcome')), outcome,
    el('p', { class: 'muted' }, t('task_outcome_hint')),
    el('label', { for: `task-goodwill-${id}` }, t('goodwill')), kind, amountBox,
    el('label', { for: `task-notes-${id}` }, t('task_notes')), notes,
    button);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const body = { outcome: outcome.value };
    if (notes.value.trim()) body.notes = notes.value;
    if (kind.value !== 'none' || amount.value.trim()) {
      body.goodwill = { kind: kind.value };
      if (amount.value.trim()) {
        const minor = minorUnits(amount.value);
        if (Number.isNaN(minor)) {
          showFieldErrors([{ field: 'goodwill.amount_minor', reason: t('goodwill_amount_format') }], ids);
          return;
        }
        body.goodwill.amount_minor = minor;
      }
    }
    button.disabled = true;
    try {
      const closed = await api(`/api/manage/tasks/${id}/close`, 'POST', body);
      notify(`${t('task_closed')}: ${closed.reference}`);
      await reload();
    } catch (err) {
      button.disabled = false;
      const unplaced = showFieldErrors(err.fields, ids);
      notify([err.message, ...unplaced].join(' '), true);
    }
  });
  return form;
}

function taskCard(task, reload) {
  const facts = [task.visit_date ? `${t('visit_on')} ${task.visit_date}` : null, task.technician].filter(Boolean).join(' · ');
  const words = task.customer_words.map((w) => el('blockquote', { class: 'customer-words' },
    el('span', { class: 'muted' }, `${t(w.source === 'rating' ? 'words_rating' : 'words_call')}: `), w.text));
  const details = el('details', { class: 'task-close' }, el('summary', {}, t('task_record')), closeForm(task, reload));
  return el('div', { class: 'card task', id: `task-${task.id}` },
    el('p', {}, el('strong', {}, task.customer_name || task.reference), ` · ${task.reference} `,
      task.stars ? el('span', { class: 'badge late' }, `${task.stars}★`) : null),
    el('p', { class: 'late' }, task.reason),
    ...words,
    facts ? el('p', { class: 'muted' }, facts) : null,
    el('p', { class: 'muted' }, `${t('task_opened')} ${when(task.opened_at)}`),
    task.follow_up ? el('p', { class: 'muted' }, `${t('follow_up_opened')}: ${task.follow_up.reference}`) : null,
    task.phone ? el('p', {}, el('a', { class: 'button secondary', id: `task-phone-${task.id}`,
      href: `tel:${task.phone.replace(/[^0-9+]/g, '')}` }, `${t('call')} ${task.phone}`)) : null,
    details);
}

/** Fills `box` (a <details> with a <summary>) with the open tasks; `reload` reads the board again. */
export function renderTasks(box, list, reload) {
  const tasks = list ? list.tasks : [];
  const count = list ? list.open_count : 0;
  const summary = el('summary', {}, el('h2', {}, t('tasks_title'), ' ', el('span', { class: count ? 'badge late' : 'badge', id: 'tasks-count' }, String(count))));
  box.replaceChildren(summary, ...(tasks.length ? tasks.map((x) => taskCard(x, reload)) : [el('p', { class: 'muted' }, t('none'))]));
}

/** Loads the point's open tasks. */
export function loadTasks(servicePoint) {
  return api(`/api/manage/tasks?service_point=${servicePoint}`);
}

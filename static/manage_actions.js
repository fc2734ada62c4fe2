// /manage: what a manager does from the board. A booked visit is moved to another window or
// given to another technician (the customer and both technicians are told by the server), a
// request is cancelled with a reason, and the day is re-planned after a preview of what moves.
// Every refusal shows at its field, in the page's language.
import {
  api, clearFieldErrors, el, localClock, localDate, showFieldErrors, skillName, statusName, t, timeOfDay, toast,
  zonedInstant,
} from './common.js';

/** Visit states a manager may still move, and cancel. */
const MOVABLE = ['planned'];
const CANCELLABLE = ['planned', 'en_route', 'on_site'];

/** Writes `text` in the status line `line` (an error in red). */
function say(line, text, isError = false) {
  line.textContent = text;
  line.className = isError ? 'message error' : 'message';
}

/** Shows a refusal at its fields (`ids` maps the API's fields to inputs), the rest in `line`. */
function refused(e, ids, line) {
  const rest = showFieldErrors(e.fields, ids);
  // A reason placed at its field is not said twice; what has no field is said here.
  say(line, rest.length ? rest.join(' ') : (e.fields.length ? '' : e.message), true);
}

/** The reason and the button that cancel request `id`; `suffix` keeps the ids apart. */
export function cancelForm(id, reload, suffix = '') {
  const reasonId = `cancel-reason${suffix}`;
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const reason = el('textarea', { id: reasonId, maxlength: '500', rows: '2' });
  const button = el('button', { type: 'button', class: 'danger', id: `cancel-request${suffix}` }, t('cancel_request'));
  button.addEventListener('click', async () => {
    clearFieldErrors();
    button.disabled = true;
    try {
      await api(`/api/requests/${id}/cancel`, 'POST', { reason: reason.value });
      toast(t('request_cancelled'));
      await reload();
    } catch (e) {
      button.disabled = false;
      refused(e, { reason: reasonId }, line);
    }
  });
  return el('details', { class: 'act', id: `cancel-box${suffix}` }, el('summary', {}, t('cancel_request')),
    el('label', { for: reasonId }, t('cancel_reason_staff')), reason, button, line);
}

/** The form that gives visit `v` (on the line of `tech`) to another technician or window. */
function moveForm(board, tech, v, reload) {
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const who = el('select', { id: 'move-tech' }, ...board.technicians.map((x) => el('option', { value: String(x.id) },
    `${x.name} · ${x.skills.map(skillName).join(', ')}`)));
  who.value = String(tech.id);
  const later = new Date(new Date(v.start).getTime() + 2 * 3600000).toISOString();
  const date = el('input', { id: 'move-date', type: 'date', value: localDate(v.start), disabled: true });
  const from = el('input', { id: 'move-from', type: 'time', value: localClock(v.start), disabled: true });
  const to = el('input', { id: 'move-to', type: 'time', value: localClock(later), disabled: true });
  const newWindow = el('input', { id: 'move-new-window', type: 'checkbox' });
  newWindow.addEventListener('change', () => { [date, from, to].forEach((i) => { i.disabled = !newWindow.checked; }); });
  const button = el('button', { type: 'submit', id: 'move-submit' }, t('move_reassign'));
  const form = el('form', { id: 'move-form', class: 'act' },
    el('h3', {}, t('move_reassign')),
    el('label', { for: 'move-tech' }, t('technician')), who,
    el('label', { class: 'radio' }, newWindow, t('new_window')),
    el('div', { class: 'row three' },
      el('div', {}, el('label', { for: 'move-date' }, t('day')), date),
      el('div', {}, el('label', { for: 'move-from' }, t('from')), from),
      el('div', {}, el('label', { for: 'move-to' }, t('to')), to)),
    el('p', { class: 'muted' }, t('move_hint')), button, line);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors();
    const body = { technician_id: Number(who.value) };
    if (newWindow.checked) body.window = { start: zonedInstant(date.value, from.value), end: zonedInstant(date.value, to.value) };
    button.disabled = true;
    try {
      const moved = await api(`/api/requests/${v.request_id}/move`, 'POST', body);
      const name = board.technicians.find((x) => x.id === moved.technician_id)?.name || '';
      toast(t('visit_now').replace('{name}', name).replace('{time}', timeOfDay(moved.start)));
      await reload();
    } catch (err) {
      button.disabled = false;
      refused(err, { technician_id: 'move-tech', 'window.start': 'move-from', 'window.end': 'move-to', window: 'move-date' }, line);
    }
  });
  return form;
}

/** What a tapped block of the day lines holds, in full, with what may be done to it. */
export function slotDetail(board, tech, v, reload) {
  return [
    el('p', {}, el('strong', {}, v.reference), ` · ${tech.name} · ${statusName(v.status)} · `,
      `${timeOfDay(v.start)}–${timeOfDay(v.end)} · ${v.address}`),
    MOVABLE.includes(v.status) ? moveForm(board, tech, v, reload) : null,
    CANCELLABLE.includes(v.status) ? cancelForm(v.request_id, reload) : null,
  ];
}

const minutes = (s) => (s === null || s === undefined ? '–' : `${Math.round(s / 60)} ${t('min')}`);
const placed = (who, start) => (who ? `${who.name} ${timeOfDay(start)}` : t('unassigned'));

/** The preview of a re-plan: travel, visits served and promises kept before and after, and each move. */
function preview(report, apply, discard) {
  const safe = report.plan.feasible && report.served_after >= report.served_before;
  const moves = report.moves.map((m) => el('li', { id: `replan-move-${m.visit_id}` }, el('strong', {}, m.reference), ' ',
    placed(m.technician_before, m.start_before), ' → ', placed(m.technician_after, m.start_after), ' ',
    m.keeps_promise ? null : el('span', { class: 'badge late' }, t('promise_not_kept'))));
  return el('div', { id: 'replan-preview', class: 'card' },
    el('p', {}, `${t('replan_travel')}: ${minutes(report.travel_s_before)} → ${minutes(report.travel_s_after)}`),
    el('p', {}, `${t('replan_served')}: ${report.served_before} → ${report.served_after}`),
    el('p', {}, `${t('replan_promises')}: ${report.promises_kept_before} → ${report.promises_kept_after}`),
    moves.length ? el('ul', { id: 'replan-moves' }, moves) : el('p', { class: 'muted' }, t('replan_nothing')),
    safe ? null : el('p', { class: 'late' }, t('replan_unsafe')),
    safe && moves.length ? el('button', { type: 'button', id: 'replan-apply', onclick: apply }, t('replan_apply')) : null,
    el('button', { type: 'button', class: 'secondary', id: 'replan-discard', onclick: discard }, t('replan_discard')));
}

/** The re-plan button of the day in `box`: a preview first, then the plan as shown is applied. */
export function replanBox(box, board, reload) {
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const where = `date=${board.date}&service_point=${board.service_point.id}`;
  const discard = () => replanBox(box, board, reload);
  const start = el('button', { type: 'button', class: 'secondary', id: 'replan' }, t('replan'));
  start.addEventListener('click', async () => {
    start.disabled = true;
    say(line, t('replan_searching'));
    try {
      const report = await api(`/api/manage/replan?${where}&seconds=2&apply=false`, 'POST');
      const apply = async (e) => {
        e.currentTarget.disabled = true;
        const routes = report.plan.routes.map((r) => ({ technician_id: r.technician, visit_ids: r.visits.map((s) => s.id) }));
        try {
          await api(`/api/manage/replan/apply?${where}`, 'POST', { routes });
          toast(t('replan_applied'));
          discard();
          await reload();
        } catch (err) {
          say(line, err.message, true);
        }
      };
      say(line, '');
      box.replaceChildren(preview(report, apply, discard), line);
    } catch (e) {
      start.disabled = false;
      say(line, e.message, true);
    }
  });
  box.replaceChildren(start, line);
}

// /track: the customer calls the repair off while nobody is on the way yet (free of charge,
// as the rule above the box says), and sees when a part is expected and from when the next
// visit can come.
import { api, el, notify, showFieldErrors, t } from './common.js';

const $ = (id) => document.getElementById(id);
/** The states in which the customer may still call the repair off. */
const CANCELLABLE = ['submitted', 'awaiting_technician', 'scheduled', 'needs_follow_up'];

/** Shows the cancel box for `view` (a tracking view); `reload()` draws the page again after. */
export function renderCancel(view, mode, token, reload) {
  $('cancel-box').hidden = mode !== 'track' || !CANCELLABLE.includes(view.status);
  $('cancel-form').onsubmit = async (event) => {
    event.preventDefault();
    try {
      await api(`/api/track/${token}/cancel`, 'POST', { reason: $('cancel-reason').value });
      notify(t('repair_cancelled'));
      await reload();
    } catch (e) {
      showFieldErrors(e.fields, { reason: 'cancel-reason' });
      notify(e.message, true);
    }
  };
}

/** The day a part is expected, while the repair waits for it; null otherwise. */
export function partDay(view) {
  if (['completed', 'closed', 'cancelled'].includes(view.status)) return null;
  const last = view.visits.filter((v) => v.part_expected_on).pop();
  return last ? last.part_expected_on : null;
}

/** A line saying when the part comes, or nothing. */
export function partLine(view) {
  const day = partDay(view);
  return day ? el('p', { id: 'part-day', class: 'badge' }, t('part_expected').replace('{date}', day)) : null;
}

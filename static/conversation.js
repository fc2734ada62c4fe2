// A request's conversation drawn into a box: the thread, oldest first (what people typed is
// shown as text), and a box to write. Used by /track (the customer), /manage and /tech (staff).
import { api, el, showFieldErrors, clearFieldErrors, t, toast, when } from './common.js';

/**
 * Draws the conversation read from and written to `path` into `box`. `mine` is whose messages
 * sit on the right (`customer` or `staff`). Answers a function that reads it again.
 */
export function conversation(box, path, mine) {
  const id = box.id;
  const list = el('ol', { class: 'thread', id: `${id}-thread`, 'aria-live': 'polite' });
  const text = el('textarea', { id: `${id}-text`, maxlength: '2000', rows: '3', required: true });
  const send = el('button', { type: 'submit', id: `${id}-send` }, t('send_message'));
  const clock = el('p', { class: 'muted', id: `${id}-clock` });
  const result = el('p', { class: 'message', id: `${id}-result`, role: 'status', 'aria-live': 'polite' });
  const form = el('form', { class: 'thread-form' },
    el('label', { for: text.id }, t(mine === 'customer' ? 'write_to_point' : 'write_to_customer')), text, send, result);
  box.replaceChildren(el('h2', {}, t('conversation')), clock, list, form);
  let shown = -1;

  async function load() {
    const c = await api(path);
    list.replaceChildren(...(c.messages.length ? c.messages.map((m) => el('li', { class: m.from === mine ? 'mine' : 'theirs' },
      el('p', { class: 'who' }, `${m.author} · ${when(m.at)}`, m.channel === 'sms' ? el('span', { class: 'badge' }, t('by_sms')) : null),
      el('p', { class: 'text' }, m.text)))
      : [el('li', { class: 'muted' }, t(mine === 'customer' ? 'no_messages_customer' : 'no_messages'))]));
    if (c.answer_by) {
      clock.textContent = t('answer_by').replace('{time}', when(c.answer_by));
      clock.className = c.answer_state === 'waiting' ? 'muted' : 'late';
    } else {
      clock.textContent = '';
    }
    // A new message from the other side while the page is open: say so where the eye is.
    const theirs = c.messages.filter((m) => m.from !== mine).length;
    if (shown >= 0 && theirs > shown) toast(t('new_message'));
    shown = theirs;
    return c;
  }

  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors();
    send.disabled = true;
    try {
      await api(path, 'POST', { text: text.value });
      text.value = '';
      result.textContent = t('message_sent');
      result.className = 'message';
      await load();
    } catch (err) {
      const unplaced = showFieldErrors(err.fields, { text: text.id });
      result.textContent = unplaced.length ? unplaced.join(' ') : err.fields.length ? '' : err.message;
      result.className = 'message error';
    } finally {
      send.disabled = false;
      // The answer to the tap shows where the eye is: under the button, scrolled into view.
      result.scrollIntoView({ block: 'nearest' });
    }
  });
  return load;
}

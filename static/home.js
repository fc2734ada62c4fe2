// /: where a customer books, finds a repair again without the link, or staff sign in.
import { api, clearFieldErrors, notify, setupLanguage, showFieldErrors, t } from './common.js';

const $ = (id) => document.getElementById(id);

setupLanguage(() => {});

$('find-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors();
  const button = $('find-send');
  button.disabled = true;
  try {
    await api('/api/track/find', 'POST', { reference: $('find-reference').value.trim(), phone: $('find-phone').value.trim() });
    notify(t('find_sent'));
  } catch (err) {
    showFieldErrors(err.fields, { reference: 'find-reference', phone: 'find-phone' });
    notify(err.message, true);
  } finally {
    button.disabled = false;
  }
});

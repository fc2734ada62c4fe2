// /admin: managers and admins. Each one's name, phone and the language they read (their mail
// and the server's words on their pages); a manager's service points are shown by name.
import { api, clearFieldErrors, el, t, toast } from './common.js';
import { field, saveRefused } from './admin_forms.js';

/** A staff member's card: name, phone and language to change, saved with its own button. */
function staffCard(s, data, reload) {
  const id = (part) => `staff-${part}-${s.id}`;
  const pointName = (p) => data.points.find((x) => x.id === p)?.name || String(p);
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const language = el('select', { id: id('language') },
    el('option', { value: 'en' }, 'English'), el('option', { value: 'zh-CN' }, '中文'));
  language.value = s.language;
  const save = el('button', { type: 'submit', id: id('save') }, t('save'));
  const form = el('form', { class: 'card', id: `staff-${s.id}` },
    el('p', {}, el('strong', {}, s.name), ' ', el('span', { class: 'badge' }, t(`role_${s.role}`)),
      s.active ? null : el('span', { class: 'badge' }, t('inactive'))),
    el('p', { class: 'muted' }, [s.email, ...s.service_points.map(pointName)].filter(Boolean).join(' · ')),
    el('div', { class: 'row' },
      field(id('name'), t('name'), { value: s.name, maxlength: '120' }),
      field(id('phone'), t('phone'), { type: 'tel', value: s.phone || '', maxlength: '32' }),
      el('div', {}, el('label', { for: id('language') }, t('reads_language')), language)),
    save, line);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors();
    save.disabled = true;
    try {
      await api(`/api/admin/staff/${s.id}`, 'PATCH', {
        name: document.getElementById(id('name')).value,
        phone: document.getElementById(id('phone')).value.trim(),
        language: language.value,
      });
      toast(t('saved'));
      await reload();
    } catch (err) {
      save.disabled = false;
      saveRefused(err, { name: id('name'), phone: id('phone'), language: id('language') }, line);
    }
  });
  return form;
}

/** The managers and admins, each as a form. */
export function staffList(staff, data, reload) {
  return el('div', {}, ...(staff.length ? staff.map((s) => staffCard(s, data, reload)) : [el('p', { class: 'muted' }, t('none'))]));
}

// /admin: the technicians. Each one's name, phone, service point, the language their mail is
// written in, home (a pin dragged on the map, or typed), skills with levels and weekly shifts;
// a new one gets an account with an email and a first password; deactivating ends their login.
import { api, clearFieldErrors, el, skillName, t, toast } from './common.js';
import { editorButtons, field, listEditor, pinEditor, saveRefused } from './admin_forms.js';

const $ = (id) => document.getElementById(id);
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The list of technicians, each with its edit button. */
export function techList(techs, data, edit) {
  const pointName = (id) => data.points.find((p) => p.id === id)?.name || '';
  return el('div', {}, ...(techs.length ? techs.map((x) => el('div', { class: 'card', id: `tech-${x.id}` },
    el('p', {}, el('strong', {}, x.name), ' ', x.active ? null : el('span', { class: 'badge' }, t('inactive'))),
    el('p', { class: 'muted' }, [x.email, pointName(x.service_point_id),
      x.skills.map((s) => `${skillName(s.skill)} ${s.level}`).join(', ')].filter(Boolean).join(' · ')),
    el('button', { type: 'button', class: 'secondary', id: `edit-tech-${x.id}`, onclick: () => edit(x) }, t('edit'))))
    : [el('p', { class: 'muted' }, t('none'))]));
}

/** A select of `options` ([value, label]) with `value` chosen. */
function select(id, options, value, label) {
  const s = el('select', { id, 'aria-label': label }, ...options.map(([v, text]) => el('option', { value: String(v) }, text)));
  s.value = String(value);
  return s;
}

/** Opens the form of technician `x` (null: a new one) in `box`. */
export function techEditor(box, x, data, reload) {
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const point = data.points.find((p) => p.id === x?.service_point_id) || data.points.find((p) => p.active) || data.points[0];
  const home = x ? x.home : (point ? point.center : { lat: 30.27, lon: 120.15 });
  const skills = (x ? x.skills : []).map((s) => ({ ...s }));
  const shifts = (x ? x.shifts : [0, 1, 2, 3, 4].map((weekday) => ({ weekday, start: '08:00', end: '17:00' }))).map((s) => ({ ...s }));
  const skillOptions = data.skills.filter((s) => s.active || skills.some((k) => k.skill === s.code))
    .map((s) => [s.code, skillName(s.code)]);
  const skillRows = listEditor('skills', skills, (s, i) => [
    el('div', {}, el('label', { for: `skills-${i}-skill` }, t('skill')), select(`skills-${i}-skill`, skillOptions, s.skill, t('skill'))),
    el('div', {}, el('label', { for: `skills-${i}-level` }, t('level')),
      select(`skills-${i}-level`, [1, 2, 3, 4, 5].map((l) => [l, String(l)]), s.level, t('level')))],
  () => ({ skill: skillOptions[0] ? skillOptions[0][0] : '', level: 3 }), t('add_skill_line'));
  const shiftRows = listEditor('shifts', shifts, (s, i) => [
    el('div', {}, el('label', { for: `shifts-${i}-weekday` }, t('weekday')),
      select(`shifts-${i}-weekday`, WEEKDAYS.map((d, n) => [n, t(`day_${d}`)]), s.weekday, t('weekday'))),
    field(`shifts-${i}-start`, t('from'), { type: 'time', value: s.start }),
    field(`shifts-${i}-end`, t('to'), { type: 'time', value: s.end })],
  () => ({ weekday: 0, start: '08:00', end: '17:00' }), t('add_shift'));
  const active = el('input', { type: 'checkbox', id: 't-active', checked: x ? x.active : true });
  const save = el('button', { type: 'submit', id: 'tech-save' }, t('save'));
  const form = el('form', { id: 'tech-form', class: 'card' },
    el('h3', {}, x ? `${t('edit')}: ${x.name}` : t('new_technician')),
    el('div', { class: 'row' },
      x ? null : field('t-email', t('email'), { type: 'email', maxlength: '254', autocomplete: 'off' }),
      field('t-name', t('name'), { value: x ? x.name : '', maxlength: '120' }),
      field('t-phone', t('phone'), { type: 'tel', value: x?.phone || '', maxlength: '32' }),
      x ? null : field('t-password', t('first_password'), { type: 'password', maxlength: '256', autocomplete: 'new-password' }),
      el('div', {}, el('label', { for: 't-point' }, t('service_point')),
        select('t-point', data.points.map((p) => [p.id, p.name]), point ? point.id : '', t('service_point'))),
      el('div', {}, el('label', { for: 't-language' }, t('mail_language')),
        select('t-language', [['en', 'English'], ['zh-CN', '中文']], x ? x.language : 'zh-CN', t('mail_language')))),
    x ? el('label', { class: 'radio' }, active, t('active')) : null,
    el('fieldset', {}, el('legend', {}, t('home')), el('p', { class: 'muted' }, t('home_hint')),
      el('div', { id: 't-map', class: 'map small', role: 'region', 'aria-label': t('home') }),
      el('div', { class: 'row' }, field('t-lat', t('lat'), { type: 'number', step: 'any', value: String(home.lat) }),
        field('t-lon', t('lon'), { type: 'number', step: 'any', value: String(home.lon) }))),
    el('fieldset', {}, el('legend', {}, t('skills')), skillRows.box),
    el('fieldset', {}, el('legend', {}, t('shifts')), shiftRows.box),
    ...editorButtons('tech', save, x, x && `/api/admin/technicians/${x.id}`, box, reload),
    line);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors();
    skillRows.keep();
    shiftRows.keep();
    const body = { name: $('t-name').value, phone: $('t-phone').value.trim() || null,
      service_point_id: Number($('t-point').value), language: $('t-language').value,
      home: { lat: Number($('t-lat').value), lon: Number($('t-lon').value) },
      skills: skills.map((s) => ({ skill: s.skill, level: Number(s.level) })),
      shifts: shifts.map((s) => ({ weekday: Number(s.weekday), start: s.start, end: s.end })) };
    if (x) body.active = active.checked;
    else Object.assign(body, { email: $('t-email').value.trim(), password: $('t-password').value });
    const ids = { email: 't-email', name: 't-name', phone: 't-phone', password: 't-password', service_point_id: 't-point',
      language: 't-language', 'home.lat': 't-lat', 'home.lon': 't-lon', home: 't-lat', skills: 'skills-add', shifts: 'shifts-add' };
    skills.forEach((_, i) => { ids[`skills[${i}].skill`] = `skills-${i}-skill`; ids[`skills[${i}].level`] = `skills-${i}-level`; });
    shifts.forEach((_, i) => {
      ids[`shifts[${i}]`] = `shifts-${i}-start`;
      ['weekday', 'start', 'end'].forEach((k) => { ids[`shifts[${i}].${k}`] = `shifts-${i}-${k}`; });
    });
    save.disabled = true;
    try {
      const saved = x ? await api(`/api/admin/technicians/${x.id}`, 'PUT', body) : await api('/api/admin/technicians', 'POST', body);
      toast(t('saved'));
      await reload();
      techEditor(box, saved, data, reload);
    } catch (err) {
      save.disabled = false;
      saveRefused(err, ids, line);
    }
  });
  box.replaceChildren(form);
  pinEditor('t-map', $('t-lat'), $('t-lon'));
  form.scrollIntoView({ block: 'start' });
}

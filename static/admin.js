// /admin: the admin's pages. Service points (coverage on the map, hours, phone, every promise,
// the fee schedule and warranty), technicians (skills, shifts, home on the map, language,
// active), skills, and managers and admins (name, phone, the language they read); each admin
// API operation has its form here, and a refused field shows its reason under the field, in
// the page's language.
import {
  api, clearFieldErrors, el, loadSkills, notify, setupLanguage, setupStaffSession, showFieldErrors, t, toast,
} from './common.js';
import { pointEditor, pointList } from './admin_points.js';
import { staffList } from './admin_staff.js';
import { techEditor, techList } from './admin_techs.js';

const $ = (id) => document.getElementById(id);
const SIGNED_IN = 'fieldfix.admin';
/** What the lists were read as: points, technicians, skills, managers and admins. */
const data = { points: [], technicians: [], skills: [], staff: [] };

const TABS = ['points', 'technicians', 'skills', 'staff'];

function showTab(name) {
  for (const tab of TABS) {
    $(`tab-${tab}`).setAttribute('aria-selected', String(tab === name));
    $(`${tab}-panel`).hidden = tab !== name;
  }
  // A map drawn in a hidden panel has no size: it measures again once shown.
  window.dispatchEvent(new Event('resize'));
}

/** A skill's row: its names and flag to change, and retiring it. */
function skillRow(s) {
  const id = (part) => `skill-${part}-${s.code}`;
  const name = el('input', { id: id('name'), value: s.name, maxlength: '80', 'aria-label': `${s.code}: ${t('name_en')}` });
  const nameZh = el('input', { id: id('name-zh'), value: s.name_zh, maxlength: '80', 'aria-label': `${s.code}: ${t('name_zh')}` });
  const active = el('input', { id: id('active'), type: 'checkbox' });
  active.checked = s.active;
  const save = async () => {
    clearFieldErrors();
    try {
      await api(`/api/admin/skills/${encodeURIComponent(s.code)}`, 'PUT', { name: name.value, name_zh: nameZh.value, active: active.checked });
      toast(t('saved'));
      await load();
    } catch (e) {
      const rest = showFieldErrors(e.fields, { name: id('name'), name_zh: id('name-zh') });
      if (rest.length || !e.fields.length) notify(rest.join(' ') || e.message, true);
    }
  };
  const retire = async () => {
    try {
      await api(`/api/admin/skills/${encodeURIComponent(s.code)}`, 'DELETE');
      toast(t('retired'));
      await load();
    } catch (e) {
      notify(e.message, true);
    }
  };
  return el('div', { class: 'card', id: `skill-${s.code}` },
    el('p', {}, el('strong', {}, s.code), ' ', s.active ? null : el('span', { class: 'badge' }, t('inactive'))),
    el('div', { class: 'row' }, el('div', {}, el('label', { for: id('name') }, t('name_en')), name),
      el('div', {}, el('label', { for: id('name-zh') }, t('name_zh')), nameZh)),
    el('label', { class: 'radio' }, active, t('active')),
    el('button', { type: 'button', id: id('save'), onclick: save }, t('save')),
    s.active ? el('button', { type: 'button', class: 'secondary', id: id('retire'), onclick: retire }, t('retire')) : null);
}

function render() {
  $('point-list').replaceChildren(pointList(data.points, (p) => pointEditor($('point-editor'), p, load)));
  const filter = $('tech-filter');
  const chosen = filter.value;
  filter.replaceChildren(el('option', { value: '' }, t('all_points')),
    ...data.points.map((p) => el('option', { value: String(p.id) }, p.name)));
  filter.value = chosen;
  const shown = data.technicians.filter((x) => !chosen || String(x.service_point_id) === chosen);
  $('tech-list').replaceChildren(techList(shown, data,
    (x) => techEditor($('tech-editor'), x, data, load)));
  $('skill-list').replaceChildren(...data.skills.map(skillRow));
  $('staff-list').replaceChildren(staffList(data.staff, data, load));
}

async function load() {
  try {
    await loadSkills();
    [data.points, data.technicians, data.skills, data.staff] = await Promise.all([api('/api/admin/service-points'),
      api('/api/admin/technicians'), api('/api/admin/skills'), api('/api/admin/staff')]);
    $('login-box').hidden = true;
    $('admin').hidden = false;
    render();
  } catch (e) {
    if (e.status === 403) {
      // Signed in, but not as an admin: the server's 403 page says where to go.
      window.location.reload();
      return;
    }
    if (!$('admin').hidden && e.status !== 401) {
      notify(e.message, true);
      return;
    }
    sessionStorage.removeItem(SIGNED_IN);
    $('login-box').hidden = false;
    $('admin').hidden = true;
  }
}

$('skill-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  clearFieldErrors();
  try {
    await api('/api/admin/skills', 'POST', { code: $('skill-code').value.trim(), name: $('skill-name').value, name_zh: $('skill-name-zh').value });
    ['skill-code', 'skill-name', 'skill-name-zh'].forEach((id) => { $(id).value = ''; });
    toast(t('saved'));
    await load();
  } catch (err) {
    const rest = showFieldErrors(err.fields, { code: 'skill-code', name: 'skill-name', name_zh: 'skill-name-zh' });
    if (rest.length || !err.fields.length) notify(rest.join(' ') || err.message, true);
  }
});
for (const tab of TABS) $(`tab-${tab}`).addEventListener('click', () => showTab(tab));
$('tech-filter').addEventListener('change', render);
$('new-point').addEventListener('click', () => pointEditor($('point-editor'), null, load));
$('new-tech').addEventListener('click', () => techEditor($('tech-editor'), null, data, load));
setupLanguage(() => { if (!$('admin').hidden) render(); });
setupStaffSession(SIGNED_IN, 'admin', load);

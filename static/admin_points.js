// /admin: the service points. Each one's coverage drawn and edited on the map (or typed as
// "lat, lon" lines), its time zone, phone and travel model, every promise (response, arrival,
// resolution, the answer to a message, their targets, the business hours, the customer's
// reschedule rule), the fee schedule in both languages and the warranty. Saving sends the
// whole point (`PUT /api/admin/service-points/{id}`, `POST` for a new one); what the form does
// not show (fields added later) is sent back as it was read.
import { api, clearFieldErrors, el, showFieldErrors, t, toast } from './common.js';
import { areaEditor, editorButtons, field, listEditor, parseRing, saveRefused } from './admin_forms.js';

/** A new point's promises and fees: the server's defaults. */
const DEFAULTS = {
  time_zone: 'Asia/Shanghai', currency: 'CNY', travel_speed_kmh: 30, detour_factor: 1.3, rework_days: 30,
  promise_policy: { respond_minutes: 15, arrive_minutes: 240, resolve_minutes: 480, respond_target_pct: 80,
    arrive_target_pct: 80, resolve_target_pct: 70, at_risk_pct: 80, max_reschedules: 3, reschedule_notice_minutes: 120,
    answer_minutes: 3, answer_target_pct: 80, business_hours: { days: [0, 1, 2, 3, 4, 5, 6], open: '08:00', close: '20:00' } },
  fee_schedule: { call_out_minor: 5000, labour_half_hour_minor: 6000, parts: [] },
  warranty_policy: { default_months: 12, months_by_category: {} },
};

/** The promise policy's numbers, in the order the form shows them. */
const PROMISES = ['respond_minutes', 'respond_target_pct', 'arrive_minutes', 'arrive_target_pct', 'resolve_minutes',
  'resolve_target_pct', 'at_risk_pct', 'answer_minutes', 'answer_target_pct', 'max_reschedules', 'reschedule_notice_minutes'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

const $ = (id) => document.getElementById(id);
const num = (id) => ($(id).value === '' ? null : Number($(id).value));
const major = (minor) => (minor / 100).toFixed(2);
const minor = (id) => ($(id).value === '' ? null : Math.round(Number($(id).value) * 100));

/** The list of points, each with its edit button. */
export function pointList(points, edit) {
  return el('div', {}, ...points.map((p) => el('div', { class: 'card', id: `point-${p.id}` },
    el('p', {}, el('strong', {}, p.name), ' ', p.active ? null : el('span', { class: 'badge' }, t('inactive'))),
    el('p', { class: 'muted' }, [`${t('respond_in')} ${p.promise_policy.respond_minutes} ${t('min')}`,
      `${t('answer_in')} ${p.promise_policy.answer_minutes} ${t('min')}`, p.phone].filter(Boolean).join(' · ')),
    el('button', { type: 'button', class: 'secondary', id: `edit-point-${p.id}`, onclick: () => edit(p) }, t('edit')))));
}

function promisesBlock(pp) {
  const hours = pp.business_hours;
  return el('fieldset', {}, el('legend', {}, t('promises')),
    el('div', { class: 'row' }, ...PROMISES.map((k) => field(`pp-${k}`, t(`pp_${k}`), { type: 'number', value: String(pp[k]), step: '1' }))),
    el('fieldset', { id: 'bh-days' }, el('legend', {}, t('business_days')),
      ...WEEKDAYS.map((d, i) => el('label', { class: 'radio' },
        el('input', { type: 'checkbox', id: `bh-day-${i}`, checked: hours.days.includes(i) }), t(`day_${d}`)))),
    el('div', { class: 'row' }, field('bh-open', t('opens'), { type: 'time', value: hours.open }),
      field('bh-close', t('closes'), { type: 'time', value: hours.close })),
    el('p', { class: 'muted' }, t('promises_hint')));
}

/** The point as the form says it, over what was read (`base`). */
function readForm(base, { parts, services, categories }) {
  const ring = parseRing($('sp-coverage').value);
  if (ring.bad) return { bad: ring.bad };
  const closed = ring.ring.length ? [...ring.ring, ring.ring[0]] : [];
  const promise = { ...base.promise_policy };
  PROMISES.forEach((k) => { promise[k] = num(`pp-${k}`); });
  promise.business_hours = { days: WEEKDAYS.map((_, i) => i).filter((i) => $(`bh-day-${i}`).checked),
    open: $('bh-open').value, close: $('bh-close').value };
  const months = {};
  categories.forEach((c) => { if (c.category.trim()) months[c.category.trim()] = Number(c.months); });
  return { body: {
    name: $('sp-name').value, time_zone: $('sp-time-zone').value, currency: $('sp-currency').value,
    phone: $('sp-phone').value.trim() || null, active: $('sp-active').checked, coverage: closed,
    travel_speed_kmh: num('sp-speed'), detour_factor: num('sp-detour'), rework_days: num('sp-rework'),
    promise_policy: promise,
    fee_schedule: { ...base.fee_schedule, call_out_minor: minor('fee-call-out'), labour_half_hour_minor: minor('fee-labour'),
      parts: parts.map((p) => ({ code: p.code, description: p.description,
        ...(p.description_zh ? { description_zh: p.description_zh } : {}), price_minor: Math.round(Number(p.price) * 100) })),
      services: services.map((x) => ({ code: x.code, name: x.name, ...(x.name_zh ? { name_zh: x.name_zh } : {}),
        price_minor: Math.round(Number(x.price) * 100), skills: x.skills.split(/[\s,，]+/).filter(Boolean) })) },
    warranty_policy: { ...base.warranty_policy, default_months: num('wp-default'), months_by_category: months },
  } };
}

/** Where the API's field paths are shown: every field of the form, the list rows by index. */
function fieldIds({ parts, services, categories }) {
  const ids = { name: 'sp-name', time_zone: 'sp-time-zone', currency: 'sp-currency', phone: 'sp-phone', coverage: 'sp-coverage',
    travel_speed_kmh: 'sp-speed', detour_factor: 'sp-detour', rework_days: 'sp-rework',
    'promise_policy.business_hours': 'bh-open', 'promise_policy.business_hours.days': 'bh-day-0',
    fee_schedule: 'fee-call-out', 'fee_schedule.parts': 'parts-add', 'fee_schedule.services': 'services-add',
    warranty_policy: 'wp-default' };
  PROMISES.forEach((k) => { ids[`promise_policy.${k}`] = `pp-${k}`; });
  parts.forEach((_, i) => {
    ids[`fee_schedule.parts[${i}]`] = `parts-${i}-code`;
    ids[`fee_schedule.parts[${i}].code`] = `parts-${i}-code`;
    ids[`fee_schedule.parts[${i}].price_minor`] = `parts-${i}-price`;
  });
  services.forEach((_, i) => {
    ['code', 'name', 'skills'].forEach((k) => { ids[`fee_schedule.services[${i}].${k}`] = `services-${i}-${k}`; });
    ids[`fee_schedule.services[${i}].price_minor`] = `services-${i}-price`;
  });
  if (categories.length) ids.warranty_policy = 'categories-0-months';
  return ids;
}

/** Opens the form of point `p` (null: a new point) in `box`. */
export function pointEditor(box, p, reload) {
  const base = p || DEFAULTS;
  const line = el('p', { class: 'message', role: 'status', 'aria-live': 'polite' });
  const parts = (base.fee_schedule.parts || []).map((x) => ({ code: x.code, description: x.description,
    description_zh: x.description_zh || '', price: major(x.price_minor) }));
  const services = (base.fee_schedule.services || []).map((x) => ({ code: x.code, name: x.name, name_zh: x.name_zh || '',
    price: major(x.price_minor), skills: (x.skills || []).join(', ') }));
  const categories = Object.entries(base.warranty_policy.months_by_category || {}).map(([category, months]) => ({ category, months }));
  const lists = { parts, services, categories };
  const partRows = listEditor('parts', parts, (x, i) => [
    field(`parts-${i}-code`, t('part_code'), { value: x.code, maxlength: '64' }),
    field(`parts-${i}-description`, t('description_en'), { value: x.description, maxlength: '200' }),
    field(`parts-${i}-description_zh`, t('description_zh'), { value: x.description_zh, maxlength: '200' }),
    field(`parts-${i}-price`, t('price'), { type: 'number', step: '0.01', min: '0', value: x.price })],
  () => ({ code: '', description: '', description_zh: '', price: '0.00' }), t('add_part'));
  const categoryRows = listEditor('categories', categories, (x, i) => [
    field(`categories-${i}-category`, t('category'), { value: x.category, maxlength: '64' }),
    field(`categories-${i}-months`, t('warranty_months'), { type: 'number', min: '0', max: '120', value: String(x.months) })],
  () => ({ category: '', months: 12 }), t('add_category'));
  const serviceRows = listEditor('services', services, (x, i) => [
    field(`services-${i}-code`, t('service_code'), { value: x.code, maxlength: '64' }),
    field(`services-${i}-name`, t('name_en'), { value: x.name, maxlength: '200' }),
    field(`services-${i}-name_zh`, t('name_zh'), { value: x.name_zh, maxlength: '200' }),
    field(`services-${i}-price`, t('price'), { type: 'number', step: '0.01', min: '0', value: x.price }),
    field(`services-${i}-skills`, t('service_skills'), { value: x.skills, maxlength: '400' })],
  () => ({ code: '', name: '', name_zh: '', price: '0.00', skills: '' }), t('add_service'));
  const coverage = el('textarea', { id: 'sp-coverage', rows: '5', spellcheck: 'false' },
    (p ? p.coverage.slice(0, -1) : []).map((c) => `${c.lat.toFixed(6)}, ${c.lon.toFixed(6)}`).join('\n'));
  const active = el('input', { type: 'checkbox', id: 'sp-active', checked: p ? p.active : true });
  const save = el('button', { type: 'submit', id: 'point-save' }, t('save'));
  const form = el('form', { id: 'point-form', class: 'card' },
    el('h3', {}, p ? `${t('edit')}: ${p.name}` : t('new_point')),
    el('div', { class: 'row' }, field('sp-name', t('point_name'), { value: p ? p.name : '', maxlength: '120' }),
      field('sp-phone', t('phone'), { value: p ? p.phone : '', maxlength: '32', type: 'tel' }),
      field('sp-time-zone', t('time_zone'), { value: base.time_zone, maxlength: '64' }),
      field('sp-currency', t('currency'), { value: base.currency, maxlength: '3' })),
    el('label', { class: 'radio' }, active, t('active')),
    el('fieldset', {}, el('legend', {}, t('coverage')), el('p', { class: 'muted' }, t('coverage_hint')),
      el('div', { id: 'sp-map', class: 'map small', role: 'region', 'aria-label': t('coverage') }),
      el('label', { for: 'sp-coverage' }, t('coverage_typed')), coverage),
    el('div', { class: 'row' }, field('sp-speed', t('travel_speed'), { type: 'number', step: '1', value: String(base.travel_speed_kmh) }),
      field('sp-detour', t('detour_factor'), { type: 'number', step: '0.1', value: String(base.detour_factor) }),
      field('sp-rework', t('rework_days'), { type: 'number', step: '1', value: String(base.rework_days) })),
    promisesBlock(base.promise_policy),
    el('fieldset', {}, el('legend', {}, t('fee_schedule')),
      el('div', { class: 'row' }, field('fee-call-out', t('call_out'), { type: 'number', step: '0.01', min: '0', value: major(base.fee_schedule.call_out_minor) }),
        field('fee-labour', t('labour_half_hour'), { type: 'number', step: '0.01', min: '0', value: major(base.fee_schedule.labour_half_hour_minor) })),
      el('h4', {}, t('parts')), partRows.box,
      el('h4', {}, t('fixed_services')), serviceRows.box),
    el('fieldset', {}, el('legend', {}, t('warranty')),
      field('wp-default', t('warranty_default'), { type: 'number', min: '0', max: '120', value: String(base.warranty_policy.default_months) }),
      categoryRows.box),
    ...editorButtons('point', save, p, p && `/api/admin/service-points/${p.id}`, box, reload),
    line);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFieldErrors();
    [partRows, serviceRows, categoryRows].forEach((rows) => rows.keep());
    const read = readForm(base, lists);
    if (read.bad) {
      showFieldErrors([{ field: 'coverage', reason: t('coverage_line_bad').replace('{line}', read.bad) }], { coverage: 'sp-coverage' });
      return;
    }
    save.disabled = true;
    try {
      const saved = p ? await api(`/api/admin/service-points/${p.id}`, 'PUT', read.body)
        : await api('/api/admin/service-points', 'POST', read.body);
      toast(t('saved'));
      await reload();
      pointEditor(box, saved, reload);
    } catch (err) {
      save.disabled = false;
      saveRefused(err, fieldIds(lists), line);
    }
  });
  box.replaceChildren(form);
  areaEditor('sp-map', coverage, p ? p.center : { lat: 30.27, lon: 120.15 });
  form.scrollIntoView({ block: 'start' });
}

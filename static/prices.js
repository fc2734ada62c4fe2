// Prices before booking, on /book: the covering point's call-out fee, labour rate and the
// fixed-price services for the chosen problem, and what the warranty covers
// (`GET /api/prices`). A chosen service goes into the booking's `services`.
import { api, el, lang, money, t } from './common.js';

const $ = (id) => document.getElementById(id);
let list = null;
let asked = '';

const itemName = (i) => (lang === 'zh-CN' && i.name_zh ? i.name_zh : i.name);

/** The codes of the services ticked. */
export function chosenServices() {
  return [...document.querySelectorAll('#service-list input:checked')].map((i) => i.value);
}

/** The warranty line for a product of `category` bought on `purchased` (YYYY-MM-DD or ''). */
function warrantyLine(category, purchased) {
  const w = list.warranty;
  const months = w.months_by_category[category] ?? w.default_months;
  const covers = w.covers.map((k) => (lang === 'zh-CN' ? t(k) : t(k).toLowerCase())).join(lang === 'zh-CN' ? '、' : ', ');
  let line = t('warranty_terms').replace('{months}', String(months)).replace('{covers}', covers);
  if (purchased) {
    const until = new Date(`${purchased}T00:00:00`);
    until.setMonth(until.getMonth() + months);
    line += `${lang === 'zh-CN' ? '' : ' '}${until > new Date() ? t('warranty_yours_covered') : t('warranty_yours_ended')}`;
  }
  return [line, t('warranty_not_services')].join(lang === 'zh-CN' ? '' : ' ');
}

/** Draws the price list (again, in the page's language). */
export function renderPrices() {
  if (!list) return;
  const ticked = new Set(chosenServices());
  $('prices').hidden = false;
  $('prices-point').textContent = t('prices_of').replace('{point}', list.service_point_name);
  const row = (label, amount) => el('tr', {}, el('th', { scope: 'row' }, label), el('td', { class: 'amount' }, amount));
  $('price-rows').replaceChildren(
    row(t('call_out'), money(list.call_out)),
    row(t('labour_rate').replace('{minutes}', String(list.labour.unit_minutes)),
      money({ amount_minor: list.labour.amount_minor, currency: list.currency })),
  );
  $('warranty-terms').textContent = warrantyLine($('category').value, $('purchased_on').value);
  $('services').hidden = list.services.length === 0;
  $('service-list').replaceChildren(...list.services.map((s) => el('label', { class: 'radio' },
    el('input', { type: 'checkbox', value: s.code, id: `service-${s.code}`, checked: ticked.has(s.code) }),
    el('span', {}, `${itemName(s)} · ${money(s.price)}`))));
}

/** Asks for the prices at `at` for `skill`, when either changed. */
export async function loadPrices(at, skill) {
  const key = `${at.lat},${at.lon},${skill}`;
  if (key === asked) return;
  asked = key;
  try {
    list = await api(`/api/prices?${new URLSearchParams({ lat: at.lat, lon: at.lon, skill })}`);
    renderPrices();
  } catch (e) {
    list = null;
    $('prices').hidden = true;
  }
}

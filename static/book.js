// /book: a customer books a repair without an account.
import {
  BOOK_AGAIN, api, clearFieldErrors, el, loadSkills, notify, setupLanguage, showFieldErrors, skillName, t, timeOfDay, useZone, when,
} from './common.js';
import { MAX_PHOTOS, sendPhotos } from './photos.js';
import { pageConfig } from './map.js';
import { place, placedPoint, restatePlace, setupPlace } from './place.js';
import { chosenServices, loadPrices, renderPrices } from './prices.js';
import { suggestEmail } from './email_hint.js';

const $ = (id) => document.getElementById(id);
const SKILL_OF = { faucet: 'plumbing', water_heater: 'water_heater', washing_machine: 'appliance',
  refrigerator: 'appliance', air_conditioner: 'hvac', socket: 'electrical', lock: 'locksmith' };
let slots = [];

/** The skill and category choices in the page's language. */
function labelSkills() {
  for (const option of $('skill').options) option.textContent = skillName(option.value);
  for (const option of $('category').options) option.textContent = t(`cat_${option.value}`);
}

function renderWindows() {
  const list = $('window-list');
  list.replaceChildren(...slots.filter((s) => s.available > 0).map((s, i) => el('label', { class: 'radio' },
    el('input', { type: 'radio', name: 'window', value: String(i), id: `window-${i}` }),
    el('span', {}, `${when(s.start)} – ${timeOfDay(s.end)}`))));
}

async function loadWindows() {
  const at = placedPoint();
  if (!at) {
    showFieldErrors([{ field: 'location', reason: t('place_first') }], FIELDS);
    return;
  }
  try {
    const q = new URLSearchParams({ lat: at.lat, lon: at.lon, skill: $('skill').value, days: '3' });
    slots = await api(`/api/slots?${q}`);
    if (slots.length) useZone(slots[0].time_zone);
    renderWindows();
    if (!slots.length) notify(t('none'));
  } catch (e) {
    notify(e.message, true);
  }
}

async function submit(event) {
  event.preventDefault();
  const chosen = document.querySelector('input[name=window]:checked');
  const slot = chosen && chosen.value !== '' ? slots[Number(chosen.value)] : null;
  const photos = [...$('photos').files];
  if (photos.length > MAX_PHOTOS) {
    notify(t('too_many_photos'), true);
    return;
  }
  const body = {
    customer: { name: $('name').value, email: $('email').value.trim() || null, phone: $('phone').value },
    product: { category: $('category').value, brand: $('brand').value, model: $('model').value, serial: $('serial').value,
      purchased_on: $('purchased_on').value || null, order_ref: $('order_ref').value },
    problem: $('problem').value, skill: $('skill').value, address: $('address').value,
    location: placedPoint(), services: chosenServices(),
    window: slot ? { start: slot.start, end: slot.end } : null, language: document.documentElement.lang,
  };
  $('submit').disabled = true;
  clearFieldErrors();
  try {
    const booked = await api('/api/requests', 'POST', body);
    if (booked.time_zone) useZone(booked.time_zone);
    $('reference').textContent = booked.reference;
    $('respond-by').textContent = when(booked.promise.respond_by);
    $('arrive-by').textContent = when(booked.promise.arrive_by);
    const tracking = new URL(booked.tracking_url).pathname;
    $('tracking-link').href = tracking;
    if (photos.length) await sendPhotos(`/api/track/${tracking.split('/').pop()}/photos`, photos);
    $('booking').hidden = true;
    $('confirmation').hidden = false;
    window.scrollTo(0, 0);
  } catch (e) {
    const unplaced = showFieldErrors(e.fields, FIELDS);
    notify([e.message, ...unplaced].join(' · '), true);
    $('submit').disabled = false;
  }
}

/** Where each field the server may refuse is typed on this page. */
const FIELDS = {
  'customer.name': 'name', 'customer.email': 'email', 'customer.phone': 'phone',
  'product.category': 'category', 'product.brand': 'brand', 'product.model': 'model',
  'product.order_ref': 'order_ref', 'product.purchased_on': 'purchased_on', problem: 'problem',
  address: 'address', location: 'address', window: 'windows', skill: 'category',
};
/** A product chosen on /me with "book again": its fields filled in, once. /book never needs an account. */
function fillBookAgain() {
  let again = null;
  try {
    again = JSON.parse(sessionStorage.getItem(BOOK_AGAIN) || 'null');
  } catch (e) {
    again = null;
  }
  sessionStorage.removeItem(BOOK_AGAIN);
  if (!again || typeof again !== 'object') return null;
  if ([...$('category').options].some((o) => o.value === again.category)) $('category').value = again.category;
  for (const id of ['brand', 'model', 'serial', 'order_ref', 'purchased_on', 'address']) {
    if (typeof again[id] === 'string') $(id).value = again[id];
  }
  if ([...$('skill').options].some((o) => o.value === again.skill)) $('skill').value = again.skill;
  return again.location && Number.isFinite(again.location.lat) && Number.isFinite(again.location.lon) ? again.location : null;
}

async function getAccount() {
  if (!$('email').value.trim()) {
    $('account-status').textContent = t('link_needs_email');
    return;
  }
  try {
    await api('/api/auth/link', 'POST', { email: $('email').value, language: document.documentElement.lang });
    $('get-account').disabled = true;
    $('account-status').textContent = t('link_sent');
  } catch (e) {
    $('account-status').textContent = e.message;
  }
}

/** The prices for the placed point and the chosen problem. */
function pricesHere() {
  const at = placedPoint();
  if (at) loadPrices(at, $('skill').value);
}
$('category').addEventListener('change', () => {
  $('skill').value = SKILL_OF[$('category').value] || 'appliance';
  pricesHere();
  renderPrices();
});
$('purchased_on').addEventListener('change', renderPrices);
/** "Did you mean …@qq.com?" next to the email field while its domain looks mistyped; a tap takes it. */
function hintEmail() {
  const suggestion = suggestEmail($('email').value);
  $('email-hint').hidden = !suggestion;
  $('use-suggestion').textContent = suggestion ? t('did_you_mean').replace('{suggestion}', suggestion) : '';
  $('use-suggestion').dataset.suggestion = suggestion || '';
}
$('email').addEventListener('input', hintEmail);
$('email').addEventListener('blur', hintEmail);
$('use-suggestion').addEventListener('click', () => {
  $('email').value = $('use-suggestion').dataset.suggestion;
  hintEmail();
  $('email').focus();
});
$('load-windows').addEventListener('click', loadWindows);
$('booking').addEventListener('submit', submit);
$('get-account').addEventListener('click', getAccount);
const again = fillBookAgain();
setupLanguage(() => { renderWindows(); labelSkills(); hintEmail(); restatePlace(); renderPrices(); });
pageConfig().then((config) => setupPlace(pricesHere, config.address_search)).then(() => {
  if (again) place(again, 'placed_by_address');
});
loadSkills().then(labelSkills);

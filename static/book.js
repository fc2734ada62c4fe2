// /book: a customer books a repair without an account.
import {
  BOOK_AGAIN, api, clearFieldErrors, el, loadSkills, notify, setupLanguage, showFieldErrors, skillName, t, timeOfDay, useZone, when,
} from './common.js';
import { MAX_PHOTOS, sendPhotos } from './photos.js';
import { makeMap } from './map.js';
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
  try {
    const q = new URLSearchParams({ lat: $('lat').value, lon: $('lon').value, skill: $('skill').value, days: '3' });
    slots = await api(`/api/slots?${q}`);
    if (slots.length) useZone(slots[0].time_zone);
    renderWindows();
    if (!slots.length) notify(t('none'));
  } catch (e) {
    notify(e.message, true);
  }
}

let pin = null;

/** The address point as typed in the fields, or null while they hold no valid point. */
function typedPoint() {
  const lat = Number($('lat').value);
  const lon = Number($('lon').value);
  return $('lat').value && $('lon').value && Math.abs(lat) <= 90 && Math.abs(lon) <= 180 ? { lat, lon } : null;
}

function setPoint(lat, lon, pan) {
  $('lat').value = lat.toFixed(5);
  $('lon').value = lon.toFixed(5);
  if (pin) {
    pin.setLatLng([lat, lon]);
    if (pan) pin._map.panTo([lat, lon]);
  }
}

async function setupMap() {
  const start = typedPoint() || { lat: 30.275, lon: 120.13 };
  const map = await makeMap('book-map', start, 14);
  if (!map) return;
  const L = window.L;
  const icon = L.divIcon({ className: 'pin', iconSize: [26, 26], iconAnchor: [13, 26] });
  pin = L.marker([start.lat, start.lon], { draggable: true, keyboard: true, icon, title: t('address') }).addTo(map);
  pin.on('dragend', () => { const p = pin.getLatLng(); setPoint(p.lat, p.lng, false); });
  map.on('click', (e) => setPoint(e.latlng.lat, e.latlng.lng, false));
  const follow = () => { const p = typedPoint(); if (p) { pin.setLatLng([p.lat, p.lon]); map.panTo([p.lat, p.lon]); } };
  $('lat').addEventListener('change', follow);
  $('lon').addEventListener('change', follow);
}

function locate() {
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((p) => setPoint(p.coords.latitude, p.coords.longitude, true),
    (e) => notify(e.message, true));
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
    location: { lat: Number($('lat').value), lon: Number($('lon').value) },
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
  if (!again || typeof again !== 'object') return;
  if ([...$('category').options].some((o) => o.value === again.category)) $('category').value = again.category;
  for (const id of ['brand', 'model', 'serial', 'order_ref', 'purchased_on', 'address']) {
    if (typeof again[id] === 'string') $(id).value = again[id];
  }
  if ([...$('skill').options].some((o) => o.value === again.skill)) $('skill').value = again.skill;
  const at = again.location;
  if (at && Number.isFinite(at.lat) && Number.isFinite(at.lon)) setPoint(at.lat, at.lon, false);
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

$('category').addEventListener('change', () => { $('skill').value = SKILL_OF[$('category').value] || 'appliance'; });
$('locate').addEventListener('click', locate);
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
fillBookAgain();
setupLanguage(() => { renderWindows(); labelSkills(); hintEmail(); });
setupMap();
loadSkills().then(labelSkills);

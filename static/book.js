// /book: a customer books a repair without an account.
import { api, el, notify, setupLanguage, t, timeOfDay, when } from './common.js';

const $ = (id) => document.getElementById(id);
const SKILL_OF = { faucet: 'plumbing', water_heater: 'water_heater', washing_machine: 'appliance',
  refrigerator: 'appliance', air_conditioner: 'hvac', socket: 'electrical', lock: 'locksmith' };
let slots = [];

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
    renderWindows();
    if (!slots.length) notify(t('none'));
  } catch (e) {
    notify(e.message, true);
  }
}

function locate() {
  if (!navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition((p) => {
    $('lat').value = p.coords.latitude.toFixed(5);
    $('lon').value = p.coords.longitude.toFixed(5);
  }, (e) => notify(e.message, true));
}

async function submit(event) {
  event.preventDefault();
  const chosen = document.querySelector('input[name=window]:checked');
  const slot = chosen && chosen.value !== '' ? slots[Number(chosen.value)] : null;
  const body = {
    customer: { name: $('name').value, email: $('email').value, phone: $('phone').value },
    product: { category: $('category').value, brand: $('brand').value, model: $('model').value, serial: '',
      purchased_on: $('purchased_on').value || null, order_ref: $('order_ref').value },
    problem: $('problem').value, skill: $('skill').value, address: $('address').value,
    location: { lat: Number($('lat').value), lon: Number($('lon').value) },
    window: slot ? { start: slot.start, end: slot.end } : null, language: document.documentElement.lang,
  };
  $('submit').disabled = true;
  try {
    const booked = await api('/api/requests', 'POST', body);
    $('reference').textContent = booked.reference;
    $('respond-by').textContent = when(booked.promise.respond_by);
    $('arrive-by').textContent = when(booked.promise.arrive_by);
    $('tracking-link').href = new URL(booked.tracking_url).pathname;
    $('booking').hidden = true;
    $('confirmation').hidden = false;
    window.scrollTo(0, 0);
  } catch (e) {
    notify(e.message, true);
    $('submit').disabled = false;
  }
}

$('category').addEventListener('change', () => { $('skill').value = SKILL_OF[$('category').value] || 'appliance'; });
$('locate').addEventListener('click', locate);
$('load-windows').addEventListener('click', loadWindows);
$('booking').addEventListener('submit', submit);
setupLanguage(renderWindows);

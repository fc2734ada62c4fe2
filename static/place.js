// Where the technician should come, on /book: the customer's position, a place found for the
// typed address, or a pin they put on the map. The page never places the pin itself: until
// the customer does, the booking sends no point and the server looks the address up.
import { api, el, t } from './common.js';
import { makeMap } from './map.js';

const $ = (id) => document.getElementById(id);
/** Where the map opens before anything is placed: a view, never a booking's point. */
const VIEW = { lat: 30.275, lon: 120.13 };

let map = null;
let pin = null;
let placed = null;
let onPlaced = () => {};
let searchTimer = null;
let searched = '';
let said = ['pin_unplaced', false];

/** The point the customer chose, or null. */
export function placedPoint() {
  return placed;
}

function status(key, isError = false) {
  said = [key, isError];
  const line = $('place-status');
  line.textContent = t(key);
  line.className = isError ? 'message error' : 'muted';
}

/** Puts the pin at `at` ({lat, lon}) as the customer's choice; `how` says how it was chosen. */
export function place(at, how, pan = true) {
  placed = { lat: Number(at.lat.toFixed(6)), lon: Number(at.lon.toFixed(6)) };
  Object.assign($('book-map').dataset, { lat: String(placed.lat), lon: String(placed.lon) });
  if (map) {
    const L = window.L;
    if (!pin) {
      const icon = L.divIcon({ className: 'pin', iconSize: [26, 26], iconAnchor: [13, 26] });
      pin = L.marker([placed.lat, placed.lon], { draggable: true, keyboard: true, icon, title: t('address') }).addTo(map);
      pin.on('dragend', () => { const p = pin.getLatLng(); place({ lat: p.lat, lon: p.lng }, 'pin_moved', false); });
    } else {
      pin.setLatLng([placed.lat, placed.lon]);
    }
    if (pan) map.setView([placed.lat, placed.lon], Math.max(map.getZoom(), 16));
  }
  status(how);
  onPlaced(placed);
}

function locate() {
  if (!navigator.geolocation) {
    status('no_location', true);
    return;
  }
  status('locating');
  $('locate').disabled = true;
  navigator.geolocation.getCurrentPosition((p) => {
    $('locate').disabled = false;
    place({ lat: p.coords.latitude, lon: p.coords.longitude }, 'placed_by_location');
  }, (e) => {
    $('locate').disabled = false;
    status(e.code === 1 ? 'location_denied' : 'no_location', true);
  }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
}

function showPlaces(found) {
  const list = $('places');
  list.replaceChildren(...found.map((p) => {
    const inside = p.service_point_id !== null;
    const choice = el('button', { type: 'button', class: 'link place', disabled: !inside }, p.display_name);
    if (inside) {
      choice.addEventListener('click', () => {
        list.hidden = true;
        place({ lat: p.lat, lon: p.lon }, 'placed_by_address');
      });
    }
    return el('li', {}, choice, inside ? null : el('small', { class: 'muted' }, ` ${t('outside_area')}`));
  }));
  list.hidden = found.length === 0;
  if (!found.length) status('address_not_found', true);
  else if (!found.some((p) => p.service_point_id !== null)) status('address_outside', true);
  else status('choose_place');
}

async function search() {
  const q = $('address').value.trim();
  if (q.length < 3 || q === searched) return;
  searched = q;
  try {
    showPlaces(await api(`/api/geocode?${new URLSearchParams({ q })}`));
  } catch (e) {
    $('places').hidden = true;
    status('search_unavailable', true);
  }
}

/** Sets up the map, the location button and the address search; `placedHook(at)` hears each choice. */
export async function setupPlace(placedHook, addressSearch) {
  onPlaced = placedHook;
  $('locate').addEventListener('click', locate);
  if (addressSearch) {
    $('address').addEventListener('input', () => {
      clearTimeout(searchTimer);
      searchTimer = setTimeout(search, 700);
    });
    $('address').addEventListener('change', search);
  }
  map = await makeMap('book-map', VIEW, 12);
  if (map) map.on('click', (e) => place({ lat: e.latlng.lat, lon: e.latlng.lng }, 'placed_by_map', false));
  if (placed) place(placed, 'placed_by_address');
}

/** Says the last word on the place again, in the page's language. */
export function restatePlace() {
  status(...said);
}

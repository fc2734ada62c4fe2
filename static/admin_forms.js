// /admin: the pieces of its forms. Maps that edit: a coverage area whose corners are dragged on
// the map (a tap on the map adds a corner on the nearest side, a double tap on a corner takes it
// away), kept in step with a text box of "lat, lon" lines, the way to type or paste a polygon;
// and a home pin. Labelled inputs, and lists of rows (parts, skills, shifts) to add and remove.
import { api, el, notify, showFieldErrors, t, toast } from './common.js';
import { makeMap } from './map.js';

/** The corners of a ring typed as "lat, lon" lines (the closing corner left out), or the bad line's number. */
export function parseRing(text) {
  const ring = [];
  const lines = text.split('\n').map((l) => l.trim()).filter(Boolean);
  for (const [i, line] of lines.entries()) {
    const parts = line.split(/[\s,;]+/).filter(Boolean).map(Number);
    if (parts.length !== 2 || parts.some((n) => !Number.isFinite(n))) return { bad: i + 1 };
    ring.push({ lat: parts[0], lon: parts[1] });
  }
  const [first, last] = [ring[0], ring[ring.length - 1]];
  if (ring.length > 1 && first.lat === last.lat && first.lon === last.lon) ring.pop();
  return { ring };
}

const written = (ring) => ring.map((p) => `${p.lat.toFixed(6)}, ${p.lon.toFixed(6)}`).join('\n');

/** The middle of `ring` (or `fallback`), to centre a map on. */
function middle(ring, fallback) {
  if (!ring.length) return fallback;
  return { lat: ring.reduce((s, p) => s + p.lat, 0) / ring.length, lon: ring.reduce((s, p) => s + p.lon, 0) / ring.length };
}

/** Where a new corner at `at` goes: after the corner that starts the side whose middle is nearest. */
function sideFor(ring, at) {
  let best = 0;
  let bestD = Infinity;
  ring.forEach((p, i) => {
    const q = ring[(i + 1) % ring.length];
    const d = ((p.lat + q.lat) / 2 - at.lat) ** 2 + ((p.lon + q.lon) / 2 - at.lon) ** 2;
    if (d < bestD) { bestD = d; best = i; }
  });
  return best + 1;
}

/** Edits the ring in `textarea` on the map in element `mapId`. */
export async function areaEditor(mapId, textarea, fallbackCenter) {
  const L = window.L;
  let { ring = [] } = parseRing(textarea.value);
  const map = await makeMap(mapId, middle(ring, fallbackCenter), 11);
  if (!map) return;
  const layer = L.layerGroup().addTo(map);
  const draw = () => {
    layer.clearLayers();
    if (ring.length) L.polygon(ring.map((p) => [p.lat, p.lon]), { className: 'area', weight: 2, fillOpacity: 0.08 }).addTo(layer);
    ring.forEach((p, i) => {
      const corner = L.marker([p.lat, p.lon], { draggable: true, keyboard: true, title: `${t('corner')} ${i + 1}`,
        icon: L.divIcon({ className: 'vertex', iconSize: [22, 22] }) }).addTo(layer);
      corner.on('drag', (e) => {
        const at = e.target.getLatLng();
        ring[i] = { lat: at.lat, lon: at.lng };
        textarea.value = written(ring);
        layer.eachLayer((l) => { if (l instanceof L.Polygon) l.setLatLngs(ring.map((q) => [q.lat, q.lon])); });
      });
      corner.on('dragend', draw);
      corner.on('dblclick', (e) => {
        L.DomEvent.stop(e);
        if (ring.length > 3) { ring.splice(i, 1); textarea.value = written(ring); draw(); }
      });
    });
  };
  map.doubleClickZoom.disable();
  map.on('click', (e) => {
    const at = { lat: e.latlng.lat, lon: e.latlng.lng };
    ring.splice(ring.length < 3 ? ring.length : sideFor(ring, at), 0, at);
    textarea.value = written(ring);
    draw();
  });
  textarea.addEventListener('change', () => {
    const parsed = parseRing(textarea.value);
    if (parsed.ring) { ring = parsed.ring; draw(); }
  });
  window.addEventListener('resize', () => { if (map.getContainer().isConnected) map.invalidateSize(); });
  draw();
  // Every corner clear of the zoom buttons and the edge, so each one can be taken with a finger.
  map.options.zoomSnap = 0.25;
  if (ring.length) map.fitBounds(L.latLngBounds(ring.map((p) => [p.lat, p.lon])), { paddingTopLeft: [60, 30], paddingBottomRight: [30, 30] });
}

/** A pin at `lat`/`lon` inputs' place on the map in `mapId`, dragged to change them (and following them). */
export async function pinEditor(mapId, lat, lon) {
  const L = window.L;
  const at = () => ({ lat: Number(lat.value) || 0, lon: Number(lon.value) || 0 });
  const map = await makeMap(mapId, at(), 13);
  if (!map) return;
  const pin = L.marker([at().lat, at().lon], { draggable: true, keyboard: true, title: t('home'),
    icon: L.divIcon({ className: 'pin', iconSize: [24, 24], iconAnchor: [12, 24] }) }).addTo(map);
  pin.on('dragend', () => {
    const p = pin.getLatLng();
    lat.value = p.lat.toFixed(6);
    lon.value = p.lng.toFixed(6);
  });
  const follow = () => { pin.setLatLng([at().lat, at().lon]); map.panTo([at().lat, at().lon]); };
  lat.addEventListener('change', follow);
  lon.addEventListener('change', follow);
  window.addEventListener('resize', () => { if (map.getContainer().isConnected) map.invalidateSize(); });
}

/** A labelled input in a `div`. */
export function field(id, label, attrs = {}) {
  return el('div', {}, el('label', { for: id }, label), el('input', { id, ...attrs }));
}

/**
 * Rows of `items` in a box with ids `${listId}-${i}-${key}` for each key of an item: `cells(item,
 * i)` draws a row's inputs, the add button appends `blank()`. `keep()` copies what was typed
 * into the items (as text); it runs before the rows are drawn again.
 */
export function listEditor(listId, items, cells, blank, addLabel) {
  const box = el('div', { id: listId });
  const keep = () => items.forEach((item, i) => Object.keys(item).forEach((k) => {
    const input = document.getElementById(`${listId}-${i}-${k}`);
    if (input) item[k] = input.value;
  }));
  const draw = () => box.replaceChildren(...items.map((item, i) => el('div', { class: 'row line-row' }, ...cells(item, i),
    el('button', { type: 'button', class: 'secondary', id: `${listId}-remove-${i}`,
      onclick: () => { keep(); items.splice(i, 1); draw(); } }, t('remove')))),
  el('button', { type: 'button', class: 'secondary', id: `${listId}-add`, onclick: () => { keep(); items.push(blank()); draw(); } }, addLabel));
  draw();
  return { box, keep };
}

/** An editor's save button, its deactivate button (for an active `item`, by `DELETE path`) and close. */
export function editorButtons(prefix, save, item, path, box, reload) {
  const deactivate = async () => {
    try {
      await api(path, 'DELETE');
      toast(t('deactivated'));
      await reload();
      box.replaceChildren();
    } catch (err) {
      notify(err.message, true);
    }
  };
  return [save,
    item && item.active ? el('button', { type: 'button', class: 'danger', id: `${prefix}-deactivate`, onclick: deactivate }, t('deactivate')) : null,
    el('button', { type: 'button', class: 'secondary', id: `${prefix}-close`, onclick: () => box.replaceChildren() }, t('close'))];
}

/** A refused save: each reason under its field (`ids`), what has no field in the status `line`. */
export function saveRefused(err, ids, line) {
  const rest = showFieldErrors(err.fields, ids);
  line.textContent = rest.length || !err.fields.length ? (rest.join(' ') || err.message) : '';
  line.className = 'message error';
}

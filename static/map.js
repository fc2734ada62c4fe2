// Maps of the pages, drawn with the vendored Leaflet (static/vendor/leaflet, a classic script
// that defines window.L). Tiles come from the deployment's FIELDFIX_MAP_TILES; every marker and
// shape is a vector, so the points still show when the tiles cannot load or none are set.
import { api } from './common.js';

let config = null;

/** The deployment's page settings (`GET /api/config`), asked once. */
export async function pageConfig() {
  if (!config) {
    try {
      config = await api('/api/config');
    } catch (e) {
      config = { map_tiles: null, map_attribution: '', address_search: false };
    }
  }
  return config;
}

/** A map in the element `id`, centred on `center` ({lat, lon}). */
export async function makeMap(id, center, zoom = 12) {
  const L = window.L;
  const node = document.getElementById(id);
  if (!L || !node) return null;
  const map = L.map(node, { keyboard: true, zoomControl: true }).setView([center.lat, center.lon], zoom);
  const { map_tiles: tiles, map_attribution: attribution } = await pageConfig();
  if (tiles) L.tileLayer(tiles, { attribution, maxZoom: 19, crossOrigin: true }).addTo(map);
  return map;
}

/**
 * A round marker with a tooltip; `cls` picks the colour from app.css. `tip` is plain text
 * (addresses and names typed by people): Leaflet writes a string tooltip as HTML, so the
 * text goes in as a DOM text node and is never parsed.
 */
export function dot(layer, at, cls, tip, radius = 7) {
  const L = window.L;
  const marker = L.circleMarker([at.lat, at.lon], { radius, className: cls, weight: 2, fillOpacity: 0.9 });
  if (tip) {
    const content = document.createElement('span');
    content.textContent = String(tip);
    marker.bindTooltip(content);
  }
  return marker.addTo(layer);
}

// Photos on every page: sending them (the image as the request body with its own type) and
// showing them as thumbnails that open the full image.
import { el, lang, notify, t } from './common.js';

/** The most photos a customer sends with a booking or a follow-up (the server's limit). */
export const MAX_PHOTOS = 6;

/** Sends one photo (a File or Blob) as the request body with its own type; the server tells
 * the kind by the content. Answers `{id, url, thumbnail_url}`; throws like `api`. */
export async function uploadPhoto(path, file) {
  let res;
  try {
    res = await fetch(path, { method: 'POST', credentials: 'same-origin', body: file,
      headers: { Accept: 'application/json', 'Accept-Language': lang, 'Content-Type': file.type || 'application/octet-stream' } });
  } catch (e) {
    const offline = new Error(t('offline_kept'));
    offline.offline = true;
    throw offline;
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    const err = new Error(`${file.name || t('photo')}: ${(data && (data.detail || data.title)) || res.statusText}`);
    err.status = res.status;
    throw err;
  }
  return data;
}

/** Sends the files chosen in a file input to `path` one after another; the message names
 * any the server refused. True when all went. */
export async function sendPhotos(path, files) {
  const refused = [];
  for (const file of files) {
    try {
      await uploadPhoto(path, file);
    } catch (e) {
      refused.push(e.message);
    }
  }
  notify(refused.length ? refused.join(' · ') : t('photos_sent'), refused.length > 0);
  return refused.length === 0;
}

/** Thumbnails that open the full photo, each labelled with who took it and when. */
export function photoStrip(photos, id) {
  if (!photos || !photos.length) return null;
  return el('ul', { class: 'photos', id }, photos.map((p) => el('li', {},
    el('a', { href: p.url, target: '_blank', rel: 'noopener', class: 'photo', id: `photo-${p.id}` },
      el('img', { src: p.thumbnail_url, alt: `${t(`stage_${p.stage}`)} (${t(p.taken_by)})`, loading: 'lazy' })),
    el('span', { class: 'muted' }, t(`stage_${p.stage}`)))));
}

// What /tech keeps on the phone to work without a network: photos waiting to be sent, and
// the service worker that keeps the page and the last day (static/tech-sw.js).
import { notify } from './common.js';

// Photos taken without a network wait in IndexedDB (too large for localStorage), each under
// the key its entry in the page's kept actions names, so they go in order with the steps.
const PHOTO_DB = 'fieldfix-tech-photos';
// The worker's cache of the day's data (its name in tech-sw.js).
const DAY_CACHE = 'fieldfix-tech-data';

function done(req) {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function photoStore(mode) {
  const open = indexedDB.open(PHOTO_DB, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('photos');
  const db = await done(open);
  return db.transaction('photos', mode).objectStore('photos');
}

/** Keeps a photo (a File or Blob) under `key`. */
export const keepPhoto = async (key, blob) => done((await photoStore('readwrite')).put(blob, key));
/** The photo kept under `key`, or undefined. */
export const keptPhoto = async (key) => done((await photoStore('readonly')).get(key));
/** Forgets the photo kept under `key`. */
export const dropPhoto = async (key) => done((await photoStore('readwrite')).delete(key));

/** Registers the service worker of /tech; `onControl` runs when it takes over the page (the
 * day is then read again through it, so it is kept from the first visit). */
export function registerWorker(onControl) {
  if (!('serviceWorker' in navigator)) return;
  navigator.serviceWorker.register('/static/tech-sw.js', { scope: '/tech' }).catch((e) => notify(e.message, true));
  navigator.serviceWorker.addEventListener('controllerchange', onControl);
}

/** Forgets the day kept for offline use (at sign-out: a phone may be shared). */
export function forgetDay() {
  if (window.caches) caches.delete(DAY_CACHE);
}

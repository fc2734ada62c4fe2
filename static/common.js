// Shared helpers of the fieldfix pages: translations, the JSON API, money and time.

/** The chosen language: saved choice, else the browser's. */
export let lang = localStorage.getItem('fieldfix.lang')
  || ((navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');

/** The pages' words in `language`, from the server's catalog (src/i18n/LANG/pages.ftl). */
async function loadStrings(language) {
  try {
    const res = await fetch(`/api/messages/${encodeURIComponent(language)}`);
    return res.ok ? await res.json() : {};
  } catch (e) {
    // Offline with no kept copy: the keys show, and the page still works.
    return {};
  }
}

// Loaded before any page module runs: every page imports this one, and waits for it.
let STRINGS = await loadStrings(lang);

/** An event kind in words. */
export const kindName = (k) => STRINGS[`kind_${k}`] ?? k.replace(/_/g, ' ');

/** Translates a key. */
export const t = (key) => STRINGS[key] ?? key;

/** Translates a status name. */
export const statusName = (s) => STRINGS[`status_${s}`] ?? s;

/** Fills every [data-i18n] element and wires the language switch; `rerender` runs on change. */
export function setupLanguage(rerender) {
  const apply = () => {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
    // The tab's title in the reader's language too: the page's heading after the name.
    const heading = document.querySelector('header h1[data-i18n]');
    if (heading) document.title = `fieldfix · ${t(heading.dataset.i18n)}`;
  };
  const select = document.getElementById('lang');
  select.value = lang;
  select.addEventListener('change', async () => {
    lang = select.value;
    localStorage.setItem('fieldfix.lang', lang);
    STRINGS = await loadStrings(lang);
    // A message written in the other language would stay behind: clear it.
    const toastBox = document.getElementById('toast');
    if (toastBox) toastBox.textContent = '';
    notify('');
    apply();
    rerender();
  });
  apply();
  // The choice listens from here on (the select shows a language before this script runs).
  select.dataset.ready = 'true';
}

/** Money `{amount_minor, currency}` in major units. */
export function money(m) {
  if (!m) return '';
  return new Intl.NumberFormat(lang, { style: 'currency', currency: m.currency || 'CNY' })
    .format(m.amount_minor / 100);
}

/** The time zone times are shown in: the service point's once a page knows it, else this device's. */
let zone = Intl.DateTimeFormat().resolvedOptions().timeZone;

/** Shows every later time in the service point's zone `tz` (an IANA name). */
export function useZone(tz) {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    zone = tz;
  } catch (e) {
    // An unknown zone name keeps the device's zone rather than breaking the page.
  }
}

/** A date and time in the service point's zone. */
export function when(iso) {
  if (!iso) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone })
    .format(new Date(iso));
}

/** The time of day alone, in the service point's zone. */
export function timeOfDay(iso) {
  return new Intl.DateTimeFormat(lang, { timeStyle: 'short', timeZone: zone }).format(new Date(iso));
}

/** The date alone, in the service point's zone. */
export function dayOf(iso) {
  return new Intl.DateTimeFormat(lang, { month: 'short', day: 'numeric', timeZone: zone }).format(new Date(iso));
}

/** The date alone in digits (11/23), in the service point's zone: short enough for a chart's axis. */
export function dayDigits(iso) {
  return new Intl.DateTimeFormat(lang, { month: 'numeric', day: 'numeric', timeZone: zone }).format(new Date(iso));
}

/** Hours and minutes since local midnight of `iso` in the service point's zone, as fractional hours. */
export function localHours(iso) {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone })
    .formatToParts(new Date(iso));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value || 0);
  return get('hour') + get('minute') / 60;
}

/** The local date (`YYYY-MM-DD`) of `iso` in the service point's zone. */
export function localDate(iso) {
  const parts = new Intl.DateTimeFormat('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit', timeZone: zone })
    .formatToParts(new Date(iso));
  const get = (type) => parts.find((p) => p.type === type)?.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** `HH:MM` of `iso` in the service point's zone (for time inputs). */
export function localClock(iso) {
  const h = localHours(iso);
  const hours = Math.floor(h + 1e-9);
  return `${String(hours).padStart(2, '0')}:${String(Math.round((h - hours) * 60)).padStart(2, '0')}`;
}

/** The instant (ISO, UTC) of a local `date` (`YYYY-MM-DD`) and `time` (`HH:MM`) in the service point's zone. */
export function zonedInstant(date, time) {
  const [y, m, d] = date.split('-').map(Number);
  const [hh, mm] = time.split(':').map(Number);
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  // The zone's offset at a guess, found by reading the guess back in the zone; twice for a DST edge.
  let at = wanted;
  for (let i = 0; i < 2; i += 1) {
    const [ly, lm, ld] = localDate(new Date(at).toISOString()).split('-').map(Number);
    const shown = Date.UTC(ly, lm - 1, ld) + Math.round(localHours(new Date(at).toISOString()) * 60) * 60000;
    at += wanted - shown;
  }
  return new Date(at).toISOString();
}

/**
 * Calls the JSON API; throws an Error with the problem's detail on a non-2xx answer. With
 * `timeout` (ms), a request with no answer by then is abandoned and thrown as offline, with
 * `timedOut` set (it may still have reached the server).
 */
export async function api(path, method = 'GET', body, { timeout } = {}) {
  // The server writes its messages (errors, reasons, timeline) in the page's language.
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': lang } };
  // The server refuses a cookie-signed change that is not JSON (a guard against forged
  // cross-site forms), so every change is sent as JSON, an empty object when it has no body.
  if (body !== undefined || method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let res;
  const stop = timeout ? new AbortController() : null;
  const timer = stop ? setTimeout(() => stop.abort(), timeout) : null;
  if (stop) init.signal = stop.signal;
  try {
    res = await fetch(path, init);
  } catch (e) {
    const offline = new Error(t('offline_kept'));
    offline.offline = true;
    offline.timedOut = Boolean(stop && stop.signal.aborted);
    throw offline;
  } finally {
    clearTimeout(timer);
  }
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const reason = (data && (data.detail || data.title)) || res.statusText;
    const err = new Error(reason);
    err.status = res.status;
    // Each refused field with its reason, for the page to show at the field.
    err.fields = (data && data.errors) || [];
    throw err;
  }
  return data;
}

/** The key /book reads a product to book again from (kept in the tab, never in a URL). */
export const BOOK_AGAIN = 'fieldfix.book_again';
/** Skill names by code, from the public GET /api/skills (read once per page). */
let skillNames = null;

/** Reads the skill names; pages await it once before they draw. */
export async function loadSkills() {
  if (!skillNames) {
    try {
      skillNames = Object.fromEntries((await api('/api/skills')).map((s) => [s.code, s]));
    } catch (e) {
      skillNames = {};
    }
  }
}

/** A skill's name in the page's language (the code when it is unknown). */
export const skillName = (code) => {
  const s = skillNames && skillNames[code];
  return s ? (lang === 'zh-CN' ? s.name_zh : s.name) : code;
};

/** Creates an element with attributes and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'onclick') node.addEventListener('click', v);
    // Styles go through the CSSOM: the Content-Security-Policy refuses style attributes.
    else if (k === 'style') node.style.cssText = v;
    else if (v !== undefined && v !== null && v !== false) node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) node.append(c);
  return node;
}

/**
 * Shows each refused field's reason under its input (`ids` maps the API's field paths, or
 * their leading parts, to input ids), marks the inputs invalid and moves the focus to the
 * first. Answers the reasons it could not place, for the page's status line.
 */
export function showFieldErrors(errors, ids) {
  clearFieldErrors();
  const unplaced = [];
  let first = null;
  for (const { field, reason } of errors || []) {
    const key = Object.keys(ids).filter((k) => field === k || field.startsWith(`${k}.`) || field.startsWith(`${k}[`))
      .sort((a, b) => b.length - a.length)[0];
    const input = key && document.getElementById(ids[key]);
    if (!input) { unplaced.push(reason); continue; }
    const note = el('p', { class: 'field-error', id: `${input.id}-error`, role: 'alert' }, reason);
    input.setAttribute('aria-invalid', 'true');
    input.setAttribute('aria-describedby', note.id);
    input.insertAdjacentElement('afterend', note);
    first = first || input;
  }
  if (first) {
    first.focus({ preventScroll: true });
    first.scrollIntoView({ block: 'center' });
  }
  return unplaced;
}

/** Takes away the reasons `showFieldErrors` showed. */
export function clearFieldErrors() {
  for (const note of document.querySelectorAll('.field-error')) note.remove();
  for (const input of document.querySelectorAll('[aria-invalid="true"]')) {
    input.removeAttribute('aria-invalid');
    input.removeAttribute('aria-describedby');
  }
}

/** A short confirmation at the bottom of the screen, in view wherever the page is scrolled. */
export function toast(text, isError = false) {
  let box = document.getElementById('toast');
  if (!box) {
    box = el('div', { id: 'toast', role: 'status', 'aria-live': 'polite' });
    document.body.append(box);
  }
  box.textContent = text;
  box.className = isError ? 'toast error' : 'toast';
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => { box.textContent = ''; box.className = 'toast'; }, 5000);
}

/** Shows a message in the page's status line. */
export function notify(text, isError = false) {
  const line = document.getElementById('message');
  line.textContent = text;
  line.className = isError ? 'message error' : 'message';
  // The status line sits at the top: when it is out of view, say it where the eye is too.
  const r = line.getBoundingClientRect();
  if (text && (r.top < 0 || r.bottom > window.innerHeight || line.offsetParent === null)) toast(text, isError);
}

/**
 * Sign-in, sign-out and refresh of the staff pages. `key` remembers the sign-in for the tab
 * (the session itself is the HttpOnly cookie); `panel` is the id of the signed-in view.
 */
export function setupStaffSession(key, panel, load) {
  document.getElementById('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    try {
      const email = document.getElementById('login-email').value;
      const password = document.getElementById('login-password').value;
      await api('/api/auth/login', 'POST', { email, password });
      notify('');
      sessionStorage.setItem(key, '1');
      await load();
    } catch (err) {
      notify(err.message, true);
    }
  });
  document.getElementById('logout').addEventListener('click', async () => {
    await api('/api/auth/logout', 'POST', {});
    sessionStorage.removeItem(key);
    document.getElementById('login-box').hidden = false;
    document.getElementById(panel).hidden = true;
  });
  document.getElementById('refresh').addEventListener('click', load);
  // The language chosen here is the one the server writes this person's mail in.
  document.getElementById('lang').addEventListener('change', (e) => {
    if (sessionStorage.getItem(key)) api('/api/auth/me', 'PATCH', { language: e.target.value }).catch(() => {});
  });
  if (sessionStorage.getItem(key)) load();
}

// /me: a customer's account, opened by a one-time link from a mail, a code by text message
// or a password:
// their products with the repairs of each, every request, and "book again".
import { BOOK_AGAIN, api, el, loadSkills, money, notify, setupLanguage, skillName, statusName, t, when } from './common.js';

const $ = (id) => document.getElementById(id);
/** Set while this browser holds a customer session (the session itself is the HttpOnly cookie), so a signed-out visit asks nothing. */
const SIGNED_IN = 'fieldfix.customer';
let products = [];
let requests = [];

const category = (c) => (t(`cat_${c}`) === `cat_${c}` ? c : t(`cat_${c}`));
const productName = (p) => [category(p.category), p.brand, p.model].filter(Boolean).join(' ');
const day = (iso) => when(iso).split(',')[0];

function repairLine(r) {
  const last = r.visits[r.visits.length - 1];
  const facts = [day(r.created_at), r.reference, statusName(r.status)];
  if (last && last.resolution) facts.push(t(last.resolution));
  if (last && last.total && last.total.amount_minor) facts.push(money(last.total));
  if (r.rating) facts.push(`${r.rating}★`);
  return el('li', { class: 'repair' }, el('div', {}, facts.join(' · ')),
    el('div', { class: 'muted' }, r.problem),
    last && last.diagnosis ? el('div', { class: 'muted' }, `${t('found')}: ${last.diagnosis}`) : null);
}

function bookAgain(p) {
  sessionStorage.setItem(BOOK_AGAIN, JSON.stringify({ ...p.product, skill: p.skill, address: p.address, location: p.location }));
  location.href = '/book';
}

function renderProducts() {
  $('products').replaceChildren(...(products.length ? products.map((p, i) => el('div', { class: 'card product', id: `product-${i}` },
    el('h3', {}, productName(p.product)),
    el('p', { class: 'muted' }, [
      p.product.serial ? `${t('serial')}: ${p.product.serial}` : null,
      p.product.order_ref ? `${t('order_ref')}: ${p.product.order_ref}` : null,
      p.product.purchased_on ? `${t('purchased_on')}: ${p.product.purchased_on}` : null,
      `${skillName(p.skill)}`,
    ].filter(Boolean).join(' · ')),
    el('p', { class: 'warranty-left' }, p.warranty_days_left === null ? t('not_covered')
      : p.warranty_days_left > 0 ? `${t('warranty')}: ${p.warranty_days_left} ${t('days_left')}` : `${t('warranty_ended')} ${p.warranty_until}`),
    el('ol', { class: 'repairs' }, p.repairs.map(repairLine)),
    el('button', { type: 'button', class: 'book-again', onclick: () => bookAgain(p) }, t('book_again'))))
    : [el('p', { class: 'muted' }, t('none'))]));
}

/** Opens a repair's tracking page with a fresh link (only hashes of links are kept). */
async function openRepair(id) {
  try {
    const link = await api(`/api/me/requests/${id}/tracking-link`, 'POST', {});
    location.href = new URL(link.tracking_url).pathname;
  } catch (e) {
    notify(e.message, true);
  }
}

function renderRequests() {
  $('requests').replaceChildren(...requests.map((r) => el('li', { id: `request-${r.id}` },
    el('div', {}, el('strong', {}, r.reference), ` · ${statusName(r.status)} `,
      el('button', { type: 'button', class: 'link', id: `open-${r.id}`, onclick: () => openRepair(r.id) }, t('open_repair'))),
    el('div', { class: 'muted' }, `${day(r.created_at)} · ${productName(r.product)}`),
    r.visits.filter((v) => v.technician_first_name).map((v) => el('div', { class: 'muted' },
      `${t('technician')}: ${v.technician_first_name}${v.resolution ? ` · ${t(v.resolution)}` : ''}${v.stars ? ` · ${v.stars}★` : ''}`)))));
}

function render() {
  renderProducts();
  renderRequests();
}

function signedOut() {
  localStorage.removeItem(SIGNED_IN);
  $('signin-box').hidden = false;
  $('account').hidden = true;
}

async function load() {
  if (!localStorage.getItem(SIGNED_IN)) return signedOut();
  let me;
  try {
    me = await api('/api/auth/me');
  } catch (e) {
    return signedOut();
  }
  if (me.role !== 'customer') {
    notify(t('customers_only'), true);
    return;
  }
  try {
    [products, requests] = await Promise.all([api('/api/me/products'), api('/api/me/requests')]);
    $('who').textContent = me.name;
    $('signin-box').hidden = true;
    $('account').hidden = false;
    render();
  } catch (e) {
    notify(e.message, true);
  }
}

/** A link from the mail carries its one-time token after `#link=`: used once, then dropped from the address. */
async function followLink() {
  const match = location.hash.match(/^#link=([A-Za-z0-9_-]{1,128})$/);
  if (!match) return;
  history.replaceState(null, '', location.pathname);
  try {
    await api('/api/auth/link/redeem', 'POST', { token: match[1] });
    localStorage.setItem(SIGNED_IN, '1');
    notify(t('signed_in'));
  } catch (e) {
    notify(e.message, true);
  }
}

$('link-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await api('/api/auth/link', 'POST', { email: $('link-email').value, language: document.documentElement.lang });
    notify(t('link_sent'));
  } catch (err) {
    notify(err.message, true);
  }
});
$('code-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    const sent = await api('/api/auth/sms-code', 'POST', { phone: $('code-phone').value });
    $('code-entry').hidden = false;
    $('code-digits').focus();
    notify(t('code_sent').replace('{minutes}', sent.valid_minutes));
  } catch (err) {
    notify(err.message, true);
  }
});
$('redeem-code').addEventListener('click', async () => {
  try {
    await api('/api/auth/sms-code/redeem', 'POST', { phone: $('code-phone').value, code: $('code-digits').value.trim() });
    localStorage.setItem(SIGNED_IN, '1');
    $('code-digits').value = '';
    $('code-entry').hidden = true;
    notify(t('signed_in'));
    await load();
  } catch (err) {
    notify(err.message, true);
  }
});
$('login-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await api('/api/auth/login', 'POST', { email: $('login-email').value, password: $('login-password').value });
    localStorage.setItem(SIGNED_IN, '1');
    notify('');
    await load();
  } catch (err) {
    notify(err.message, true);
  }
});
$('password-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  try {
    await api('/api/auth/password', 'POST', { password: $('new-password').value });
    $('new-password').value = '';
    notify(t('password_saved'));
  } catch (err) {
    notify(err.message, true);
  }
});
$('logout').addEventListener('click', async () => {
  await api('/api/auth/logout', 'POST', {});
  signedOut();
});
setupLanguage(render);
loadSkills().then(followLink).then(load);
// A link opened in a tab that already shows /me changes only the fragment.
window.addEventListener('hashchange', () => followLink().then(load));

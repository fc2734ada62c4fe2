// /tech on site: the customer signs the quote with a finger on the technician's phone (or
// scans her tracking page's QR code to approve on her own), and the payment is recorded.
import { api, el, money, notify, t } from './common.js';

/** The signing boxes of visits with a quote waiting, by visit id: a drawing survives the day being drawn again. */
const pads = new Map();

/** A canvas to sign on with a finger (pointer events: touch, pen or mouse). */
function signaturePad(id) {
  const canvas = el('canvas', { id, class: 'signature-pad', role: 'img', 'aria-label': t('sign_here') });
  let strokes = 0;
  let last = null;
  const pen = () => {
    const box = canvas.getBoundingClientRect();
    // Two device pixels a CSS pixel at most: sharp enough, and the PNG stays small.
    const ratio = Math.min(window.devicePixelRatio || 1, 2);
    const width = Math.round(box.width * ratio);
    if (canvas.width !== width) {
      canvas.width = width;
      canvas.height = Math.round(box.height * ratio);
      strokes = 0;
    }
    const ctx = canvas.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    Object.assign(ctx, { lineWidth: 2.5, lineCap: 'round', lineJoin: 'round', strokeStyle: '#111' });
    return ctx;
  };
  const at = (e) => {
    const box = canvas.getBoundingClientRect();
    return { x: e.clientX - box.left, y: e.clientY - box.top };
  };
  const line = (from, to) => {
    const ctx = pen();
    ctx.beginPath();
    ctx.moveTo(from.x, from.y);
    ctx.lineTo(to.x, to.y);
    ctx.stroke();
    strokes += 1;
  };
  canvas.addEventListener('pointerdown', (e) => {
    e.preventDefault();
    canvas.setPointerCapture(e.pointerId);
    last = at(e);
    line(last, { x: last.x + 0.1, y: last.y + 0.1 });
  });
  canvas.addEventListener('pointermove', (e) => {
    if (!last) return;
    e.preventDefault();
    const next = at(e);
    line(last, next);
    last = next;
  });
  for (const end of ['pointerup', 'pointercancel']) canvas.addEventListener(end, () => { last = null; });
  return {
    canvas,
    clear() {
      canvas.getContext('2d').clearRect(0, 0, canvas.width, canvas.height);
      strokes = 0;
    },
    signed: () => strokes > 2,
    png: () => canvas.toDataURL('image/png'),
  };
}

/** Shows the tracking page's QR code (made by the server as SVG) under the button. */
async function showQr(v, box) {
  try {
    const link = await api(`/api/visits/${v.id}/tracking-qr`, 'POST', {});
    const image = URL.createObjectURL(new Blob([link.qr_svg], { type: 'image/svg+xml' }));
    box.replaceChildren(el('img', { src: image, alt: t('qr_alt'), id: `qr-${v.id}`, class: 'qr', width: '220', height: '220' }),
      el('p', { class: 'muted' }, t('qr_hint')), el('p', { class: 'muted qr-link' }, link.tracking_url));
  } catch (e) {
    notify(e.message, true);
  }
}

/** The pending quote's step: the customer signs here with her name, or scans the QR code.
 * `done` reloads the day once the quote is approved. */
export function signatureStep(v, done) {
  const kept = pads.get(v.id);
  if (kept) return kept.box;
  const pad = signaturePad(`signature-${v.id}`);
  const name = el('input', { id: `signer-${v.id}`, maxlength: '100', autocomplete: 'off', value: v.customer ? v.customer.name : '' });
  const qr = el('div', { id: `qr-box-${v.id}`, class: 'qr-box' });
  const approve = el('button', { type: 'button', id: `approve-signed-${v.id}`, onclick: async () => {
    if (!pad.signed()) {
      notify(t('signature_missing'), true);
      return;
    }
    approve.disabled = true;
    try {
      await api(`/api/visits/${v.id}/quote/approve-on-site`, 'POST', { signature_png: pad.png(), name: name.value.trim() });
      pads.delete(v.id);
      notify(t('approved'));
      await done();
    } catch (e) {
      notify(e.message, true);
    } finally {
      approve.disabled = false;
    }
  } }, t('approve_signed'));
  const box = el('section', { class: 'sign-box', id: `sign-box-${v.id}` },
    el('h3', {}, t('sign_here')), pad.canvas,
    el('button', { type: 'button', class: 'secondary', id: `clear-signature-${v.id}`, onclick: () => pad.clear() }, t('clear_signature')),
    el('label', { for: `signer-${v.id}` }, t('signer_name')), name, approve,
    el('button', { type: 'button', class: 'secondary', id: `show-qr-${v.id}`, onclick: () => showQr(v, qr) }, t('show_qr')), qr);
  pads.set(v.id, { box });
  return box;
}

/** Forgets the signing boxes of visits whose quote no longer waits. */
export function forgetPads(waiting) {
  for (const id of [...pads.keys()]) if (!waiting.has(id)) pads.delete(id);
}

const METHODS = ['cash', 'wechat', 'alipay', 'card', 'transfer'];

/** The payment once recorded, or the form to record it: the amount due prefilled, one button per method.
 * `send(body, fields)` sends it like a visit step. */
export function paymentBlock(v, send) {
  const paid = v.payment;
  if (paid) {
    const amount = money({ amount_minor: paid.amount_minor, currency: paid.currency });
    return el('p', { class: 'badge', id: `paid-${v.id}` },
      t('paid_by').replace('{amount}', amount).replace('{method}', t(`pay_${paid.method}`)));
  }
  const due = v.payment_due;
  if (!due) return null;
  const id = (name) => `${name}-${v.id}`;
  const amount = el('input', { id: id('pay-amount'), type: 'number', min: '0', step: '0.01', inputmode: 'decimal',
    value: (due.amount_minor / 100).toFixed(2) });
  const reference = el('input', { id: id('pay-reference'), maxlength: '100', autocomplete: 'off' });
  const methods = METHODS.map((m) => el('button', { type: 'button', class: m === 'cash' ? '' : 'secondary', id: `pay-${m}-${v.id}`,
    onclick: () => send({ method: m, amount_minor: Math.round(Number(amount.value || 0) * 100),
      ...(reference.value.trim() ? { reference: reference.value.trim() } : {}) },
    { amount_minor: id('pay-amount'), reference: id('pay-reference'), method: id('pay-methods') }) }, t(`pay_${m}`)));
  return el('section', { class: 'payment', id: id('payment') },
    el('h3', {}, t('record_payment')),
    el('p', {}, `${t('amount_due')}: `, el('strong', { id: id('amount-due') }, money(due))),
    el('label', { for: id('pay-amount') }, t('amount_due')), amount,
    el('label', { for: id('pay-reference') }, t('payment_reference')), reference,
    el('p', { class: 'muted' }, t('payment_method')), el('div', { class: 'methods', id: id('pay-methods') }, methods));
}

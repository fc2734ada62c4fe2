// /track: what the customer keeps of her repair: the quote she signed on site, how she paid,
// the receipt (PDF or printable), and her fapiao request.
import { api, clearFieldErrors, el, lang, money, notify, showFieldErrors, t, when } from './common.js';

const METHOD = (m) => t(`pay_${m}`);

/** The fapiao form: made once, so what she types survives the page being drawn again. */
let invoiceForm = null;

function makeInvoiceForm(token, reload) {
  const field = (id, label, attrs = {}) => [el('label', { for: id }, t(label)), el('input', { id, ...attrs })];
  const form = el('form', { id: 'invoice-form' },
    el('p', { class: 'muted' }, t('invoice_intro')),
    ...field('invoice-title', 'invoice_title_label', { required: true, maxlength: '100', autocomplete: 'organization' }),
    ...field('invoice-tax-id', 'invoice_tax_id', { maxlength: '18', autocapitalize: 'characters', autocomplete: 'off' }),
    ...field('invoice-email', 'invoice_email', { type: 'email', maxlength: '254', autocomplete: 'email' }),
    el('button', { type: 'submit', class: 'secondary', id: 'ask-invoice' }, t('invoice_send')));
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const value = (id) => document.getElementById(id).value.trim();
    const body = { title: value('invoice-title') };
    if (value('invoice-tax-id')) body.tax_id = value('invoice-tax-id');
    if (value('invoice-email')) body.email = value('invoice-email');
    clearFieldErrors();
    try {
      await api(`/api/track/${token}/invoice`, 'POST', body);
      await reload();
    } catch (err) {
      const unplaced = showFieldErrors(err.fields, { title: 'invoice-title', tax_id: 'invoice-tax-id', email: 'invoice-email' });
      notify([err.message, ...unplaced].join(' · '), true);
    }
  });
  return form;
}

/** Drops the form (the language changed: it is made again in the new one). */
export function forgetInvoiceForm() {
  invoiceForm = null;
}

/** The fapiao requests and what became of them, and the form while none is open and something was paid. */
function invoiceBlock(view, token, reload) {
  const line = (i) => el('p', { class: 'badge', id: `invoice-${i.id}` },
    t(i.state === 'issued' ? 'invoice_issued' : 'invoice_asked').replace('{title}', i.title));
  const said = (view.invoices || []).map(line);
  if ((view.invoices || []).some((i) => i.state === 'open') || !view.payment) return said;
  invoiceForm = invoiceForm || makeInvoiceForm(token, reload);
  return [...said, invoiceForm];
}

/** The section of what she keeps; hidden until something is signed, paid or completed. */
export function renderEvidence(box, view, token, reload) {
  const signed = view.visits.filter((v) => v.signature).map((v) => el('figure', { class: 'signed', id: `signed-${v.id}` },
    el('img', { src: v.signature.url, alt: t('signed_on_site').replace('{name}', v.signature.name), class: 'signature-image' }),
    el('figcaption', { class: 'muted' }, `${t('signed_on_site').replace('{name}', v.signature.name)} · ${when(v.signature.signed_at)}`)));
  const paid = view.payment;
  const rows = [el('h2', {}, t('evidence_title')), ...signed];
  if (paid) {
    const amount = money({ amount_minor: paid.amount_minor, currency: paid.currency });
    rows.push(el('p', { class: 'big', id: 'paid' }, t('paid_by').replace('{amount}', amount).replace('{method}', METHOD(paid.method))),
      el('p', { class: 'muted' }, when(paid.at)));
  }
  if (view.receipt_url) {
    const query = `lang=${encodeURIComponent(lang)}`;
    rows.push(el('p', {},
      el('a', { class: 'button', id: 'receipt-pdf', href: `${view.receipt_url}?${query}`, download: `receipt-${view.reference}.pdf` }, t('download_receipt')),
      ' ', el('a', { class: 'button secondary', id: 'receipt-html', href: `${view.receipt_url}?format=html&${query}`, target: '_blank', rel: 'noopener' },
        t('print_receipt'))));
    rows.push(el('h3', {}, t('invoice_title')), ...invoiceBlock(view, token, reload));
  }
  box.replaceChildren(...rows);
  box.hidden = rows.length === 1;
}

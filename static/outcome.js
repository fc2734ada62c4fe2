// The outcome form of /tech: what was found and done, the fee lines, how it ended.
import { clearFieldErrors, el, lang, money, t } from './common.js';

const $ = (id) => document.getElementById(id);

/** The price of one unit of a line from the fee schedule, or null when the technician enters it. */
function scheduled(fees, kind, partCode, serviceCode) {
  if (!fees) return null;
  const f = fees.schedule;
  if (kind === 'call_out') return f.call_out_minor;
  if (kind === 'labour') return f.labour_half_hour_minor;
  if (kind === 'service') {
    const service = (f.services || []).find((s) => s.code === serviceCode);
    return service ? service.price_minor : null;
  }
  const part = f.parts.find((p) => p.code === partCode);
  return part ? part.price_minor : null;
}

/** A fixed-price service's name in the page's language. */
const serviceName = (s) => (lang === 'zh-CN' && s.name_zh ? s.name_zh : s.name);

const cash = (fees, minor) => money({ amount_minor: minor, currency: fees ? fees.currency : 'CNY' });

/** A part's name in the page's language. */
const partName = (p) => (lang === 'zh-CN' && p.description_zh ? p.description_zh : p.description);

/** One fee line: call-out, labour in half hours, or a part from the schedule (or an unlisted one with its price). */
let linesMade = 0;

function lineRow(fees, onChange, start = null) {
  linesMade += 1;
  const n = linesMade;
  const id = (name) => `line-${n}-${name}`;
  const kind = el('select', { class: 'line-kind', id: id('kind') },
    ['call_out', 'labour', 'part', 'service'].map((k) => el('option', { value: k }, t(k))));
  const services = fees ? (fees.schedule.services || []) : [];
  const service = el('select', { class: 'line-service', id: id('service') },
    ...services.map((s) => el('option', { value: s.code }, `${serviceName(s)} · ${cash(fees, s.price_minor)}`)));
  const serviceBox = el('div', {}, el('label', { for: id('service') }, t('service')), service);
  const parts = fees ? fees.schedule.parts : [];
  const part = el('select', { class: 'line-part', id: id('part') },
    ...parts.map((p) => el('option', { value: p.code }, `${partName(p)} · ${cash(fees, p.price_minor)}`)),
    el('option', { value: '' }, t('other_part')));
  const price = el('input', { class: 'line-price', id: id('price'), type: 'number', min: '0', step: '0.01', inputmode: 'decimal' });
  const description = el('input', { class: 'line-description', id: id('description'), required: true, maxlength: '200' });
  const quantity = el('input', { class: 'line-quantity', id: id('quantity'), type: 'number', min: '1', max: '100', value: '1' });
  const partBox = el('div', {}, el('label', { for: id('part') }, t('part')), part);
  const priceBox = el('div', {}, el('label', { for: id('price') }, t('unit_price')), price);
  const quantityLabel = el('label', { for: id('quantity') }, t('quantity'));
  const shown = el('p', { class: 'line-total muted', 'aria-live': 'polite' });
  let auto = '';
  const update = () => {
    partBox.hidden = kind.value !== 'part';
    serviceBox.hidden = kind.value !== 'service';
    const unit = scheduled(fees, kind.value, part.value, service.value);
    priceBox.hidden = !(kind.value === 'part' && unit === null);
    quantityLabel.textContent = kind.value === 'labour' ? t('half_hours') : t('quantity');
    const chosen = parts.find((p) => p.code === part.value);
    const chosenService = services.find((x) => x.code === service.value);
    const name = kind.value === 'part' ? (chosen ? partName(chosen) : '')
      : kind.value === 'service' ? (chosenService ? serviceName(chosenService) : '') : t(kind.value);
    if (!description.value || description.value === auto) description.value = name;
    auto = name;
    const each = unit ?? Math.round(Number(price.value || 0) * 100);
    shown.textContent = `${cash(fees, each)} × ${quantity.value || 0} = ${cash(fees, each * Number(quantity.value || 0))}`;
    onChange();
  };
  for (const input of [kind, part, service, price, quantity]) input.addEventListener('change', update);
  quantity.addEventListener('input', update);
  price.addEventListener('input', update);
  const row = el('fieldset', { class: 'line', 'data-line': String(n) }, el('legend', {}, t('fee_line')),
    el('label', { for: id('kind') }, t('kind')), kind, partBox, serviceBox, priceBox,
    el('label', { for: id('description') }, t('description')), description, quantityLabel, quantity, shown,
    el('button', { type: 'button', class: 'secondary', onclick: () => { row.remove(); onChange(); } }, t('remove')));
  row.lineValue = () => {
    const line = { kind: kind.value, description: description.value, quantity: Number(quantity.value) };
    if (kind.value === 'part' && part.value) line.part_code = part.value;
    if (kind.value === 'service') line.service_code = service.value;
    if (kind.value === 'part' && !part.value) {
      line.unit_price = { amount_minor: Math.round(Number(price.value || 0) * 100), currency: fees ? fees.currency : 'CNY' };
    }
    return line;
  };
  row.lineTotal = () => {
    const unit = scheduled(fees, kind.value, part.value, service.value) ?? Math.round(Number(price.value || 0) * 100);
    return unit * Number(quantity.value || 0);
  };
  if (start) {
    kind.value = start.kind;
    if (start.kind === 'service' && start.code) service.value = start.code;
    if (start.kind === 'part') part.value = start.code || '';
    if (start.quantity) quantity.value = String(start.quantity);
    if (start.description) { description.value = start.description; auto = ''; }
    if (start.kind === 'part' && !start.code && start.unit_price) price.value = String(start.unit_price.amount_minor / 100);
  }
  setTimeout(update);
  return row;
}

/**
 * The outcome form of a visit: diagnosis, cause, work, fee lines priced from the schedule
 * (`fees` of GET /api/tech/fees), resolution. `send(body, fields)` sends it; `fields` maps
 * the API's field paths to the inputs, down to each line's.
 */
export function outcomeForm(visit, fees, send) {
  const id = (name) => `${name}-${visit.id}`;
  const field = (name, tag = 'input') => [el('label', { for: id(name) }, t(name)), el(tag, { id: id(name), required: name === 'diagnosis' })];
  const lines = el('div', { id: id('lines') });
  const total = el('p', { class: 'line-total', id: id('lines-total') });
  const sum = () => {
    const minor = [...lines.querySelectorAll('fieldset.line')].reduce((acc, f) => acc + f.lineTotal(), 0);
    total.textContent = `${t('total_before_warranty')}: ${cash(fees, minor)}`;
  };
  // The form keeps what was saved (after a declined quote, what may still be charged: the
  // call-out); a new quote starts from the fixed-price services chosen at booking.
  const saved = visit.outcome;
  if (saved) {
    const kept = visit.quote_status === 'declined' ? saved.lines.filter((l) => l.kind === 'call_out') : saved.lines;
    for (const l of kept) lines.append(lineRow(fees, sum, { ...l, code: l.item_code }));
  } else {
    for (const s of visit.booked_services || []) lines.append(lineRow(fees, sum, { kind: 'service', code: s.code }));
  }
  const partBox = el('div', { hidden: true }, el('label', { for: id('part_expected_on') }, t('part_expected_on')),
    el('input', { id: id('part_expected_on'), type: 'date' }));
  const form = el('form', { class: 'outcome', id: id('outcome') },
    el('h3', {}, t('outcome')), ...field('diagnosis'), ...field('root_cause'), ...field('work_done', 'textarea'),
    lines, el('button', { type: 'button', class: 'secondary', id: id('add-line'), onclick: () => lines.append(lineRow(fees, sum)) }, t('add_line')), total,
    el('label', { for: id('resolution') }, t('resolution')),
    el('select', { id: id('resolution') }, (visit.quote_status === 'declined' ? ['declined', 'resolved'] : ['resolved', 'needs_part', 'second_visit', 'not_resolved'])
      .map((r) => el('option', { value: r }, t(r)))),
    partBox, el('button', { type: 'submit', id: id('save-outcome') }, t('save_outcome')));
  const resolution = form.querySelector(`#${id('resolution')}`);
  const showPart = () => { partBox.hidden = resolution.value !== 'needs_part'; };
  resolution.addEventListener('change', showPart);
  if (saved) {
    for (const name of ['diagnosis', 'root_cause', 'work_done']) form.querySelector(`#${id(name)}`).value = saved[name] || '';
    if ([...resolution.options].some((o) => o.value === saved.resolution)) resolution.value = saved.resolution;
  }
  showPart();
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const body = {
      diagnosis: $(id('diagnosis')).value, root_cause: $(id('root_cause')).value, work_done: $(id('work_done')).value,
      resolution: $(id('resolution')).value,
      part_expected_on: $(id('resolution')).value === 'needs_part' ? ($(id('part_expected_on')).value || null) : null,
      lines: [...lines.querySelectorAll('fieldset.line')].map((f) => f.lineValue()),
    };
    // Where each field the server may refuse was typed, down to each line's inputs.
    const fields = { diagnosis: id('diagnosis'), root_cause: id('root_cause'), work_done: id('work_done'),
      resolution: id('resolution'), lines: id('add-line'), part_expected_on: id('part_expected_on') };
    [...lines.querySelectorAll('fieldset.line')].forEach((f, i) => {
      const at = (name) => `line-${f.dataset.line}-${name}`;
      Object.assign(fields, { [`lines[${i}]`]: at('kind'), [`lines[${i}].quantity`]: at('quantity'),
        [`lines[${i}].unit_price`]: at('price'), [`lines[${i}].part_code`]: at('part'),
        [`lines[${i}].description`]: at('description'), [`lines[${i}].service_code`]: at('service') });
    });
    clearFieldErrors();
    send(body, fields);
  });
  return form;
}

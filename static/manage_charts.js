// /manage: the weekly charts of the board, drawn as SVG at the size they are shown.
import { dayDigits, el, t } from './common.js';

const SVG = 'http://www.w3.org/2000/svg';

/** A bar chart over weeks with an optional reference line; `values` may hold nulls. */
function barChart(id, title, values, max, ref, format, legend) {
  // Drawn at the size it is shown, so its labels keep the page's text size on a phone too.
  const box = document.getElementById('charts');
  const columns = window.matchMedia('(min-width: 64rem)').matches ? 3 : 1;
  const W = Math.round(Math.max(280, Math.min(720, ((box ? box.clientWidth : 560) - (columns - 1) * 16) / columns)));
  const H = 220;
  const pad = { l: 40, r: 16, t: 16, b: 30 };
  const inner = { w: W - pad.l - pad.r, h: H - pad.t - pad.b };
  const y = (v) => pad.t + inner.h - (Math.min(v, max) / max) * inner.h;
  const svg = document.createElementNS(SVG, 'svg');
  const add = (tag, attrs, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.append(node);
    return node;
  };
  svg.setAttribute('viewBox', `0 0 ${W} ${H}`);
  svg.setAttribute('role', 'img');
  svg.setAttribute('id', id);
  const summary = values.map((v) => `${v.label}: ${v.value === null ? t('no_data') : format(v.value)}`).join('; ');
  svg.setAttribute('aria-label', `${title}. ${summary}`);
  for (const f of [0, 0.5, 1]) {
    add('line', { x1: pad.l, x2: W - pad.r, y1: y(max * f), y2: y(max * f), class: 'grid-line' });
    add('text', { x: pad.l - 4, y: y(max * f) + 4, class: 'axis', 'text-anchor': 'end' }, format(max * f));
  }
  const slot = inner.w / Math.max(1, values.length);
  values.forEach((v, i) => {
    const x = pad.l + i * slot + slot * 0.15;
    const w = slot * 0.7;
    // Narrow charts label every other week (always the latest) so labels never run together.
    const every = slot < 56 ? 2 : 1;
    if ((values.length - 1 - i) % every === 0) add('text', { x: x + w / 2, y: H - 8, class: 'axis', 'text-anchor': 'middle' }, v.label);
    if (v.value === null) {
      add('text', { x: x + w / 2, y: y(0) - 4, class: 'axis', 'text-anchor': 'middle' }, '–');
      return;
    }
    add('rect', { x, y: y(v.value), width: w, height: Math.max(1, y(0) - y(v.value)), class: `bar-fill${v.bad ? ' bad' : ''}` });
    add('text', { x: x + w / 2, y: y(v.value) - 3, class: 'value', 'text-anchor': 'middle' }, format(v.value));
    if (v.high !== undefined && v.high !== null) {
      add('line', { x1: x, x2: x + w, y1: y(v.high), y2: y(v.high), class: 'high' });
    }
  });
  // The reference line is named below the chart, never over the bars and their values.
  if (ref) add('line', { x1: pad.l, x2: W - pad.r, y1: y(ref.value), y2: y(ref.value), class: 'ref' });
  return el('figure', { class: 'chart' }, el('figcaption', {}, title), svg,
    ref || legend ? el('p', { class: 'legend muted' },
      ref ? el('span', { class: 'ref-key' }, el('span', { class: 'key ref', 'aria-hidden': 'true' }), ref.label) : null,
      legend ? el('span', {}, legend) : null) : null);
}

/** The charts of the point's weeks (`GET /api/manage/kpis/weeks`) into the element `box`. */
export function renderCharts(box, weeks) {
  if (!weeks || !box) return;
  const rows = weeks.weeks;
  const label = (w) => dayDigits(w.start);
  const target = rows.length ? rows[rows.length - 1].figures.response.target_pct : null;
  const within = rows.map((w) => {
    const v = w.figures.response.within_promise_pct;
    return { label: label(w), value: v ?? null, bad: v !== null && v !== undefined && target !== null && v < target };
  });
  const minutes = rows.map((w) => ({ label: label(w), value: w.figures.response.median_minutes ?? null,
    high: w.figures.response.p90_minutes, bad: (w.figures.response.median_minutes ?? 0) > weeks.respond_minutes }));
  const highest = Math.max(weeks.respond_minutes, ...minutes.map((m) => m.high || m.value || 0));
  const ratings = rows.map((w) => ({ label: label(w), value: w.figures.mean_rating ?? null,
    bad: (w.figures.mean_rating ?? 5) < 4 }));
  const called = rows.map((w) => ({ label: label(w), value: w.figures.called_within_day_pct ?? null,
    high: w.figures.call_satisfied_pct ?? undefined }));
  const answered = rows.map((w) => {
    const v = w.figures.answered_within_target_pct;
    return { label: label(w), value: v ?? null, bad: v !== null && v !== undefined && v < weeks.answer_target_pct };
  });
  const fourFive = rows.map((w) => {
    const v = w.figures.rating_4_5_pct;
    return { label: label(w), value: v ?? null, bad: v !== null && v !== undefined && v < weeks.rating_target_pct };
  });
  box.replaceChildren(
    barChart('chart-response', t('response_chart'), within, 100,
      target !== null && target !== undefined ? { value: target, label: `${t('target')} ${target}%` } : null, (v) => `${Math.round(v)}`),
    barChart('chart-minutes', t('response_minutes'), minutes, Math.ceil(highest * 1.15 / 10) * 10 || 10,
      { value: weeks.respond_minutes, label: `${t('promise')} ${weeks.respond_minutes}` }, (v) => `${Math.round(v)}`,
      t('minutes_legend')),
    barChart('chart-rating', t('rating_chart'), ratings, 5, null, (v) => v.toFixed(1)),
    barChart('chart-rating-45', t('rating_45_chart'), fourFive, 100,
      { value: weeks.rating_target_pct, label: `${t('target')} ${weeks.rating_target_pct}%` }, (v) => `${Math.round(v)}`),
    barChart('chart-answers', t('answer_chart'), answered, 100,
      { value: weeks.answer_target_pct, label: `${t('target')} ${weeks.answer_target_pct}%` }, (v) => `${Math.round(v)}`),
    barChart('chart-calls', t('calls_chart'), called, 100, null, (v) => `${Math.round(v)}`),
    ...recoveryCharts(rows, label));
}

/** Service recovery week by week: tasks opened (line: closed), and the goodwill given. */
function recoveryCharts(rows, label) {
  const opened = rows.map((w) => ({ label: label(w), value: w.figures.tasks_opened ?? null, high: w.figures.tasks_closed }));
  const most = Math.max(4, ...opened.map((o) => Math.max(o.value || 0, o.high || 0)));
  const given = rows.map((w) => ({ label: label(w), value: w.figures.goodwill_total ? w.figures.goodwill_total.amount_minor / 100 : null }));
  const top = Math.max(100, ...given.map((g) => g.value || 0));
  return [
    barChart('chart-tasks', t('tasks_chart'), opened, Math.ceil(most * 1.2), null, (v) => `${Math.round(v)}`, t('tasks_legend')),
    barChart('chart-goodwill', t('goodwill_chart'), given, Math.ceil((top * 1.2) / 100) * 100, null, (v) => `${Math.round(v)}`),
  ];
}

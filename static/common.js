// Shared helpers of the fieldfix pages: translations, the JSON API, money and time.
const STRINGS = {
  en: {
    lang: 'Language', book_title: 'Book a repair', product: 'Product', category: 'Category',
    brand: 'Brand', model: 'Model', order_ref: 'Order number', purchased_on: 'Purchase date',
    problem: 'What is wrong?', skill: 'Skill needed', address: 'Address', lat: 'Latitude',
    lon: 'Longitude', use_location: 'Use my location', windows: 'When', asap: 'As soon as possible',
    load_windows: 'Show available windows', contact: 'Contact', name: 'Name', email: 'Email',
    phone: 'Phone', submit_booking: 'Book the repair', booked: 'Booked', reference: 'Reference',
    respond_by: 'We respond by', arrive_by: 'A technician arrives by', track_link: 'Track your repair',
    track_title: 'Your repair', status: 'Status', timeline: 'Timeline', technician: 'Technician',
    rating: 'rating', window: 'Window', eta: 'Expected arrival', warranty: 'Warranty',
    covered: 'Covered by warranty', not_covered: 'Not covered by warranty', until: 'until',
    quote: 'Fees', total: 'Total', approve: 'Approve the quote', approved: 'Approved',
    rate_title: 'Rate the visit', stars: 'Overall', punctuality: 'Punctuality',
    professionalism: 'Professionalism', resolution: 'Problem solved', comment: 'Comment',
    send_rating: 'Send rating', thanks: 'Thank you for your rating.', follow_up: 'The problem came back',
    follow_up_problem: 'What happened?', open_follow_up: 'Open a follow-up', follow_up_opened: 'Follow-up opened',
    login: 'Sign in', password: 'Password', logout: 'Sign out', offers: 'Offers', accept: 'Accept',
    decline: 'Decline', distance: 'Distance', today: "Today's visits", navigate: 'Navigate',
    en_route: 'On my way', arrive: 'Arrived', outcome: 'Outcome', diagnosis: 'Diagnosis',
    root_cause: 'Root cause', work_done: 'Work done', lines: 'Fee lines', kind: 'Kind',
    description: 'Description', quantity: 'Quantity', add_line: 'Add a line', save_outcome: 'Save outcome',
    complete: 'Done', none: 'Nothing here.', queue: 'Queue', candidates: 'Candidates', assign: 'Assign',
    loading: 'Loading…', km: 'km', min: 'min', questions: 'Questions? Call {name}:', minutes_legend: 'Bars: the median; black tick: 9 in 10 answered within it; dashed line: the promise.', answer_by: 'Answer by {time}', time_left: '{h}h {m}m left', time_overdue: '{h}h {m}m overdue', no_candidates: 'Nobody with this skill has room that day.', assigned_to: 'Assigned to {name}.',
    left: 'left', overdue: 'overdue', figures: 'Figures (last 7 days)', requests: 'Requests',
    completed: 'Completed', response: 'Response within promise', arrival: 'Arrival within promise',
    ftf: 'First-time fix', mean_rating: 'Mean rating', score: 'Score', refresh: 'Refresh',
    tech_title: 'Technician', manage_title: 'Dispatch board', saved: 'Saved', error: 'Something went wrong',
    call_out: 'Call-out', labour: 'Labour', part: 'Part', resolved: 'Resolved', needs_part: 'Needs a part',
    second_visit: 'Second visit', not_resolved: 'Not resolved', remove: 'Remove',
    map: 'Map', pin_hint: 'Drag the pin to where the technician should come.', day: 'Day',
    service_point: 'Service point', timeline_title: 'Technicians\' day', unassigned: 'Unassigned',
    off_shift: 'Not on shift that day', day_visits: 'Visits that day', trends: 'Weeks', response_chart: 'Responses within the promise (%)',
    response_minutes: 'Minutes to respond (median, p90)', promise: 'promise',
    target: 'target', rating_chart: 'Mean rating per week', week_of: 'week of', no_data: 'no data',
    pending_actions: 'Waiting for the network, kept on this phone:', offline_kept: 'No network: kept, will send when online.',
    sent_later: 'Sent the actions kept while offline.', await_approval: 'Waiting for the customer to approve the fees.',
    open_request: 'Open request', technician_at: 'Technician', now: 'now', other_part: 'Other part (enter the price)',
    fee_line: 'Fee line', unit_price: 'Price per unit', half_hours: 'Half hours', total_before_warranty: 'Total before warranty',
    decline_quote: 'No, do not do the paid work', confirm_decline: 'Decline the quote', decline_reason: 'Why not? (optional)',
    declined_quote: 'You declined the paid work', declined: 'Customer declined: call-out only',
    upcoming: 'Coming days', edit: 'Edit', saved_outcome: 'Saved outcome',
    locating: 'Finding your position…', no_position: 'No position from the phone: sent without it.',
    call_customer: 'Call the customer and record the follow-up', warranty_ended: 'the warranty ended on',
    customer: 'Customer', call: 'Call', half_hour: 'half hour', found: 'What the technician found',
    to_do: 'What will be done', approval_needed: 'Your approval is needed',
    cat_faucet: 'Faucet', cat_water_heater: 'Water heater', cat_washing_machine: 'Washing machine',
    cat_refrigerator: 'Refrigerator', cat_air_conditioner: 'Air conditioner', cat_socket: 'Socket or switch', cat_lock: 'Door lock',
    customer_declined: 'The customer declined the paid work: record the call-out only, then Done.',
    me_title: 'Your repairs', me_intro: 'See every repair you booked and book again in a tap. No account is needed to book.',
    send_link: 'Email me a sign-in link', or_password: 'Or sign in with your password', products: 'Your products',
    set_password: 'Set a password', new_password: 'New password (at least 10 characters)', save_password: 'Save the password',
    serial: 'Serial number', days_left: 'days left', book_again: 'Book again for this product',
    customers_only: 'This page is for customers; staff pages are /tech and /manage.', signed_in: 'Signed in.',
    link_sent: 'If this email booked a repair, a sign-in link is on its way (valid 30 minutes).',
    password_saved: 'Password saved.', get_account: 'Keep your repairs: email me a sign-in link',
    earlier_repairs: 'Your earlier repairs', my_account: 'Your account',
    customer_record: 'Customer record', repeat_repair: 'Repeat repair: this product was repaired within the rework period',
    product_history: 'This product before', earlier_requests: 'Earlier requests of this customer',
    first_request: 'The first request of this customer.', follow_up_note: 'Follow-up',
    change_time: 'Change time', move_visit: 'Move the visit', visit_moved: 'The visit was moved.',
    where_title: 'Where your technician is', position_at: 'Position at',
    photo: 'Photo', photos: 'Photos', add_photos: 'Photos of the problem (up to 6, optional)',
    stage_booking: 'At booking', stage_follow_up: 'Follow-up', stage_before: 'Before', stage_after: 'After',
    photo_before: 'Photo before', photo_after: 'Photo after', too_many_photos: 'At most 6 photos.',
    photos_sent: 'Photos sent.', photo_kept: 'No network: the photo is kept on this phone and sent later.',
    offline_day: 'No network: the day as last loaded.',
    calls_title: 'Next-day calls', call_notes: 'Notes of the call', attempts: 'attempt', not_rated: 'Not rated yet',
    satisfied: 'Reached: satisfied', not_satisfied: 'Reached: not satisfied (open a follow-up)', not_reached: 'Not reached',
    called_in_day: 'Called within a business day', call_satisfied: 'Satisfied on the call',
    calls_chart: 'Called within a business day (%; line: satisfied %)',
    call_problem: 'What the customer says is wrong now (for the follow-up)', no_follow_up: 'No follow-up opened',
    recorded_calls: 'Recorded just now',
    home_title: 'Repairs at your door', home_book_intro: 'Tell us what broke and where: we send the nearest technician with the right skill. No account needed.',
    find_title: 'Find my repair', find_intro: 'Enter the reference of your repair and the phone number you booked with: we send the tracking link to the contact on record.',
    find_send: 'Send me the link', find_sent: 'If the reference and the phone match a repair, its tracking link is on its way to the contact given at booking.',
    staff_title: 'Staff', not_found_title: 'Page not found',
    not_found_text: 'There is no page at this address. A tracking link from a message works only as it was sent.',
    go_home: 'Go to the start page',
    mobile: 'Mobile phone', phone_use: 'We text you the tracking link and every step; the technician calls this number.',
    email_optional: 'Email (optional)', email_use: 'Only if you also want the notices and the calendar invitation by mail.',
    link_needs_email: 'A sign-in link goes by mail: give an email above to get one.',
  },
  'zh-CN': {
    lang: '语言', book_title: '预约维修', product: '产品', category: '品类', brand: '品牌', model: '型号',
    order_ref: '订单号', purchased_on: '购买日期', problem: '出了什么问题？', skill: '所需技能', address: '地址',
    lat: '纬度', lon: '经度', use_location: '使用我的位置', windows: '上门时间', asap: '尽快',
    load_windows: '查看可预约时间', contact: '联系方式', name: '姓名', email: '电子邮箱', phone: '电话',
    submit_booking: '提交预约', booked: '预约成功', reference: '工单号', respond_by: '我们将在此时间前响应',
    arrive_by: '技师将在此时间前到达', track_link: '查看维修进度', track_title: '维修进度', status: '状态',
    timeline: '进度', technician: '技师', rating: '评分', window: '时间段', eta: '预计到达', warranty: '保修',
    covered: '在保修期内', not_covered: '不在保修期内', until: '截至', quote: '费用', total: '合计',
    approve: '同意报价', approved: '已同意', rate_title: '评价本次服务', stars: '总体评价', punctuality: '准时',
    professionalism: '专业', resolution: '问题解决', comment: '留言', send_rating: '提交评价',
    thanks: '感谢您的评价。', follow_up: '问题又出现了', follow_up_problem: '发生了什么？',
    open_follow_up: '再次报修', follow_up_opened: '已再次报修', login: '登录', password: '密码', logout: '退出',
    offers: '派单', accept: '接单', decline: '拒绝', distance: '距离', today: '今日上门', navigate: '导航',
    en_route: '出发', arrive: '已到达', outcome: '维修结果', diagnosis: '诊断', root_cause: '原因',
    work_done: '处理措施', lines: '费用明细', kind: '类型', description: '说明', quantity: '数量',
    add_line: '添加一行', save_outcome: '保存结果', complete: '完成', none: '暂无。', queue: '待派工单',
    candidates: '候选技师', assign: '派给此人', loading: '正在加载…', km: '公里', min: '分钟', questions: '有疑问请致电服务网点：', minutes_legend: '柱：中位数；黑色短线：九成在此时间内响应；虚线：承诺时限。', answer_by: '请在 {time} 前答复', time_left: '剩余 {h} 小时 {m} 分', time_overdue: '已超时 {h} 小时 {m} 分', no_candidates: '当天没有具备此技能且有空的技师。',
    assigned_to: '已派给{name}。', left: '剩余', overdue: '已超时', figures: '指标（近 7 天）',
    requests: '工单', completed: '已完成', response: '按时响应', arrival: '按时到达', ftf: '一次修复率',
    mean_rating: '平均评分', score: '得分', refresh: '刷新', tech_title: '技师', manage_title: '调度台',
    saved: '已保存', error: '出错了', call_out: '上门费', labour: '人工', part: '配件', resolved: '已解决',
    needs_part: '需要配件', second_visit: '需二次上门', not_resolved: '未解决', remove: '删除',
    map: '地图', pin_hint: '拖动图钉到技师应上门的位置。', day: '日期', service_point: '服务网点',
    timeline_title: '技师日程', unassigned: '未分配', off_shift: '当天不上班', day_visits: '当天上门', trends: '按周趋势',
    response_chart: '按时响应比例（%）', response_minutes: '响应用时（分钟，中位数与 p90）', promise: '承诺',
    target: '目标', rating_chart: '每周平均评分', week_of: '周起', no_data: '无数据',
    pending_actions: '等待网络，已保存在本机：', offline_kept: '无网络：已保存，联网后自动发送。',
    sent_later: '离线时保存的操作已发送。', await_approval: '等待客户确认费用。', open_request: '待派工单',
    technician_at: '技师', now: '现在', other_part: '其他配件（输入价格）', fee_line: '费用项', unit_price: '单价', half_hours: '半小时数',
    total_before_warranty: '保修前合计',
    decline_quote: '不用了，不做收费维修', confirm_decline: '确认拒绝报价', decline_reason: '原因（可不填）',
    declined_quote: '您已拒绝收费维修', declined: '客户已拒绝：仅收上门费',
    upcoming: '后续几天', edit: '修改', saved_outcome: '已保存的维修结果',
    locating: '正在获取位置…', no_position: '手机未提供位置：已直接提交。',
    call_customer: '请致电客户并记录回访', warranty_ended: '保修截止日期',
    customer: '客户', call: '拨打电话', half_hour: '半小时', found: '技师检查结果', to_do: '将要进行的维修',
    approval_needed: '需要您确认费用',
    cat_faucet: '水龙头', cat_water_heater: '热水器', cat_washing_machine: '洗衣机', cat_refrigerator: '冰箱',
    cat_air_conditioner: '空调', cat_socket: '插座开关', cat_lock: '门锁',
    customer_declined: '客户已拒绝收费维修：请只记录上门费，然后点完成。',
    me_title: '我的维修', me_intro: '查看您预约过的所有维修，一键再次预约。预约维修无需注册账号。',
    send_link: '发送登录链接到我的邮箱', or_password: '或使用密码登录', products: '我的产品',
    set_password: '设置密码', new_password: '新密码（至少 10 个字符）', save_password: '保存密码',
    serial: '序列号', days_left: '天', book_again: '为此产品再次预约',
    customers_only: '此页面供客户使用；员工请使用 /tech 和 /manage。', signed_in: '已登录。',
    link_sent: '如果该邮箱预约过维修，登录链接已发送（30 分钟内有效）。',
    password_saved: '密码已保存。', get_account: '保存我的维修记录：发送登录链接到我的邮箱',
    earlier_repairs: '您以前的维修', my_account: '我的账号',
    customer_record: '客户档案', repeat_repair: '返修：此产品在返修期内修过', product_history: '此产品的维修记录',
    earlier_requests: '此客户以前的工单', first_request: '此客户的第一张工单。', follow_up_note: '回访',
    change_time: '改期', move_visit: '改到此时间', visit_moved: '已改期。',
    where_title: '技师当前位置', position_at: '位置更新于',
    photo: '照片', photos: '照片', add_photos: '故障照片（最多 6 张，可不传）',
    stage_booking: '报修时', stage_follow_up: '再次报修', stage_before: '维修前', stage_after: '维修后',
    photo_before: '拍维修前照片', photo_after: '拍维修后照片', too_many_photos: '最多 6 张照片。',
    photos_sent: '照片已上传。', photo_kept: '无网络：照片已保存在本机，联网后自动上传。',
    offline_day: '无网络：显示上次加载的日程。',
    calls_title: '次日回访', call_notes: '回访记录', attempts: '尝试', not_rated: '尚未评价',
    satisfied: '已接通：满意', not_satisfied: '已接通：不满意（创建跟进）', not_reached: '未接通',
    called_in_day: '一个工作日内回访', call_satisfied: '回访满意',
    calls_chart: '一个工作日内回访比例（%；横线：满意 %）',
    call_problem: '客户说现在的问题（用于再次报修）', no_follow_up: '未再次报修',
    recorded_calls: '刚刚记录的回访',
    home_title: '上门维修', home_book_intro: '告诉我们什么坏了、在哪里：我们派最近的、有相应技能的技师上门。无需注册。',
    find_title: '查找我的维修', find_intro: '输入维修单号和预约时填写的电话号码：我们会把跟踪链接发送到预约时留下的联系方式。',
    find_send: '发送链接给我', find_sent: '如果单号和电话与某个维修单相符，跟踪链接已发送到预约时留下的联系方式。',
    staff_title: '员工入口', not_found_title: '找不到页面',
    not_found_text: '这个地址没有页面。消息中的跟踪链接需要完整打开。',
    go_home: '返回首页',
    mobile: '手机号码', phone_use: '我们会用短信发送跟踪链接和每一步进展；技师也会拨打这个号码。',
    email_optional: '电子邮箱（选填）', email_use: '如果您还想通过邮件收到通知和日历邀请，请填写。',
    link_needs_email: '登录链接通过邮件发送：请在上方填写电子邮箱。',
  },
};

const STATUS = {
  en: { submitted: 'Submitted', awaiting_technician: 'Finding a technician', scheduled: 'Scheduled',
    en_route: 'On the way', on_site: 'On site', completed: 'Completed', needs_follow_up: 'Needs a follow-up',
    closed: 'Closed', cancelled: 'Cancelled' },
  'zh-CN': { submitted: '已提交', awaiting_technician: '正在安排师傅', scheduled: '已安排上门', en_route: '师傅在路上',
    on_site: '师傅已到达', completed: '已完成', needs_follow_up: '待再次上门', closed: '已结束', cancelled: '已取消' },
};

const KINDS = {
  en: { booked: 'Booked', outcome: 'Outcome recorded', quote_approved: 'Quote approved', quote_declined: 'Quote declined', rescheduled: 'Moved by the customer', released: 'Offered again', rated: 'Rated',
    follow_up: 'Follow-up opened', follow_up_opened: 'Follow-up opened', follow_up_recorded: 'Followed up',
    replanned: 'Re-planned', escalated: 'Escalated', escalation: 'Escalated', offered: 'Offered',
    offer_expired: 'Offer expired', declined: 'Declined', assigned: 'Assigned', rating_reminder: 'Rating reminder',
    promise_at_risk: 'Promise at risk', promise_broken: 'Promise broken', next_day_call: 'Called the next day',
    photo_added: 'Photo added' },
  'zh-CN': { booked: '已预约', outcome: '已记录维修结果', quote_approved: '已同意报价', quote_declined: '已拒绝报价', rescheduled: '客户已改期', released: '重新派单', rated: '已评价',
    follow_up: '已再次报修', follow_up_opened: '已再次报修', follow_up_recorded: '已回访', replanned: '已重新排程',
    escalated: '已升级', escalation: '已升级', offered: '已派单', offer_expired: '派单已过期', declined: '已拒绝',
    assigned: '已指派', rating_reminder: '评价提醒', promise_at_risk: '承诺即将超时', promise_broken: '承诺已超时',
    next_day_call: '次日回访', photo_added: '已添加照片' },
};

/** An event kind in words. */
export const kindName = (k) => KINDS[lang][k] ?? KINDS.en[k] ?? k.replace(/_/g, ' ');

/** The chosen language: saved choice, else the browser's. */
export let lang = localStorage.getItem('fieldfix.lang')
  || ((navigator.language || 'en').toLowerCase().startsWith('zh') ? 'zh-CN' : 'en');

/** Translates a key. */
export const t = (key) => STRINGS[lang][key] ?? STRINGS.en[key] ?? key;

/** Translates a status name. */
export const statusName = (s) => STATUS[lang][s] ?? s;

/** Fills every [data-i18n] element and wires the language switch; `rerender` runs on change. */
export function setupLanguage(rerender) {
  const apply = () => {
    document.documentElement.lang = lang;
    document.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  };
  const select = document.getElementById('lang');
  select.value = lang;
  select.addEventListener('change', () => {
    lang = select.value;
    localStorage.setItem('fieldfix.lang', lang);
    // A message written in the other language would stay behind: clear it.
    const toastBox = document.getElementById('toast');
    if (toastBox) toastBox.textContent = '';
    notify('');
    apply();
    rerender();
  });
  apply();
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

/** Hours and minutes since local midnight of `iso` in the service point's zone, as fractional hours. */
export function localHours(iso) {
  const parts = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: zone })
    .formatToParts(new Date(iso));
  const get = (type) => Number(parts.find((p) => p.type === type)?.value || 0);
  return get('hour') + get('minute') / 60;
}

/** Calls the JSON API; throws an Error with the problem's detail on a non-2xx answer. */
export async function api(path, method = 'GET', body) {
  // The server writes its messages (errors, reasons, timeline) in the page's language.
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json', 'Accept-Language': lang } };
  // The server refuses a cookie-signed change that is not JSON (a guard against forged
  // cross-site forms), so every change is sent as JSON, an empty object when it has no body.
  if (body !== undefined || method !== 'GET') {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body === undefined ? {} : body);
  }
  let res;
  try {
    res = await fetch(path, init);
  } catch (e) {
    const offline = new Error(t('offline_kept'));
    offline.offline = true;
    throw offline;
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
  if (sessionStorage.getItem(key)) load();
}

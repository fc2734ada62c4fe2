## The problem's summary and the general answers.
request-has-invalid-fields = 有些内容需要修改
sign-in-first = 请先登录
wrong-email-password = 邮箱或密码不正确
request-body-too-large = 提交的内容太大
too-many-attempts-try-again-in = 尝试次数太多，请 { $seconds } 秒后再试
something-went-wrong-our-side-has = 系统出了点问题，我们已记录，请稍后再试
conflicts-something-that-already-exists = 与已有的记录冲突
not-found = 找不到该{ $thing }
address-does-not-take-method-takes = 此地址不接受这种请求方法，只接受 { $methods }

## Reading the request.
idempotency-key-must-1-200-characters = Idempotency-Key 须为 1 到 200 个字符
idempotency-key-must-ascii = Idempotency-Key 只能包含 ASCII 字符
json-body-required = 需要提交 JSON 内容
reading-body = 读取提交内容时出错：{ $cause }
address-contains-control-character = 地址中含有控制字符
body-contains-nul-character-u0000-which = 提交内容含有 NUL 字符（\u0000），任何字段都不接受
body-not-valid-json = 提交内容不是有效的 JSON：{ $cause }
change-made-session-cookie-must-come = 使用登录 Cookie 的修改必须来自本站
change-made-session-cookie-must-sent = 使用登录 Cookie 的修改必须以 application/json 提交
metrics-are-served-fieldfix-metrics-bind = 监控指标在 FIELDFIX_METRICS_BIND 上提供，或在此处凭 FIELDFIX_METRICS_TOKEN 访问

## Who may do what.
may-not-do = { $role }无权进行此操作
belongs-another-service-point = 这属于另一个服务网点
only-technicians-may-do = 只有技师可以进行此操作

## States.
concurrent-booking-used-key = 另一个同时进行的预约使用了这个 Idempotency-Key
follow-up-can-opened-once-repair = 维修完成后才能申请回访
service-point-name-exists = 已有同名的服务网点
user-email-exists = 该邮箱已有用户
repair-can-no-longer-cancelled = 这次维修已无法取消：{ $state }
request-cannot-assigned = 该工单无法派给技师：{ $state }
request-cannot-become-now = 该工单现在不能变为“{ $wanted }”：当前{ $state }
another-technician-accepted-first = 另一位技师已先接单
cannot-visit-now = 现在无法{ $action }：这次上门{ $state }
follow-up-repair-still-open-tracked = 这次维修的回访 { $reference } 尚未结束，请通过它自己的链接查看
record-outcome-before-completing = 请先填写维修结果再完成
customer-declined-paid-work-record-outcome = 客户已拒绝付费维修：请重新填写结果，只收上门费
customer-must-approve-quote-before-visit = 客户确认报价后才能完成上门
day-changed-while-was-being-re = 重新排班期间当天计划有变，未作任何修改，请重试
request-changed-meanwhile = 工单刚刚有了变化，请刷新后再试
rework-period-repair-ended-please-book = 这次维修的返修期已于 { $date } 结束，请重新预约维修
there-no-quote-waiting-answer = 没有等待答复的报价
there-no-quote-waiting-approval = 没有等待确认的报价
offer-has-expired = 这个派单已过期
offer-is-state = 这个派单{ $state }
request-has-no-visit-waiting-technician = 该工单没有等待派给技师的上门
skill-exists = 该技能已存在
technician-not-qualified-has-no-room = 这位技师不具备所需技能，或当天已排不下这次上门
visit-had-no-technician = 这次上门没有技师
visit-already-rated = 这次上门已经评价过了
window-no-longer-available-choose-another = 这个时间段已约满，请另选一个
repair-can-no-longer-moved = 这次维修已无法改期：{ $state }
request-has-no-visit-move = 该工单没有可以改期的上门
visit-cannot-moved-again-most-moves = 这次上门不能再改期（最多改期 { $moves } 次），请致电服务网点或取消预约
visit-starts-in-less-than-minutes = 距上门不到 { $minutes } 分钟，无法在此改期
call-already-state = 这次回访{ $state }
call-was-recorded-meanwhile = 这次回访刚刚被记录了
at-most-photos-per = 每{ $per }最多 { $max } 张照片
photos-cannot-added-request-now = 现在不能给这个工单添加照片：{ $state }
photos-cannot-added-visit-now = 现在不能给这次上门添加照片：{ $state }
file-not-jpeg-png-webp-image = 这个文件不是 JPEG、PNG 或 WebP 图片（按内容判断，而非文件名）
heic-heif-images-are-not-taken = 不接收 HEIC/HEIF 图片：请以 JPEG 格式发送（手机浏览器会在网页要求时自动转换）
image-could-not-read = 无法读取这张图片：{ $cause }
send-photo-as-request-body-image = 请把照片作为请求内容发送，并带上图片的 Content-Type（image/jpeg、image/png、image/webp）
change-made-session-cookie-must-sent-or-photo = 使用登录 Cookie 的修改必须以 application/json 提交（照片以其图片类型提交）

## Fields.
has-no-area = 没有服务区域
is-required = 必填
must-not-empty = 不能为空
required-when-customer-was-reached = 接通客户时必填
only-when-customer-was-reached = 仅在接通客户时填写
only-when-customer-not-satisfied = 仅在客户不满意时填写
empty-send-image-as-request-body = 是空的：请把图片作为请求内容发送
must-0-1-to-max = 须在 0.1 到 { $max } 之间
must-1-14 = 须在 1 到 14 之间
must-1-26 = 须在 1 到 26 之间
must-0-20 = 须在 0 到 20 之间
must-0-10080 = 须在 0 到 10080 之间
must-1-5 = 须在 1 到 5 之间
must-0-365 = 须在 0 到 365 之间
must-1-3 = 须在 1 到 3 之间
must-5-150 = 须在 5 到 150 之间
must-1-10000000 = 须在 1 到 10000000 之间
must-rfc-3339-time-yyyy-mm = 须为 RFC 3339 时间或 YYYY-MM-DD 日期
must-before-most-366-days-earlier = 须早于 `to`，且最多早 366 天
must-json-csv = 须为 json 或 csv
no-such-service-point = 没有这个服务网点
no-such-technician-service-point = 该服务网点没有这位技师
address-outside-every-service-area = 这个地址不在任何服务区域内
address-outside-every-service-area-site = 这个地址不在任何服务区域内，暂不提供上门维修
unknown-skill = 未知的技能
unknown-skill-named = 未知的技能 { $skill }
was-used-different-body = 已用于另一份不同的内容
no-technician-can-come-in-window = 这个时间段没有技师能来，请另选一个可预约的时间
unlisted-part-needs-price = 收费表以外的配件需要填写价格
most-200-categories = 最多 200 个品类
most-28-shifts-week = 每周最多 28 个班次
most-50-lines = 最多 50 行
most-500-parts = 最多 500 种配件
most-20-skills = 最多 20 项技能
most-points = 最多 { $max } 个点
code-description-must-1-64-200 = 编码须为 1 到 64 个字符，说明须为 1 到 200 个字符
does-not-exist-in-service-point = 在服务网点的时区中不存在
listed-twice = 重复列出
not-phone-number = 不是有效的电话号码
not-valid-polygon = 不是有效的多边形：{ $cause }
not-email-address = 不是有效的邮箱地址
not-in-fee-schedule = 不在收费表中
months-must-0-120 = 月数须在 0 到 120 之间
must-0-monday-6-sunday = 须为 0（周一）到 6（周日）
must-0-100000000 = 须在 0 到 100000000 之间
must-1-100 = 须在 1 到 100 之间
must-1-43200-minutes = 须在 1 到 43200 分钟之间
must-1-1440-minutes = 须在 1 到 1440 分钟之间
must-hh-mm = 须为 HH:MM 格式
must-single-line = 只能写一行
must-after-start = 须晚于开始时间
must-most-256-characters = 最多 256 个字符
must-most-characters = 最多 { $max } 个字符
must-between-180-180 = 须在 -180 到 180 之间
must-between-90-90 = 须在 -90 到 90 之间
must-closed-last-point-must-equal = 须首尾闭合：最后一个点须与第一个点相同
must-be-value = 须为 { $value }
must-list-weekdays-0-6 = 须列出 0 到 6 的星期几
must-match-fee-schedule = 须与收费表一致（{ $schedule }）
must-not-contain-control-characters = 不能含有控制字符
needs-least-10-characters = 至少需要 10 个字符
needs-least-3-corners-closing-point = 至少需要 3 个角点和闭合点
needs-least-characters = 至少需要 { $min } 个字符
open-close-must-hh-mm-open = 营业和打烊时间须为 HH:MM，且营业早于打烊
prices-must-0-100000000-minor-units = 价格须在 0 到 100000000（最小货币单位）之间
shifts-same-day-must-not-overlap = 同一天的班次不能重叠
stored-coverage-unreadable = 已存的服务区域无法读取：{ $cause }
must-not-in-future = 不能是将来的日期
must-most-12-hours-long = 最长 12 小时
window-over-choose-one-get-api = 这个时间段已经过去，请另选一个可预约的时间
must-within-60-days = 须在 60 天之内
not-iana-time-zone-such-as = 不是 IANA 时区名（例如 Asia/Shanghai）
must-three-letter-iso-4217-code = 须为三个字母的 ISO 4217 货币代码，例如 CNY
must-2-40-characters-z-0 = 须为 2 到 40 个字符，只能用 a-z、0-9、_ 和 -
manager-technician-needs-service-point = 经理和技师须属于一个服务网点
customer-declined-paid-work-only-call = 客户已拒绝付费维修：只能收取上门费
only-visit-whose-quote-customer-declined = 仅用于客户拒绝了报价的上门

## Query strings and JSON values as serde describes them.
must-number = 须为数字
must-whole-number-in-range = 须为范围内的整数
must-true-false = 须为 true 或 false
must-date-yyyy-mm-dd-rfc = 须为 YYYY-MM-DD 日期（或 RFC 3339 时间，取其日期）
missing-field = 缺少必填项 { $field }
invalid-type = 类型不正确：{ $detail }
invalid-value = 取值不正确：{ $detail }
invalid-length = 长度不正确：{ $detail }
unknown-variant = 不是可选的值：{ $detail }
unknown-field = 不认识的字段：{ $detail }
is-out-of-range = { $value } 超出范围

## Things, as a missing one is named.
thing-asset = 文件
thing-call = 回访
thing-customer = 客户
thing-offer = 派单
thing-photo = 照片
thing-rating-link = 评价链接
thing-request = 工单
thing-resource = 资源
thing-route = 页面
thing-service-point = 服务网点
thing-skill = 技能
thing-technician = 技师
thing-visit = 上门
thing-language = 语言

## Roles.
role-customer = 客户
role-technician = 技师
role-manager = 经理
role-admin = 管理员

## Request states in words.
request-state-submitted = 刚预约
request-state-awaiting-technician = 正在等待技师
request-state-scheduled = 已安排
request-state-en-route = 技师正在路上
request-state-on-site = 正在维修
request-state-completed = 已完成
request-state-needs-follow-up = 等待再次上门
request-state-closed = 已结束
request-state-cancelled = 已取消

## Visit states in words.
visit-state-open = 正在等待技师
visit-state-planned = 已安排
visit-state-en-route = 技师正在路上
visit-state-on-site = 正在现场进行
visit-state-completed = 已完成
visit-state-unresolved = 未修好就结束了
visit-state-cancelled = 已取消
state-changed = 已有变化

## Offer states in words.
offer-state-pending = 正在等待答复
offer-state-accepted = 已被接受
offer-state-declined = 已被拒绝
offer-state-expired = 已过期
offer-state-withdrawn = 已由其他人处理

## What photos are counted by, and how a call ended.
photos-per-request = 工单
photos-per-visit-and-stage = 次上门的每个阶段
call-state-recorded = 已经记录过了
call-state-given-up = 已尝试三次并放弃

## What a technician tried to do.
visit-action-start-way = 出发
visit-action-arrive = 到达
visit-action-record-outcome = 填写维修结果
visit-action-complete = 完成

## The problem's title for a reader of another language than English, by status.
status-400 = 请求有误
status-401 = 请先登录
status-403 = 无权进行此操作
status-404 = 找不到
status-405 = 此地址不接受这种请求方法
status-409 = 当前状态下不能这样做
status-413 = 提交的内容太大
status-415 = 不支持这种提交格式
status-422 = 有些内容需要修改
status-429 = 尝试次数太多，请稍后再试
status-500 = 系统出了点问题，请稍后再试
sign-in-link-used-or-expired = 这个登录链接已用过或已过期，请重新申请
field-invalid = 填写有误
parser-refused = 填写有误：{ $detail }
must-be-before-or-after = 须为 before 或 after
pins-refused = 固定的上门无法全部安排（{ $detail }）

## Added with the phone, the text messages and the second security review.
follow-up-already-opened-call = 这次维修已经申请过回访 { $reference }；如需再次回访，请致电服务网点
already-on-the-way-to = 你正在前往 { $reference } 的路上：请先到达那里（或请网点改期）
at-most-photos-per-failed-count = 每{ $per }最多 { $max } 张照片；上传失败的照片在 { $minutes } 分钟内也计算在内
at-most-photos-per-counting-sending = 每{ $per }最多 { $max } 张照片（正在上传的也计算在内）
too-many-photos-at-once-try-again = 同时上传的照片太多，请 { $seconds } 秒后再试
image-too-many-pixels = 图片为 { $width } × { $height } 像素；最多接受 { $megapixels } 百万像素、每边 { $side } 像素
image-too-large-decoded = 图片解码后将占用 { $mb } MB；最多接受 { $max } MB（每个通道 8 位）
send-body-as-json = 请以 JSON 发送请求内容，并设置 Content-Type: application/json
not-mobile-give-email = 不是手机号码：通知通过短信发送，请填写手机号码，或同时填写电子邮箱
phone-too-short = 作为电话号码太短
phone-too-long = 作为电话号码太长
mobile-cn-too-short = 位数不够：中国大陆手机号码为 11 位
mobile-cn-too-long = 位数太多：中国大陆手机号码为 11 位
phone-not-valid = 不是有效的电话号码
not-report-type = 不是有效的回执类型
must-be-message-id = 必须是消息编号
conversation-closed = 该维修已结束较久，无法再留言；如故障再次出现，请申请返修
must-be-sender-number = 须为短信的发送号码
code-wrong-used-or-expired = 验证码错误、已用过或已过期，请重新获取
not-mobile-for-code = 不是手机号码：需要通过短信向它发送验证码进行确认
email-belongs-to-another-account = 这个电子邮箱已属于另一个账户；请用它登录，或填写其他邮箱
must-be-six-digit-code = 必须是短信中的 6 位验证码
give-phone-or-email = 请填写新的手机号码或电子邮箱

## Service-recovery tasks.
cursor-not-from-list = 必须是此列表上一页给出的 next_cursor
call-state-expired = 已过返修期，未回访即关闭
must-1-200 = 须在 1 到 200 之间
thing-task = 回访任务
task-already-closed = 这个回访任务已经结束
required-for-refund-or-coupon = 退款或优惠券必须填写金额
no-amount-when-nothing-given = 不给补偿时不填金额
## 现场留证：现场签字确认报价、付款、开具发票申请、收据。
payment-after-outcome = 填写维修结果后才能登记付款
customer-must-approve-quote-before-payment = 客户须先确认报价，才能付款
nothing-to-pay-for-visit = 这次上门没有需要支付的费用
visit-paid-already = 这次上门已付款（{ $method }）
amount-must-be-amount-due = 必须等于应付金额：{ $amount }
paid-outcome-stays = 已付款，维修结果和费用保持付款时的内容
signature-must-be-png-data-url = 须为 data URL 形式的 PNG 图片（data:image/png;base64,…）
signature-too-large = 不能超过 { $kb } KB
signature-size-not-sane = 为 { $width } × { $height } 像素；签名每边须为 { $min } 至 { $max } 像素，且不超过 400 万像素
signature-empty = 签名是空的，请用手指在框内签名
thing-signature = 签名
thing-invoice = 发票申请
tax-id-must-18-characters = 须为统一社会信用代码：18 位数字和大写字母（不含 I、O、S、V、Z）
tax-id-check-character-wrong = 不是有效的统一社会信用代码：最后一位校验码不符，请检查是否输错
invoice-after-payment = 付款后才能申请开具发票
invoice-asked-already = 已申请开具发票，服务点正在办理
invoice-asked-too-often = 这次维修已申请开票 { $count } 次，请致电服务点
invoice-issued-already = 这张发票申请已开具
visit-cancelled-no-link = 这次上门已取消
must-be-open-or-issued = 须为 open 或 issued
must-be-pdf-or-html = 须为 pdf 或 html
must-be-en-or-zh-cn = 须为 en 或 zh-CN
receipt-after-completion = 维修完成或付款后才能生成收据
address-not-found-place-pin = 在我们的服务区域内找不到这个地址；请检查地址，或在地图上放置图钉
place-pin-or-use-location = 请在地图上放置图钉或使用您的位置，以便技师准确上门
address-search-unavailable-place-pin = 地址搜索暂时不可用；请在地图上放置图钉或使用您的位置
service-line-needs-code = 服务项目需要填写收费标准中的服务代码
only-service-line-has-code = 只有服务项目才有服务代码
most-100-services = 最多 100 个服务项目
must-1-64-characters = 必须为 1 到 64 个字符
must-1-200-characters = 必须为 1 到 200 个字符
most-50-skills-codes = 最多 50 个技能代码，每个 1 到 40 个字符
warranty-never-covers-service = 保修只涵盖故障维修，不包括客户自选的固定价格服务
most-10-services = 最多 10 个服务项目
service-not-for-this-repair = 这项服务不适用于此类维修
say-when-part-expected = 请填写配件预计到货日期，以免在配件到货前安排下次上门
part-date-today-60-days = 必须在今天到 60 天之内
part-date-only-needs-part = 只有“需要配件”的结果才填写配件日期
part-expected-choose-from = 配件预计 { $date } 到货；请选择当天或之后的时间


## The board's actions and the admin pages.
give-technician-or-window = 请选择技师或时间段（或两者）
visit-not-booked-move = 只有已排定的上门才能改期或改派（此维修{ $state }）；请从候选技师中指派
technician-lacks-skill = { $technician }没有这次维修所需的技能（{ $level } 级或以上）
already-has-visit = 这次上门已经是{ $technician }的：请选择其他技师或时间段
technician-no-room-then = { $technician }在这个时间排不下这次上门
visit-changed-meanwhile = 上门或技师的日程刚刚有变动，未作更改；请重新查看后再试
must-en-zh-cn = 须为 en 或 zh-CN
at-most-routes = 最多 { $max } 条
technician-not-working-that-day = 这位技师当天不上班
day-changed-since-preview = 预览之后当天的安排有了变化（有新的预约、接单或改期），未作更改；请重新预览
plan-breaks-rules = 这个方案违反了承诺的时间段、班次或技能要求，未作更改；请重新预览
plan-serves-fewer = 这个方案只安排 { $after } 次上门，而现在安排了 { $before } 次；未作更改
thing-staff = 员工

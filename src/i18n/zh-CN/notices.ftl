# 发给客户和员工的邮件与短信。邮件的品牌行和跟踪链接由发送方添加；`{ $text }` 是用户输入的原文。

## 服务点就某个维修单发给客户的消息。
sms-staff-message = 【fieldfix】维修 { $reference }，{ $author }：{ $text } 回复本短信或点击 { $link }
sms-staff-message-cut = 【fieldfix】维修 { $reference }，{ $author }：{ $text }… 查看全文并回复：{ $link }
mail-staff-message-subject = 关于您的维修 { $reference } 的消息
mail-staff-message-intro = { $author } 就您的维修 { $reference } 留言：
mail-staff-message-reply = 您可以在跟踪页面回复，也可以直接回复我们的短信。
mail-staff-message-action = 查看并回复

## 发给客户的邮件：主题、段落和一个带说明的链接（`mail-action-*`），由 `templates/mail/notice.{html,txt}` 排版。
mail-hello = { $name }，您好：
mail-promises = 我们承诺在 { $respond_by } 前安排技师接单，{ $arrive_by } 前上门。
mail-not-asked = 如果不是您本人申请，请忽略此邮件。
mail-action-follow-repair = 查看维修进度
mail-booked-subject = 维修预约 { $reference } 已受理
mail-booked-received = 我们已收到您的维修申请 { $reference }（{ $problem }）。
mail-booked-warranty = 您的产品在保修期内，本次维修免费。
mail-booked-no-warranty = 本次维修不在保修范围内；任何收费项目都会先给您确认后再进行。
mail-follow-up-subject = 维修 { $original } 的返修 { $reference } 已受理
mail-follow-up-opened = 我们已为您的维修 { $original } 开启返修 { $reference }（{ $problem }）。
mail-follow-up-free = 返修期内免费。
mail-action-follow-follow-up = 查看返修进度
mail-assigned-subject = 技师{ $technician }将为您上门维修（{ $reference }）
mail-assigned-when = 技师{ $technician }（评分 { $rating }/5）将于 { $start } 上门处理维修 { $reference }。
mail-address = 地址：{ $address }
mail-rescheduled-subject = 维修 { $reference } 已改期
mail-rescheduled-when = 您的维修 { $reference } 已改到 { $start }。
mail-rescheduled-who = 技师{ $technician }将按新时间上门。
mail-rescheduled-finding = 我们正在为新时间安排技师，安排好后会通知您。
mail-on-the-way-subject = 技师{ $technician }正在赶来（{ $reference }）
mail-on-the-way-eta = 预计 { $eta } 左右到达。
mail-fee-line = { $quantity } × { $description }：{ $amount }
mail-fee-line-covered = { $quantity } × { $description }：{ $amount }（保修）
# Fee lines named by the catalog (the call-out and labour), and the mark beside a line shown as
# the technician typed it (a part the fee schedule does not list).
fee-line-call-out = 上门费
fee-line-labour = 人工
fee-line-typed-mark = 师傅填写
mail-quote-subject = 请确认维修报价（{ $reference }）
mail-quote-proposed = 技师建议的维修项目如下：
mail-quote-total = 合计：{ $total }
mail-action-review-approve = 查看并确认
mail-completed-subject = 维修 { $reference } 已完成
mail-completed-diagnosis = 故障诊断：{ $diagnosis }
mail-completed-due = 您需支付：{ $total }
mail-completed-rate = 请为本次服务评分。
mail-action-rate = 评价本次服务
mail-reminder-subject = 您对维修 { $reference } 满意吗？
mail-reminder-glad = 期待您对本次上门服务的评价。
mail-reminder-follow-up = 如果故障复发，可在 { $link } 申请返修；返修期内免费。
mail-sign-in-subject = 您的 fieldfix 登录链接
mail-sign-in-follow = 点击下面的链接即可查看您的维修记录和产品，也可以设置密码。
mail-sign-in-once = 链接仅可使用一次，{ $minutes } 分钟内有效。如果不是您本人申请，请忽略此邮件。
mail-action-sign-in = 登录
mail-tracking-subject = 您的维修 { $reference }
mail-tracking-asked = 您申请了维修跟踪链接。打开即可查看进度、费用和上门技师。
mail-action-track = 查看维修进度

## 上门的日历邀请（摘要行）。
ics-visit = 维修 { $reference }
ics-visit-with = 维修 { $reference }（{ $technician }）

## 发给员工（技师和经理）的邮件。
mail-action-open-visits = 查看上门
mail-action-open-offers = 查看派单
mail-action-open-board = 打开调度台
mail-visit-moved-subject = 上门已改期：{ $reference }
mail-visit-moved-to = 客户把 { $address } 的上门改到了 { $start }。
mail-visit-moved-away = 客户把 { $address } 的上门改到了您排不下的时间，它已移出您的日程。
mail-quote-declined-subject = 报价被拒：{ $reference }
mail-quote-declined = 客户拒绝了 { $address } 的收费项目。
mail-quote-declined-why = 客户拒绝了 { $address } 的收费项目（{ $reason }）。
mail-quote-declined-next = 请记录缩减后的结果（只收上门费，保修项目不收），再把上门标记为完成。
mail-offer-subject = 附近的新派单：{ $skill }（{ $reference }）
mail-offer-what = { $address }：{ $problem }
mail-offer-accept-by = 请在 { $expires } 前接单。
mail-low-rating-subject = { $reference } 评分偏低（{ $stars }/5）
mail-low-rating = 维修单 { $reference } 的评分为 { $stars }/5。请致电客户并记录跟进情况。
mail-escalation-subject = 无人接单：{ $reference }（{ $skill }）
mail-escalation = { $address }：{ $problem }。没有技师接受派单，请指派一位。
mail-promise-broken-subject = 承诺已违约：{ $reference } 的{ $promise }
mail-promise-broken = { $reference } 的{ $promise }承诺已违约（截止 { $deadline }）。
mail-promise-at-risk-subject = 承诺有风险：{ $reference } 的{ $promise }
mail-promise-at-risk = { $reference } 的{ $promise }承诺有违约风险（截止 { $deadline }）。
mail-promise-respond = 接单
mail-promise-arrive = 上门
mail-promise-resolve = 解决

## 发给客户的短信：最多三条，带短链接 `{ $link }`（`notify::sms` 检查最长的情形）。
sms-booked = 【fieldfix】您的维修 { $reference } 已受理，我们会尽快安排技师。查看进度：{ $link }
sms-follow-up-opened = 【fieldfix】返修单 { $reference } 已受理（免费）。查看进度：{ $link }
sms-assigned = 【fieldfix】维修 { $reference }：{ $technician }将于 { $start } 左右上门。详情：{ $link }
sms-rescheduled = 【fieldfix】维修 { $reference } 已改到 { $start }。详情：{ $link }
sms-on-the-way = 【fieldfix】{ $technician }已出发，预计 { $eta } 到达。查看位置：{ $link }
sms-quote = 【fieldfix】维修 { $reference } 的费用 { $total } 需要您确认后才会施工：{ $link }
sms-completed = 【fieldfix】维修 { $reference } 已完成，费用 { $total }。请评价本次服务：{ $link }
sms-rating-reminder = 【fieldfix】您对维修 { $reference } 满意吗？评价或申请返修：{ $link }
sms-tracking-link = 【fieldfix】您申请的维修 { $reference } 跟踪链接：{ $link }

## 联系方式更改与短信验证码。
sms-sign-in-code = 【fieldfix】您的登录验证码是 { $code }，{ $minutes } 分钟内有效。请勿告诉他人。
sms-contact-code = 【fieldfix】您正在将此号码设为维修联系电话，验证码 { $code }，{ $minutes } 分钟内有效。
sms-contact-changed = 【fieldfix】您维修的联系电话已更改，此号码将不再收到通知。如非本人操作，请致电服务网点。
mail-contact-changed-subject = 您的维修联系方式已更改
mail-contact-changed-email = 您维修通知使用的电子邮箱已在跟踪页面上更改，此邮箱将不再收到通知。
mail-contact-changed-not-you = 如果不是您本人更改，请致电服务网点。

## 服务网点在调度台上改动或取消了上门。
mail-cancelled-subject = 维修 { $reference } 已取消
mail-cancelled-by-point = 服务网点取消了您的维修 { $reference }：{ $reason }
mail-cancelled-questions = 如有疑问，请在跟踪页面给我们留言，或致电服务网点。
sms-cancelled-by-point = 【fieldfix】服务网点取消了您的维修 { $reference }。原因：{ $link }
mail-visit-given-subject = 新增上门：{ $reference }
mail-visit-given = 服务网点把 { $address } 的上门（{ $start }）派给了您：{ $problem }
mail-visit-moved-by-point = 服务网点把您在 { $address } 的上门改到了 { $start }。
mail-visit-taken-subject = 上门已移出您的日程：{ $reference }
mail-visit-taken = 服务网点把您在 { $address } 的上门（{ $start }）改派给了其他技师。
mail-visit-cancelled-subject = 上门已取消：{ $reference }
mail-visit-cancelled = 服务网点取消了 { $address } 的上门（{ $start }），它已移出您的日程。
## 收据（PDF 和可打印页面），用客户的语言。
receipt-title = 维修收据
receipt-reference = 单号
receipt-service-point = 服务点
receipt-phone = 电话
receipt-technician = 维修师傅
receipt-date = 日期
receipt-product = 产品
receipt-item = 项目
receipt-quantity = 数量
receipt-unit-price = 单价
receipt-amount = 金额
receipt-total = 合计
receipt-free-mark = 免费返修
receipt-warranty-mark = 保修
receipt-paid = { $time } 已付款 { $amount }（{ $method }）
receipt-not-paid = 尚未付款。
receipt-signed = 报价 { $amount } 已在现场确认，{ $name } 于 { $time } 签字：
receipt-photos = 本次维修留存的照片：{ $count } 张
receipt-footer = 由 fieldfix 于 { $time } 生成。本收据不是发票，如需发票请在跟踪页面申请。
receipt-print = 打印
receipt-download-pdf = 下载 PDF

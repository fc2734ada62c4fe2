## Timeline events (kept as message ids, shown in the reader's language).
booked-warranty-covers-repair = { $name } 预约了维修（{ $skill }），在保修期内
booked-warranty-does-not-cover-repair = { $name } 预约了维修（{ $skill }），不在保修期内
offered-technician-s = 已发给 { $count } 位技师
accepted-visit-planned = { $technician }已接单，计划上门时间 { $time }
technician-declined = { $technician }未接单
assigned = 已派给{ $technician }
reassigned = 已改派给{ $technician }
assigned-day-re-plan = 重新排班时派出
re-planned-start = 重新排班，开始时间改为 { $time }
customer-moved-visit = 客户把上门时间改到 { $time }
planned-technician-has-no-room-in = 原定师傅在新时间段排不开，已重新派单
way-expected = 师傅已出发，预计 { $time } 到达
arrived-address = 师傅已到达
arrived-no-position-sent = 师傅已到达（未发送位置）
arrived-but-km-from-address = 师傅已到达，但离地址 { $km } 公里
outcome-recorded-quote-sent-approval = 已填写维修结果，报价 { $amount } 等待您确认
outcome-recorded-all-work-covered-nothing = 已填写维修结果，全部免费，无需付款
outcome-recorded-nothing-to-pay = 已填写维修结果，无需付款
reduced-outcome-recorded-after-customer-declined = 客户拒绝付费维修后已重新填写结果，应付 { $amount }
customer-approved-quote = 客户已确认报价
customer-declined-quote = 客户拒绝了报价
customer-declined-quote-reason = 客户拒绝了报价：{ $reason }
repair-completed = 维修完成
visit-completed-without-paid-work-customer = 上门结束，客户拒绝的付费维修未进行
not-fixed-yet-another-visit-being = 尚未修好（{ $resolution }），正在安排再次上门
rated-of-5 = 评分 { $stars }/5
low-rating-needs-manager-s-follow = 评分较低，需要经理回访
reminded-customer-rate-visit = 已提醒客户评价
offer-expired-unanswered = 有一个派单超时未答复
nobody-accepted-service-point-s-managers = 无人接单，需由服务网点经理派给技师
follow-up-free-charge-within-rework = { $reference } 的回访，返修期内免费
follow-up-opened = 已开启回访 { $reference }

## The next-day call and the photos on the timeline.
next-day-call-customer-satisfied = 次日回访：客户满意
next-day-call-customer-not-satisfied = 次日回访：客户不满意，已为客户再次报修 { $reference }
next-day-call-customer-not-satisfied-reason = 次日回访：客户不满意，未能再次报修：{ $reason }
next-day-call-not-reached-in = 次日回访：{ $attempts } 次均未接通
next-day-call-not-reached-attempt = 次日回访：未接通（第 { $attempt } 次），{ $date } 再试
photo-fault-added = 添加了故障照片
photo-before-work-added = 添加了维修前照片
photo-after-work-added = 添加了维修后照片
with-goodwill-compensation = { $event }；补偿 { $amount }（{ $reason }）
respond-promise-at-risk = 响应承诺即将超时（期限 { $deadline }）
respond-promise-broken = 响应承诺已超时（期限 { $deadline }）
arrive-promise-at-risk = 上门承诺即将超时（期限 { $deadline }）
arrive-promise-broken = 上门承诺已超时（期限 { $deadline }）
resolve-promise-at-risk = 修复承诺即将超时（期限 { $deadline }）
resolve-promise-broken = 修复承诺已超时（期限 { $deadline }）

## A candidate's reasons on the board.
skill-level-needs = { $skill } 等级 { $level }（需要 { $needed }）
km-about-min-away = 距离 { $km } 公里，约 { $minutes } 分钟路程
free-from-between-visits = { $time } 起有空（两次上门之间）
free-from-before-first-visit = { $time } 起有空（第一次上门之前）
free-from-after-last-visit = { $time } 起有空（最后一次上门之后）
free-from-nothing-planned-yet = { $time } 起有空，当天还没有安排
no-visits-that-day = 当天没有其他上门
one-visit-that-day = 当天已有 1 次上门
visits-that-day = 当天已有 { $count } 次上门
not-rated-yet = 还没有评分
rated-value = 评分 { $rating }

## What a person wrote, shown as it is (a cancellation's reason, a follow-up's resolution).
typed-text = { $text }

customer-corrected-email = 客户更正了电子邮箱
customer-corrected-phone = 客户更正了手机号码（已通过验证码确认）
## Why a follow-up task was opened (the manager's queue).
task-low-rating = 评分较低：{ $stars }/5
task-not-satisfied-on-call = 次日回访时客户不满意
task-recorded-by-manager = 经理已记录回访

## A task closed by a manager: what was agreed with the customer (their timeline shows it).
task-closed-agreed = 服务网点已回访：{ $outcome }
task-closed-agreed-goodwill = 服务网点已回访：{ $outcome }；补偿：{ $goodwill }
goodwill-refund = 退款 { $amount }
goodwill-coupon = 价值 { $amount } 的优惠券
goodwill-free-visit = 一次免费上门
goodwill-free-visit-worth = 一次免费上门（价值 { $amount }）
## 现场留证。
customer-approved-quote-on-site = 客户已在现场确认报价，由 { $name } 在师傅的手机上签字
paid-by-method = 已付款 { $amount }（{ $method }）
customer-asked-invoice = 客户申请开具发票
invoice-issued = 发票已开具
payment-method-cash = 现金
payment-method-wechat = 微信支付
payment-method-alipay = 支付宝
payment-method-card = 银行卡
payment-method-transfer = 银行转账
part-expected-next-visit-from = 配件预计 { $date } 到货；下次上门从当天起安排


## A manager acting on the board.
manager-moved-visit = { $by } 把上门改到 { $time }，由{ $technician }负责
manager-reassigned-visit = { $by } 把上门改派给{ $technician }，时间 { $time }
cancelled-by-service-point = 服务网点（{ $by }）取消了维修：{ $reason }
day-tomorrow-at = 明天 { $time }
day-date-at = { $date } { $time }

## Timeline events (kept as message ids, shown in the reader's language).
booked-warranty-covers-repair = booked by { $name } for { $skill }; warranty covers the repair
booked-warranty-does-not-cover-repair = booked by { $name } for { $skill }; warranty does not cover the repair
offered-technician-s = offered to { $count } technician(s)
accepted-visit-planned = { $technician } accepted; visit planned at { $time }
technician-declined = { $technician } declined
assigned = assigned to { $technician } by { $by }
reassigned = reassigned to { $technician } by { $by }
assigned-day-re-plan = assigned by the day re-plan of { $day }
re-planned-start = re-planned to start at { $time }
customer-moved-visit = the customer moved the visit to { $time }
planned-technician-has-no-room-in = the planned technician has no room in the new window; offered again
way-expected = on the way, expected at { $time }
arrived-address = arrived at the address
arrived-no-position-sent = arrived (no position sent)
arrived-but-km-from-address = arrived, but { $km } km from the address
outcome-recorded-quote-sent-approval = outcome recorded; quote of { $amount } sent for approval
outcome-recorded-all-work-covered-nothing = outcome recorded; all work covered, nothing to pay
outcome-recorded-nothing-to-pay = outcome recorded; nothing to pay
reduced-outcome-recorded-after-customer-declined = reduced outcome recorded after the customer declined the paid work; { $amount } due
customer-approved-quote = the customer approved the quote
customer-declined-quote = the customer declined the quote
customer-declined-quote-reason = the customer declined the quote: { $reason }
repair-completed = repair completed
visit-completed-without-paid-work-customer = visit completed without the paid work the customer declined
not-fixed-yet-another-visit-being = not fixed yet ({ $resolution }); another visit is being arranged
rated-of-5 = rated { $stars } of 5
low-rating-needs-manager-s-follow = a low rating needs a manager's follow-up
reminded-customer-rate-visit = reminded the customer to rate the visit
offer-expired-unanswered = an offer expired unanswered
nobody-accepted-service-point-s-managers = nobody accepted; the service point's managers must assign a technician
follow-up-free-charge-within-rework = follow-up of { $reference }, free of charge within the rework period
follow-up-opened = follow-up { $reference } opened

## The next-day call and the photos on the timeline.
next-day-call-customer-satisfied = next-day call: the customer is satisfied
next-day-call-customer-not-satisfied = next-day call: the customer is not satisfied; follow-up { $reference } opened
next-day-call-customer-not-satisfied-reason = next-day call: the customer is not satisfied; no follow-up opened: { $reason }
next-day-call-not-reached-in = next-day call: not reached in { $attempts } attempts
next-day-call-not-reached-attempt = next-day call: not reached (attempt { $attempt }), tried again on { $date }
photo-fault-added = photo of the fault added
photo-before-work-added = photo before the work added
photo-after-work-added = photo after the work added
with-goodwill-compensation = { $event }; goodwill compensation { $amount } ({ $reason })
respond-promise-at-risk = respond promise at risk (deadline { $deadline })
respond-promise-broken = respond promise broken (deadline { $deadline })
arrive-promise-at-risk = arrive promise at risk (deadline { $deadline })
arrive-promise-broken = arrive promise broken (deadline { $deadline })
resolve-promise-at-risk = resolve promise at risk (deadline { $deadline })
resolve-promise-broken = resolve promise broken (deadline { $deadline })

## A candidate's reasons on the board.
skill-level-needs = { $skill } level { $level } (needs { $needed })
km-about-min-away = { $km } km, about { $minutes } min away
free-from-between-visits = free from { $time } between visits
free-from-before-first-visit = free from { $time } before the first visit
free-from-after-last-visit = free from { $time } after the last visit
free-from-nothing-planned-yet = free from { $time }, nothing planned yet
no-visits-that-day = no visits that day
one-visit-that-day = 1 visit that day
visits-that-day = { $count } visits that day
not-rated-yet = not rated yet
rated-value = rated { $rating }

## What a person wrote, shown as it is (a cancellation's reason, a follow-up's resolution).
typed-text = { $text }

customer-corrected-email = the customer corrected their email
customer-corrected-phone = the customer corrected their phone number (confirmed by a code)
## Why a follow-up task was opened (the manager's queue).
task-low-rating = low rating: { $stars } of 5
task-not-satisfied-on-call = not satisfied on the next-day call
task-recorded-by-manager = recorded by a manager

## A task closed by a manager: what was agreed with the customer (their timeline shows it).
task-closed-agreed = the service point followed up: { $outcome }
task-closed-agreed-goodwill = the service point followed up: { $outcome }; goodwill: { $goodwill }
goodwill-refund = a refund of { $amount }
goodwill-coupon = a coupon worth { $amount }
goodwill-free-visit = a free visit
goodwill-free-visit-worth = a free visit (worth { $amount })
## Evidence on site.
customer-approved-quote-on-site = the customer approved the quote on site, signed by { $name } on the technician's phone
paid-by-method = paid { $amount } ({ $method })
customer-asked-invoice = the customer asked for a fapiao
invoice-issued = the fapiao was issued
payment-method-cash = cash
payment-method-wechat = WeChat Pay
payment-method-alipay = Alipay
payment-method-card = bank card
payment-method-transfer = bank transfer
part-expected-next-visit-from = the part is expected on { $date }; the next visit is offered from that day


## A manager acting on the board.
manager-moved-visit = { $by } moved the visit to { $time } with { $technician }
manager-reassigned-visit = { $by } gave the visit to { $technician }, at { $time }
cancelled-by-service-point = cancelled by the service point ({ $by }): { $reason }
day-tomorrow-at = tomorrow { $time }
day-date-at = { $date } { $time }

# What mails and text messages to customers and staff say. The mail's brand line and the
# tracking link are added by the sender; `{ $text }` is what a person typed, kept as typed.

## A message of the service point to the customer, about their request.
sms-staff-message = fieldfix { $reference }: { $author }: { $text } Reply here or at { $link }
sms-staff-message-cut = fieldfix { $reference }: { $author }: { $text }… Read it all and reply: { $link }
mail-staff-message-subject = A message about your repair { $reference }
mail-staff-message-intro = { $author } wrote about your repair { $reference }:
mail-staff-message-reply = You can answer on the tracking page, or by replying to our text message.
mail-staff-message-action = Read and reply

## Mail to customers. Each mail is a subject, paragraphs and one link with its label
## (`mail-action-*`); `templates/mail/notice.{html,txt}` lay them out.
mail-hello = Hello { $name },
mail-promises = A technician will accept it by { $respond_by } and be with you by { $arrive_by }.
mail-not-asked = If you did not ask for it, ignore this mail.
mail-action-follow-repair = Follow your repair
mail-booked-subject = Repair { $reference } booked
mail-booked-received = we received your repair request { $reference } ({ $problem }).
mail-booked-warranty = Your warranty covers this repair: you will not be charged for it.
mail-booked-no-warranty = This repair is not covered by warranty; you will see and approve every fee before paid work is done.
mail-follow-up-subject = Follow-up { $reference } of repair { $original } opened
mail-follow-up-opened = We opened follow-up { $reference } of your repair { $original } ({ $problem }).
mail-follow-up-free = It is free of charge within the rework period.
mail-action-follow-follow-up = Follow the follow-up
mail-assigned-subject = { $technician } will repair it ({ $reference })
mail-assigned-when = { $technician } (rated { $rating } of 5) will come on { $start } for repair { $reference }.
mail-address = Address: { $address }
mail-rescheduled-subject = Repair { $reference } moved
mail-rescheduled-when = Your visit for repair { $reference } is now on { $start }.
mail-rescheduled-who = { $technician } will come then.
mail-rescheduled-finding = We are finding a technician for the new time and will tell you who comes.
mail-on-the-way-subject = { $technician } is on the way ({ $reference })
mail-on-the-way-eta = Expected at about { $eta }.
mail-fee-line = { $quantity } × { $description }: { $amount }
mail-fee-line-covered = { $quantity } × { $description }: { $amount } (covered)
# Fee lines named by the catalog (the call-out and labour), and the mark beside a line shown as
# the technician typed it (a part the fee schedule does not list).
fee-line-call-out = Call-out
fee-line-labour = Labour
fee-line-typed-mark = as typed
mail-quote-subject = Please approve the quote for { $reference }
mail-quote-proposed = The technician proposes this work:
mail-quote-total = Total: { $total }
mail-action-review-approve = Review and approve
mail-completed-subject = Repair { $reference } completed
mail-completed-diagnosis = Diagnosis: { $diagnosis }
mail-completed-due = You pay: { $total }
mail-completed-rate = Please tell us how it went.
mail-action-rate = Rate the visit
mail-reminder-subject = How was your repair { $reference }?
mail-reminder-glad = We would be glad to hear how the visit went.
mail-reminder-follow-up = If the fault returns, open a follow-up from { $link }: within the rework period it is free.
mail-sign-in-subject = Your fieldfix sign-in link
mail-sign-in-follow = Follow the link below to see your repairs and products, and to set a password if you like.
mail-sign-in-once = The link works once, for { $minutes } minutes. If you did not ask for it, ignore this mail.
mail-action-sign-in = Sign in
mail-tracking-subject = Your repair { $reference }
mail-tracking-asked = You asked for the link to your repair. Follow it to see where it stands, the fees and the technician.
mail-action-track = Track your repair

## The calendar invitation of a visit (its summary line).
ics-visit = Repair { $reference }
ics-visit-with = Repair { $reference } ({ $technician })

## Mail to staff (technicians and managers).
mail-action-open-visits = Open your visits
mail-action-open-offers = Open your offers
mail-action-open-board = Open the dispatch board
mail-visit-moved-subject = Visit moved: { $reference }
mail-visit-moved-to = The customer moved the visit at { $address } to { $start }.
mail-visit-moved-away = The customer moved the visit at { $address } to a time you have no room for: it has left your day.
mail-quote-declined-subject = Quote declined: { $reference }
mail-quote-declined = The customer declined the paid work at { $address }.
mail-quote-declined-why = The customer declined the paid work at { $address } ({ $reason }).
mail-quote-declined-next = Record the reduced outcome (the call-out only, nothing under warranty), then mark the visit done.
mail-offer-subject = New job near you: { $skill } ({ $reference })
mail-offer-what = { $problem } at { $address }
mail-offer-accept-by = Accept before { $expires }.
mail-low-rating-subject = Low rating ({ $stars } of 5) on { $reference }
mail-low-rating = Request { $reference } was rated { $stars } of 5. Please call the customer and record the follow-up.
mail-escalation-subject = Nobody accepted { $reference } ({ $skill })
mail-escalation = { $problem } at { $address }: no technician accepted the offers. Please assign one.
mail-promise-broken-subject = Promise broken: { $promise } for { $reference }
mail-promise-broken = The { $promise } promise of { $reference } is broken (deadline { $deadline }).
mail-promise-at-risk-subject = Promise at risk: { $promise } for { $reference }
mail-promise-at-risk = The { $promise } promise of { $reference } is at risk (deadline { $deadline }).
mail-promise-respond = respond
mail-promise-arrive = arrive
mail-promise-resolve = resolve

## Text messages to customers: at most three segments with the short link `{ $link }`
## (`notify::sms` checks the longest case).
sms-booked = fieldfix: repair { $reference } booked; a technician will be assigned soon. Track it: { $link }
sms-follow-up-opened = fieldfix: follow-up { $reference } opened, free of charge. Track it: { $link }
sms-assigned = fieldfix: repair { $reference }: { $technician } will come around { $start }. Details: { $link }
sms-rescheduled = fieldfix: repair { $reference } moved to { $start }. Details: { $link }
sms-on-the-way = fieldfix: { $technician } is on the way, arriving about { $eta }. See where: { $link }
sms-quote = fieldfix: repair { $reference }: fees of { $total } wait for your approval before the work: { $link }
sms-completed = fieldfix: repair { $reference } done, { $total } due. Please rate the visit: { $link }
sms-rating-reminder = fieldfix: how was repair { $reference }? Rate it, or open a follow-up if the fault returns: { $link }
sms-tracking-link = fieldfix: the link to your repair { $reference }: { $link }

## Contact corrections and codes by text message.
sms-sign-in-code = fieldfix: your sign-in code is { $code }, valid for { $minutes } minutes. Do not share it.
sms-contact-code = fieldfix: code { $code } confirms this number as your repair contact; valid for { $minutes } minutes.
sms-contact-changed = fieldfix: the contact number of your repair was changed; this number gets no more notices. Not you? Call the service point.
mail-contact-changed-subject = Your repair contact was changed
mail-contact-changed-email = The email for the notices of your repair was changed on its tracking page; this address gets no more of them.
mail-contact-changed-not-you = If you did not make this change, call the service point.

## The service point changed or cancelled a visit from the board.
mail-cancelled-subject = Repair { $reference } cancelled
mail-cancelled-by-point = The service point cancelled your repair { $reference }: { $reason }
mail-cancelled-questions = Questions? Write to us on the tracking page or call the service point.
sms-cancelled-by-point = fieldfix: repair { $reference } was cancelled by the service point. Why: { $link }
mail-visit-given-subject = Visit added to your day: { $reference }
mail-visit-given = The service point gave you the visit at { $address } on { $start }: { $problem }
mail-visit-moved-by-point = The service point moved your visit at { $address } to { $start }.
mail-visit-taken-subject = Visit taken off your day: { $reference }
mail-visit-taken = The service point gave your visit at { $address } on { $start } to another technician.
mail-visit-cancelled-subject = Visit cancelled: { $reference }
mail-visit-cancelled = The service point cancelled the visit at { $address } on { $start }: it has left your day.
## The receipt (PDF and printable page), in the customer's language.
receipt-title = Repair receipt
receipt-reference = Reference
receipt-service-point = Service point
receipt-phone = Phone
receipt-technician = Technician
receipt-date = Date
receipt-product = Product
receipt-item = Item
receipt-quantity = Qty
receipt-unit-price = Unit price
receipt-amount = Amount
receipt-total = Total
receipt-free-mark = Free follow-up
receipt-warranty-mark = Warranty
receipt-paid = Paid { $amount } ({ $method }) on { $time }
receipt-not-paid = Not paid yet.
receipt-signed = Quote of { $amount } approved on site, signed by { $name } on { $time }:
receipt-photos = Photos kept with this repair: { $count }
receipt-footer = Written by fieldfix on { $time }. This receipt is not a fapiao; ask for one on your tracking page.
receipt-print = Print
receipt-download-pdf = Download the PDF

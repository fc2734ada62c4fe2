## The problem's summary and the general answers.
request-has-invalid-fields = the request has invalid fields
sign-in-first = sign in first
wrong-email-password = wrong email or password
request-body-too-large = the request body is too large
too-many-attempts-try-again-in = too many attempts, try again in { $seconds } seconds
something-went-wrong-our-side-has = something went wrong on our side; it has been logged
conflicts-something-that-already-exists = this conflicts with something that already exists
not-found = { $thing } not found
address-does-not-take-method-takes = this address does not take this method; it takes { $methods }

## Reading the request.
idempotency-key-must-1-200-characters = Idempotency-Key must be 1 to 200 characters
idempotency-key-must-ascii = Idempotency-Key must be ASCII
json-body-required = a JSON body is required
reading-body = reading the body: { $cause }
address-contains-control-character = the address contains a control character
body-contains-nul-character-u0000-which = the body contains a NUL character (\u0000), which no field accepts
body-not-valid-json = the body is not valid JSON: { $cause }
change-made-session-cookie-must-come = a change made with the session cookie must come from this site
change-made-session-cookie-must-sent = a change made with the session cookie must be sent as application/json
metrics-are-served-fieldfix-metrics-bind = metrics are served on FIELDFIX_METRICS_BIND, or here with FIELDFIX_METRICS_TOKEN

## Who may do what.
may-not-do = a { $role } may not do this
belongs-another-service-point = this belongs to another service point
only-technicians-may-do = only technicians may do this

## States.
concurrent-booking-used-key = a concurrent booking used this key
follow-up-can-opened-once-repair = a follow-up can be opened once the repair is completed
service-point-name-exists = a service point with this name exists
user-email-exists = a user with this email exists
repair-can-no-longer-cancelled = this repair can no longer be cancelled: it is { $state }
request-cannot-assigned = this request cannot be assigned: it is { $state }
request-cannot-become-now = this request cannot become { $wanted } now: it is { $state }
another-technician-accepted-first = another technician accepted first
cannot-visit-now = cannot { $action } this visit now: it is { $state }
follow-up-repair-still-open-tracked = follow-up { $reference } of this repair is still open; it is tracked under its own link
record-outcome-before-completing = record the outcome before completing
customer-declined-paid-work-record-outcome = the customer declined the paid work: record the outcome again with the call-out only
customer-must-approve-quote-before-visit = the customer must approve the quote before the visit is completed
day-changed-while-was-being-re = the day changed while it was being re-planned; nothing was written, try again
request-changed-meanwhile = the request changed meanwhile
rework-period-repair-ended-please-book = the rework period of this repair ended on { $date }; please book a new repair
there-no-quote-waiting-answer = there is no quote waiting for an answer
there-no-quote-waiting-approval = there is no quote waiting for approval
offer-has-expired = this offer has expired
offer-is-state = this offer is { $state }
request-has-no-visit-waiting-technician = this request has no visit waiting for a technician
skill-exists = this skill exists
technician-not-qualified-has-no-room = this technician is not qualified or has no room for the visit in their day
visit-had-no-technician = this visit had no technician
visit-already-rated = this visit is already rated
window-no-longer-available-choose-another = this window is no longer available; choose another from /api/slots
repair-can-no-longer-moved = this repair can no longer be moved: it is { $state }
request-has-no-visit-move = this request has no visit to move
visit-cannot-moved-again-most-moves = this visit cannot be moved again (at most { $moves } moves); please call the service point or cancel
visit-starts-in-less-than-minutes = the visit starts in less than { $minutes } minutes; it can no longer be moved here
call-already-state = this call is already { $state }
call-was-recorded-meanwhile = this call was recorded meanwhile
at-most-photos-per = at most { $max } photos per { $per }
photos-cannot-added-request-now = photos cannot be added to this request now: it is { $state }
photos-cannot-added-visit-now = photos cannot be added to this visit now: it is { $state }
file-not-jpeg-png-webp-image = the file is not a JPEG, PNG or WebP image (told by its content, not its name)
heic-heif-images-are-not-taken = HEIC/HEIF images are not taken: send the photo as JPEG (a phone's browser converts it when the page asks)
image-could-not-read = the image could not be read: { $cause }
send-photo-as-request-body-image = send the photo as the request body with its image Content-Type (image/jpeg, image/png, image/webp)
change-made-session-cookie-must-sent-or-photo = a change made with the session cookie must be sent as application/json (or a photo as its image type)

## Fields.
has-no-area = has no area
is-required = is required
must-not-empty = must not be empty
required-when-customer-was-reached = is required when the customer was reached
only-when-customer-was-reached = only when the customer was reached
only-when-customer-not-satisfied = only when the customer is not satisfied
empty-send-image-as-request-body = is empty: send the image as the request body
must-0-1-to-max = must be 0.1 to { $max }
must-1-14 = must be 1 to 14
must-1-26 = must be 1 to 26
must-0-20 = must be 0 to 20
must-0-10080 = must be 0 to 10080
must-1-5 = must be 1 to 5
must-0-365 = must be 0 to 365
must-1-3 = must be 1 to 3
must-5-150 = must be 5 to 150
must-1-10000000 = must be 1 to 10000000
must-rfc-3339-time-yyyy-mm = must be an RFC 3339 time or YYYY-MM-DD
must-before-most-366-days-earlier = must be before `to` and at most 366 days earlier
must-json-csv = must be json or csv
no-such-service-point = no such service point
no-such-technician-service-point = no such technician at this service point
address-outside-every-service-area = this address is outside every service area
address-outside-every-service-area-site = this address is outside every service area; on-site repair is not available there
unknown-skill = unknown skill
unknown-skill-named = unknown skill { $skill }
was-used-different-body = was used with a different body
no-technician-can-come-in-window = no technician can come in this window; choose one of GET /api/slots
unlisted-part-needs-price = an unlisted part needs a price
most-200-categories = at most 200 categories
most-28-shifts-week = at most 28 shifts a week
most-50-lines = at most 50 lines
most-500-parts = at most 500 parts
most-20-skills = at most 20 skills
most-points = at most { $max } points
code-description-must-1-64-200 = code and description must be 1 to 64/200 characters
does-not-exist-in-service-point = does not exist in the service point's time zone
listed-twice = is listed twice
not-phone-number = is not a phone number
not-valid-polygon = is not a valid polygon: { $cause }
not-email-address = is not an email address
not-in-fee-schedule = is not in the fee schedule
months-must-0-120 = months must be 0 to 120
must-0-monday-6-sunday = must be 0 (Monday) to 6 (Sunday)
must-0-100000000 = must be 0 to 100000000
must-1-100 = must be 1 to 100
must-1-43200-minutes = must be 1 to 43200 minutes
must-1-1440-minutes = must be 1 to 1440 minutes
must-hh-mm = must be HH:MM
must-single-line = must be a single line
must-after-start = must be after the start
must-most-256-characters = must be at most 256 characters
must-most-characters = must be at most { $max } characters
must-between-180-180 = must be between -180 and 180
must-between-90-90 = must be between -90 and 90
must-closed-last-point-must-equal = must be closed: the last point must equal the first
must-be-value = must be { $value }
must-list-weekdays-0-6 = must list weekdays 0 to 6
must-match-fee-schedule = must match the fee schedule ({ $schedule })
must-not-contain-control-characters = must not contain control characters
needs-least-10-characters = needs at least 10 characters
needs-least-3-corners-closing-point = needs at least 3 corners and the closing point
needs-least-characters = needs at least { $min } characters
open-close-must-hh-mm-open = open and close must be HH:MM with open before close
prices-must-0-100000000-minor-units = prices must be 0 to 100000000 minor units
shifts-same-day-must-not-overlap = shifts on the same day must not overlap
stored-coverage-unreadable = stored coverage unreadable: { $cause }
must-not-in-future = must not be in the future
must-most-12-hours-long = must be at most 12 hours long
window-over-choose-one-get-api = this window is over; choose one of GET /api/slots
must-within-60-days = must be within 60 days
not-iana-time-zone-such-as = is not an IANA time zone such as Asia/Shanghai
must-three-letter-iso-4217-code = must be a three-letter ISO 4217 code such as CNY
must-2-40-characters-z-0 = must be 2 to 40 characters of a-z, 0-9, _ and -
manager-technician-needs-service-point = a manager or technician needs a service point
customer-declined-paid-work-only-call = the customer declined the paid work: only the call-out may be charged
only-visit-whose-quote-customer-declined = is only for a visit whose quote the customer declined

## Query strings and JSON values as serde describes them.
must-number = must be a number
must-whole-number-in-range = must be a whole number in range
must-true-false = must be true or false
must-date-yyyy-mm-dd-rfc = must be a date YYYY-MM-DD (or an RFC 3339 timestamp, whose date is used)
missing-field = missing field `{ $field }`
invalid-type = invalid type: { $detail }
invalid-value = invalid value: { $detail }
invalid-length = invalid length { $detail }
unknown-variant = unknown variant { $detail }
unknown-field = unknown field { $detail }
is-out-of-range = { $value } is out of range

## Things, as a missing one is named.
thing-asset = asset
thing-call = call
thing-customer = customer
thing-offer = offer
thing-photo = photo
thing-rating-link = rating link
thing-request = request
thing-resource = resource
thing-route = route
thing-service-point = service point
thing-skill = skill
thing-technician = technician
thing-visit = visit
thing-language = language

## Roles.
role-customer = customer
role-technician = technician
role-manager = manager
role-admin = admin

## Request states in words.
request-state-submitted = just booked
request-state-awaiting-technician = waiting for a technician
request-state-scheduled = scheduled
request-state-en-route = on the way
request-state-on-site = being repaired
request-state-completed = completed
request-state-needs-follow-up = waiting for another visit
request-state-closed = closed
request-state-cancelled = cancelled

## Visit states in words.
visit-state-open = waiting for a technician
visit-state-planned = planned
visit-state-en-route = on the way
visit-state-on-site = under way at the address
visit-state-completed = completed
visit-state-unresolved = closed without a fix
visit-state-cancelled = cancelled
state-changed = changed

## Offer states in words.
offer-state-pending = waiting for an answer
offer-state-accepted = already accepted
offer-state-declined = already declined
offer-state-expired = expired
offer-state-withdrawn = taken by someone else

## What photos are counted by, and how a call ended.
photos-per-request = request
photos-per-visit-and-stage = visit and stage
call-state-recorded = recorded
call-state-given-up = given up after three attempts

## What a technician tried to do.
visit-action-start-way = start the way to
visit-action-arrive = arrive at
visit-action-record-outcome = record the outcome of
visit-action-complete = complete

## The problem's title for a reader of another language than English, by status.
status-400 = the request is not right
status-401 = sign in first
status-403 = this is not allowed for you
status-404 = not found
status-405 = this address does not take this method
status-409 = this cannot be done in the current state
status-413 = the request body is too large
status-415 = this kind of body is not taken
status-422 = some things need changing
status-429 = too many attempts, try again later
status-500 = something went wrong, try again later
sign-in-link-used-or-expired = this sign-in link is used or expired; ask for a new one
field-invalid = is not valid
parser-refused = { $detail }
must-be-before-or-after = must be before or after
pins-refused = { $detail }

## Added with the phone, the text messages and the second security review.
follow-up-already-opened-call = follow-up { $reference } of this repair was already opened; for another, call the service point
already-on-the-way-to = you are already on the way to { $reference }: arrive there (or have it moved) first
at-most-photos-per-failed-count = at most { $max } photos per { $per }; uploads that failed count for { $minutes } minutes
at-most-photos-per-counting-sending = at most { $max } photos per { $per }, counting those being sent
too-many-photos-at-once-try-again = too many photos are being received at once; try again in { $seconds } seconds
image-too-many-pixels = the image is { $width } × { $height } pixels; at most { $megapixels } megapixels and { $side } pixels a side are taken
image-too-large-decoded = the image would take { $mb } MB decoded; at most { $max } MB (8 bits a channel) are taken
send-body-as-json = send the body as JSON with Content-Type: application/json
not-mobile-give-email = is not a mobile number: notices go by text message, so give a mobile number or an email too
phone-too-short = is too short for a phone number
phone-too-long = is too long for a phone number
mobile-cn-too-short = is too short: a mobile number in China has 11 digits
mobile-cn-too-long = is too long: a mobile number in China has 11 digits
phone-not-valid = is not a valid phone number
not-report-type = is not a report type
must-be-message-id = must be a message id
conversation-closed = this repair ended too long ago for messages; open a follow-up if the fault is back
must-be-sender-number = must be the number the text message came from
code-wrong-used-or-expired = this code is wrong, used or expired; ask for a new one
not-mobile-for-code = is not a mobile number: a code is sent to it by text message to confirm it
email-belongs-to-another-account = another account uses this email; sign in with it, or give another email
must-be-six-digit-code = must be the 6-digit code from the text message
give-phone-or-email = give a new phone or a new email

## Service-recovery tasks.
cursor-not-from-list = must be the next_cursor of an earlier page of this list
call-state-expired = closed unmade: the rework period ended
must-1-200 = must be 1 to 200
thing-task = task
task-already-closed = this task is already closed
required-for-refund-or-coupon = is required for a refund or a coupon
no-amount-when-nothing-given = takes no amount when nothing is given
## Evidence on site: the signed quote, the payment, the fapiao request, the receipt.
payment-after-outcome = a payment is recorded once the outcome is recorded
customer-must-approve-quote-before-payment = the customer must approve the quote before paying
nothing-to-pay-for-visit = there is nothing to pay for this visit
visit-paid-already = this visit is paid already ({ $method })
amount-must-be-amount-due = must be the amount due: { $amount }
paid-outcome-stays = the visit is paid; its outcome and fees stay as they were paid
signature-must-be-png-data-url = must be a PNG image as a data URL (data:image/png;base64,…)
signature-too-large = must be at most { $kb } KB
signature-size-not-sane = is { $width } × { $height } pixels; a signature is { $min } to { $max } pixels a side and at most 4 megapixels
signature-empty = the signature is empty; sign with a finger in the box
thing-signature = signature
thing-invoice = fapiao request
tax-id-must-18-characters = must be a unified social credit code: 18 digits and capital letters (no I, O, S, V or Z)
tax-id-check-character-wrong = is not a valid unified social credit code: its last character does not match; check it for a typo
invoice-after-payment = a fapiao can be asked for once the repair is paid
invoice-asked-already = a fapiao is asked for already; the service point is making it out
invoice-asked-too-often = a fapiao was asked for { $count } times for this repair; call the service point
invoice-issued-already = this fapiao request is issued already
visit-cancelled-no-link = the visit is cancelled
must-be-open-or-issued = must be open or issued
must-be-pdf-or-html = must be pdf or html
must-be-en-or-zh-cn = must be en or zh-CN
receipt-after-completion = the receipt is ready once the repair is completed or paid
address-not-found-place-pin = we could not find this address inside our service areas; check it, or place the pin on the map
place-pin-or-use-location = place the pin on the map or use your location, so the technician comes to the right door
address-search-unavailable-place-pin = the address search is not available just now; place the pin on the map or use your location
service-line-needs-code = a service line needs the service's code from the fee schedule
only-service-line-has-code = only a service line has a service code
most-100-services = at most 100 services
must-1-64-characters = must be 1 to 64 characters
must-1-200-characters = must be 1 to 200 characters
most-50-skills-codes = at most 50 skill codes of 1 to 40 characters
warranty-never-covers-service = a warranty covers the fault, never a fixed-price service the customer chose
most-10-services = at most 10 services
service-not-for-this-repair = this service does not go with this kind of repair
say-when-part-expected = say when the part is expected, so the next visit is not offered before it can arrive
part-date-today-60-days = must be between today and 60 days ahead
part-date-only-needs-part = only an outcome that needs a part has a part date
part-expected-choose-from = the part is expected on { $date }; choose a window from that day


## The board's actions and the admin pages.
give-technician-or-window = give a technician, a window, or both
visit-not-booked-move = only a booked visit can be moved or reassigned (this repair is { $state }); assign one from the candidates
technician-lacks-skill = { $technician } does not have the skill this repair needs at level { $level } or higher
already-has-visit = { $technician } already has this visit: choose another technician or a window
technician-no-room-then = { $technician } has no room for the visit then
visit-changed-meanwhile = the visit or the technician's day changed meanwhile; nothing was written, look again and retry
must-en-zh-cn = must be en or zh-CN
at-most-routes = at most { $max }
technician-not-working-that-day = this technician does not work that day
day-changed-since-preview = the day changed since the preview (a visit was booked, taken or moved); nothing was written, preview again
plan-breaks-rules = the plan breaks a promised window, a shift or a skill; nothing was written, preview again
plan-serves-fewer = the plan serves { $after } visits where { $before } are served now; nothing was written
thing-staff = staff member

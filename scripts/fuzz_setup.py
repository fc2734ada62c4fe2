#!/usr/bin/env python3
"""Prepares `serve --demo` for scripts/fuzz_api.sh: real requests, visits, offers, photos and
tokens in every state an operation needs, and one Schemathesis config per role that pins the
path (and a few query) parameters to them, so owner and token operations can answer 2xx.

Usage: fuzz_setup.py API_URL WORK_DIR   (writes WORK_DIR/<role>.toml and WORK_DIR/<role>.token)
"""

import base64
import glob
import json
import os
import quopri
import re
import struct
import sys
import time
import urllib.error
import urllib.request
import zlib
from datetime import date, timedelta

API, WORK = sys.argv[1], sys.argv[2]
PASSWORD = "fieldfix-demo"
CUSTOMER = "fuzz.customer@example.com"


def call(method, path, token=None, body=None, raw=None, content_type="application/json"):
    data = raw if raw is not None else (json.dumps(body).encode() if body is not None else None)
    req = urllib.request.Request(f"{API}{path}", method=method, data=data)
    if data is not None:
        req.add_header("content-type", content_type)
    if token:
        req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=60) as answer:
            text = answer.read()
    except urllib.error.HTTPError as e:
        raise SystemExit(f"setup: {method} {path} answered {e.code}: {e.read()[:300]!r}") from e
    return json.loads(text) if text else None


def login(email):
    return call("POST", "/api/auth/login", body={"email": email, "password": PASSWORD})["token"]


def png():
    """A 1x1 white PNG, built here so the run needs no image file."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff"))
            + chunk(b"IEND", b""))


FAUCET = {
    "customer": {"name": "Fuzz Customer", "email": CUSTOMER, "phone": "+86 138 0571 0000"},
    "product": {"category": "faucet", "brand": "Jiumu", "purchased_on": "2026-03-01"},
    "problem": "The kitchen faucet sprays water everywhere.",
    "skill": "plumbing",
    "address": "12 Wensan Road, Xihu District, Hangzhou",
    "location": {"lat": 30.2750, "lon": 120.1300},
    "window": None,
}
PAID = dict(FAUCET, product={"category": "washing_machine", "brand": "Haier", "purchased_on": "2019-05-01"},
            problem="The washing machine will not drain.", skill="appliance")
NEAR = {"position": {"lat": 30.2751, "lon": 120.1301}}

admin, manager, customer = login("admin@demo.fieldfix.test"), login("manager1@demo.fieldfix.test"), login(CUSTOMER)
techs = {}


def book(body=FAUCET):
    booked = call("POST", "/api/requests", body=body)
    return booked["id"], booked["tracking_url"].rstrip("/").rsplit("/", 1)[-1]


def assigned(body=FAUCET, steps=(), prefer=None):
    """A booked request assigned to `prefer` when that technician is a candidate, else to its
    first candidate, and walked through `steps`: its ids, tracking token and the technician's
    token. (The first candidate changes as a technician's day fills and with the hour, so the
    technician role's visits name their technician.)"""
    rid, token = book(body)
    candidates = [c["technician"]["id"] for c in call("GET", f"/api/requests/{rid}/candidates", manager)]
    tech_id = prefer if prefer in candidates else candidates[0]
    call("POST", f"/api/requests/{rid}/assign", manager, {"technician_id": tech_id})
    if tech_id not in techs:
        techs[tech_id] = login(call("GET", f"/api/admin/technicians/{tech_id}", admin)["email"])
    tech = techs[tech_id]
    visit = call("GET", f"/api/requests/{rid}", manager)["visits"][-1]["id"]
    for step in steps:
        if step == "outcome":
            call("POST", f"/api/visits/{visit}/outcome", tech, OUTCOME[body["skill"]])
        else:
            call("POST", f"/api/visits/{visit}/{step}", tech, NEAR if step != "complete" else {})
    return {"request": rid, "token": token, "visit": visit, "tech_id": tech_id, "tech": tech}


OUTCOME = {
    "plumbing": {"diagnosis": "Worn washer", "root_cause": "installation error", "work_done": "New washer",
                 "lines": [{"kind": "call_out", "description": "Call-out", "quantity": 1}], "resolution": "resolved"},
    "appliance": {"diagnosis": "Drain pump blocked", "root_cause": "wear", "work_done": "Cleaned the pump",
                  "lines": [{"kind": "labour", "description": "Labour", "quantity": 2}], "resolution": "resolved"},
}

# The technician role: one technician with a visit in each state a step needs, and offers.
# A technician is on the way to one visit at a time: the visit left on the way is made last of
# all the walks (below), and the run's arrive (earlier in the document than en-route) frees
# the technician for its en-route.
scheduled = assigned()
tech_id, tech = scheduled["tech_id"], scheduled["tech"]
on_site = assigned(steps=["en-route", "arrive"], prefer=tech_id)
recorded = assigned(steps=["en-route", "arrive", "outcome"], prefer=tech_id)
waiting = [book()[0] for _ in range(3)]
offers = [o["id"] for o in call("GET", "/api/tech/offers", tech)]
visit_photo = call("POST", f"/api/visits/{on_site['visit']}/photos?stage=before", tech, raw=png(),
                   content_type="image/png")["id"]

# The customer's tokens: a quote to approve, one to decline, a request to cancel, a completed
# one to rate and follow up, one with a photo.
approve = assigned(PAID, ["en-route", "arrive", "outcome"])
decline = assigned(PAID, ["en-route", "arrive", "outcome"])
done = assigned(steps=["en-route", "arrive", "outcome", "complete"])
tracked = call("GET", f"/api/track/{done['token']}")
rating_token = tracked["rating_url"].rstrip("/").rsplit("/", 1)[-1]
to_cancel_request, to_cancel_token = book()
customer_cancel, _ = book()
_, photo_token = book()
customer_photo = call("POST", f"/api/track/{photo_token}/photos", raw=png(), content_type="image/png")["id"]


def signature_png():
    """A 64x32 PNG with a dark stroke across it: what a finger leaves on /tech's canvas."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + b"".join(b"\x10\x10\x10\xff" if abs(y - x // 2) < 2 else b"\x00\x00\x00\x00"
                                         for x in range(64)) for y in range(32))
    header = struct.pack(">IIBBBBB", 64, 32, 8, 6, 0, 0, 0)
    raw = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
    return "data:image/png;base64," + base64.b64encode(raw).decode()


# Evidence on site (the technician role's visits when that technician can take them): a quote
# to sign, one signed (its signature to read) and approved with its payment due, and two
# repairs paid, one with a fapiao asked for (for the managers to issue), one to ask on.
PAID_PLUMBING = dict(FAUCET, product={"category": "faucet", "brand": "Jiumu", "purchased_on": "2019-03-01"})
SIGNATURE = signature_png()
to_sign = assigned(PAID_PLUMBING, ["en-route", "arrive", "outcome"], prefer=tech_id)
signed = assigned(PAID_PLUMBING, ["en-route", "arrive", "outcome"], prefer=tech_id)
call("POST", f"/api/visits/{signed['visit']}/quote/approve-on-site", signed["tech"], {"signature_png": SIGNATURE, "name": "王芳"})
signed_due = call("GET", f"/api/track/{signed['token']}")["visits"][0]["total"]["amount_minor"]
paid = []
for _ in range(2):
    repair = assigned(PAID_PLUMBING, ["en-route", "arrive", "outcome"])
    call("POST", f"/api/track/{repair['token']}/quote/approve")
    call("POST", f"/api/visits/{repair['visit']}/complete", repair["tech"], {})
    due = call("GET", f"/api/track/{repair['token']}")["visits"][0]["total"]["amount_minor"]
    call("POST", f"/api/visits/{repair['visit']}/payment", repair["tech"], {"method": "cash", "amount_minor": due})
    paid.append(repair)
asked_invoice = call("POST", f"/api/track/{paid[0]['token']}/invoice", body={"title": "Fuzz Co"})["id"]
# The visit to move is booked two days ahead (a visit starting within the point's notice may
# not be moved, and early in the morning the first candidate's next start is that close), and the
# fuzzer gets a window that GET /api/slots offers for it.
offered = call("GET", f"/api/slots?lat={FAUCET['location']['lat']}&lon={FAUCET['location']['lon']}"
                      f"&skill=plumbing&from={date.today() + timedelta(days=2)}&days=3")
offered = [{"start": s["start"], "end": s["end"]} for s in offered if s["available"] > 0]
assert len(offered) >= 2, "slots to book and to move to"
reschedule = assigned(dict(FAUCET, window=offered[0]))
# A low rating opens a service-recovery task for the manager to close (walked before the visit
# left on the way below: its technician may be the one).
low = assigned(steps=["en-route", "arrive", "outcome", "complete"])
low_rating = call("GET", f"/api/track/{low['token']}")["rating_url"].rstrip("/").rsplit("/", 1)[-1]
call("POST", f"/api/ratings/{low_rating}", body={"stars": 1, "punctuality": 1, "professionalism": 2, "resolution": 1,
                                                  "comment": "Too expensive, and late"})
task_id = next(x["id"] for x in call("GET", "/api/manage/tasks", manager)["tasks"] if x["request_id"] == low["request"])
en_route = assigned(steps=["en-route"], prefer=tech_id)
# A booked visit for the manager to give to another technician (the fuzzer draws who).
movable = assigned()
move_to = [c["technician"]["id"] for c in call("GET", f"/api/requests/{movable['request']}/candidates", manager)
           if c["technician"]["id"] != movable["tech_id"]]
assert {en_route["tech_id"], on_site["tech_id"], recorded["tech_id"]} == {tech_id}, "one technician for the steps"
call_id = next(c["id"] for c in call("GET", f"/api/manage/calls?date={date.today() + timedelta(days=7)}&limit=200",
                                     manager)["calls"] if c["request_id"] == done["request"])
# A cursor the call list really gave (a made-up one is refused), for the pages after the first.
calls_day = str(date.today() + timedelta(days=7))
calls_cursor = call("GET", f"/api/manage/calls?date={calls_day}&limit=1", manager)["next_cursor"]

# A sign-in link for the customer, read from the mail the server writes to FIELDFIX_MAIL_DIR.
call("POST", "/api/auth/link", body={"email": CUSTOMER})


def mailed_link():
    for path in glob.glob(os.path.join(os.environ["FIELDFIX_MAIL_DIR"], "**", "*.eml"), recursive=True):
        with open(path, "rb") as f:
            found = re.search(rb"#link=([A-Za-z0-9_-]{20,})", quopri.decodestring(f.read()))
        if found:
            return found.group(1).decode()
    return None


deadline = time.monotonic() + 60
while (link := mailed_link()) is None and time.monotonic() < deadline:
    time.sleep(0.2)
if link is None:
    raise SystemExit("setup: the sign-in link mail did not arrive")

# Sign-in codes and phone corrections by text message, read from the files the server writes
# to FIELDFIX_SMS_DIR: one phone-only customer with a code, and one tracked request whose new
# phone waits for its code, per role (a wrong generated code counts against its code, and five
# end it, so each role's run has its own). The corrections the run makes go to another request.
ROLES = ["anonymous", "customer", "technician", "manager", "admin"]


def texts_to(phone):
    found = []
    for path in glob.glob(os.path.join(os.environ["FIELDFIX_SMS_DIR"], "**", "*.txt"), recursive=True):
        with open(path, encoding="utf-8") as f:
            head, _, text = f.read().partition("\n\n")
        if head.strip() == f"To: {phone}":
            found.append((os.path.getmtime(path), text))
    return [text for _, text in sorted(found)]


def texted_code(phone, before):
    """The code of the newest text to `phone` after its first `before` that carries one: the
    booking's own text may be written after `before` was counted, and it has no code (the
    six digits follow the word "code" or 验证码; a short link can hold six digits too)."""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for text in reversed(texts_to(phone)[before:]):
            found = re.search(r"(?:code|验证码)\D{0,8}?([0-9]{6})(?![0-9])", text)
            if found:
                return found.group(1)
        time.sleep(0.2)
    raise SystemExit(f"setup: no code texted to {phone}")


SIGN_IN, CONFIRM = {}, {}
for i, role in enumerate(ROLES):
    phone = f"+86139057120{i:02d}"
    book(dict(FAUCET, customer={"name": "Fuzz Phone", "phone": phone}, language="zh-CN"))
    before = len(texts_to(phone))
    call("POST", "/api/auth/sms-code", body={"phone": phone})
    SIGN_IN[role] = (phone, texted_code(phone, before))
    _, contact_token = book(dict(FAUCET, customer={"name": "Fuzz Contact", "email": f"fuzz.contact{i}@example.com",
                                                   "phone": f"+86139057130{i:02d}"}))
    new_phone = f"+86139057140{i:02d}"
    call("PATCH", f"/api/track/{contact_token}/contact", body={"phone": new_phone})
    CONFIRM[role] = (contact_token, texted_code(new_phone, 0))
_, corrected_token = book(dict(FAUCET, customer={"name": "Fuzz Corrected", "email": "fuzz.corrected@example.com",
                                                 "phone": "+8613905715000"}))

# The admin's own service point, skill and technician to change and deactivate.
point_id = call("GET", f"/api/requests/{done['request']}", manager)["service_point_id"]
home = call("GET", f"/api/admin/service-points/{point_id}", admin)
point = call("POST", "/api/admin/service-points", admin,
             {"name": "Fuzz point", "time_zone": home["time_zone"], "currency": home["currency"],
              "coverage": home["coverage"], "active": False})
skill = call("POST", "/api/admin/skills", admin, {"code": "fuzz-skill", "name": "Fuzz", "name_zh": "模糊"})["code"]
# A manager the admin's run changes (not the manager role's own sign-in).
other_manager = next(m["id"] for m in call("GET", "/api/admin/staff", admin)
                     if m["role"] == "manager" and m["email"] != "manager1@demo.fieldfix.test")
staff = call("POST", "/api/admin/technicians", admin,
             {"email": "fuzz.technician@example.com", "name": "Fuzz Technician", "password": PASSWORD,
              "service_point_id": home["id"], "home": FAUCET["location"], "skills": [{"skill": "plumbing", "level": 1}],
              "shifts": []})

PINNED = {
    # operation: its path (and query) parameters
    "GET /api/track/{token}": {"token": scheduled["token"]},
    "POST /api/me/requests/{id}/tracking-link": {"id": done["request"]},
    "POST /api/track/{token}/quote/approve": {"token": approve["token"]},
    "POST /api/track/{token}/quote/decline": {"token": decline["token"]},
    "POST /api/track/{token}/cancel": {"token": to_cancel_token},
    "POST /api/track/{token}/reschedule": {"token": reschedule["token"]},
    "POST /api/track/{token}/follow-up": {"token": done["token"]},
    "POST /api/track/{token}/account": {"token": done["token"]},
    "PATCH /api/track/{token}/contact": {"token": corrected_token},
    "POST /api/track/{token}/photos": {"token": photo_token},
    "GET /api/track/{token}/photos/{id}": {"token": photo_token, "id": customer_photo},
    "GET /api/track/{token}/photos/{id}/thumbnail": {"token": photo_token, "id": customer_photo},
    "GET /api/track/{token}/messages": {"token": scheduled["token"]},
    "POST /api/track/{token}/messages": {"token": scheduled["token"]},
    "GET /api/requests/{id}/messages": {"id": scheduled["request"]},
    "POST /api/requests/{id}/messages": {"id": scheduled["request"]},
    "GET /api/ratings/{token}": {"token": rating_token},
    "POST /api/ratings/{token}": {"token": rating_token},
    "GET /api/photos/{id}": {"id": visit_photo},
    "GET /api/photos/{id}/thumbnail": {"id": visit_photo},
    "POST /api/offers/{id}/accept": {"id": offers[0] if offers else 0},
    "POST /api/offers/{id}/decline": {"id": offers[-1] if offers else 0},
    "POST /api/visits/{id}/en-route": {"id": scheduled["visit"]},
    "POST /api/visits/{id}/arrive": {"id": en_route["visit"]},
    "POST /api/visits/{id}/outcome": {"id": on_site["visit"]},
    "POST /api/visits/{id}/photos": {"id": on_site["visit"]},
    "POST /api/visits/{id}/complete": {"id": recorded["visit"]},
    "GET /api/requests/{id}/candidates": {"id": waiting[0]},
    "POST /api/requests/{id}/assign": {"id": waiting[1]},
    "POST /api/requests/{id}/move": {"id": movable["request"]},
    "POST /api/manage/replan/apply": {"service_point": home["id"]},
    "POST /api/requests/{id}/follow-up": {"id": done["request"]},
    "POST /api/manage/calls/{id}": {"id": call_id},
    "GET /api/manage/calls": {"date": calls_day, "cursor": calls_cursor},
    "POST /api/manage/tasks/{id}/close": {"id": task_id},
    "GET /api/manage/dayplan": {"service_point": home["id"]},
    # The optimizer runs as long as asked (up to 10 s); the run keeps it short.
    "POST /api/manage/replan": {"service_point": home["id"], "seconds": 0.1},
    "GET /api/admin/service-points/{id}": {"id": point["id"]},
    "PUT /api/admin/service-points/{id}": {"id": point["id"]},
    "DELETE /api/admin/service-points/{id}": {"id": point["id"]},
    "PUT /api/admin/skills/{code}": {"code": skill},
    "DELETE /api/admin/skills/{code}": {"code": skill},
    "GET /api/admin/technicians/{id}": {"id": staff["id"]},
    "PUT /api/admin/technicians/{id}": {"id": staff["id"]},
    "DELETE /api/admin/technicians/{id}": {"id": staff["id"]},
    "PATCH /api/admin/staff/{id}": {"id": other_manager},
    "POST /api/visits/{id}/quote/approve-on-site": {"id": to_sign["visit"]},
    "POST /api/visits/{id}/tracking-qr": {"id": scheduled["visit"]},
    "GET /api/visits/{id}/signature": {"id": signed["visit"]},
    "POST /api/visits/{id}/payment": {"id": signed["visit"]},
    "GET /api/track/{token}/signature": {"token": signed["token"]},
    "GET /api/track/{token}/receipt": {"token": paid[0]["token"]},
    "POST /api/track/{token}/invoice": {"token": paid[1]["token"]},
    "POST /api/manage/invoices/{id}/issued": {"id": asked_invoice},
}
# Operations whose input has a rule JSON Schema cannot say (it depends on stored data, on the
# time, or on another field; the document says it in words): a generated body that fits the
# document may still get 422 there. Everywhere else 422 for such a body fails the run.
RULES_BEYOND_SCHEMA = {
    "POST /api/admin/service-points": "coverage must be a simple closed polygon; time_zone an IANA name",
    "PUT /api/admin/service-points/{id}": "coverage must be a simple closed polygon; time_zone an IANA name",
    "POST /api/admin/technicians": "skills must exist; a day's shifts must not overlap; the point must exist",
    "PUT /api/admin/technicians/{id}": "skills must exist; a day's shifts must not overlap; the point must exist",
    "PATCH /api/admin/staff/{id}": "a name is one line of text; a phone is 5-32 digits, spaces and + - ( ) (empty removes it)",
    "POST /api/requests": "the skill must exist; the window lies ahead (60 days at most); no future purchase date; "
    "the phone must be a real number (a mobile one without an email), by libphonenumber's data",
    "POST /api/track/find": "the phone must be a real number, by libphonenumber's data",
    "POST /api/auth/sms-code": "the phone must be a real number, by libphonenumber's data",
    "POST /api/auth/sms-code/redeem": "the phone must be a real number, by libphonenumber's data",
    "PATCH /api/track/{token}/contact": "the phone must be a real mobile number, by libphonenumber's data",
    "POST /api/track/{token}/contact/confirm": "the code must be the one texted to the new phone (five tries)",
    "GET /api/slots": "the skill must exist",
    "GET /api/prices": "the place must lie inside a service area; the skill must exist",
    "GET /api/manage/calls": "the cursor must be a next_cursor the list gave",
    "GET /api/geocode": "q must hold 3 characters besides leading and trailing white space",
    "POST /api/visits/{id}/outcome": "part codes and currency come from the point's fee schedule",
    "POST /api/requests/{id}/follow-up": "compensation in the service point's currency",
    "POST /api/track/{token}/reschedule": "the window must be one GET /api/slots offers",
    "GET /api/manage/kpis": "from must be before to and at most 366 days earlier",
    "POST /api/requests/{id}/assign": "the technician must work at the request's service point",
    "POST /api/manage/tasks/{id}/close": "goodwill.amount_minor is required for a refund or a coupon and refused when "
    "nothing is given",
    "POST /api/requests/{id}/move": "the technician must work at the request's point, hold its skill and have room; "
    "the window must lie ahead (60 days at most, 12 hours long at most); one of the two must change",
    "POST /api/manage/replan/apply": "the routes must be a plan of the day's technicians and visits (a preview's) "
    "that keeps every promised window and serves as many visits as now",
    "POST /api/visits/{id}/quote/approve-on-site": "signature_png must decode to a real PNG of sane size with strokes",
    "POST /api/visits/{id}/payment": "amount_minor must be exactly the amount due",
    "POST /api/track/{token}/invoice": "tax_id's last character is its check character; the email must be one",
}
# Uploads whose body must be a real image (told by its content): generated bytes get 415.
IMAGES = {"POST /api/track/{token}/photos", "POST /api/visits/{id}/photos"}
ACCEPTED = ["2xx", "3xx", "401", "403", "404", "409", "429"]

# Body fields drawn from these values (a generated value otherwise): a real login, link and
# candidate, so these operations can succeed.
DICTIONARIES = {
    "POST /api/auth/login": {"body.email": [CUSTOMER], "body.password": [PASSWORD]},
    "POST /api/auth/link/redeem": {"body.token": [link]},
    "POST /api/requests/{id}/assign": {"body.technician_id": [tech_id]},
    "POST /api/requests/{id}/move": {"body.technician_id": move_to[:3] or [movable["tech_id"]]},
    "POST /api/admin/technicians": {"body.service_point_id": [home["id"]]},
    "POST /api/track/{token}/reschedule": {"body.window.start": [offered[1]["start"]],
                                           "body.window.end": [offered[1]["end"]]},
    # A phone libphonenumber knows (a generated string of digits seldom is one).
    "POST /api/track/find": {"body.phone": ["13805710000", "+86 139 0000 0000"]},
    "POST /api/auth/sms-code": {"body.phone": ["13805710000", "+86 139 0000 0000"]},
    "PATCH /api/track/{token}/contact": {"body.phone": ["13905715001", "+86 139 0571 5002"]},
    # Per role below: the phone and the code texted to it.
    "POST /api/auth/sms-code/redeem": {},
    "POST /api/track/{token}/contact/confirm": {},
    # A real signature and the amount really due, so signing and paying can succeed.
    "POST /api/visits/{id}/quote/approve-on-site": {"body.signature_png": [SIGNATURE]},
    "POST /api/visits/{id}/payment": {"body.amount_minor": [signed_due]},
}



def dictionary(operation, field):
    return re.sub(r"[^a-z0-9]+", "_", f"{operation} {field}".lower()).strip("_")


OWN_REQUEST = {"customer": customer_cancel, "manager": waiting[2], "admin": waiting[2]}

BASE_DICTIONARIES = DICTIONARIES
for role, token in {"anonymous": "", "customer": customer, "technician": tech, "manager": manager, "admin": admin}.items():
    pinned = dict(PINNED)
    pinned["POST /api/track/{token}/contact/confirm"] = {"token": CONFIRM[role][0]}
    DICTIONARIES = dict(BASE_DICTIONARIES)
    DICTIONARIES["POST /api/auth/sms-code/redeem"] = {"body.phone": [SIGN_IN[role][0]], "body.code": [SIGN_IN[role][1]]}
    DICTIONARIES["POST /api/track/{token}/contact/confirm"] = {"body.code": [CONFIRM[role][1]]}
    if role in OWN_REQUEST:
        pinned["GET /api/requests/{id}"] = {"id": OWN_REQUEST[role]}
        pinned["POST /api/requests/{id}/cancel"] = {"id": OWN_REQUEST[role]}
    with open(f"{WORK}/{role}.token", "w") as out:
        out.write(token)
    with open(f"{WORK}/{role}.toml", "w") as out:
        # A body past the 64 KiB limit is refused with 413 before it is read: a rejection too.
        rejected = ["400", "401", "403", "404", "405", "406", "409", "413", "415", "422", "428", "429"]
        out.write(f"checks.negative_data_rejection.expected-statuses = {json.dumps(rejected)}\n\n")
        for name, fields in DICTIONARIES.items():
            for field, values in fields.items():
                out.write(f"[dictionaries.{dictionary(name, field)}]\nvalues = {json.dumps(values)}\n\n")
        for name in sorted(set(pinned) | set(RULES_BEYOND_SCHEMA) | set(DICTIONARIES) | IMAGES):
            out.write(f'[[operations]]\ninclude-name = "{name}"\n')
            values = [f"{k} = {json.dumps(v)}" for k, v in pinned.get(name, {}).items()]
            values += [f'"{field}" = {{ dictionary = "{dictionary(name, field)}", probability = 0.5 }}'
                       for field in DICTIONARIES.get(name, {})]
            if values:
                out.write(f"parameters = {{ {', '.join(values)} }}\n")
            if name in RULES_BEYOND_SCHEMA:
                out.write(f"# {RULES_BEYOND_SCHEMA[name]}\n")
                out.write(f"checks.positive_data_acceptance.expected-statuses = {json.dumps(ACCEPTED + ['422'])}\n")
            if name in IMAGES:
                out.write("# the body must be a real JPEG, PNG or WebP image\n")
                out.write(f"checks.positive_data_acceptance.expected-statuses = {json.dumps(ACCEPTED + ['415'])}\n")
            out.write("\n")
print(f"setup: technician {tech_id}, {len(offers)} offers, call {call_id}, photos {visit_photo} {customer_photo}")

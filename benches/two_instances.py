#!/usr/bin/env python3
"""Two instances under load: two `fieldfix serve` processes on one PostgreSQL database.

Both run their background jobs (mail delivery, offer expiry, promise clocks). For --seconds,
wrk books through both at once (half the connections each, every booking a new customer and
key) while the technicians, signed in on one instance or the other, read their offers and
accept each one through BOTH instances at the same moment, so every accept is raced. Then the
mail is left to drain, and the database is checked:

- no visit has two accepted offers, and every race had exactly one winner;
- every booking answered 201 is stored (wrk's 2xx count against the requests in the table);
- every outbox message was sent exactly once: as many mail files across the two instances'
  mail folders as sent rows, no Message-ID twice, nothing left pending;
- no request was escalated twice, no job mark is doubled (each is also a unique key).

    cargo build --release
    python3 benches/two_instances.py --seconds 20          # by hand
    python3 benches/two_instances.py --seconds 3 --binary target/debug/fieldfix   # CI
"""

import argparse
import concurrent.futures
import glob
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from load import PASSWORD, PG_ADMIN, ROOT, call, pg_reachable, start_server  # noqa: E402

TECHNICIANS = 30


def post_status(url, token):
    req = urllib.request.Request(url, data=b"{}", method="POST")
    req.add_header("content-type", "application/json")
    req.add_header("authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=30) as res:
            return res.status
    except urllib.error.HTTPError as e:
        return e.code


def get_json(url, token):
    req = urllib.request.Request(url)
    req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def sql(database_url, query):
    out = subprocess.run(["psql", database_url, "-qAtc", query], capture_output=True, text=True, check=True).stdout
    return out.strip()


def wrk_booking(base, seconds, connections, tag):
    script = os.path.join(ROOT, "benches", "load_book.lua")
    out = subprocess.run(["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s", "-s", script,
                          f"{base}/api/requests", "--", tag], capture_output=True, text=True, check=True).stdout
    total = int(next(line for line in out.splitlines() if "requests in" in line).split()[0])
    non2xx = 0
    for line in out.splitlines():
        if "Non-2xx or 3xx responses" in line:
            non2xx = int(line.split(":")[1])
    return total - non2xx, non2xx


def technicians_race(bases, tokens, stop, tally, lock):
    """Each technician reads offers on their instance and accepts each through both at once."""
    def one(i):
        token, home = tokens[i], bases[i % 2]
        seen = set()
        while not stop.is_set():
            try:
                offers = get_json(f"{home}/api/tech/offers", token)
            except (urllib.error.URLError, TimeoutError):
                continue
            for offer in offers:
                if offer["id"] in seen:
                    continue
                seen.add(offer["id"])
                with concurrent.futures.ThreadPoolExecutor(2) as pool:
                    answers = list(pool.map(lambda b: post_status(f"{b}/api/offers/{offer['id']}/accept", token), bases))
                with lock:
                    tally["races"] += 1
                    tally["won"] += answers.count(200)
                    tally["both_won"] += answers.count(200) > 1
                    tally["other"] += sum(1 for a in answers if a not in (200, 409, 404))
            time.sleep(0.05)
    threads = [threading.Thread(target=one, args=(i,)) for i in range(len(tokens))]
    for t in threads:
        t.start()
    return threads


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "fieldfix"))
    args = parser.parse_args()
    if not pg_reachable():
        sys.exit("PostgreSQL is needed for two instances")
    dbname = f"fieldfix_two_{os.getpid()}"
    subprocess.run(["psql", PG_ADMIN, "-qc", f"CREATE DATABASE {dbname}"], check=True)
    database_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname
    procs = []
    failures = []
    try:
        with tempfile.TemporaryDirectory(prefix="fieldfix_two_") as workdir:
            bases, mail_dirs = [], []
            for name in ("a", "b"):
                mail = os.path.join(workdir, f"mail-{name}")
                proc, base = start_server(args.binary, database_url, workdir, {"FIELDFIX_MAIL_DIR": mail, "FIELDFIX_SMS_DIR": os.path.join(workdir, "sms"), "RUST_LOG": "error"})
                procs.append(proc)
                bases.append(base)
                mail_dirs.append(mail)
            tokens = [call("POST", f"{bases[i % 2]}/api/auth/login",
                           {"email": f"tech{i + 1:02}@demo.fieldfix.test", "password": PASSWORD})["token"]
                      for i in range(TECHNICIANS)]
            stop, lock = threading.Event(), threading.Lock()
            tally = {"races": 0, "won": 0, "both_won": 0, "other": 0}
            racers = technicians_race(bases, tokens, stop, tally, lock)
            with concurrent.futures.ThreadPoolExecutor(2) as pool:
                loads = list(pool.map(lambda ib: wrk_booking(ib[1], args.seconds, args.connections // 2, f"i{ib[0]}"),
                                      enumerate(bases)))
            stop.set()
            for t in racers:
                t.join()
            booked = sum(ok for ok, _ in loads)
            refused = sum(bad for _, bad in loads)
            # Let both instances deliver the mail the run queued.
            deadline = time.time() + 120
            while time.time() < deadline and sql(database_url, "SELECT count(*) FROM outbox WHERE status = 'pending'") != "0":
                time.sleep(1)
            stored = int(sql(database_url, "SELECT count(*) FROM repair_requests r JOIN users u "
                                           "ON u.id = r.customer_user_id WHERE u.email LIKE 'load-%'"))
            doubles = int(sql(database_url, "SELECT count(*) FROM (SELECT visit_id FROM offers WHERE status = 'accepted' "
                                            "GROUP BY visit_id HAVING count(*) > 1) x"))
            sent = int(sql(database_url, "SELECT count(*) FROM outbox WHERE status = 'sent' AND channel = 'mail'"))
            pending = int(sql(database_url, "SELECT count(*) FROM outbox WHERE status = 'pending'"))
            escalated_twice = int(sql(database_url, "SELECT count(*) FROM (SELECT request_id FROM request_events "
                                                    "WHERE kind = 'escalated' GROUP BY request_id HAVING count(*) > 1) x"))
            files = [f for d in mail_dirs for f in glob.glob(os.path.join(d, "*"))]
            ids = []
            for f in files:
                with open(f, encoding="utf-8", errors="replace") as fh:
                    for line in fh:
                        if line.lower().startswith("message-id:"):
                            ids.append(line.split(":", 1)[1].strip())
                            break
            per_instance = [len(glob.glob(os.path.join(d, "*"))) for d in mail_dirs]
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                proc.kill()
        subprocess.run(["psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"])

    print(f"two instances on one PostgreSQL, {args.seconds} s, {args.connections} booking connections, "
          f"{TECHNICIANS} technicians racing every accept through both; load average "
          + ", ".join(f"{x:.1f}" for x in os.getloadavg()))
    print("| check | value |")
    print("| --- | --- |")
    rows = [
        ("bookings answered 201 (both instances)", booked),
        ("bookings refused (non-2xx)", refused),
        ("requests of those customers stored", stored),
        ("accept races (one offer through both at once)", tally["races"]),
        ("races won through exactly one instance", tally["won"] - tally["both_won"]),
        ("races lost through both (offer already taken, or no room left)", tally["races"] - tally["won"]),
        ("visits with two accepted offers", doubles),
        ("unexpected accept answers (not 200/404/409)", tally["other"]),
        ("mail sent (outbox rows)", sent),
        ("mail files, instance a / b", f"{per_instance[0]} / {per_instance[1]}"),
        ("Message-IDs delivered twice", len(ids) - len(set(ids))),
        ("mail still pending after the drain", pending),
        ("requests escalated twice", escalated_twice),
    ]
    for name, value in rows:
        print(f"| {name} | {value} |")
    if refused:
        failures.append(f"{refused} bookings were refused")
    if stored < booked:
        failures.append(f"{booked} bookings answered 201 but only {stored} requests are stored")
    if doubles or tally["both_won"]:
        failures.append("an offer was accepted twice")
    if tally["other"]:
        failures.append("an accept got an unexpected answer")
    if len(files) != sent or len(ids) != len(set(ids)):
        failures.append(f"{sent} sent rows but {len(files)} mail files ({len(ids) - len(set(ids))} duplicate ids)")
    if pending:
        failures.append(f"{pending} messages still pending")
    if escalated_twice:
        failures.append("a request was escalated twice")
    if failures:
        sys.exit("; ".join(failures))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""HTTP load against the limit: drives `fieldfix serve --demo` over loopback with wrk.

For each backend (SQLite, and PostgreSQL when reachable) it starts the release binary on a
fresh database with the booking limits off, then runs wrk with 64 connections against
booking (POST /api/requests, unique keys and emails, benches/load_book.lua), tracking
(GET /api/track/{token}), slots (GET /api/slots) and candidates (GET
/api/requests/{id}/candidates as a manager). Beside booking and tracking it prints the limit:
the same writes and reads on the same database without HTTP (`fieldfix bench store`).
Figures are medians of --runs runs; every run restarts the server, loads it, stops it and
measures its own limit on the database as it is then.

At full speed the 64 connections keep the server saturated, so latency there is mostly
queueing (the mean is 64 divided by the rate). Each run therefore also measures latency at a
given load: the server is started again and the same 64 connections, each waiting a random
time between its requests (benches/load_pace.lua), offer booking half its limit and tracking
half the rate it was just answered at. Before the paced runs the server first delivers the mail
the earlier load left queued (polled on /metrics), as a server at a steady rate would have.

    cargo build --release
    python3 benches/load.py --seconds 10 --runs 3          # by hand
    python3 benches/load.py --seconds 2 --runs 1 --quick   # CI: a few seconds per backend
"""

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_ADMIN = os.environ.get("FIELDFIX_TEST_PG", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "fieldfix-demo"
# Threads of the limit measurement: as many as the server's pooled connections use at once,
# so the limit is the database's best rate, not that of two callers.
STORE_THREADS = 8
# Lets the bench read the server's /metrics (the outbox depth).
METRICS_TOKEN = "load-bench-metrics"


def call(method, url, body=None, token=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if data is not None:
        req.add_header("content-type", "application/json")
    if token:
        req.add_header("authorization", f"Bearer {token}")
    with urllib.request.urlopen(req, timeout=30) as res:
        return json.loads(res.read())


def start_server(binary, database_url, workdir, extra_env):
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": database_url,
        "FIELDFIX_BIND": "127.0.0.1:0",
        "FIELDFIX_BOOKINGS_PER_HOUR": "0",
        "FIELDFIX_BOOKINGS_PER_CONTACT": "0",
        "FIELDFIX_MAIL_DIR": os.path.join(workdir, "mail"),
        "FIELDFIX_SMS_DIR": os.path.join(workdir, "sms"),
        "FIELDFIX_MAP_TILES": "none",
        "FIELDFIX_METRICS_TOKEN": METRICS_TOKEN,
        "RUST_LOG": "warn",
    })
    env.update(extra_env)
    proc = subprocess.Popen([binary, "serve", "--demo"], env=env, stdout=subprocess.PIPE, text=True)
    deadline = time.time() + 300
    for line in proc.stdout:
        if line.startswith("Serving on "):
            return proc, line.split("Serving on ", 1)[1].strip()
        if time.time() > deadline:
            break
    proc.kill()
    sys.exit("fieldfix serve did not start")


def mail_pending(base):
    """Outbox messages not yet delivered, from the server's /metrics."""
    req = urllib.request.Request(f"{base}/metrics", headers={"authorization": f"Bearer {METRICS_TOKEN}"})
    with urllib.request.urlopen(req, timeout=30) as res:
        text = res.read().decode()
    found = re.search(r'fieldfix_outbox_messages\{status="pending"\} (\d+)', text)
    return int(found.group(1)) if found else 0


def drain_mail(base, timeout=300):
    """Waits until the server has delivered the mail earlier load left queued; returns seconds."""
    started = time.time()
    while mail_pending(base) > 0:
        if time.time() - started > timeout:
            print(f"mail still pending after {timeout} s; measuring anyway", file=sys.stderr)
            break
        time.sleep(0.5)
    return time.time() - started


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def wrk(url, seconds, connections, script=None, headers=(), script_args=()):
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    for h in headers:
        cmd += ["-H", h]
    if script:
        cmd += ["-s", script]
    cmd.append(url)
    if script_args:
        cmd += ["--", *script_args]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = to_ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = to_ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*", out)
    return {"rate": rate, "p50": p50, "p99": p99, "non2xx": int(bad.group(1)) if bad else 0,
            "socket_errors": errors.group(0) if errors else ""}


def store_limit(binary, database_url, seconds, extra_env):
    env = dict(os.environ, DATABASE_URL=database_url, RUST_LOG="warn", **extra_env)
    out = subprocess.run([binary, "bench", "store", "--seconds", str(seconds), "--threads", str(STORE_THREADS)], env=env,
                         capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def pg_reachable():
    return subprocess.run(["psql", PG_ADMIN, "-qAtc", "SELECT 1"], capture_output=True).returncode == 0


def measure(backend, args, binary, workdir):
    extra_env = {}
    if backend == "sqlite":
        database_url = f"sqlite://{os.path.join(workdir, 'load.db')}"
        if args.sqlite_synchronous:
            extra_env["FIELDFIX_SQLITE_SYNCHRONOUS"] = args.sqlite_synchronous
    else:
        dbname = f"fieldfix_load_{os.getpid()}"
        subprocess.run(["psql", PG_ADMIN, "-qc", f"CREATE DATABASE {dbname}"], check=True)
        # Server and database share this machine: by default without TLS, as a deployment on
        # one host would connect (--pg-tls measures with the driver's default, TLS when offered).
        database_url = PG_ADMIN.rsplit("/", 1)[0] + "/" + dbname + ("" if args.pg_tls else "?sslmode=disable")
    runs, limits, drained, behind = {}, {"booking": [], "tracking": []}, [], []
    try:
        for _ in range(args.runs):
            proc, base = start_server(binary, database_url, workdir, extra_env)
            try:
                booked = call("POST", f"{base}/api/requests", json.loads(booking_json(f"setup-{time.time_ns()}")))
                token = booked["tracking_url"].rsplit("/", 1)[1]
                manager = call("POST", f"{base}/api/auth/login",
                               {"email": "manager1@demo.fieldfix.test", "password": PASSWORD})["token"]
                script = os.path.join(ROOT, "benches", "load_book.lua")
                scenarios = [
                    ("booking", f"{base}/api/requests", script, ()),
                    ("tracking", f"{base}/api/track/{token}", None, ()),
                    ("slots", f"{base}/api/slots?lat=30.275&lon=120.13&skill=plumbing&days=2", None, ()),
                    ("candidates", f"{base}/api/requests/{booked['id']}/candidates", None,
                     (f"Authorization: Bearer {manager}",)),
                ]
                for name, url, lua, headers in scenarios:
                    runs.setdefault(name, []).append(wrk(url, args.seconds, args.connections, lua, headers))
            finally:
                proc.terminate()
                proc.wait(timeout=60)
            # The limit: the same work on the same database, the server stopped.
            limit = store_limit(binary, database_url, args.seconds, extra_env)
            limits["booking"].append(limit["booking_per_s"])
            limits["tracking"].append(limit["tracking_per_s"])
            # Latency at a given load rather than at saturation: the same 64 connections,
            # each waiting a random time between its requests (benches/load_pace.lua), offer
            # booking half its limit and tracking half the rate it was answered at just now.
            paced = [("booking", PACED_BOOKING, "load_book.lua", ("paced", think_ms(args, limit["booking_per_s"] / 2))),
                     ("tracking", PACED_TRACKING, "load_paced_get.lua", (think_ms(args, runs["tracking"][-1]["rate"] / 2),))]
            proc, base = start_server(binary, database_url, workdir, extra_env)
            try:
                # The saturated run and the limit left thousands of mails queued; at a steady
                # rate the mail job only keeps up with new ones, so the backlog goes first.
                drained.append(drain_mail(base))
                for name, label, lua, script_args in paced:
                    url = f"{base}/api/requests" if name == "booking" else f"{base}/api/track/{token}"
                    result = wrk(url, args.seconds, args.connections, os.path.join(ROOT, "benches", lua), (), script_args)
                    result["offered"] = args.connections * 1000 / float(script_args[-1])
                    if name == "booking":
                        # Mail the server had not yet delivered when the paced bookings
                        # stopped: a worker that keeps up leaves about one poll's worth.
                        behind.append(mail_pending(base))
                    runs.setdefault(label, []).append(result)
            finally:
                proc.terminate()
                proc.wait(timeout=60)
    finally:
        if backend == "postgres":
            subprocess.run(["psql", PG_ADMIN, "-qc", f"DROP DATABASE IF EXISTS {dbname} WITH (FORCE)"])
    print(f"{backend}: the mail backlog before the paced runs took {statistics.median(drained):.0f} s to deliver",
          file=sys.stderr)
    queued = statistics.median(r["rate"] for r in runs[PACED_BOOKING]) * args.seconds * MAILS_PER_BOOKING
    print(f"{backend}: mail not yet delivered when the paced bookings stopped: {statistics.median(behind):.0f} "
          f"of about {queued:.0f} queued during the run", file=sys.stderr)
    rows = []
    for name, results in runs.items():
        med = lambda key: statistics.median(r[key] for r in results)
        limit = statistics.median(limits[name]) if name in limits else None
        if name in (PACED_BOOKING, PACED_TRACKING):
            name = f"{name} (offered {med('offered'):.0f}/s)"
        rows.append((backend, name, med("rate"), med("p50"), med("p99"), limit,
                     sum(r["non2xx"] for r in results), results[0]["socket_errors"]))
    return rows


PACED_BOOKING = "booking, paced at half the limit"
# A booking queues the customer's confirmation and one offer to each of three technicians.
MAILS_PER_BOOKING = 4
PACED_TRACKING = "tracking, paced at half the rate above"


def think_ms(args, rate):
    """The mean wait between a connection's requests that makes all of them offer `rate`/s."""
    return f"{args.connections * 1000 / max(rate, 1.0):.1f}"


def booking_json(unique):
    return json.dumps({
        "customer": {"name": f"Load {unique}", "email": f"load-{unique}@example.com", "phone": "+86 138 0571 0000"},
        "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "purchased_on": "2026-03-01"},
        "problem": "The kitchen faucet sprays water everywhere.", "skill": "plumbing",
        "address": "12 Wensan Road, Hangzhou", "location": {"lat": 30.275, "lon": 120.13}, "window": None})


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--backends", default="sqlite,postgres")
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "fieldfix"))
    parser.add_argument("--sqlite-synchronous", choices=["full", "normal"])
    parser.add_argument("--pg-tls", action="store_true",
                        help="connect to PostgreSQL with the driver's default sslmode (TLS when the server offers it)")
    parser.add_argument("--quick", action="store_true", help="CI: fail on any non-2xx answer, print the table")
    args = parser.parse_args()
    rows = []
    for backend in args.backends.split(","):
        if backend == "postgres" and not pg_reachable():
            print("PostgreSQL unreachable: skipping its run", file=sys.stderr)
            continue
        with tempfile.TemporaryDirectory(prefix="fieldfix_load_") as workdir:
            rows += measure(backend, args, args.binary, workdir)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"{args.connections} connections, {args.seconds} s per run, medians of {args.runs} run(s); "
          f"limit with {STORE_THREADS} threads; load average at the end {load} on {os.cpu_count()} cores")
    print("| backend | scenario | requests/s | p50 ms | p99 ms | limit /s | ratio to limit | non-2xx |")
    print("| --- | --- | --- | --- | --- | --- | --- | --- |")
    for backend, name, rate, p50, p99, limit, bad, errors in rows:
        lim = f"{limit:.0f}" if limit else "–"
        ratio = f"{rate / limit:.2f}" if limit else "–"
        print(f"| {backend} | {name} | {rate:.0f} | {p50:.1f} | {p99:.1f} | {lim} | {ratio} | {bad} |")
        if errors:
            print(f"  ({name}: {errors})", file=sys.stderr)
    if args.quick and any(r[6] for r in rows):
        sys.exit("some answers were not 2xx")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Peak memory of a fieldfix server while photo "bombs" are sent to it.

Starts the server binary on a fresh SQLite file with the demo city, makes the bomb files
itself (standard library only), sends them as security issue 30 describes, and reads the
server's peak resident memory (VmHWM in /proc/PID/status) after each round:

  1. an 11,000 x 11,000 PNG (about 0.4 MB) with an EXIF rotation;
  2. a 12,000 x 12,000 JPEG (about 1.7 MB);
  3. six truncated bombs and 120 garbage "JPEGs" of 10 MB at once, on one tracking link;
  4. ten parallel valid uploads (4000 x 3000 JPEG) on one tracking link;
  5. 120 garbage "JPEGs" of 10 MB at once, each on its own tracking link (the queue);
  6. the largest photos taken, two at once: an 8160 x 6120 JPEG (50 MP) and a
     7000 x 7000 RGBA PNG with an EXIF rotation (49 MP, 196 MB decoded).

Usage: scripts/photo_bombs.py [--binary target/debug/fieldfix] [--port 18089]
"""

import argparse
import http.client
import json
import os
import struct
import subprocess
import sys
import tempfile
import threading
import time
import zlib

MB = 1024 * 1024


def chunk(kind, data):
    body = kind + data
    return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body) & 0xFFFFFFFF)


def exif_rotated():
    """A big-endian TIFF block whose one tag is Orientation = 6 (turn 90 degrees clockwise)."""
    return b"MM\x00\x2a\x00\x00\x00\x08" + struct.pack(">HHHIHHI", 1, 0x0112, 3, 1, 6, 0, 0)


def png(width, height, channels, rotated):
    color = {3: 2, 4: 6}[channels]
    out = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, color, 0, 0, 0))
    if rotated:
        out += chunk(b"eXIf", exif_rotated())
    packer = zlib.compressobj(9)
    row = b"\x00" + bytes(width * channels)
    parts = [packer.compress(row) for _ in range(height)]
    data = b"".join(parts) + packer.flush()
    for start in range(0, len(data), MB):
        out += chunk(b"IDAT", data[start:start + MB])
    return out + chunk(b"IEND", b"")


def jpeg(width, height):
    """A baseline colour JPEG whose every coefficient is zero: two bits a block."""
    dqt = b"\xff\xdb" + struct.pack(">H", 67) + b"\x00" + bytes([1] * 64)
    sof = b"\xff\xc0" + struct.pack(">HBHHB", 17, 8, height, width, 3) + b"\x01\x11\x00\x02\x11\x00\x03\x11\x00"
    one_code = bytes([1] + [0] * 15)
    dht = b"\xff\xc4" + struct.pack(">H", 2 + 2 * 18) + b"\x00" + one_code + b"\x00" + b"\x10" + one_code + b"\x00"
    sos = b"\xff\xda" + struct.pack(">HB", 12, 3) + b"\x01\x00\x02\x00\x03\x00" + b"\x00\x3f\x00"
    blocks = ((width + 7) // 8) * ((height + 7) // 8) * 3
    bits = blocks * 2
    data = bytes(bits // 8) + (b"\x3f" if bits % 8 else b"")
    return b"\xff\xd8" + dqt + sof + dht + sos + data + b"\xff\xd9"


def request(port, method, path, body=b"", content_type="application/json"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=600)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": content_type})
        res = conn.getresponse()
        return res.status, res.read()
    except (ConnectionError, http.client.HTTPException) as e:
        return f"closed ({type(e).__name__})", b""
    finally:
        conn.close()


def book(port, n):
    booking = {
        "customer": {"name": "Bomb Tester", "email": f"bombs{n}@example.com", "phone": "+86 138 0571 0000"},
        "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "purchased_on": "2026-03-01"},
        "problem": "The kitchen faucet sprays water everywhere since it was installed.",
        "skill": "plumbing",
        "address": "12 Wensan Road, Xihu District, Hangzhou",
        "location": {"lat": 30.275, "lon": 120.13},
        "window": None,
    }
    status, body = request(port, "POST", "/api/requests", json.dumps(booking).encode())
    assert status == 201, (status, body)
    return json.loads(body)["tracking_url"].rsplit("/", 1)[1]


def upload_all(port, token, bodies):
    """Sends every body at once to one tracking link; answers the statuses, counted."""
    statuses = []
    lock = threading.Lock()

    def send(body):
        status, _ = request(port, "POST", f"/api/track/{token}/photos", body, "image/jpeg")
        with lock:
            statuses.append(status)

    threads = [threading.Thread(target=send, args=(b,)) for b in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    counts = {}
    for s in statuses:
        counts[s] = counts.get(s, 0) + 1
    return dict(sorted(counts.items(), key=str))


def memory(pid):
    fields = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            key, _, value = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                fields[key] = int(value.split()[0]) // 1024
    return fields


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", default=os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "debug", "fieldfix"))
    parser.add_argument("--port", type=int, default=18089)
    args = parser.parse_args()

    print("making the bombs ...", flush=True)
    png_bomb = png(11_000, 11_000, 3, rotated=True)
    jpeg_bomb = jpeg(12_000, 12_000)
    largest_jpeg = jpeg(8160, 6120)
    largest_png = png(7000, 7000, 4, rotated=True)
    valid = jpeg(4000, 3000)
    garbage = b"\xff\xd8\xff" + os.urandom(10 * 1000 * 1000 - 3)
    truncated = [b[: len(b) // 2] for b in (png_bomb, jpeg_bomb, largest_jpeg, largest_png, png_bomb, jpeg_bomb)]
    print(f"  PNG 11000^2 with EXIF rotation: {len(png_bomb) / 1e6:.2f} MB; JPEG 12000^2: {len(jpeg_bomb) / 1e6:.2f} MB")

    work = tempfile.mkdtemp(prefix="fieldfix-bombs-")
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite://{work}/bombs.db",
        "FIELDFIX_BIND": f"127.0.0.1:{args.port}",
        "FIELDFIX_MAIL_DIR": f"{work}/mail",
        "FIELDFIX_BOOKINGS_PER_HOUR": "0",
        "FIELDFIX_BOOKINGS_PER_CONTACT": "0",
        "RUST_LOG": "error",
    })
    server = subprocess.Popen([args.binary, "serve", "--demo"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while request(args.port, "GET", "/readyz")[0] != 200:
            if time.monotonic() > deadline or server.poll() is not None:
                sys.exit("the server did not start")
            time.sleep(0.2)
        rounds = [
            ("PNG 11000^2, EXIF rotation", [png_bomb]),
            ("JPEG 12000^2", [jpeg_bomb]),
            ("6 truncated + 120 x 10 MB garbage, one link", truncated + [garbage] * 120),
            ("10 parallel valid 4000x3000, one link", [valid] * 10),
        ]
        print(f"{'round':<48} {'answers':<40} {'peak RSS (VmHWM)':>17} {'RSS after':>10}")
        print(f"{'idle, demo loaded':<48} {'':<40} {memory(server.pid)['VmHWM']:>14} MB {memory(server.pid)['VmRSS']:>7} MB")
        for n, (name, bodies) in enumerate(rounds):
            answers = upload_all(args.port, book(args.port, n), bodies)
            m = memory(server.pid)
            print(f"{name:<48} {str(answers):<40} {m['VmHWM']:>14} MB {m['VmRSS']:>7} MB", flush=True)
        tokens = [book(args.port, 100 + n) for n in range(120)]
        answers = {}
        lock = threading.Lock()

        def garbage_on(token):
            got = upload_all(args.port, token, [garbage])
            with lock:
                for status, count in got.items():
                    answers[status] = answers.get(status, 0) + count

        threads = [threading.Thread(target=garbage_on, args=(t,)) for t in tokens]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        m = memory(server.pid)
        name = "120 x 10 MB garbage at once, one link each"
        print(f"{name:<48} {str(dict(sorted(answers.items(), key=str))):<40} {m['VmHWM']:>14} MB {m['VmRSS']:>7} MB", flush=True)
        answers = {}
        threads = []
        for n, body in enumerate([largest_jpeg, largest_png]):
            token = book(args.port, 10 + n)
            t = threading.Thread(target=lambda t=token, b=body, n=n: answers.update({n: upload_all(args.port, t, [b])}))
            threads.append(t)
            t.start()
        for t in threads:
            t.join()
        m = memory(server.pid)
        name = "largest taken at once: JPEG 50 MP + PNG 49 MP RGBA"
        print(f"{name:<48} {str(list(answers.values())):<40} {m['VmHWM']:>14} MB {m['VmRSS']:>7} MB")
    finally:
        server.terminate()
        server.wait()


if __name__ == "__main__":
    main()

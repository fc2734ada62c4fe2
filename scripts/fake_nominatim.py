#!/usr/bin/env python3
"""A geocoder speaking Nominatim's search API for the fuzz run (scripts/fuzz_api.sh): every
address is found at the demo city's door in Hangzhou, except one holding "nowhere" (none
found). Prints the port it listens on, then serves until killed."""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

DOOR = [{"place_id": 1, "lat": "30.2750", "lon": "120.1300", "display_name": "文三路, 西湖区, 杭州市, 浙江省, 中国"}]


class Search(BaseHTTPRequestHandler):
    def do_GET(self):
        url = urlparse(self.path)
        q = parse_qs(url.query).get("q", [""])[0]
        found = [] if "nowhere" in q else DOOR
        body = json.dumps(found).encode() if url.path == "/search" else b"{}"
        self.send_response(200 if url.path == "/search" else 404)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Search)
print(server.server_address[1], flush=True)
sys.stdout.close()
server.serve_forever()

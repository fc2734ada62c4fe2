#!/usr/bin/env bash
# Schemathesis against `fieldfix serve --demo`, once per role (anonymous, customer, technician,
# manager, admin) with a session it cannot end (logout is left out): no answer may be a 5xx,
# and every answer must match the document (status code, content type, schema, headers; a
# method an address does not take gets 405).
# Usage: scripts/fuzz_api.sh [path of the fieldfix binary]   (needs `pip install schemathesis`)
set -euo pipefail
BIN=${1:-target/debug/fieldfix}
WORK=$(mktemp -d)
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$WORK"' EXIT
export DATABASE_URL="sqlite://$WORK/fuzz.db" FIELDFIX_MAIL_DIR="$WORK/mail" RUST_LOG=warn \
  FIELDFIX_BOOKINGS_PER_HOUR=0 FIELDFIX_BOOKINGS_PER_CONTACT=0 FIELDFIX_BIND=127.0.0.1:0
"$BIN" migrate >/dev/null
"$BIN" user add --role customer --email fuzz.customer@example.com --name "Fuzz Customer" \
  --password fieldfix-demo >/dev/null
"$BIN" serve --demo >"$WORK/serve.log" 2>"$WORK/serve.err" &
SERVER=$!
for _ in $(seq 1 600); do
  grep -q '^Serving on ' "$WORK/serve.log" && break
  sleep 0.2
done
API=$(sed -n 's/^Serving on //p' "$WORK/serve.log")
[ -n "$API" ] || { echo "fieldfix did not start"; cat "$WORK/serve.log"; exit 1; }
login() {
  python3 - "$API" "$1" <<'PY'
import json, sys, urllib.request
req = urllib.request.Request(f"{sys.argv[1]}/api/auth/login", method="POST",
                             data=json.dumps({"email": sys.argv[2], "password": "fieldfix-demo"}).encode(),
                             headers={"content-type": "application/json"})
print(json.load(urllib.request.urlopen(req, timeout=30))["token"])
PY
}
for who in anonymous fuzz.customer@example.com tech01@demo.fieldfix.test manager1@demo.fieldfix.test \
  admin@demo.fieldfix.test; do
  auth=()
  [ "$who" = anonymous ] || auth=(-H "Authorization: Bearer $(login "$who")")
  echo "== schemathesis as $who"
  # From the scratch folder, where Schemathesis keeps its cache.
  (cd "$WORK" && schemathesis run "$API/api/openapi.json" --url "$API" "${auth[@]}" \
    --exclude-path /api/auth/logout --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method \
    --phases coverage,fuzzing \
    --max-examples 20 --workers 1 --seed 1 --warnings off)
done

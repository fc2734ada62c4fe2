#!/usr/bin/env bash
# Schemathesis against `fieldfix serve --demo`, once per role (anonymous, customer, technician,
# manager, admin) with a session it cannot end (logout is left out): no answer may be a 5xx,
# and every answer must match the document (status code, content type, schema, headers; a
# method an address does not take gets 405; a request the document calls valid is not refused
# with 400 or 422), and every operation gets a 2xx in some role's run (fuzz_coverage.py).
# Usage: scripts/fuzz_api.sh [path of the fieldfix binary]   (needs `pip install schemathesis`)
set -euo pipefail
BIN=${1:-target/debug/fieldfix}
WORK=$(mktemp -d)
SERVER="" GEOCODER=""
# The server is waited for before its folders go: it may still be writing mail.
trap 'kill "$SERVER" "$GEOCODER" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$WORK"' EXIT
HERE=$(cd "$(dirname "$0")" && pwd)
# A Nominatim-shaped geocoder, so bookings by address alone and GET /api/geocode answer.
python3 "$HERE/fake_nominatim.py" >"$WORK/geocoder.port" &
GEOCODER=$!
for _ in $(seq 1 100); do
  [ -s "$WORK/geocoder.port" ] && break
  sleep 0.1
done
export FIELDFIX_GEOCODER_URL="http://127.0.0.1:$(cat "$WORK/geocoder.port")"
export DATABASE_URL="sqlite://$WORK/fuzz.db" FIELDFIX_MAIL_DIR="$WORK/mail" FIELDFIX_SMS_DIR="$WORK/sms" RUST_LOG=warn \
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
# Requests, visits, offers, photos and tokens in the states the operations need, pinned per
# role in WORK/<role>.toml; the role's session in WORK/<role>.token.
python3 "$HERE/fuzz_setup.py" "$API" "$WORK"
curl -sf "$API/api/openapi.json" >"$WORK/openapi.json"
failed=()
reports=()
for role in anonymous customer technician manager admin; do
  auth=()
  [ "$role" = anonymous ] || auth=(-H "Authorization: Bearer $(cat "$WORK/$role.token")")
  echo "== schemathesis as $role"
  started=$SECONDS
  # From the scratch folder, where Schemathesis keeps its cache.
  (cd "$WORK" && schemathesis --config-file "$WORK/$role.toml" run "$API/api/openapi.json" --url "$API" "${auth[@]}" \
    --exclude-path /api/auth/logout \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance,unsupported_method,positive_data_acceptance,negative_data_rejection \
    --phases examples,coverage,fuzzing --report har --report-har-path "$WORK/$role.har" \
    --max-examples 20 --workers 1 --seed 1 --warnings off) || failed+=("$role")
  echo "== $role: $((SECONDS - started)) s"
  reports+=("$role=$WORK/$role.har")
done
# Every operation must have been answered 2xx in some role's run.
python3 "$HERE/fuzz_coverage.py" "$WORK/openapi.json" "${reports[@]}" || failed+=("2xx coverage")
[ ${#failed[@]} -eq 0 ] || { echo "failed: ${failed[*]}"; exit 1; }

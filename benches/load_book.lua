-- wrk script: POST /api/requests with a unique Idempotency-Key and customer email per request.
-- `wrk ... -- TAG MS` paces each connection: it waits a random time averaging MS ms after
-- every answer before it books again (see benches/load_pace.lua).
package.path = package.path .. ";" .. debug.getinfo(1, "S").source:match("^@(.*/)") .. "?.lua"
require("load_pace")
local counter = 0
local threads = 0
-- An optional tag (`wrk ... -- TAG`) keeps the keys of two wrk processes apart.
local tag = ""

function init(args)
  tag = args[1] or ""
  pace(args[2])
end

function setup(thread)
  threads = threads + 1
  thread:set("prefix", string.format("%d-%d", os.time(), threads))
end

function request()
  counter = counter + 1
  local unique = string.format("%s%s-%d", tag, prefix, counter)
  local body = string.format(
    '{"customer": {"name": "Load %s", "email": "load-%s@example.com", "phone": "+86 138 0571 0000"},' ..
    ' "product": {"category": "faucet", "brand": "Jiumu", "model": "K-2031", "purchased_on": "2026-03-01"},' ..
    ' "problem": "The kitchen faucet sprays water everywhere.", "skill": "plumbing",' ..
    ' "address": "12 Wensan Road, Hangzhou", "location": {"lat": 30.275, "lon": 120.13}, "window": null}',
    unique, unique)
  local headers = {["Content-Type"] = "application/json", ["Idempotency-Key"] = "load-" .. unique}
  return wrk.format("POST", "/api/requests", headers, body)
end

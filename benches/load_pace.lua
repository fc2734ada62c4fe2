-- Pacing for wrk scripts: pace(ms) makes every connection wait a random time, exponential
-- with a mean of `ms` milliseconds, after each answer before it sends the next request, so
-- that 64 connections offer about 64 * 1000 / ms requests per second instead of as many as
-- the server can answer. wrk times a request from its sending, so waiting is not latency.
-- Without `ms` (or with 0) there is no wait: wrk's usual closed loop at full speed.
function pace(ms)
  local mean = tonumber(ms or "")
  if mean and mean > 0 then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6))
    delay = function()
      -- At most five means: one very long wait would idle its connection for the run.
      return math.min(-math.log(1 - math.random()) * mean, 5 * mean)
    end
  end
end

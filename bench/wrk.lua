-- Request shape for wrk, from the environment the benchmark sets; prints one result line.
-- BENCH_METHOD=MIX alternates a POST to BENCH_SAVE_PATH with a GET of the measured path.
local method = os.getenv("BENCH_METHOD") or "GET"
local body = os.getenv("BENCH_BODY")
local save_path = os.getenv("BENCH_SAVE_PATH")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
-- As a browser asks: compressed pages.
wrk.headers["Accept-Encoding"] = "gzip"

local turn = 0
function request()
  if method == "MIX" then
    turn = turn + 1
    if turn % 2 == 1 then
      return wrk.format("POST", save_path, nil, body)
    end
    return wrk.format("GET", wrk.path)
  end
  return wrk.format(method, wrk.path, nil, body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format(
    "RESULT p50_us=%d p95_us=%d rps=%.1f requests=%d bad=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests / seconds,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  ))
end

-- Request shape for wrk, from the environment the benchmark sets; prints one result line.
wrk.method = os.getenv("BENCH_METHOD") or "GET"
wrk.body = os.getenv("BENCH_BODY")
wrk.headers["Cookie"] = os.getenv("BENCH_COOKIE") or ""
wrk.headers["X-CSRFToken"] = os.getenv("BENCH_CSRF") or ""
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"

function done(summary, latency, requests)
  local seconds = summary.duration / 1000000
  io.write(string.format(
    "RESULT p50_us=%d p95_us=%d rps=%.1f requests=%d bad=%d\n",
    latency:percentile(50), latency:percentile(95), summary.requests / seconds,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
      + summary.errors.write + summary.errors.timeout
  ))
end

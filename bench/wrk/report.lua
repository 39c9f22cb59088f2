-- wrk script: one machine-readable RESULT line per run (latencies in microseconds), read by bench/run.sh.
-- With an argument (wrk ... -s report.lua URL -- DELAY_MS), each connection waits DELAY_MS between requests:
-- a fixed offered rate of connections * 1000 / DELAY_MS requests per second (wrk2 is not packaged by Debian).
-- (wrk looks for delay() after init() ran, so defining it here only when asked keeps plain runs unpaced.)
init = function(args)
  if args[1] ~= nil then
    local pause = tonumber(args[1])
    delay = function()
      return pause
    end
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d duration_us=%d rps=%.1f p50_us=%d p90_us=%d p99_us=%d p999_us=%d max_us=%d " ..
    "socket_errors=%d non2xx=%d\n",
    summary.requests, summary.duration, summary.requests / summary.duration * 1e6,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency:percentile(99.9),
    latency.max, e.connect + e.read + e.write + e.timeout, e.status))
end

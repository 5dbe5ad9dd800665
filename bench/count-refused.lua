-- wrk: counts the answers refused for the rate limit (429) across every thread, printed as "refused N" at the end,
-- so scripts/cluster can tell "accepted by the limits" (any other status) from "refused by them".
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) refused = 0 end
function response(status, headers, body) if status == 429 then refused = refused + 1 end end
function done(summary, latency, requests)
    local n = 0
    for _, thread in ipairs(threads) do n = n + thread:get("refused") end
    io.write(string.format("requests %d refused %d seconds %.3f\n", summary.requests, n, summary.duration / 1e6))
end

-- wrk: cycles through the signed calls of the file named by $REQUESTS (lines "<path>\t<signature>\t<body>", written by
-- `receptionist loadtest --presign`), each thread from its own offset, and counts the answers that say "ok":true,
-- so a run shows it measured what it meant to (free times answered free, taken ones refused).
local threads, counter = {}, 0
function setup(thread)
    thread:set("offset", counter)
    counter = counter + 1
    table.insert(threads, thread)
end
function init(args)
    requests, n, oks, answers = {}, 0, 0, 0
    for line in io.lines(os.getenv("REQUESTS")) do
        local path, signature, body = line:match("^([^\t]+)\t([^\t]+)\t(.*)$")
        if path then
            table.insert(requests, wrk.format("POST", path,
                { ["Content-Type"] = "application/json", ["x-retell-signature"] = signature }, body))
        end
    end
    n = (offset * 7919) % #requests
end
function request()
    n = n % #requests + 1
    return requests[n]
end
function response(status, headers, body)
    answers = answers + 1
    if status == 200 and body:find('"ok":true', 1, true) then oks = oks + 1 end
end
function done(summary, latency, requests)
    local ok, all = 0, 0
    for _, thread in ipairs(threads) do ok = ok + thread:get("oks"); all = all + thread:get("answers") end
    io.write(string.format("wrk: %d answers in %.3f s, %d ok:true, %d errors; p50 %.2f ms p99 %.2f ms\n",
        all, summary.duration / 1e6, ok, summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
        latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end

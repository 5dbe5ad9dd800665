# Sourced by `scripts/loadtest wrk` once its server is ready ($bin, $url, $port, $server, $callers, $seconds, $out):
# the call path measured from an outside generator. wrk (Debian) replays calls signed just before each run
# (`receptionist loadtest --presign`, bench/wrk-presigned.lua); pgbench runs the same statements
# (bench/check-availability.sql, create-booking.sql, find-, modify-, cancel-booking.sql) for the same time at the
# same concurrency; the server's CPU per call is its process's CPU time over the run divided by the calls answered.
bash scripts/need.sh --lean wrk wrk
ticks=$(getconf CLK_TCK)
cpu() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
export PLATFORM_ADMIN_KEY=${PLATFORM_ADMIN_KEY:-$(cat .local/platform-admin.key)}

# Eight restaurants (capacity 80, 11:00–23:00), each with about 700 bookings in its next four weeks (a busy hour of
# phone bookings), and 19:00 on days 3–9 full (ten tables of eight), which check-full asks about.
"$bin" loadtest --url "http://127.0.0.1:$port" --businesses 8 --setup-only | sort > "$out/businesses.txt"
pairs=$(paste -sd, "$out/businesses.txt")
psql -q "$url" -c "
    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, pii, customer_phone_bidx, source)
    SELECT b.id, 'pop-' || g, 'CONFIRMED', t, t + interval '90 minutes', 2 + g % 3, decode(md5(g::text), 'hex'), md5(g::text), 'phone'
    FROM businesses b, generate_series(1, 700) g,
         LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'America/New_York')
                          + make_interval(days => 1 + g % 28, mins => 660 + 15 * (g % 37))) AT TIME ZONE 'America/New_York' AS t) x
    WHERE b.slug LIKE 'load-%'" -c "
    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, pii, customer_phone_bidx, source)
    SELECT b.id, 'full-' || d || '-' || k, 'CONFIRMED', t, t + interval '90 minutes', 8, decode(md5(k::text), 'hex'), md5(k::text), 'phone'
    FROM businesses b, generate_series(3, 9) d, generate_series(1, 10) k,
         LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'America/New_York')
                          + make_interval(days => d, mins => 19 * 60)) AT TIME ZONE 'America/New_York' AS t) x
    WHERE b.slug LIKE 'load-%'" -c "VACUUM ANALYZE"
: > "$out/wrk-summary.txt"
echo "== the call path from wrk: $callers connections for $seconds s each, calls signed beforehand; pgbench on the same statements"
echo "   (release build, $(nproc) cores; server (no worker pool), database, wrk and pgbench on the same machine)"

# KIND BUSINESSES CONNECTIONS PGBENCH-SCRIPT [-D VARIABLES…]: one wrk run and one pgbench run; prints a line.
run() {
    local kind=$1 businesses=$2 conns=$3 script=$4 name=$1-$3; shift 4
    # LOADTEST_ONLY="check-free-32 check-full-1 …": only these runs (a quick before/after of one kind; find, modify and
    # cancel work on copies of a booking a create made, so name create-32 with them).
    case " ${LOADTEST_ONLY:-$name} " in *" $name "*) ;; *) return 0;; esac
    local named=() count=40000
    case $kind in find|modify|cancel) named=(--codes "$out/codes.txt");; esac
    # Each booking cancelled once (there are copies for 800 cancels a second): a line past the last would be a replay.
    [ "$kind" = cancel ] && count=$(wc -l < "$out/codes.txt")
    "$bin" loadtest --presign "${kind%-rush}" --business-ids "$businesses" --count "$count" "${named[@]}" --out "$out/$name.txt"
    local before; before=$(cpu)
    REQUESTS="$out/$name.txt" wrk -t1 -c"$conns" -d"${seconds}s" -s bench/wrk-presigned.lua "http://127.0.0.1:$port" > "$out/wrk-$name.txt"
    local used=$(( $(cpu) - before ))
    local line; line=$(grep '^wrk: ' "$out/wrk-$name.txt")
    local answers secs oks errors p50 p99
    read -r answers secs oks errors p50 p99 < <(echo "$line" | sed -E 's/wrk: ([0-9]+) answers in ([0-9.]+) s, ([0-9]+) ok:true, ([0-9]+) errors; p50 ([0-9.]+) ms p99 ([0-9.]+) ms/\1 \2 \3 \4 \5 \6/')
    local bench; bench=$(pgbench -n -M extended -f "$script" -D biz="${first%%=*}" "$@" -c "$conns" -j "$(nproc)" -T "$seconds" "$url" 2>&1)
    local tps lat
    tps=$(echo "$bench" | sed -n 's/^tps = \([0-9.]*\).*/\1/p'); lat=$(echo "$bench" | sed -n 's/^latency average = \([0-9.]*\) ms/\1/p')
    python3 - "$kind" "$conns" "$answers" "$secs" "$oks" "$errors" "$p50" "$p99" "$used" "$ticks" "$tps" "$lat" <<'PY' | tee -a "$out/wrk-summary.txt"
import sys
kind, conns, answers, secs, oks, errors, p50, p99, used, ticks, tps, lat = sys.argv[1:]
answers, secs, oks, errors, used, ticks, tps = int(answers), float(secs), int(oks), int(errors), int(used), int(ticks), float(tps)
rate = answers / secs
# Answers other than 200 (a limit, an error) would make the rate meaningless: said on the line.
print(f"{kind:12s} {int(conns):3d} conn: {rate:7.1f} calls/s ({oks} ok:true of {answers}, {errors} not 200), p50 {float(p50):.2f} ms p99 {float(p99):.2f} ms, "
      f"server CPU {1000 * used / ticks / max(answers, 1):.3f} ms/call | pgbench {tps:7.1f} tps, {float(lat):.2f} ms | {100 * rate / tps:.0f}% of pgbench")
PY
}
first=$(head -1 "$out/businesses.txt")
free=(-D first=1 -D last=28 -D answer=38 -D ok=true)
taken=(-D first=3 -D last=9 -D answer=50 -D ok=false)
run check-free "$pairs" "$callers" bench/check-availability.sql "${free[@]}"
run check-full "$pairs" "$callers" bench/check-availability.sql "${taken[@]}"
run create "$pairs" "$callers" bench/create-booking.sql -D spread=8
run create-rush "$first" "$callers" bench/create-booking.sql -D spread=1
# Bookings to find, move and cancel: copies, on days 30-89 (within the 90 days the businesses book ahead), of a
# booking each business's creates made (its personal fields are sealed for that business), with new codes in
# `ConfirmationCode.alphabet`, enough that each cancel cancels a booking once. `pgbench_codes` numbers them in a
# random order with their local day's start: wrk names the odd rows, pgbench walks the even ones through a sequence,
# picking each inside its first statement (the same round trips as the server; a primary-key read more).
psql -q "$url" -c "
    INSERT INTO bookings (business_id, confirmation_code, status, starts_at, ends_at, party_size, customer_name, pii,
                          customer_phone_bidx, search_tokens, options, source, call_id)
    SELECT s.business_id,
           'Z' || (SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', (g / (31 ^ i)::int) % 31 + 1, 1), '' ORDER BY i)
                   FROM generate_series(0, 4) i),
           'CONFIRMED', t, t + interval '90 minutes', 2, s.customer_name, s.pii, s.customer_phone_bidx, s.search_tokens,
           '{}'::jsonb, 'phone', 'call_copy'
    FROM (SELECT DISTINCT ON (business_id) * FROM bookings WHERE call_id LIKE 'call_wrk_%' ORDER BY business_id, created_at) s,
         generate_series(1, $(( seconds * 200 ))) g,
         LATERAL (SELECT (date_trunc('day', now() AT TIME ZONE 'America/New_York')
                          + make_interval(days => 30 + g % 60, mins => 660 + 15 * (g / 60 % 40))) AT TIME ZONE 'America/New_York' AS t) x
    ON CONFLICT (business_id, confirmation_code) DO NOTHING" -c "DROP TABLE IF EXISTS pgbench_codes" -c "
    CREATE TABLE pgbench_codes AS
    SELECT row_number() OVER (ORDER BY random())::int AS n, business_id, confirmation_code AS code,
           date_trunc('day', starts_at AT TIME ZONE 'America/New_York') AT TIME ZONE 'America/New_York' AS day_start
    FROM bookings WHERE call_id = 'call_copy'" -c "ALTER TABLE pgbench_codes ADD PRIMARY KEY (n)" -c "VACUUM ANALYZE"
psql -tA "$url" -c "SELECT business_id || ' ' || code FROM pgbench_codes WHERE n % 2 = 1 ORDER BY n" > "$out/codes.txt"
codes=(-D half="$(psql -tA "$url" -c "SELECT count(*) FROM pgbench_codes WHERE n % 2 = 0")")
# Each pgbench run walks its half from the start.
next() { psql -q "$url" -c "DROP SEQUENCE IF EXISTS pgbench_next" -c "CREATE SEQUENCE pgbench_next"; }
next; run find "$pairs" "$callers" bench/find-booking.sql "${codes[@]}"
next; run modify "$pairs" "$callers" bench/modify-booking.sql "${codes[@]}"
next; run cancel "$pairs" "$callers" bench/cancel-booking.sql "${codes[@]}"
echo "== one caller at a time (latency, not throughput)"
run check-free "$pairs" 1 bench/check-availability.sql "${free[@]}"
run check-full "$pairs" 1 bench/check-availability.sql "${taken[@]}"
echo "summary: $out/wrk-summary.txt; wrk's output: $out/wrk-*.txt"

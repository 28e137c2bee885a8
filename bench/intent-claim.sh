#!/usr/bin/env bash
# The payment intent claim against the size of the backlog: the claim statement before V17 (one index over every open
# intent, read and sorted) and today's (one index per kind, in claim order), each on a copy of the intent table holding
# N due intents (a tenth authorizations) and four times as many done, N = 100, 1000, 10000, 50000. Each claim asks for
# 8 intents, as a runner with every call slot free does, on a generic plan as a server-prepared statement runs.
# Prints each claim's execution time and buffers. Starts a PostgreSQL of its own on a spare port (the stack's engine,
# nothing else needed beyond `./processflow build` and psql).
#
#   bench/intent-claim.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port=${1:-55432}
dir=$(mktemp -d)
trap 'pkill -f "PostgresServer $dir/pg" || true; rm -rf "$dir"' EXIT
./mvnw -q -o -pl stack dependency:build-classpath -Dmdep.outputFile="$dir/cp.txt" > /dev/null
java -Xmx128m -cp "stack/target/classes:$(cat "$dir/cp.txt")" dev.processflow.stack.PostgresServer "$dir/pg" "$port" \
  "$dir/ready" claimtest > "$dir/pg.log" 2>&1 &
for _ in $(seq 1 120); do [ -f "$dir/ready" ] && break; sleep 1; done
[ -f "$dir/ready" ] || { echo "intent-claim: PostgreSQL did not start (log: $dir/pg.log)" >&2; exit 1; }
psql=(psql -h localhost -p "$port" -U postgres -d claimtest -q -X)
"${psql[@]}" -f bench/intent-claim/setup.sql > /dev/null 2>&1
printf '%-10s %-8s %12s %10s\n' "due" "claim" "exec ms" "buffers"
for n in 100 1000 10000 50000; do
  "${psql[@]}" -c "ALTER DATABASE claimtest SET claim.n = '$n'"
  "${psql[@]}" -f bench/intent-claim/fill.sql > /dev/null
  "${psql[@]}" -f bench/intent-claim/claims.sql 2>&1 | python3 -c '
import re, sys
text = sys.stdin.read()
plans = re.split(r"^ Update on", text, flags=re.M)[1:]
for name, plan in zip(["before", "now"], plans):
    buffers = re.search(r"Buffers: shared hit=(\d+)(?: read=(\d+))?", plan)
    total = int(buffers.group(1)) + int(buffers.group(2) or 0)
    ms = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
    print(f"{sys.argv[1]:<10} {name:<8} {float(ms):12.2f} {total:10d}")
' "$n"
done

#!/usr/bin/env bash
# Compares variants of the running suite side by side in one session: for each repetition and each variant in turn
# (A B A B ...: machine drift hits every variant alike) it starts a fresh local stack under the variant's environment,
# runs `./processflow bench orders` with the options after --, stops the stack, and finally prints each run's rate,
# latency, CPU per completed order and machine-speed reference, with the ratio of every variant's median to the first
# one's.
#
#   bench/side-by-side.sh [--repeat N] NAME=[@CHECKOUT,][VAR=VALUE[,VAR=VALUE...]] ... -- BENCH_ORDERS_OPTIONS
#
# @CHECKOUT runs that variant's stack and benchmark from another checkout (built, e.g. `git worktree add /tmp/before
# <commit>` and `./processflow build` there): a before/after comparison of two commits in one session.
#
# Tracing's cost, for example (docs/benchmarks.md):
#   bench/side-by-side.sh --repeat 2 tracing-on= tracing-off=QUARKUS_OTEL_SDK_DISABLED=true -- \
#     --mode fixed --rate 10 --duration 90s --warmup 60s --warmup-rate 10 --skip-limits
# Needs the default ports free (no other stack running) and python3 for the summary.
set -euo pipefail
cd "$(dirname "$0")/.."
repeat=1
variants=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do
  case "$1" in
    --repeat) repeat=$2; shift 2 ;;
    *=*) variants+=("$1"); shift ;;
    *) echo "side-by-side: '$1' is not NAME=ENV (see the header of $0)" >&2; exit 2 ;;
  esac
done
[ "${1:-}" = "--" ] && shift
[ ${#variants[@]} -ge 1 ] || { echo "side-by-side: name at least one variant" >&2; exit 2; }
./processflow status > /dev/null 2>&1 && { echo "side-by-side: a stack is running; stop it first" >&2; exit 1; }

session=target/side-by-side/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$session"
echo "side-by-side: ${#variants[@]} variants x $repeat, results in $session"
for ((i = 1; i <= repeat; i++)); do
  for variant in "${variants[@]}"; do
    name=${variant%%=*}
    settings=${variant#*=}
    checkout=.
    if [ "${settings:0:1}" = "@" ]; then
      checkout=${settings%%,*}
      checkout=${checkout#@}
      [[ "$settings" == *,* ]] && settings=${settings#*,} || settings=
    fi
    run=$session/$name-$i
    run_abs=$(pwd)/$run
    mkdir -p "$run"
    environment=()
    IFS=',' read -r -a assignments <<< "$settings"
    for assignment in "${assignments[@]}"; do
      [ -n "$assignment" ] && environment+=("$assignment")
    done
    echo "== $name, run $i (${settings:-default environment}, checkout $checkout)"
    (cd "$checkout" && exec env "${environment[@]}" ./processflow up --fresh --data-dir "$run_abs/stack") > "$run/up.log" 2>&1 &
    up=$!
    for _ in $(seq 1 300); do
      grep -q "processflow ready" "$run/up.log" && break
      kill -0 "$up" 2> /dev/null || { echo "side-by-side: the stack did not start, see $run/up.log" >&2; exit 1; }
      sleep 1
    done
    grep -q "processflow ready" "$run/up.log" || { echo "side-by-side: not ready after 300 s" >&2; kill "$up"; exit 1; }
    set +e
    (cd "$checkout" && ./processflow bench orders --data-dir "$run_abs/stack" --out "$run_abs" "$@") > "$run/bench.log" 2>&1
    echo $? > "$run/exit"
    echo "   bench exited $(cat "$run/exit") (0: every invariant held; log $run/bench.log)"
    set -e
    (cd "$checkout" && ./processflow down --data-dir "$run_abs/stack") > /dev/null 2>&1 || kill "$up"
    wait "$up" 2> /dev/null || true
  done
done

python3 - "$session" "${variants[@]%%=*}" <<'EOF'
import glob, json, os, statistics, sys

session, names = sys.argv[1], list(dict.fromkeys(sys.argv[2:]))
services = {"order-service", "payment-service", "inventory-service", "notification-service", "image-service"}
rows = {}


def statements(doc):
    window = doc.get("statements") or {}
    entries = window.get("entries") or []
    return sum(e["calls"] for e in entries) / window["orders"] if entries else float("nan")


print(f"{'run':<22}{'offered/s':>10}{'done/s':>8}{'p50 ms':>8}{'p99 ms':>8}{'services ms/order':>19}{'all ms/order':>14}"
      f"{'ref MiB/s':>11}{'ref commits/s':>15}{'statements/order':>18}  invariants")
for name in names:
    for run in sorted(glob.glob(os.path.join(session, name + "-*"))):
        reports = glob.glob(os.path.join(run, "orders-*.json"))
        if not reports:
            print(f"{os.path.basename(run):<22}  no report: see {run}/bench.log")
            continue
        doc = json.load(open(reports[0]))
        step = doc["steps"][-1]
        done = step["completedPerSecond"]
        cores = step["cpuCores"]
        svc = sum(v for k, v in cores.items() if k in services) / done * 1000
        total = sum(cores.values()) / done * 1000
        rows.setdefault(name, []).append((svc, total))
        print(f"{os.path.basename(run):<22}{step['rate']:>10.1f}{done:>8.1f}{step['latency']['p50']:>8.0f}"
              f"{step['latency']['p99']:>8.0f}{svc:>19.1f}{total:>14.1f}"
              f"{doc['machine'].get('referenceSha256MiBPerSecondOneThread', float('nan')):>11.0f}"
              f"{doc['machine'].get('referencePostgresCommitsPerSecondOneConnection', float('nan')):>15.0f}"
              f"{statements(doc):>18.1f}  {'pass' if open(os.path.join(run, 'exit')).read().strip() == '0' else 'FAIL'}")
if names and names[0] in rows:
    base = statistics.median(r[0] for r in rows[names[0]])
    base_all = statistics.median(r[1] for r in rows[names[0]])
    for name in names:
        if name in rows:
            svc = statistics.median(r[0] for r in rows[name])
            total = statistics.median(r[1] for r in rows[name])
            spread = max(r[0] for r in rows[name]) - min(r[0] for r in rows[name])
            print(f"{name}: median services {svc:.1f} ms/order (spread {spread:.1f}), {svc / base:.2f}x of {names[0]};"
                  f" whole machine {total:.1f} ms/order, {total / base_all:.2f}x")
EOF

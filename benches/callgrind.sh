#!/usr/bin/env bash
# Client-side instructions per operation, cql-orm against the raw driver, under callgrind.
#
#   benches/callgrind.sh [operation ...]     (default: insert get scan batch update)
#
# The embedded node runs natively in its own process (the `cql-embedded` binary); only the
# client (`perf-table client`) runs under valgrind. Each side and operation is run twice, with
# N1 and N2 measured operations after the same warm-up; the difference of the two instruction
# totals divided by N2 - N1 is the client's cost of one operation (start-up, connection,
# schema fetch and warm-up cancel out). Prints a markdown table.
#
# Each estimate is repeated REPS times (default 3) and the median kept. PERF_TABLE=/path/to/
# perf-table compares another build of the client (e.g. an older ORM).
set -euo pipefail
cd "$(dirname "$0")/.."

ops=("$@")
if [ ${#ops[@]} -eq 0 ]; then
    ops=(insert get scan batch update)
fi

cargo build --release --quiet -p cql-orm-benches --bin perf-table -p cql-orm-embedded --bin cql-embedded
bin=target/release
client=${PERF_TABLE:-$bin/perf-table}
reps=${REPS:-3}
work=$(mktemp -d)

: >"$work/node.out"
"$bin/cql-embedded" --port 0 >"$work/node.out" 2>"$work/node.err" &
node_pid=$!
cleanup() {
    kill "$node_pid" 2>/dev/null || true
    wait "$node_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM PIPE

addr=""
for _ in $(seq 100); do
    addr=$(sed -n 's/^cql-embedded listening on //p' "$work/node.out" || true)
    [ -n "$addr" ] && break
    sleep 0.1
done
if [ -z "$addr" ]; then
    echo "callgrind.sh: the node did not start" >&2
    cat "$work/node.err" >&2
    exit 1
fi

"$client" prepare --node "$addr"

# Instructions of one client run of $3 operations of kind $2 on side $1.
instructions() {
    local file="$work/callgrind.$1.$2.$3"
    valgrind --tool=callgrind --callgrind-out-file="$file" \
        "$client" client --node "$addr" --side "$1" --op "$2" --ops "$3" \
        >/dev/null 2>"$file.log"
    sed -n 's/^summary: //p' "$file"
}

valgrind_version=$(valgrind --version)
echo "Client instructions per operation ($valgrind_version; difference of two runs, median of $reps)"
echo
echo "| operation | cql-orm instr/op | raw instr/op | cql-orm / raw |"
echo "|---|---:|---:|---:|"
for op in "${ops[@]}"; do
    case "$op" in
        scan | batch) n1=20 n2=220 ;;
        *) n1=200 n2=3200 ;;
    esac
    declare -A per_op=()
    for side in orm raw; do
        estimates=()
        for _ in $(seq "$reps"); do
            a=$(instructions "$side" "$op" "$n1")
            b=$(instructions "$side" "$op" "$n2")
            estimates+=($(( (b - a) / (n2 - n1) )))
        done
        per_op[$side]=$(printf '%s\n' "${estimates[@]}" | sort -n | sed -n "$(( (reps + 1) / 2 ))p")
    done
    ratio=$(awk -v o="${per_op[orm]}" -v r="${per_op[raw]}" 'BEGIN { printf "%.3f", o / r }')
    printf '| %s | %s | %s | %s |\n' "$op" "${per_op[orm]}" "${per_op[raw]}" "$ratio"
    unset per_op
done

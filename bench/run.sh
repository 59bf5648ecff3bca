#!/usr/bin/env bash
# confpress build benchmark (issue 7). See docs/benchmarks.md.
#
#   bash bench/run.sh
#
# Environment:
#   SIZES="100 1000 10000 50000"  session counts to benchmark (ascending)
#   RUNS=5                        builds per size; the median wall time is reported
#   BENCH_DIR=/dev/shm            where content and output go (tmpfs, so disk speed does not count)
#   CONFPRESS=target/release/confpress   binary to benchmark
#   NO_BUILD=1                    skip `cargo build --release`
#   KEEP=1                        keep the generated content and output afterwards
#   SERVE=0                       skip the serve rebuild-latency section
#   SERVE_SIZES="1000 10000"      sizes (among SIZES) whose serve rebuild latency is measured
#
# Prints a Markdown table on stdout; progress goes to stderr.
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$PWD

SIZES=${SIZES:-"100 1000 10000 50000"}
RUNS=${RUNS:-5}
CONFPRESS=${CONFPRESS:-$ROOT/target/release/confpress}
SERVE=${SERVE:-1}
SERVE_SIZES=${SERVE_SIZES:-"1000 10000"}
serve_sites=()
# SOURCE_DATE_EPOCH fixes "now" (ticket status etc.) so every run renders the same site.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1798761600}  # 2027-01-01T00:00:00Z

log() { printf '%s\n' "$*" >&2; }
die() { log "run.sh: $*"; exit 1; }

# ---- prerequisites ----------------------------------------------------------------------------
if [[ ! -x /usr/bin/time ]]; then
    die "/usr/bin/time (GNU time) is missing; it measures peak RSS.
Install it with:  sudo apt-get install time    (Debian/Ubuntu; Fedora: sudo dnf install time)"
fi
if ! /usr/bin/time -v true 2>/dev/null; then
    die "/usr/bin/time does not understand -v (not GNU time?); install GNU time (Debian package 'time')"
fi
command -v python3 >/dev/null || die "python3 is needed for bench/gen.py"
[[ "$RUNS" =~ ^[1-9][0-9]*$ ]] || die "RUNS must be a positive integer (got '$RUNS')"

if [[ -z "${BENCH_DIR:-}" ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_DIR=/dev/shm; else BENCH_DIR=${TMPDIR:-/tmp}; fi
    [[ $BENCH_DIR == /dev/shm ]] || log "note: /dev/shm is not usable, using $BENCH_DIR (disk speed will count)"
fi
WORK=$(mktemp -d "$BENCH_DIR/confpress-bench.XXXXXX")
cleanup() {
    if [[ "${KEEP:-0}" == 1 ]]; then log "kept $WORK"; else rm -rf -- "$WORK"; fi
}
trap cleanup EXIT

if [[ "${NO_BUILD:-0}" != 1 ]]; then
    log "== cargo build --release"
    cargo build --release >&2
fi
[[ -x "$CONFPRESS" ]] || die "$CONFPRESS not found (build it with cargo build --release)"

# ---- helpers ----------------------------------------------------------------------------------
now_ns() { date +%s%N; }

median() {  # numbers on stdin -> median
    sort -g | awk '{ a[NR] = $1 } END { if (NR == 0) exit 1;
        if (NR % 2) print a[(NR + 1) / 2]; else printf "%.6f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'
}

fmt_n() { printf '%s' "$1" | sed -E ':a; s/^([0-9]+)([0-9]{3})/\1,\2/; ta'; }  # 10000 -> 10,000

machine_info() {
    local cpu cores mem kernel rustc rev
    cpu=$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)
    cores=$(nproc 2>/dev/null || echo '?')
    mem=$(awk '/^MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || true)
    kernel=$(uname -sr)
    rustc=$(rustc --version 2>/dev/null || echo 'rustc ?')
    rev=$(git rev-parse --short HEAD 2>/dev/null || echo 'uncommitted')
    echo "- Machine: ${cpu:-unknown CPU}, $cores cores, ${mem:-? RAM}, $kernel"
    echo "- Toolchain: $rustc; confpress at $rev; content and output on $(df -P "$WORK" | awk 'NR == 2 { print $1 }') ($BENCH_DIR)"
    echo "- $RUNS runs per size, median wall time; peak RSS is the largest of the runs; $(date -u +%Y-%m-%d)"
}

# ---- serve rebuild latency --------------------------------------------------------------------
# bench/serve_latency.py starts `confpress serve` on the site, edits one session file RUNS times and
# times each edit from the write to the live-reload event, checking the pages after each one; it
# prints one Markdown table row: | N | median ms | min ms | max ms |.
serve_latency() {
    local site=$1 n=$2
    local script=$ROOT/bench/serve_latency.py
    if [[ ! -f $script ]]; then
        log "== serve latency: skipped (bench/serve_latency.py not written yet)"
        return 0
    fi
    log "== serve latency at N=$n"
    if ! python3 "$script" --confpress "$CONFPRESS" --site "$site" --runs "$RUNS"; then
        echo "| $(fmt_n "$n") | failed | | |"
    fi
}

# ---- build benchmark --------------------------------------------------------------------------
rows=()
any_failed=""
prev_n="" prev_t=""

for n in $SIZES; do
    [[ "$n" =~ ^[1-9][0-9]*$ ]] || die "SIZES must be positive integers (got '$n')"
    site=$WORK/site-$n
    out=$WORK/out-$n
    log "== N=$n: generating content"
    python3 "$ROOT/bench/gen.py" "$n" "$site" >&2

    times=() rss_max=0 failed=""
    for ((r = 1; r <= RUNS; r++)); do
        rm -rf -- "$out"
        tfile=$WORK/time-$n-$r
        t0=$(now_ns)
        if ! /usr/bin/time -v -o "$tfile" "$CONFPRESS" build "$site" --output "$out" \
            >"$WORK/build-$n.log" 2>&1; then
            failed=1
            log "build failed at N=$n (run $r); last lines of its output:"
            tail -n 20 "$WORK/build-$n.log" >&2
            break
        fi
        t1=$(now_ns)
        secs=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", (b - a) / 1e9 }')
        times+=("$secs")
        rss=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$tfile")
        if ((rss > rss_max)); then rss_max=$rss; fi
        log "   run $r: ${secs} s, $((rss / 1024)) MB peak RSS"
    done

    if [[ -n $failed ]]; then
        rows+=("| $(fmt_n "$n") | build failed | | | | | |")
        any_failed=1
        prev_n="" prev_t=""
        continue
    fi

    t=$(printf '%s\n' "${times[@]}" | median)
    # The range, beside the median: on a machine whose speed drifts, it shows how far to trust it.
    range=$(printf '%s\n' "${times[@]}" | sort -g | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf "%.3f–%.3f s", lo, hi }')
    size=$(du -sh "$out" | cut -f1)
    files=$(find "$out" -type f | wc -l)
    if [[ -n $prev_t ]]; then
        ratio=$(awk -v t="$t" -v p="$prev_t" -v n="$n" -v pn="$prev_n" \
            'BEGIN { if (p > 0) printf "%.1f× (N ×%g)", t / p, n / pn; else print "—" }')
    else
        ratio="—"
    fi
    rows+=("| $(fmt_n "$n") | $(printf '%.3f' "$t") s | $range | $((rss_max / 1024)) MB | $size | $(fmt_n "$files") | $ratio |")
    prev_n=$n prev_t=$t
    rm -rf -- "$out"
    # keep the sites of SERVE_SIZES for the serve section
    if [[ " $SERVE_SIZES " == *" $n "* ]]; then
        serve_sites+=("$n:$site")
    elif [[ "${KEEP:-0}" != 1 ]]; then
        rm -rf -- "$site"
    fi
done

echo
echo "## confpress build"
echo
machine_info
echo
echo "| N sessions | median wall time | runs | peak RSS | output size | files | time ratio to previous N |"
echo "|---:|---:|---:|---:|---:|---:|---|"
printf '%s\n' "${rows[@]}"

if [[ "$SERVE" != 0 && ${#serve_sites[@]} -gt 0 ]]; then
    echo
    echo "## confpress serve: one edit, from the save to the reload event"
    echo
    echo "| N sessions | median | min | max |"
    echo "|---:|---:|---:|---:|"
    for entry in "${serve_sites[@]}"; do
        serve_latency "${entry#*:}" "${entry%%:*}"
    done
fi

if [[ -n $any_failed ]]; then
    log "run.sh: at least one build failed"
    exit 1
fi

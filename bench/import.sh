#!/usr/bin/env bash
# confpress import benchmark (issue 18). See docs/benchmarks.md.
#
#   bash bench/import.sh
#
# Times, on a generated frab schedule JSON of N events (bench/gen_import.py): the first import
# into an empty folder, the build of what it wrote, a re-import of the same export (which must
# change no byte) and an import of an updated export (K titles changed).
#
# Environment:
#   SIZES="1000"                 event counts
#   RUNS=5                       runs per measurement; the median is reported
#   RETITLE=50                   events retitled in the updated export
#   HTML=1                       HTML abstracts (format: html) instead of Markdown
#   BENCH_DIR=/dev/shm           where the exports and the sites go
#   CONFPRESS=target/release/confpress   binary to benchmark
#   NO_BUILD=1                   skip `cargo build --release`
set -euo pipefail
export LC_ALL=C

cd "$(dirname "$0")/.."
ROOT=$PWD
SIZES=${SIZES:-"1000"}
RUNS=${RUNS:-5}
RETITLE=${RETITLE:-50}
CONFPRESS=${CONFPRESS:-${CARGO_TARGET_DIR:-$ROOT/target}/release/confpress}
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-1798761600}

log() { printf '%s\n' "$*" >&2; }
die() { log "import.sh: $*"; exit 1; }
command -v python3 >/dev/null || die "python3 is needed for bench/gen_import.py"
if [[ -z "${BENCH_DIR:-}" ]]; then
    if [[ -d /dev/shm && -w /dev/shm ]]; then BENCH_DIR=/dev/shm; else BENCH_DIR=${TMPDIR:-/tmp}; fi
fi
WORK=$(mktemp -d "$BENCH_DIR/confpress-import-bench.XXXXXX")
trap 'rm -rf -- "$WORK"' EXIT
if [[ "${NO_BUILD:-0}" != 1 ]]; then
    log "== cargo build --release"
    cargo build --release >&2
fi
[[ -x "$CONFPRESS" ]] || die "$CONFPRESS not found (build it with cargo build --release)"

now_ns() { date +%s%N; }
median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }
timed() {  # command... -> seconds on stdout; the command's output goes to $WORK/last.log
    local t0 t1
    t0=$(now_ns)
    "$@" >"$WORK/last.log" 2>&1 || { tail -n 20 "$WORK/last.log" >&2; die "failed: $*"; }
    t1=$(now_ns)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", (b - a) / 1e9 }'
}
fresh_site() {  # dir: a site.yaml with only what no export knows
    rm -rf -- "$1"
    mkdir -p "$1"
    printf 'base_url: https://example.org/\n' >"$1/site.yaml"
}

echo
echo "## confpress import"
echo
echo "- Machine: $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null), $(nproc) cores; $(rustc --version); confpress at $(git rev-parse --short HEAD); $(date -u +%Y-%m-%d)"
echo "- $RUNS runs each, median wall time; exports and sites on $BENCH_DIR; $([[ "${HTML:-0}" == 1 ]] && echo HTML || echo Markdown) abstracts"
echo
echo "| N events | export size | first import | build of the import | re-import, no change | re-import, $RETITLE titles changed |"
echo "|---:|---:|---:|---:|---:|---:|"
for n in $SIZES; do
    export_file=$WORK/schedule-$n.json updated=$WORK/schedule-$n-updated.json site=$WORK/site-$n
    html=()
    [[ "${HTML:-0}" == 1 ]] && html=(--html)
    python3 "$ROOT/bench/gen_import.py" "$n" "$export_file" "${html[@]}"
    python3 "$ROOT/bench/gen_import.py" "$n" "$updated" --retitle "$RETITLE" "${html[@]}"
    first=() build=() same=() changed=()
    for ((r = 1; r <= RUNS; r++)); do
        fresh_site "$site"
        first+=("$(timed "$CONFPRESS" import "$export_file" --into "$site")")
        build+=("$(timed "$CONFPRESS" build "$site" --output "$WORK/out-$n")")
        before=$(cd "$site" && find . -type f -not -path './public/*' -exec sha256sum {} + | sort | sha256sum)
        same+=("$(timed "$CONFPRESS" import "$export_file" --into "$site")")
        after=$(cd "$site" && find . -type f -not -path './public/*' -exec sha256sum {} + | sort | sha256sum)
        [[ $before == "$after" ]] || die "a re-import of the same export changed files"
        changed+=("$(timed "$CONFPRESS" import "$updated" --into "$site")")
    done
    size=$(du -h "$export_file" | cut -f1)
    row="| $n | $size"
    for list in first build same changed; do
        declare -n values=$list
        row+=" | $(printf '%s\n' "${values[@]}" | median) s"
    done
    echo "$row |"
done

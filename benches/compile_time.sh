#!/usr/bin/env bash
# What `#[introspect]` costs at build time, measured as a user builds.
#
# Generates two crates under target/compile-time/, each its own workspace (so
# this workspace's `[profile.dev.package.*]` overrides do not apply: the macro
# and syn are compiled unoptimised, as a user's debug build compiles them):
#   annotated-N: N closure factories with `#[freevars::introspect]`
#   plain-N:     the same N written as plain closures (no attribute)
# Both depend on `freevars` by path. After one untimed `cargo check` (which
# builds the dependencies), each run touches the crate's source and times
# `cargo check` of that crate alone; the median of RUNS runs is reported.
#
# Usage: benches/compile_time.sh [N...]     (default: 100 400)
#   RUNS=7                number of timed runs per crate (default 7)
#   CARGO_INCREMENTAL=0   time a full type-check instead of an incremental one
#   OPT_MACROS=1          build the proc macro and syn optimised, as a user can
#                         with `[profile.dev.build-override] opt-level = 3`
#   PASSES=1              also print rustc's -Z time-passes for expansion and
#                         type-checking, from a non-incremental check (needs a
#                         nightly toolchain; used for measurement only)
#   FLOOR=1               also time the plain crate with each function under
#                         an attribute that only parses it with syn and prints
#                         it back (the least any syn-based attribute costs)
#   CALLGRIND=1           also count the instructions of one incremental
#                         re-check of each crate under valgrind's callgrind
#                         (rustc alone, the macro's share apart): the same
#                         count on every run, where times move by 10-20% on a
#                         shared machine. Needs valgrind; takes minutes.
#
# Not run by `cargo test`: cargo only discovers `benches/*.rs`.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100 400)
runs=${RUNS:-7}
work="$root/target/compile-time"
export CARGO_TARGET_DIR="$work/target${OPT_MACROS:+-opt-macros}"
export CARGO_TERM_COLOR=never
mkdir -p "$work"

# Kinds 1, 4 and 5 (count/total averager, state machine, boxed adder),
# written the same with and without the attribute.
same_factory() {
    local i=$1
    case $((i % 6)) in
    1) cat <<EOF
pub fn make_count_total_$i() -> impl FnMut(f64) -> f64 {
    let mut count = 0;
    let mut total = 0.0;
    let averager = move |new_value: f64| {
        count += 1;
        total += new_value;
        total / f64::from(count)
    };
    averager
}
EOF
        ;;
    4) cat <<EOF
pub fn make_machine_$i() -> impl FnMut(char) -> bool {
    let mut state = 0_u8;
    move |c| {
        state = match (state, c) {
            (0, 'a') | (2, 'a') => 1,
            (1, 'b') => 2,
            _ => 0,
        };
        state == 2
    }
}
EOF
        ;;
    5) cat <<EOF
pub fn make_adder_$i(n: i32) -> Box<dyn Fn(i32) -> i32> {
    Box::new(move |x| x + n + $i)
}
EOF
        ;;
    esac
}

# Factory number `$1`, written with the attribute; its kind is `$1 % 6`.
annotated_factory() {
    local i=$1
    echo "#[introspect]"
    case $((i % 6)) in
    0) cat <<EOF
pub fn make_averager_$i() -> impl Fn(f64) -> f64 {
    let series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}
EOF
        ;;
    2) cat <<EOF
pub fn make_counter_$i() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let mut count = $i;
    let inc = move || {
        count += 1;
        count
    };
    let get = move || count;
    (inc, get)
}
EOF
        ;;
    3) cat <<EOF
pub fn make_labeller_$i(prefix: &str) -> impl Fn(u32) -> String {
    let prefix = prefix.to_owned();
    let mut calls = 0_u32;
    move |n| {
        calls += 1;
        format!("{prefix}-{n}-{calls}")
    }
}
EOF
        ;;
    *) same_factory "$i" ;;
    esac
    echo
}

# The same factory as a person writes it without the attribute: shared state
# in `Rc<Cell<_>>` where two closures share it, owned state otherwise.
plain_factory() {
    local i=$1
    case $((i % 6)) in
    0) cat <<EOF
pub fn make_averager_$i() -> impl FnMut(f64) -> f64 {
    let mut series = Vec::new();
    move |new_value| {
        series.push(new_value);
        let total: f64 = series.iter().sum();
        total / series.len() as f64
    }
}
EOF
        ;;
    2) cat <<EOF
pub fn make_counter_$i() -> (impl Fn() -> u32, impl Fn() -> u32) {
    let count = Rc::new(Cell::new($i));
    let shared = Rc::clone(&count);
    let inc = move || {
        shared.set(shared.get() + 1);
        shared.get()
    };
    let get = move || count.get();
    (inc, get)
}
EOF
        ;;
    3) cat <<EOF
pub fn make_labeller_$i(prefix: &str) -> impl FnMut(u32) -> String {
    let prefix = prefix.to_owned();
    let mut calls = 0_u32;
    move |n| {
        calls += 1;
        format!("{prefix}-{n}-{calls}")
    }
}
EOF
        ;;
    *) same_factory "$i" ;;
    esac
    echo
}

# keep_if_unchanged NEW FILE: moves NEW over FILE, unless they are the same:
# then FILE (and rustc's incremental cache) stays as it is.
keep_if_unchanged() {
    if cmp -s "$1" "$2"; then rm "$1"; else mv "$1" "$2"; fi
}

# generate KIND N: writes the crate and prints its directory.
generate() {
    local kind=$1 n=$2 dir="$work/$1-$2"
    mkdir -p "$dir/src"
    cat >"$dir/Cargo.toml" <<EOF
[package]
name = "compile-time-$kind-$n"
version = "0.0.0"
edition = "2024"
publish = false

[dependencies]
freevars = { path = "$root" }

# Its own workspace: no profile of the freevars workspace applies.
[workspace]
EOF
    if [ -n "${OPT_MACROS:-}" ]; then
        printf '\n[profile.dev.build-override]\nopt-level = 3\n' >>"$dir/Cargo.toml"
    fi
    # The versions the repository is tested with.
    [ -f "$dir/Cargo.lock" ] || cp "$root/Cargo.lock" "$dir/Cargo.lock"
    local src="$dir/src/lib.rs.new"
    {
        echo "//! Generated by benches/compile_time.sh: $n closure factories ($kind)."
        if [ "$kind" = annotated ]; then
            echo "use freevars::introspect;"
        else
            echo "use std::cell::Cell;"
            echo "use std::rc::Rc;"
        fi
        echo
        local i
        for ((i = 0; i < n; i++)); do
            "${kind}_factory" "$i"
        done
    } >"$src"
    keep_if_unchanged "$src" "$dir/src/lib.rs"
    echo "$dir"
}

# check DIR: touches the source, runs `cargo check` and prints its wall time
# and its CPU time (user + system, cargo and rustc), in milliseconds. The CPU
# time moves less with the load other builds put on the machine.
check() {
    touch "$1/src/lib.rs"
    local TIMEFORMAT='%R %U %S' times
    times=$({ time cargo check --quiet --manifest-path "$1/Cargo.toml" >&2; } 2>&1 | tail -1)
    awk -v t="$times" 'BEGIN { split(t, f, " "); printf "%.0f %.0f\n", f[1] * 1000, (f[2] + f[3]) * 1000 }'
}

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

printf 'cargo check, median of %s runs, CARGO_INCREMENTAL=%s%s, %s\n' \
    "$runs" "${CARGO_INCREMENTAL:-default}" "${OPT_MACROS:+, macros optimised}" "$(rustc --version)"
printf '%6s %5s %12s %10s %7s %17s\n' N time annotated plain ratio 'extra per fn'
declare -A median_ms
for n in "${sizes[@]}"; do
    a=$(generate annotated "$n")
    p=$(generate plain "$n")
    # Untimed: builds freevars, the macro and syn, and checks the crates once.
    cargo check --quiet --manifest-path "$a/Cargo.toml"
    cargo check --quiet --manifest-path "$p/Cargo.toml"
    declare -A runs_of=()
    for ((r = 0; r < runs; r++)); do
        # Interleaved, so that load from elsewhere falls on both alike.
        for kind in annotated plain; do
            read -r wall cpu < <(check "$work/$kind-$n")
            runs_of[$kind wall]+="$wall "
            runs_of[$kind cpu]+="$cpu "
        done
    done
    for clock in wall cpu; do
        for kind in annotated plain; do
            median_ms[$kind $clock $n]=$(echo "${runs_of[$kind $clock]}" | median)
        done
        awk -v n="$n" -v c="$clock" -v a="${median_ms[annotated $clock $n]}" \
            -v p="${median_ms[plain $clock $n]}" 'BEGIN {
            printf "%6d %5s %9d ms %7d ms %6.1fx %11.2f ms/fn\n", n, c, a, p, a / p, (a - p) / n }'
        echo "             runs: annotated ${runs_of[annotated $clock]}| plain ${runs_of[plain $clock]}"
    done
done

if [ ${#sizes[@]} -ge 2 ]; then
    first=${sizes[0]} last=${sizes[-1]}
    for clock in wall cpu; do
        awk -v n1="$first" -v n2="$last" -v c="$clock" \
            -v a1="${median_ms[annotated $clock $first]}" -v a2="${median_ms[annotated $clock $last]}" \
            -v p1="${median_ms[plain $clock $first]}" -v p2="${median_ms[plain $clock $last]}" 'BEGIN {
            d = n2 - n1
            printf "%s: extra per function %.2f ms at N=%d, %.2f ms at N=%d (flat when these agree)\n", c, (a1 - p1) / n1, n1, (a2 - p2) / n2, n2
            printf "%s: marginal cost per function from N=%d to N=%d: annotated %.2f ms, plain %.2f ms\n", c, n1, n2, (a2 - a1) / d, (p2 - p1) / d
        }'
    done
fi

if [ "${PASSES:-0}" = 1 ]; then
    # Expansion against type-checking, from rustc's own timers (nightly
    # only). Non-incremental: an incremental re-check loads the type-checking
    # results of unchanged code from its cache.
    export CARGO_TARGET_DIR="$work/target-nightly" CARGO_INCREMENTAL=0
    echo "rustc -Z time-passes (non-incremental), $(rustc +nightly --version):"
    for n in "${sizes[@]}"; do
        for kind in annotated plain; do
            dir="$work/$kind-$n"
            cargo +nightly check --quiet --manifest-path "$dir/Cargo.toml"
            touch "$dir/src/lib.rs"
            printf '  %s-%s\n' "$kind" "$n"
            cargo +nightly rustc --quiet --lib --profile=check --manifest-path "$dir/Cargo.toml" \
                -- -Z time-passes 2>&1 |
                grep -E 'time: +[0-9.]+;.*(macro_expand_crate|type_check_crate|MIR_borrow_checking|total)$' |
                sed 's/^/    /'
        done
    done
fi

if [ "${FLOOR:-0}" = 1 ]; then
    # The least any syn-based attribute costs: the plain factories, each
    # under `#[id]`, a proc macro that parses the item with syn (the version
    # and features freevars-macros uses) and prints it back unchanged.
    macro_dir="$work/floor-macro"
    mkdir -p "$macro_dir/src"
    {
        printf '[package]\nname = "floor-macro"\nversion = "0.0.0"\nedition = "2024"\npublish = false\n\n'
        printf '[lib]\nproc-macro = true\n\n[dependencies]\n'
        # freevars-macros' own [dependencies] lines.
        awk '/^\[/ { deps = ($0 == "[dependencies]") } deps && /^(proc-macro2|quote|syn) =/' \
            "$root/macros/Cargo.toml"
        printf '\n[workspace]\n'
    } >"$macro_dir/Cargo.toml"
    cat >"$macro_dir/src/lib.rs" <<'EOF'
//! Generated by benches/compile_time.sh: an attribute that parses the item
//! with syn and prints it back, the floor of any syn-based attribute.
use proc_macro::TokenStream;

#[proc_macro_attribute]
pub fn id(_args: TokenStream, input: TokenStream) -> TokenStream {
    match syn::parse::<syn::Item>(input) {
        Ok(item) => quote::ToTokens::into_token_stream(item).into(),
        Err(error) => error.to_compile_error().into(),
    }
}
EOF
    cp "$root/Cargo.lock" "$macro_dir/Cargo.lock"
    echo "the floor: the plain crate with each function under a syn-only identity attribute"
    printf '%6s %12s %10s %7s\n' N floor plain ratio
    for n in "${sizes[@]}"; do
        dir="$work/floor-$n"
        mkdir -p "$dir/src"
        sed -e "s/^name = \"compile-time-plain-$n\"/name = \"compile-time-floor-$n\"/" \
            -e "s|^freevars = .*|&\nfloor-macro = { path = \"$macro_dir\" }|" \
            "$work/plain-$n/Cargo.toml" >"$dir/Cargo.toml"
        [ -f "$dir/Cargo.lock" ] || cp "$root/Cargo.lock" "$dir/Cargo.lock"
        # The plain crate's source, each `pub fn` under `#[floor_macro::id]`.
        sed -e 's/^pub fn /#[floor_macro::id]\npub fn /' "$work/plain-$n/src/lib.rs" >"$dir/src/lib.rs.new"
        keep_if_unchanged "$dir/src/lib.rs.new" "$dir/src/lib.rs"
        cargo check --quiet --manifest-path "$dir/Cargo.toml"
        floor_runs="" plain_runs=""
        for ((r = 0; r < runs; r++)); do
            read -r _ cpu < <(check "$dir")
            floor_runs+="$cpu "
            read -r _ cpu < <(check "$work/plain-$n")
            plain_runs+="$cpu "
        done
        f=$(echo "$floor_runs" | median) p=$(echo "$plain_runs" | median)
        awk -v n="$n" -v f="$f" -v p="$p" 'BEGIN { printf "%6d %9d ms %7d ms %6.1fx  (CPU, median)\n", n, f, p, f / p }'
    done
fi

if [ "${CALLGRIND:-0}" = 1 ]; then
    command -v valgrind >/dev/null || { echo "CALLGRIND=1 needs valgrind" >&2; exit 1; }
    # rustc under callgrind for the generated crates alone, when asked.
    wrapper="$work/callgrind-rustc.sh"
    cat >"$wrapper" <<'EOF'
#!/usr/bin/env bash
rustc=$1
shift
case " $* " in
*" --crate-name compile_time_"*)
    if [ -n "${CALLGRIND_OUT:-}" ]; then
        exec valgrind --quiet --tool=callgrind --callgrind-out-file="$CALLGRIND_OUT" "$rustc" "$@"
    fi
    ;;
esac
exec "$rustc" "$@"
EOF
    chmod +x "$wrapper"
    echo "instructions of one incremental re-check (callgrind), rustc alone:"
    printf '%6s %14s %14s %7s %16s\n' N annotated plain ratio 'macro (annot.)'
    for n in "${sizes[@]}"; do
        declare -A ir=()
        kinds=(annotated plain)
        [ "${FLOOR:-0}" != 1 ] || kinds+=(floor)
        for kind in "${kinds[@]}"; do
            dir="$work/$kind-$n" out="$work/callgrind.$kind-$n.out"
            # Unmeasured first: the wrapper may make cargo check it afresh.
            touch "$dir/src/lib.rs"
            RUSTC_WRAPPER="$wrapper" cargo check --quiet --manifest-path "$dir/Cargo.toml"
            touch "$dir/src/lib.rs"
            RUSTC_WRAPPER="$wrapper" CALLGRIND_OUT="$out" \
                cargo check --quiet --manifest-path "$dir/Cargo.toml"
            ir[$kind]=$(awk '/^(summary|totals):/ && !seen { print $2; seen = 1 }' "$out")
        done
        ir[macro]=$(callgrind_annotate --inclusive=yes "$work/callgrind.annotated-$n.out" 2>/dev/null |
            awk '/freevars_macros::introspect / && !seen { gsub(",", "", $1); print $1; seen = 1 }')
        awk -v n="$n" -v a="${ir[annotated]}" -v p="${ir[plain]}" -v m="${ir[macro]:-0}" 'BEGIN {
            printf "%6d %13.0fM %13.0fM %6.2fx %15.0fM\n", n, a / 1e6, p / 1e6, a / p, m / 1e6 }'
        if [ "${FLOOR:-0}" = 1 ]; then
            ir[floor macro]=$(callgrind_annotate --inclusive=yes "$work/callgrind.floor-$n.out" 2>/dev/null |
                awk '/floor_macro::id / && !seen { gsub(",", "", $1); print $1; seen = 1 }')
            awk -v f="${ir[floor]}" -v p="${ir[plain]}" -v m="${ir[floor macro]:-0}" 'BEGIN {
                printf "        floor %7.0fM %13.0fM %6.2fx %15.0fM\n", f / 1e6, p / 1e6, f / p, m / 1e6 }'
        fi
    done
fi

//! Phase timings for profiling (`CONFPRESS_TIMINGS=1`, see docs/benchmarks.md): the lowest
//! module, so that every stage can time its phases.

use std::time::{Duration, Instant};

/// Runs `f`, printing how long it took to stderr when CONFPRESS_TIMINGS is set (for profiling;
/// see docs/benchmarks.md).
pub fn timed<T>(phase: &str, f: impl FnOnce() -> T) -> T {
    // When timings are on: the moment of the first timed phase, which later phases' start times
    // count from (so that the output shows what ran beside what).
    static FIRST: std::sync::OnceLock<Option<Instant>> = std::sync::OnceLock::new();
    let Some(first) = FIRST.get_or_init(|| std::env::var_os("CONFPRESS_TIMINGS").is_some().then(Instant::now)) else {
        return f();
    };
    let started = Instant::now();
    let value = f();
    // Peak memory so far, to see which phase sets it (Linux only; blank elsewhere).
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.trim_start_matches("VmHWM:").trim().to_string()))
        .unwrap_or_default();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    eprintln!("timing: {phase:<10} {:>8.1} ms  from {:>7.1} ms  peak {peak}", ms(started.elapsed()), ms(started - *first));
    value
}

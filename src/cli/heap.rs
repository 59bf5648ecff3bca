//! How long the allocator keeps freed memory, for the two ways confpress runs.
//!
//! The binary allocates with mimalloc, which by default returns memory that stayed free for a
//! second to the system. Neither command wants that second: a build is over in about one, and
//! a server rebuilds again and again.

/// `mi_option_purge_delay` in mimalloc.h (milliseconds; -1: never); libmimalloc-sys does not
/// name it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Sets the delay, unless the environment sets it (`MIMALLOC_PURGE_DELAY`, which mimalloc reads
/// at start): a setting of the user's wins.
fn set_purge_delay(ms: i32) {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: sets one of mimalloc's options, which may be changed at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, ms.into()) }
}

/// A build's phases (parsing, pages, exports) each free most of what they allocated: returned
/// within 10 ms, it does not add up to the build's peak (about 25 MB less at 10,000 sessions,
/// for about 5 % more time; see docs/benchmarks.md).
pub fn for_build() {
    set_purge_delay(10);
}

/// A server's footprint is its peak anyway, reached again on every rebuild: kept, freed memory
/// spares each rebuild after a pause taking its heap back page by page from zeroed pages (about
/// a third of a rebuild at 10,000 sessions).
pub fn for_server() {
    set_purge_delay(-1);
}

//! How long the allocator keeps freed memory.
//!
//! The binary allocates with mimalloc, which by default returns memory that stayed free for a
//! second to the system. No command wants that. A build allocates and frees a page's worth of
//! memory thousands of times: returned, the memory came back as freshly zeroed pages, and at
//! 10,000 sessions that zeroing was a fifth of the build's CPU time (kept, the peak grows by
//! about 20 MB; docs/benchmarks.md). A server's footprint is its peak anyway, reached again on
//! every rebuild, and returned memory made each rebuild after a pause fault its heap back in
//! (about a third of a rebuild at 10,000 sessions).

/// `mi_option_purge_delay` in mimalloc.h (milliseconds; -1: never); libmimalloc-sys does not
/// name it.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Has mimalloc keep the memory it frees, unless the environment says otherwise
/// (`MIMALLOC_PURGE_DELAY`, which mimalloc reads at start): a setting of the user's wins.
pub fn keep_freed_memory() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
        return;
    }
    // SAFETY: sets one of mimalloc's options, which may be changed at any time.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) }
}

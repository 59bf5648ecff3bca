// A faster allocator: rendering is allocation-heavy (template contexts are JSON values), and
// glibc's malloc spends a third of a large build in allocation and fragments across threads.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(confpress::cli::run());
}

fn main() {
    std::process::exit(confpress::cli::run());
}

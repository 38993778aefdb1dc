// Passes the flag that link.exe wants and lld-link rejects (it reads an unknown `/x` as an input file).
// With XENV_DEMO_BIG_ARGS=N it also passes N harmless 100 kB arguments, which push the link command past
// ARG_MAX, so rustc writes its UTF-16 @response file: the path every Windows host takes.
fn main() {
    println!("cargo:rustc-link-arg=/arm64hazardfree");
    println!("cargo:rerun-if-env-changed=XENV_DEMO_BIG_ARGS");
    if let Ok(count) = std::env::var("XENV_DEMO_BIG_ARGS") {
        for index in 0..count.parse::<usize>().expect("XENV_DEMO_BIG_ARGS is a number") {
            println!("cargo:rustc-link-arg=/ALTERNATENAME:xenv_filler_{}_{}=xenv_filler", index, "B".repeat(100_000));
        }
    }
}

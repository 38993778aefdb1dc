// The C half of the program: cmake-rs configures and builds cmake-project/ with the CMake toolchain file xenv
// wrote, cc-rs compiles c/client.c with CC_<target>, CFLAGS_<target> and AR_<target>. Nothing here names a
// compiler, a flag or a path: they all come from the environment `xenv env` printed.
fn main() {
    let cmake = cmake::Config::new("cmake-project")
        // Every cmake-rs picks a Visual Studio generator for a *-msvc target unless told otherwise, and finds
        // none off Windows ("not windows"). 0.1.46 and later read CMAKE_GENERATOR_<target>, which xenv sets to
        // Ninja when ninja is on PATH; Debian 12's 0.1.45 reads no generator variable, hence this line.
        .generator("Ninja")
        // The test sysroot has import libraries only, no CRT start-up code: CMake's compiler check must not
        // link a program.
        .define("CMAKE_TRY_COMPILE_TARGET_TYPE", "STATIC_LIBRARY")
        // Nothing about the runtime: cmake-rs configures Debug at opt-level 0, whose /MDd would name
        // msvcrtd.lib, which the test sysroot (like an xwin splat without --include-debug-libs) lacks; xenv's
        // toolchain file then picks the release DLL runtime, as Rust links it.
        .build();
    println!("cargo:rustc-link-search=native={}", cmake.join("lib").display());
    println!("cargo:rustc-link-lib=static=xenv_cmake_part");

    cc::Build::new().file("c/client.c").compile("xenv_cc_part");
    println!("cargo:rerun-if-changed=c/client.c");
    println!("cargo:rerun-if-changed=cmake-project");
}

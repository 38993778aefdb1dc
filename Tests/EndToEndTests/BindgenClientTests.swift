// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// Debian's bindgen command (it loads libclang at run time: Debian's libclang1-N) generates bindings for a
/// header that includes a sysroot header, found through INCLUDE, with the environment of `xenv env`.
///
/// bindgen reads `BINDGEN_EXTRA_CLANG_ARGS_<target>` only when TARGET is set, as cargo sets it for a build
/// script, and then also adds `--target=$TARGET` itself; from a shell the target's arguments go after `--`.
/// Without either it parses for the host, where clang ignores INCLUDE.
@Suite(.serialized)
struct BindgenClientTests {
    @Test(arguments: Clients.targets)
    func bindgenParsesASysrootHeaderForTheTarget(target: Clients.Target) throws {
        let bindgen = try #require(E2E.onPath("bindgen"), "bindgen is not installed; .ci/run installs it")
        let sysroot = try Clients.sysroot.get()
        let base = try E2E.temporaryDirectory("bindgen-\(target.alias)")
        let result = try E2E.bash(
            """
            eval "$("$XENV" env --target \(target.alias) --sysroot "$SYSROOT" --out "$BASE/state")"
            # As a build script runs it: cargo sets TARGET.
            TARGET=\(target.triple) "$BINDGEN" "$HEADER" -o "$BASE/build-script.rs"
            # From a shell: the target's clang arguments after `--`, split into words as bindgen splits them.
            "$BINDGEN" "$HEADER" -o "$BASE/command-line.rs" -- $BINDGEN_EXTRA_CLANG_ARGS_\(target.suffix)
            """,
            environment: [
                "XENV": E2E.xenv, "SYSROOT": sysroot, "BASE": base, "BINDGEN": bindgen,
                "HEADER": Path.join(Clients.fixtures, "bindgen/wrapper.h"),
            ])
        #expect(result.status == 0, "\(result.standardError)")

        for file in ["build-script.rs", "command-line.rs"] {
            let bindings = try #require(E2E.read(Path.join(base, file)), "\(file)")
            // From the sysroot's xenv_sdk.h, through INCLUDE.
            #expect(bindings.contains("pub const XENV_DEMO_SDK_HEADER: u32 = 1;"), "\(file)")
            #expect(bindings.contains("pub fn xenv_demo_value() -> ::std::os::raw::c_int;"), "\(file)")
            // _M_ARM64 or _M_X64: parsed for this target.
            #expect(bindings.contains("pub const XENV_BINDGEN_ARCH: u32 = \(target.archValue);"), "\(file)")
            // long is 4 bytes on Windows: 16 bytes, where the host's layout would be 24.
            let size = Clients.text(after: "size_of::<xenv_bindgen_probe>()", in: bindings) ?? ""
            #expect(size.contains("16usize"), "\(file): \(size)")
        }
    }
}
#endif

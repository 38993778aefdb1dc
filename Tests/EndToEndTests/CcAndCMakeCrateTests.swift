// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The real cc-rs and cmake-rs (Debian's librust-cc-dev and librust-cmake-dev, offline): a crate whose build
/// script compiles C through cc-rs and a CMake project through cmake-rs, built for ARM64 and x64 after
/// `eval "$(xenv env --target ...)"`, linked through the shim; the x64 program runs under Wine and exits with the
/// code its C code computed.
@Suite(.serialized)
struct CcAndCMakeCrateTests {
    @Test func ccRsAndCMakeRsBuildBothTargetsFromXenvsEnvironment() throws {
        guard let cc = Clients.registryCrates("cc").last, let cmake = Clients.registryCrates("cmake").last else {
            Issue.record(
                "no cc or cmake crate in \(Clients.cargoRegistry); .ci/run installs librust-cc-dev and librust-cmake-dev"
            )
            return
        }
        let sysroot = try Clients.sysroot.get()
        let base = try E2E.temporaryDirectory("cc-crate")
        let crate = Path.join(base, "cc crate")
        let state = Path.join(base, "state")
        try FileManager.default.copyItem(atPath: Path.join(Clients.fixtures, "cc-crate"), toPath: crate)
        try E2E.write(Path.join(crate, ".cargo/config.toml"), Clients.offlineCargoConfig())

        // One target directory for both targets: the build script and its dependencies compile once. For x64,
        // xenv sees llvm-ar and no llvm-lib (Swift's toolchain alone), so AR_<t> and CMAKE_AR name its llvm-lib
        // link: cc-rs 1.0.73 and CMake pass lib.exe's options to AR.
        let result = try E2E.bash(
            """
            for target in aarch64-pc-windows-msvc x86_64-pc-windows-msvc; do
              (
                xenv_path="$PATH"
                if [ "$target" = x86_64-pc-windows-msvc ]; then xenv_path="$LLVM_AR_ONLY"; fi
                eval "$(PATH="$xenv_path" "$XENV" env --target "$target" --sysroot "$SYSROOT" --out "$STATE")"
                suffix="${target//-/_}"
                archiver="AR_$suffix" generator="CMAKE_GENERATOR_$suffix" toolchain="CMAKE_TOOLCHAIN_FILE_$suffix"
                echo "$target: AR=${!archiver} CMAKE_GENERATOR=${!generator}" >>"$STATE/seen.txt"
                # cmake-rs 0.1.45 (Debian 12) reads CMAKE_TOOLCHAIN_FILE only, and no generator variable; 0.1.46
                # and later read CMAKE_TOOLCHAIN_FILE_<target> and CMAKE_GENERATOR_<target>, which xenv sets.
                export CMAKE_TOOLCHAIN_FILE="${!toolchain}"
                cd "$CRATE"
                RUSTC_BOOTSTRAP=1 cargo build --quiet --target "$target"
              )
            done
            """,
            environment: [
                "XENV": E2E.xenv, "SYSROOT": sysroot, "STATE": state, "CRATE": crate,
                "LLVM_AR_ONLY": try Clients.llvmArOnlyTools(),
            ])
        #expect(result.status == 0, "with \(cc) and \(cmake): \(result.standardError)")
        let seen = E2E.read(Path.join(state, "seen.txt")) ?? ""
        #expect(seen.contains("aarch64-pc-windows-msvc: AR=\(try #require(E2E.onPath("llvm-lib"))) "), "\(seen)")
        let link = Path.join(state, "x86_64-pc-windows-msvc/llvm-lib")
        #expect(seen.contains("x86_64-pc-windows-msvc: AR=\(link) CMAKE_GENERATOR=Ninja\n"), "\(seen)")

        for target in Clients.targets {
            let program = Path.join(crate, "target/\(target.triple)/debug/xenv-cc-client.exe")
            #expect(E2E.peMachine(program) == target.machine, "\(target.triple)")
        }
        // 2 * 86 + 1, from c/client.c and cmake-project/part.c.
        let run = try Wine.run([Path.join(crate, "target/x86_64-pc-windows-msvc/debug/xenv-cc-client.exe")])
        #expect(run.status == 173, "\(run.standardError)")
    }
}
#endif

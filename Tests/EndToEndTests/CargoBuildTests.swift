// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// `cargo build --target aarch64-pc-windows-msvc` of a crate whose build script passes `/arm64hazardfree`,
/// with xenv's environment `eval`ed in bash: a real ARM64 PE comes out through the shim, and not without it.
@Suite(.serialized)
struct CargoBuildTests {
    static let triple = "aarch64-pc-windows-msvc"

    /// A fresh copy of the demo crate and a state directory, both under a path with a space.
    struct Workspace {
        let crate: String
        let state: String
        var executable: String { Path.join(crate, "target/\(CargoBuildTests.triple)/debug/xenv-demo.exe") }

        init(_ name: String) throws {
            let base = try E2E.temporaryDirectory(name)
            crate = Path.join(base, "demo crate")
            state = Path.join(base, "state dir")
            try FileManager.default.copyItem(
                atPath: Path.join(E2E.packageRoot, "Tests/Fixtures/demo-crate"), toPath: crate)
        }
    }

    /// Evals `xenv env` in bash, then runs `afterEval` and builds. Inputs travel as variables, not in the script.
    func build(
        _ workspace: Workspace, path: String = E2E.basePath, afterEval: String = "", extra: [String: String] = [:]
    ) throws -> E2E.Output {
        let sysroot = try GeneratedSysroot.get().root
        return try E2E.bash(
            """
            eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE")"
            \(afterEval)
            cd "$CRATE"
            RUSTC_BOOTSTRAP=1 cargo build --target \(Self.triple) --quiet
            """,
            environment: [
                "XENV": E2E.xenv, "SYSROOT": sysroot, "STATE": workspace.state, "CRATE": workspace.crate,
                "PATH": path,
            ].merging(extra) { $1 })
    }

    func shimConfig(_ workspace: Workspace) -> String {
        E2E.read(Path.join(workspace.state, "\(Self.triple)/xenv-link.conf")) ?? ""
    }

    @Test func linksAnARM64ImageThroughTheShimWithLLDLink() throws {
        let workspace = try Workspace("lld-link")
        let result = try build(workspace)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(shimConfig(workspace).contains("linker-kind=lld-link\n"))
        #expect(E2E.peMachine(workspace.executable) == 0xAA64)
    }

    @Test func linksAnARM64ImageThroughTheShimWithOnlyRustLLD() throws {
        let workspace = try Workspace("rust-lld")
        let result = try build(workspace, path: E2E.rustOnlyPath)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(shimConfig(workspace).contains("linker-kind=rust-lld\n"))
        #expect(shimConfig(workspace).contains("/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld\n"))
        #expect(result.standardError.contains("xenv: warning: no clang-cl on PATH"))
        #expect(E2E.peMachine(workspace.executable) == 0xAA64)
    }

    @Test func theSameBuildFailsWithoutTheShim() throws {
        let lldLink = try #require(E2E.onPath("lld-link"))
        let workspace = try Workspace("no-shim")
        let result = try build(
            workspace, afterEval: "export CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER=\"$REAL_LINKER\"",
            extra: ["REAL_LINKER": lldLink])
        #expect(result.status != 0)
        #expect(result.standardError.contains("could not open '/arm64hazardfree'"), "\(result.standardError)")
        #expect(!FileManager.default.fileExists(atPath: workspace.executable))
    }

    @Test func theSameBuildFailsWithRustLLDWithoutTheShim() throws {
        let workspace = try Workspace("no-shim-rust-lld")
        let result = try build(
            workspace, path: E2E.rustOnlyPath,
            afterEval: """
                export CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER="$(rustc --print sysroot)/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld"
                """)
        #expect(result.status != 0)
        #expect(result.standardError.contains("could not open '/arm64hazardfree'"), "\(result.standardError)")
    }

    /// 24 arguments of 100 kB push the link past ARG_MAX, so rustc writes its UTF-16 @file with the flag
    /// inside: the shim must rewrite the file, not only argv.
    @Test func rewritesTheResponseFileRustcWrites() throws {
        let workspace = try Workspace("rsp")
        let result = try build(workspace, extra: ["XENV_DEMO_BIG_ARGS": "24"])
        #expect(result.status == 0, "\(result.standardError.prefix(2000))")
        #expect(E2E.peMachine(workspace.executable) == 0xAA64)
        // rustc's temporary directory, where the shim put its rewritten copy, is gone: nothing leaked.
        let deps = Path.join(workspace.crate, "target/\(Self.triple)/debug/deps")
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: deps).filter { $0.contains("xenv-link-") }
        #expect(leftovers.isEmpty)
    }

    /// `xenv setup` alone, then `cargo --config <file>`: no eval, no exported LIB; the shim carries the
    /// library directories itself.
    @Test func theCargoConfigFromSetupIsEnoughOnItsOwn() throws {
        let workspace = try Workspace("cargo-config")
        let sysroot = try GeneratedSysroot.get().root
        let setup = try E2E.run(
            E2E.xenv, ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", workspace.state])
        #expect(setup.status == 0, "\(setup.standardError)")
        let config = Path.join(workspace.state, "\(Self.triple)/cargo-config.toml")
        let result = try E2E.run(
            "/bin/bash",
            [
                "-c",
                "env -u LIB -u INCLUDE RUSTC_BOOTSTRAP=1 cargo --config \"$CONFIG\" build --quiet --target \(Self.triple)",
            ],
            environment: ["CONFIG": config], directory: workspace.crate)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(E2E.peMachine(workspace.executable) == 0xAA64)
    }

    /// `xenv setup --cargo-config` merges the linker into the project's own config, inside its existing
    /// `[target.<triple>]` table; plain `cargo build` then links through the shim; removing the block gives
    /// back the original bytes.
    @Test func theMergedProjectConfigIsEnoughAndComesOutAgainByteForByte() throws {
        let workspace = try Workspace("merge")
        let sysroot = try GeneratedSysroot.get().root
        let config = Path.join(workspace.crate, ".cargo/config.toml")
        let original =
            "# the project's own settings\r\n[build]\r\nincremental = false\r\n\r\n"
            + "[target.aarch64-pc-windows-msvc]\r\nrustflags = [\"-C\", \"link-arg=/DEBUG:NONE\"]  # keep\r\n"
        try E2E.write(config, original)
        let setup = try E2E.run(
            E2E.xenv,
            [
                "setup", "--target", "arm64", "--sysroot", sysroot, "--out", workspace.state, "--cargo-config",
                ".cargo/config.toml",
            ],
            directory: workspace.crate)
        #expect(setup.status == 0, "\(setup.standardError)")
        let merged = try #require(E2E.read(config))
        #expect(
            merged.hasPrefix(
                "# the project's own settings\r\n[build]\r\nincremental = false\r\n\r\n[target.aarch64-pc-windows-msvc]\r\n# >>> xenv: aarch64-pc-windows-msvc"
            ))
        let build = try E2E.run(
            "/bin/bash", ["-c", "env -u LIB -u INCLUDE RUSTC_BOOTSTRAP=1 cargo build --quiet --target \(Self.triple)"],
            directory: workspace.crate)
        #expect(build.status == 0, "\(build.standardError)")
        #expect(E2E.peMachine(workspace.executable) == 0xAA64)
        let again = try E2E.run(
            E2E.xenv,
            ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", workspace.state, "--cargo-config", config])
        #expect(again.status == 0)
        #expect(E2E.read(config) == merged)
        let removed = try E2E.run(E2E.xenv, ["setup", "--remove-cargo-config", config])
        #expect(removed.standardOutput == "xenv: removed xenv's block from \(config)\n")
        #expect(E2E.read(config) == original)
    }

    @Test func aLinkerTheProjectAlreadySetsStopsTheMergeWithTheLine() throws {
        let workspace = try Workspace("merge-conflict")
        let sysroot = try GeneratedSysroot.get().root
        let config = Path.join(workspace.crate, ".cargo/config.toml")
        let original = "[target.aarch64-pc-windows-msvc]\nlinker = \"lld-link\"\n"
        try E2E.write(config, original)
        let result = try E2E.run(
            E2E.xenv,
            ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", workspace.state, "--cargo-config", config])
        #expect(result.status == 1)
        #expect(
            result.standardError.contains(
                "\(config):2 already sets a linker for aarch64-pc-windows-msvc: linker = \"lld-link\""))
        #expect(E2E.read(config) == original)
        #expect(!FileManager.default.fileExists(atPath: workspace.state), "nothing is written when the merge fails")
    }

    /// Nothing xenv exports or writes changes between runs, so a second setup leaves a CI build cache valid:
    /// cargo reports the crate fresh.
    @Test func aSecondSetupLeavesTheBuildFresh() throws {
        let workspace = try Workspace("fresh")
        let sysroot = try GeneratedSysroot.get().root
        let script = """
            "$XENV" setup --target arm64 --sysroot "$SYSROOT" --out "$STATE" >/dev/null
            eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE")"
            cd "$CRATE"
            RUSTC_BOOTSTRAP=1 cargo build --verbose --target \(Self.triple) 2>&1
            """
        let environment = ["XENV": E2E.xenv, "SYSROOT": sysroot, "STATE": workspace.state, "CRATE": workspace.crate]
        let first = try E2E.bash(script, environment: environment)
        #expect(first.status == 0, "\(first.standardOutput)")
        #expect(first.standardOutput.contains("Compiling xenv-demo"))
        let second = try E2E.bash(script, environment: environment)
        #expect(second.status == 0, "\(second.standardOutput)")
        #expect(second.standardOutput.contains("Fresh xenv-demo"), "\(second.standardOutput)")
        #expect(!second.standardOutput.contains("Compiling xenv-demo"))
    }

    /// clang-cl and plain clang (which some crates call directly) find the sysroot's headers through
    /// INCLUDE, with spaces and a quote in its path; no path is in the flags.
    @Test func cCompilersFindTheSysrootHeadersThroughINCLUDE() throws {
        let workspace = try Workspace("c")
        let sysroot = try GeneratedSysroot.get().root
        let source = Path.join(workspace.crate, "probe.c")
        try E2E.write(
            source,
            """
            #include <xenv_demo.h>
            #include <xenv_sdk.h>
            #if !XENV_DEMO_CRT_HEADER || !XENV_DEMO_SDK_HEADER
            #error stub headers not found
            #endif
            int __stdcall xenv_demo_value(void) { return 42; }
            """)
        let result = try E2E.bash(
            """
            eval "$("$XENV" env --target arm64 --sysroot "$SYSROOT" --out "$STATE")"
            cd "$CRATE"
            "$CC_aarch64_pc_windows_msvc" $CFLAGS_aarch64_pc_windows_msvc -c probe.c -Foprobe-cl.obj
            # ring 0.17 calls plain clang with the same CFLAGS_<t>: they must hold no clang-cl-only flag.
            clang $CFLAGS_aarch64_pc_windows_msvc -c probe.c -o probe-clang.obj
            clang $BINDGEN_EXTRA_CLANG_ARGS_aarch64_pc_windows_msvc -fsyntax-only probe.c
            "$AR_aarch64_pc_windows_msvc" /out:probe.lib probe-cl.obj
            """,
            environment: ["XENV": E2E.xenv, "SYSROOT": sysroot, "STATE": workspace.state, "CRATE": workspace.crate])
        #expect(result.status == 0, "\(result.standardError)")
        for object in ["probe-cl.obj", "probe-clang.obj", "probe.lib"] {
            #expect(FileManager.default.fileExists(atPath: Path.join(workspace.crate, object)), "\(object)")
        }
    }
}
#endif

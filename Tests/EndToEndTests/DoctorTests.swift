// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// `xenv doctor` and `setup --verify` link for the target through the shim before a long build starts, and
/// name the cause when the environment is broken.
struct DoctorTests {
    /// A private sysroot, made by the demo's script, to break in different ways.
    func sysroot(_ name: String) throws -> (root: String, state: String) {
        let base = try E2E.temporaryDirectory("doctor \(name)")
        let root = Path.join(base, "sysroot")
        let made = try E2E.run("/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), root])
        #expect(made.status == 0, "\(made.standardError)")
        return (root, Path.join(base, "state"))
    }

    @Test func aWorkingEnvironmentLinksAndCompilesForARM64() throws {
        let (root, state) = try sysroot("good")
        let result = try E2E.run(E2E.xenv, ["doctor", "--target", "arm64", "--sysroot", root, "--out", state])
        #expect(result.status == 0, "\(result.standardOutput)\(result.standardError)")
        let lines = result.standardOutput.split(separator: "\n").map(String.init)
        #expect(lines.count == 4)
        #expect(lines[0].hasPrefix("verify: link through xenv-link: ok, PE machine 0xAA64 ("))
        #expect(lines[1].hasPrefix("verify: compile C with clang-cl: ok, wrote xenv_verify.obj ("))
        #expect(lines[2].hasPrefix("verify: link C through xenv-link: ok, PE machine 0xAA64 ("))
        #expect(
            lines[3]
                == "verify: build Rust: skipped, rustc has no standard library for aarch64-pc-windows-msvc (rustup target add aarch64-pc-windows-msvc)"
        )
    }

    @Test func setupVerifyPrintsTheSummaryAndTheReport() throws {
        let (root, state) = try sysroot("setup")
        let result = try E2E.run(
            E2E.xenv, ["setup", "--target", "arm64", "--sysroot", root, "--out", state, "--verify"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.hasPrefix("xenv: aarch64-pc-windows-msvc from linux-x86_64\n"))
        #expect(result.standardOutput.contains("\nverify: link through xenv-link: ok, PE machine 0xAA64 ("))
    }

    @Test func aTruncatedKernel32IsCaughtAndNamed() throws {
        let (root, state) = try sysroot("truncated")
        let library = Path.join(root, "sdk/lib/um/aarch64/kernel32.Lib")
        let bytes = try #require(FileManager.default.contents(atPath: library))
        try E2E.write(library, bytes: [UInt8](bytes.prefix(100)))
        let result = try E2E.run(E2E.xenv, ["doctor", "--target", "arm64", "--sysroot", root, "--out", state])
        #expect(result.status == 1)
        #expect(result.standardOutput.hasPrefix("verify: link through xenv-link: FAILED ("))
        // The failing command, quoted so it can be pasted into a shell.
        #expect(
            result.standardOutput.contains(
                "  command: \(E2E.quoted(Path.join(state, "aarch64-pc-windows-msvc/xenv-link"))) /machine:ARM64 "))
        #expect(
            result.standardError.hasPrefix(
                "xenv: error: the environment does not work: link through xenv-link failed: lld-link: error: "))
        #expect(result.standardError.contains("kernel32.lib: truncated or malformed archive"))
        #expect(result.standardError.split(separator: "\n").count == 1)
    }

    @Test func aMissingUcrtIsNamedBeforeAnythingRuns() throws {
        let (root, state) = try sysroot("no-ucrt")
        try FileManager.default.removeItem(atPath: Path.join(root, "sdk/lib/ucrt/aarch64/ucrt.lib"))
        let result = try E2E.run(E2E.xenv, ["doctor", "--target", "arm64", "--sysroot", root, "--out", state])
        #expect(result.status == 1)
        #expect(
            result.standardError.hasPrefix(
                "xenv: error: sysroot \(root) does not serve aarch64-pc-windows-msvc: no ucrt.lib in "))
    }

    @Test func aLinkerThatIsNotExecutableOrThatFailsIsNamed() throws {
        let (root, state) = try sysroot("linker")
        let tools = Path.join(Path.parent(root), "tools")
        let linker = Path.join(tools, "lld-link")
        try E2E.write(
            linker, "#!/bin/sh\necho 'lld-link: error: this linker is broken' >&2\nexit 1\n", executable: false)
        let notExecutable = try E2E.run(
            E2E.xenv, ["doctor", "--target", "arm64", "--sysroot", root, "--out", state, "--linker", linker])
        #expect(notExecutable.status == 1)
        #expect(
            notExecutable.standardError
                == "xenv: error: --linker \(linker) cannot be used: it is not an executable file\n")

        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: linker)
        let broken = try E2E.run(
            E2E.xenv, ["doctor", "--target", "arm64", "--sysroot", root, "--out", state, "--linker", linker])
        #expect(broken.status == 1)
        #expect(
            broken.standardError
                == "xenv: error: the environment does not work: link through xenv-link failed: lld-link: error: this linker is broken; see the report above, fix it and run again\n"
        )
    }
}

extension DoctorTests {
    @Test func inspectOnLinuxListsTheSysrootLinkersAndVerdicts() throws {
        let (root, _) = try sysroot("inspect")
        let result = try E2E.run(E2E.xenv, ["inspect", "--sysroot", root, "--json"])
        #expect(result.status == 0, "\(result.standardError)")
        let object = try #require(
            try JSONSerialization.jsonObject(with: Data(result.standardOutput.utf8)) as? [String: Any])
        let sysroots = try #require(object["sysroots"] as? [[String: Any]])
        #expect(sysroots.first?["path"] as? String == root)
        #expect((sysroots.first?["targets"] as? [String])?.contains("aarch64-pc-windows-msvc") == true)
        let linkers = try #require(object["linkers"] as? [[String: Any]])
        #expect(
            linkers.contains {
                $0["kind"] as? String == "rust-lld" && ($0["version"] as? String)?.hasPrefix("rustc ") == true
            })
        let targets = try #require(object["targets"] as? [[String: Any]])
        let arm64 = try #require(targets.first { $0["triple"] as? String == "aarch64-pc-windows-msvc" })
        #expect(arm64["ready"] as? Bool == true)
        #expect(arm64["rustStandardLibrary"] as? Bool == false)
        let x64 = try #require(targets.first { $0["triple"] as? String == "x86_64-pc-windows-msvc" })
        #expect((x64["problem"] as? String)?.contains("no msvcrt.lib in") == true)
        // The aarch64 splat has every file an arm64ec link would be given, and the link would still fail.
        let arm64ec = try #require(targets.first { $0["triple"] as? String == "arm64ec-pc-windows-msvc" })
        #expect(arm64ec["ready"] as? Bool == false)
        #expect(
            (arm64ec["problem"] as? String)?.hasPrefix("arm64ec-pc-windows-msvc cannot be built from an xwin sysroot: ")
                == true)
        #expect((sysroots.first?["targets"] as? [String])?.contains("arm64ec-pc-windows-msvc") == false)
    }
}
#endif

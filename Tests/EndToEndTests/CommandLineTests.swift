// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The `xenv` binary: determinism, no needless writes, and bad input that fails cleanly.
struct CommandLineTests {
    func modificationDates(_ directory: String) throws -> [String: Date] {
        var dates: [String: Date] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
            let attributes = try FileManager.default.attributesOfItem(atPath: Path.join(directory, name))
            dates[name] = attributes[.modificationDate] as? Date
        }
        return dates
    }

    @Test func sameInputsGiveByteIdenticalOutputAndARerunWritesNothing() throws {
        let sysroot = try GeneratedSysroot.get().root
        let state = Path.join(try E2E.temporaryDirectory("determinism"), "state")
        let arguments = ["--target", "arm64", "--sysroot", sysroot, "--out", state]
        let firstSetup = try E2E.run(E2E.xenv, ["setup"] + arguments)
        #expect(firstSetup.status == 0, "\(firstSetup.standardError)")
        let targetDirectory = Path.join(state, "aarch64-pc-windows-msvc")
        let files = ["cargo-config.toml", "xenv-link", "xenv-link.conf"]
        #expect(try FileManager.default.contentsOfDirectory(atPath: targetDirectory).sorted() == files)
        let contents = files.map { FileManager.default.contents(atPath: Path.join(targetDirectory, $0)) }
        let dates = try modificationDates(targetDirectory)
        Thread.sleep(forTimeInterval: 0.05)

        let secondSetup = try E2E.run(E2E.xenv, ["setup"] + arguments)
        #expect(secondSetup.standardOutput == firstSetup.standardOutput)
        let firstEnv = try E2E.run(E2E.xenv, ["env"] + arguments)
        let secondEnv = try E2E.run(E2E.xenv, ["env"] + arguments + ["-v"])
        #expect(firstEnv.standardOutput == secondEnv.standardOutput)
        #expect(secondEnv.standardError.contains("xenv: unchanged \(Path.join(targetDirectory, "xenv-link"))\n"))
        #expect(!secondEnv.standardError.contains("xenv: wrote"))
        #expect(try modificationDates(targetDirectory) == dates)
        #expect(files.map { FileManager.default.contents(atPath: Path.join(targetDirectory, $0)) } == contents)
        #expect(
            FileManager.default.contents(atPath: Path.join(targetDirectory, "xenv-link"))
                == FileManager.default.contents(atPath: E2E.shim))
    }

    @Test func anUnknownTargetIsOneLineAndAUsageExit() throws {
        let result = try E2E.run(E2E.xenv, ["env", "--target", "armv7"])
        #expect(result.status == 64)
        #expect(result.standardOutput.isEmpty)
        #expect(
            result.standardError
                == "xenv: error: unknown --target 'armv7'; accepted: aarch64-pc-windows-msvc, arm64, aarch64, arm64ec-pc-windows-msvc, arm64ec, i686-pc-windows-msvc, x86, i686, x86_64-pc-windows-msvc, x64, amd64, x86_64\n"
        )
    }

    @Test func anIncompleteSysrootNamesTheMissingFileAndWritesNothing() throws {
        let base = try E2E.temporaryDirectory("incomplete")
        let sysroot = Path.join(base, "sysroot")
        let made = try E2E.run("/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), sysroot])
        #expect(made.status == 0)
        try FileManager.default.removeItem(atPath: Path.join(sysroot, "sdk/lib/ucrt/aarch64/ucrt.lib"))
        let state = Path.join(base, "state")
        let result = try E2E.run(E2E.xenv, ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", state])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "xenv: error: sysroot \(sysroot) does not serve aarch64-pc-windows-msvc: no ucrt.lib in \(sysroot)/sdk/lib/ucrt/aarch64; fetch one with `xenv sysroot fetch --accept-license --arch aarch64` (naming every architecture you build for) or splat one with `xwin --accept-license --arch aarch64 splat --output DIR`\n"
        )
        #expect(!FileManager.default.fileExists(atPath: state))
    }

    @Test func helpDocumentsEveryOption() throws {
        let result = try E2E.run(E2E.xenv, ["--help"])
        #expect(result.status == 0)
        for option in ["--target", "--sysroot", "--linker", "--out", "--shell", "--verbose"] {
            #expect(result.standardOutput.contains(option), "\(option)")
        }
        let readme = E2E.read(Path.join(E2E.packageRoot, "README.md")) ?? ""
        #expect(
            readme.contains(Help.text(CommandLineTables(catalog: try TargetCatalog.embedded()))),
            "README.md must carry the --help text verbatim")
    }
}

extension CommandLineTests {
    /// Two CI steps (or two shells) set up the same state directory at once: both succeed and the files are whole.
    @Test func twoSetupsAtOnceOnOneStateDirectoryBothSucceed() throws {
        let sysroot = try GeneratedSysroot.get().root
        let state = Path.join(try E2E.temporaryDirectory("concurrent"), "state")
        let statuses = Statuses(count: 4)
        DispatchQueue.concurrentPerform(iterations: 4) { index in
            let result = try? E2E.run(E2E.xenv, ["setup", "--target", "arm64", "--sysroot", sysroot, "--out", state])
            statuses.set(index, result?.status ?? -1)
        }
        #expect(statuses.all == [0, 0, 0, 0])
        let directory = Path.join(state, "aarch64-pc-windows-msvc")
        #expect(
            FileManager.default.contents(atPath: Path.join(directory, "xenv-link"))
                == FileManager.default.contents(atPath: E2E.shim))
        // Nothing left behind, such as a temporary hard link that lost the race to the same shim.
        let entries = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(entries == ["cargo-config.toml", "xenv-link", "xenv-link.conf"])
    }
}
#endif

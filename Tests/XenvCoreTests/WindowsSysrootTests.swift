import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// A Windows host builds from an xwin sysroot when it is given one, or when it has no Visual Studio and
/// `xenv sysroot fetch` (or cargo-xwin) made one: the sysroot toolchain's code, with Windows paths.
@Suite struct WindowsSysrootTests {
    static let local = #"C:\Users\runneradmin\AppData\Local"#
    static let fetched = local + #"\xenv\sysroot"#

    /// windows-2025 with every trace of Visual Studio left out: LLVM and Rust stay on Path.
    static func runnerWithoutVisualStudio() throws -> SimulatedRunner {
        try SimulatedRunner(
            "windows-2025", editing: SimulatedRunner.leavingOut(["Microsoft Visual Studio", "${VS}", "${MSVC}"]))
    }

    /// The files `SysrootResolver` checks for aarch64, in xwin's splat layout.
    static func writeSplat(at root: String, in runner: SimulatedRunner) throws {
        for file in [
            #"crt\include\vcruntime.h"#, #"crt\lib\aarch64\msvcrt.lib"#, #"crt\lib\aarch64\vcruntime.lib"#,
            #"sdk\include\ucrt\stdio.h"#, #"sdk\include\um\windows.h"#, #"sdk\lib\um\aarch64\kernel32.lib"#,
            #"sdk\lib\ucrt\aarch64\ucrt.lib"#,
        ] {
            try runner.write(root + #"\"# + file, "stub")
        }
    }

    @Test func withoutVisualStudioTheFetchedSysrootBuilds() throws {
        let runner = try Self.runnerWithoutVisualStudio()
        try Self.writeSplat(at: Self.fetched, in: runner)
        var notes: [String] = []
        let plan = try runner.plan(PlanRequest(target: "arm64"), notes: &notes)

        guard case .sysroot(let sysroot) = plan.toolchain else {
            Issue.record("expected a sysroot plan, got \(plan.toolchain)")
            return
        }
        #expect(sysroot.root == Self.fetched)
        let f = Self.fetched
        #expect(plan.value("LIB") == #"\#(f)\crt\lib\aarch64;\#(f)\sdk\lib\um\aarch64;\#(f)\sdk\lib\ucrt\aarch64"#)
        #expect(plan.value("INCLUDE") == #"\#(f)\crt\include;\#(f)\sdk\include\ucrt;\#(f)\sdk\include\um"#)
        #expect(plan.tools.linker == Linker(path: #"C:\Program Files\LLVM\bin\lld-link.exe"#, kind: .lldLink))
        #expect(plan.value("CC_aarch64_pc_windows_msvc") == #"C:\Program Files\LLVM\bin\clang-cl.exe"#)
        #expect(plan.shimPath == Self.local + #"\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#)
        #expect(plan.value("VSINSTALLDIR") == nil)
        #expect(
            notes.contains {
                $0.hasPrefix("Visual Studio cannot build aarch64-pc-windows-msvc (no Visual Studio with the C++ tools")
                    && $0.hasSuffix("; building from the sysroot at \(Self.fetched)")
            }, "\(notes)")
    }

    @Test func withoutVisualStudioCargoXwinsCacheBuildsToo() throws {
        let runner = try Self.runnerWithoutVisualStudio()
        let cache = Self.local + #"\cargo-xwin\xwin"#
        try Self.writeSplat(at: cache, in: runner)
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        guard case .sysroot(let sysroot) = plan.toolchain else {
            Issue.record("expected a sysroot plan, got \(plan.toolchain)")
            return
        }
        #expect(sysroot.root == cache)
    }

    @Test func withoutVisualStudioOrASysrootTheErrorNamesBothWaysOut() throws {
        let runner = try Self.runnerWithoutVisualStudio()
        let message = thrownError { try runner.plan(PlanRequest(target: "arm64")) }?.description ?? ""
        #expect(message.hasPrefix("no Visual Studio with the C++ tools for aarch64-pc-windows-msvc found"))
        #expect(message.contains("vs_BuildTools.exe --add Microsoft.VisualStudio.Workload.VCTools"))
        #expect(message.hasSuffix("`xenv sysroot fetch --accept-license --arch aarch64` downloads"), "\(message)")
    }

    /// A sysroot that cannot build the target leaves Visual Studio's error, which says what to install; `-v` says
    /// why the sysroot was passed over.
    @Test func aSysrootWithoutTheTargetsLibrariesLeavesVisualStudiosError() throws {
        let runner = try Self.runnerWithoutVisualStudio()
        try Self.writeSplat(at: Self.fetched, in: runner)
        runner.fileSystem.removeFile(Self.fetched + #"\sdk\lib\ucrt\aarch64\ucrt.lib"#)
        var notes: [String] = []
        let message = thrownError { try runner.plan(PlanRequest(target: "arm64"), notes: &notes) }?.description
        #expect(message?.hasPrefix("no Visual Studio with the C++ tools for aarch64-pc-windows-msvc found") == true)
        #expect(
            notes.contains {
                $0.hasPrefix("sysroot: \(Self.fetched) passed over: ") && $0.contains(#"no ucrt.lib in "#)
            }, "\(notes)")
    }

    /// No sysroot builds arm64ec, so it keeps Visual Studio's error and is never sent to a sysroot by XENV_SYSROOT.
    @Test func arm64ecStaysWithVisualStudio() throws {
        let bare = try Self.runnerWithoutVisualStudio()
        try Self.writeSplat(at: Self.fetched, in: bare)
        let message = thrownError { try bare.plan(PlanRequest(target: "arm64ec")) }?.description ?? ""
        #expect(
            message.hasPrefix("no Visual Studio with the C++ tools for arm64ec-pc-windows-msvc found"), "\(message)")
        #expect(message.hasSuffix("or pass --vs DIR"), "\(message)")

        let runner = try SimulatedRunner("windows-2025")
        try Self.writeSplat(at: #"D:\xwin"#, in: runner)
        let plan = try runner.plan(PlanRequest(target: "arm64ec"), environment: ["XENV_SYSROOT": #"D:\xwin"#])
        #expect(plan.visualStudioInstance != nil)
    }

    /// Visual Studio without the target's component, beside a sysroot that serves it: the sysroot builds.
    @Test func visualStudioWithoutTheComponentGivesWayToAServingSysroot() throws {
        let component =
            #"{"id":"Microsoft.VisualStudio.Component.VC.Tools.ARM64","type":"Component","#
            + #""selectedState":"IndividuallySelected"},"#
        let runner = try SimulatedRunner("windows-2025") { text in
            precondition(text.contains(component))
            return text.replacingOccurrences(of: component, with: "")
        }
        #expect(
            thrownError { try runner.plan(PlanRequest(target: "arm64")) }?.description
                .contains("lacks the component Microsoft.VisualStudio.Component.VC.Tools.ARM64") == true)
        try Self.writeSplat(at: Self.fetched, in: runner)
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        guard case .sysroot(let sysroot) = plan.toolchain else {
            Issue.record("expected a sysroot plan, got \(plan.toolchain)")
            return
        }
        #expect(sysroot.root == Self.fetched)
    }

    @Test func withVisualStudioAFetchedSysrootIsLeftAlone() throws {
        let runner = try SimulatedRunner("windows-2025")
        try Self.writeSplat(at: Self.fetched, in: runner)
        let plan = try runner.plan(PlanRequest(target: "arm64"))
        #expect(plan.toolsetVersion == "14.51.36231")
        #expect(plan.visualStudioInstance?.path == #"C:\Program Files\Microsoft Visual Studio\18\Enterprise"#)
    }

    @Test func sysrootOptionOrVariableOnAWindowsHostBuildsFromIt() throws {
        let runner = try SimulatedRunner("windows-2025")
        try Self.writeSplat(at: #"D:\xwin"#, in: runner)
        for (request, environment) in [
            (PlanRequest(target: "arm64", sysroot: #"D:\xwin"#), [:]),
            (PlanRequest(target: "arm64"), ["XENV_SYSROOT": #"D:\xwin"#]),
        ] {
            let plan = try runner.plan(request, environment: environment)
            guard case .sysroot(let sysroot) = plan.toolchain else {
                Issue.record("expected a sysroot plan, got \(plan.toolchain)")
                continue
            }
            #expect(sysroot.root == #"D:\xwin"#)
            #expect(plan.value("LIB")?.hasPrefix(#"D:\xwin\crt\lib\aarch64;"#) == true)
        }
    }

    @Test func visualStudioOptionsWinOverXenvSysrootButNotOverSysrootOption() throws {
        let runner = try SimulatedRunner("windows-2025")
        try Self.writeSplat(at: #"D:\xwin"#, in: runner)
        let pinned = PlanRequest(target: "arm64", visualStudio: VisualStudioRequest(toolset: "14.51"))
        let plan = try runner.plan(pinned, environment: ["XENV_SYSROOT": #"D:\xwin"#])
        #expect(plan.toolsetVersion == "14.51.36231")

        var both = pinned
        both.sysroot = #"D:\xwin"#
        let error = thrownError { try runner.plan(both) }
        #expect(
            error?.description
                == "--vs, --toolset, --sdk and --prerelease choose Visual Studio, --sysroot and XENV_SYSROOT a sysroot; "
                + "give one or the other (see `xenv --help`)")
        #expect(error?.exitCode == 64)
        var cl = PlanRequest(target: "arm64", sysroot: #"D:\xwin"#)
        cl.compiler = .cl
        #expect(thrownError { try runner.plan(cl) }?.exitCode == 64)
    }
}

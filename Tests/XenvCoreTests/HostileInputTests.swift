import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// Inputs a real machine can hold that xenv must survive: each gets a clear error or a correct result,
/// never a crash, a hang or a partial write.
struct HostileInputTests {
    @Test func aTruncatedInstanceRecordIsPassedOverAndTheOtherInstanceStillServes() throws {
        let copy = try FixtureCopy()
        try copy.write(FixturePath.enterpriseRecord, #"{"installationPath": "C:\\Program Files\\Microsoft Vis"#)
        var notes: [String] = []
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem), notes: &notes)
        #expect(notes.contains("Visual Studio: \(FixturePath.enterpriseRecord) passed over: not an instance record"))
        guard case .visualStudio(let instance, _, _) = plan.toolchain else { Issue.record("no Visual Studio"); return }
        #expect(instance.path == FixturePath.buildTools)
    }

    @Test func malformedRecordsAndVswhereOutputParseToNothing() {
        for text in ["", "null", "[]", "{\"installationPath\": 3}", "\u{FEFF}{", "not json at all"] {
            #expect(VisualStudioInstance(instanceRecord: Array(text.utf8)) == nil, "\(text)")
        }
        for text in ["", "Visual Studio Locator version 3.1", "{}", "[{\"installationPath\": null}]", "[1, 2]"] {
            #expect(VisualStudioInstance.fromVswhere(Array(text.utf8)).isEmpty, "\(text)")
        }
    }

    @Test(arguments: ["14.44.35207", "\u{FEFF}14.44.35207\r\n", "14.44.35207   \r\n\r\n", "  14.44.35207\n"])
    func aDefaultToolsetFileWithBOMCRLFOrSpacesIsRead(text: String) throws {
        let copy = try FixtureCopy()
        try copy.write(FixturePath.defaultToolsetFile, text)
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(WindowsFixture.value("VCToolsVersion", in: plan) == "14.44.35207")
    }

    @Test func aDefaultToolsetFileNamingAMissingToolsetFallsBackToTheNewestCompleteOne() throws {
        let copy = try FixtureCopy()
        try copy.write(FixturePath.defaultToolsetFile, "14.99.12345\r\n")
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(WindowsFixture.value("VCToolsVersion", in: plan) == "14.44.35207")
    }

    @Test func sdkDirectoriesWithOtherNamesAreIgnored() throws {
        let copy = try FixtureCopy()
        for name in ["10.0.99999.0-preview", "wdf", "10", "latest"] {
            try copy.write(#"C:\Program Files (x86)\Windows Kits\10\Include\"# + name + #"\um\winsdkver.h"#, "stub")
        }
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(fileSystem: copy.fileSystem))
        #expect(WindowsFixture.value("UCRTVersion", in: plan) == "10.0.22621.0")
    }

    #if !os(Windows)
    @Test func aSymlinkLoopInASysrootIsAClearError() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("xenv-loop-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: Path.join(base, "sdk"), withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(
            atPath: Path.join(base, "crt"), withDestinationPath: Path.join(base, "crt"))
        let resolver = SysrootResolver(
            fileSystem: nativeFileSystem, environment: Environment([:]), host: Host(os: .linux, arch: .x86_64),
            workingDirectory: "/")
        let arm64 = try TargetCatalog.embedded().descriptor(named: "arm64")
        #expect(
            thrownError { try resolver.inspect(base, for: arm64) }?.description
                == "sysroot \(base) does not serve aarch64-pc-windows-msvc: no msvcrt.lib in \(base)/crt/lib/aarch64 or \(base)/crt/lib/arm64; fetch one with `xenv sysroot fetch --accept-license --arch aarch64` (naming every architecture you build for) or splat one with `xwin --accept-license --arch aarch64 splat --output DIR`"
        )
    }

    #endif  // !os(Windows)

    @Test func aStateDirectoryThatCannotBeWrittenIsAnErrorNamingIt() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("xenv-ro-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        // A file where a directory must go fails for root too, unlike permission bits.
        try Data("a file".utf8).write(to: URL(fileURLWithPath: Path.join(base, "state")))
        let file = Path.join(base, "state/aarch64-pc-windows-msvc/xenv-link.conf")
        let error = thrownError {
            try PlanApplier.apply([PlannedFile(path: file, contents: .bytes([1]))], to: nativeFileSystem)
        }
        #expect(error?.description.hasPrefix("cannot write \(file): ") == true)
        #expect(error?.description.hasSuffix("; check that the directory is writable or pass --out DIR") == true)
    }

    @Test func aWindowsPathLongerThan32KBStaysCorrect() throws {
        // Nothing in xenv limits PATH; every entry survives and xenv's come first.
        let long = (0..<2000).map { #"C:\tools\entry-number-"# + String($0) }.joined(separator: ";")
        var environment = WindowsFixture.environment
        environment["Path"] = long
        let plan = try WindowsFixture.plan(in: WindowsFixture.context(environment: environment))
        let path = try #require(WindowsFixture.value("PATH", in: plan))
        #expect(path.utf8.count > 32 * 1024)
        #expect(path.hasSuffix(long))
        #expect(
            path.hasPrefix(
                #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools\VC\Tools\MSVC\14.38.33130\bin\HostX64\arm64;"#
            ))
    }
}

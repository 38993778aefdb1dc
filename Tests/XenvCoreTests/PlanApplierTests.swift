import Foundation
import Testing
import XenvSystem

@testable import XenvCore

@Suite struct PlanApplierTests {
    static let files = [
        PlannedFile(path: "/state/t/xenv-link", contents: .copy(of: "/opt/xenv/bin/xenv-link"), executable: true),
        PlannedFile(path: "/state/t/xenv-link.conf", contents: .bytes(Array("linker=/l\n".utf8))),
    ]

    static func machine() -> InMemoryFileSystem {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addFile("/opt/xenv/bin/xenv-link", "SHIM", executable: true)
        return fileSystem
    }

    @Test func writesEachFileWithItsExecutableBit() throws {
        let fileSystem = Self.machine()
        let outcomes = try PlanApplier.apply(Self.files, to: fileSystem)
        #expect(outcomes.map(\.path) == ["/state/t/xenv-link", "/state/t/xenv-link.conf"])
        #expect(outcomes.map(\.outcome) == [.written, .written])
        #expect(fileSystem.readFile("/state/t/xenv-link") == Array("SHIM".utf8))
        #expect(fileSystem.isExecutableFile("/state/t/xenv-link"))
        #expect(fileSystem.readFile("/state/t/xenv-link.conf") == Array("linker=/l\n".utf8))
        #expect(!fileSystem.isExecutableFile("/state/t/xenv-link.conf"))
    }

    @Test func aSecondApplyWritesNothing() throws {
        let fileSystem = RecordingFileSystem(Self.machine())
        try PlanApplier.apply(Self.files, to: fileSystem)
        let outcomes = try PlanApplier.apply(Self.files, to: fileSystem)
        #expect(outcomes.map(\.outcome) == [.unchanged, .unchanged])
        #expect(fileSystem.writes == ["/state/t/xenv-link", "/state/t/xenv-link.conf"], "only the first apply wrote")
    }

    @Test func rewritesAFileWhoseBytesOrExecutableBitChanged() throws {
        let fileSystem = Self.machine()
        try PlanApplier.apply(Self.files, to: fileSystem)
        fileSystem.addFile("/state/t/xenv-link", "SHIM", executable: false)
        var changed = Self.files
        changed[1].contents = .bytes(Array("linker=/other\n".utf8))
        let outcomes = try PlanApplier.apply(changed, to: fileSystem)
        #expect(outcomes.map(\.outcome) == [.written, .written])
        #expect(fileSystem.isExecutableFile("/state/t/xenv-link"))
        #expect(fileSystem.readFile("/state/t/xenv-link.conf") == Array("linker=/other\n".utf8))
    }

    @Test func aMissingShimFailsBeforeAnythingIsWritten() {
        // The copy comes last, so a writer that did not read every source first would have written the others.
        let fileSystem = RecordingFileSystem(InMemoryFileSystem())
        let files = Self.files.reversed() as [PlannedFile]
        #expect(
            thrownError { try PlanApplier.apply(files, to: fileSystem) }?.description
                == "the linker shim is not at /opt/xenv/bin/xenv-link; reinstall xenv (`make install`) so xenv-link sits next to xenv"
        )
        #expect(fileSystem.writes.isEmpty)
        #expect(!fileSystem.exists("/state/t/xenv-link.conf"))
    }

    @Test func reportsAFailedWriteWithThePath() {
        let fileSystem = RecordingFileSystem(Self.machine(), failWrites: true)
        #expect(
            thrownError { try PlanApplier.apply(Self.files, to: fileSystem) }?.description
                == "cannot write /state/t/xenv-link: disk full; check that the directory is writable or pass --out DIR")
    }

    static let link = PlannedFile(
        path: "/state/t/llvm-lib", contents: .symlink(to: "/llvm/bin/llvm-ar"), executable: true)

    /// Without this machine's file calls (the simulated Windows host, a test's memory) a link is a copy.
    @Test func aLinkWithoutLinkCallsIsACopy() throws {
        let fileSystem = RecordingFileSystem(Self.machine())
        fileSystem.base.addFile("/llvm/bin/llvm-ar", "LLVM-AR", executable: true)
        #expect(try PlanApplier.apply([Self.link], to: fileSystem).map(\.outcome) == [.written])
        #expect(fileSystem.readFile("/state/t/llvm-lib") == Array("LLVM-AR".utf8))
        #expect(fileSystem.isExecutableFile("/state/t/llvm-lib"))
        #expect(try PlanApplier.apply([Self.link], to: fileSystem).map(\.outcome) == [.unchanged])
        #expect(fileSystem.writes == ["/state/t/llvm-lib"])
    }

    @Test func aLinkToAMissingFileFailsBeforeAnythingIsWritten() {
        let fileSystem = RecordingFileSystem(Self.machine())
        #expect(
            thrownError { try PlanApplier.apply(Self.files + [Self.link], to: fileSystem) }?.description
                == "cannot write /state/t/llvm-lib: /llvm/bin/llvm-ar, which it would link to, is not a file; check "
                + "that the directory is writable or pass --out DIR")
        #expect(fileSystem.writes.isEmpty)
    }

    #if !os(Windows)
    /// On this machine's disk: a symbolic link made under a temporary name and renamed into place; a re-run that
    /// finds it keeps it, a new target or a file in its place is replaced, and no temporary name is left behind.
    @Test func aLinkOnThisMachineIsASymbolicLinkReplacedAtomically() throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("xenv-link-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let first = Path.join(base, "bin/llvm-ar"), second = Path.join(base, "bin/llvm-ar-21")
        for tool in [first, second] {
            try FileManager.default.createDirectory(atPath: Path.parent(tool), withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: tool, contents: Data("AR".utf8))
        }
        let path = Path.join(base, "state/t/llvm-lib")
        func apply(_ target: String) throws -> [PlanApplier.Outcome] {
            try PlanApplier.apply(
                [PlannedFile(path: path, contents: .symlink(to: target), executable: true)], to: nativeFileSystem,
                linking: NativeCalls()
            ).map(\.outcome)
        }
        func destination() -> String? { try? FileManager.default.destinationOfSymbolicLink(atPath: path) }

        #expect(try apply(first) == [.written])
        #expect(destination() == first)
        #expect(try apply(first) == [.unchanged])
        #expect(try apply(second) == [.written])
        #expect(destination() == second)
        try FileManager.default.removeItem(atPath: path)
        FileManager.default.createFile(atPath: path, contents: Data("a copy from before".utf8))
        #expect(try apply(second) == [.written])
        #expect(destination() == second)
        #expect(try FileManager.default.contentsOfDirectory(atPath: Path.join(base, "state/t")) == ["llvm-lib"])
    }
    #endif
}

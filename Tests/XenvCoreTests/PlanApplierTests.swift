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
}

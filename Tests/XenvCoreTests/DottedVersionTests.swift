import Testing
import XenvSystem

@testable import XenvCore

@Suite struct DottedVersionTests {
    static func version(_ text: String) -> DottedVersion { DottedVersion(text)! }

    @Test func comparesNumberByNumber() {
        #expect(Self.version("10.0.9.0") < Self.version("10.0.10.0"))
        #expect(Self.version("14.9") < Self.version("14.44"))
        #expect(Self.version("14.44.35207") < Self.version("15"))
        #expect(!(Self.version("14.44") < Self.version("14.9")))
        #expect(Self.version("2.0") == Self.version("2.0"))
        #expect(!(Self.version("2.0") < Self.version("2.0")))
    }

    @Test func ordersAShorterEqualPrefixFirst() {
        #expect(Self.version("1.2") < Self.version("1.2.0"))
        #expect(!(Self.version("1.2.0") < Self.version("1.2")))
    }

    @Test func sortsADirectoryListing() {
        let sorted = ["10.0.26100.0", "10.0.9.0", "10.0.10.0", "10.0.22621.0"].compactMap(DottedVersion.init).sorted()
        #expect(sorted.map(\.description) == ["10.0.9.0", "10.0.10.0", "10.0.22621.0", "10.0.26100.0"])
    }

    @Test func keepsItsTextAndRejectsNonVersions() {
        #expect(DottedVersion("14.44.35207")?.components == [14, 44, 35207])
        #expect(DottedVersion("014.1")?.description == "014.1")
        for text in ["", ".", "1..2", "1.", "a.b", "1.x", "10.0.26100.0-preview", "wdf", "+1", "-1", "1.+2", "١٠.٠"] {
            #expect(DottedVersion(text) == nil, "\(text)")
        }
    }

    @Test func findsTheHighestVersionInADirectory() {
        let fileSystem = InMemoryFileSystem()
        for name in ["14.9.0", "14.44.35207", "14.100", "notes.txt", "14.x"] {
            fileSystem.addDirectory("/msvc/\(name)")
        }
        #expect(DottedVersion.highest(in: "/msvc", fileSystem: fileSystem)?.description == "14.100")
        #expect(DottedVersion.highest(in: "/missing", fileSystem: fileSystem) == nil)
        // A file named like a version is no toolset or SDK directory.
        fileSystem.addFile("/msvc/99.0", "stray")
        #expect(DottedVersion.highest(in: "/msvc", fileSystem: fileSystem)?.description == "14.100")
    }
}

import Foundation
import Testing
import XenvSystem
import XenvToolchains

@testable import XenvCore

@Suite struct TargetCatalogTests {
    static let acceptedNames = [
        "aarch64-pc-windows-msvc", "arm64", "aarch64",
        "arm64ec-pc-windows-msvc", "arm64ec",
        "i686-pc-windows-msvc", "x86", "i686",
        "x86_64-pc-windows-msvc", "x64", "amd64", "x86_64",
    ]

    @Test func embedsFourDescriptorsSortedByTriple() throws {
        let catalog = try TargetCatalog.embedded()
        #expect(
            catalog.descriptors.map(\.triple)
                == [
                    "aarch64-pc-windows-msvc", "arm64ec-pc-windows-msvc", "i686-pc-windows-msvc",
                    "x86_64-pc-windows-msvc",
                ])
        #expect(catalog.acceptedNames == Self.acceptedNames)
    }

    @Test func eachEmbeddedFileIsNamedAfterItsTriple() throws {
        // Every file of toolchains/ is embedded, and nothing else.
        let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("toolchains")
        let jsonFiles = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter {
            $0.hasSuffix(".json")
        }
        #expect(EmbeddedToolchains.files.map(\.name) == jsonFiles.sorted())
        for file in EmbeddedToolchains.files {
            let descriptor = try JSONDecoder().decode(TargetDescriptor.self, from: Data(file.bytes))
            #expect(file.name == descriptor.triple + ".json")
        }
    }

    @Test(arguments: [
        ("aarch64-pc-windows-msvc", "aarch64-pc-windows-msvc"), ("arm64", "aarch64-pc-windows-msvc"),
        ("aarch64", "aarch64-pc-windows-msvc"), ("arm64ec-pc-windows-msvc", "arm64ec-pc-windows-msvc"),
        ("arm64ec", "arm64ec-pc-windows-msvc"), ("i686-pc-windows-msvc", "i686-pc-windows-msvc"),
        ("x86", "i686-pc-windows-msvc"), ("i686", "i686-pc-windows-msvc"),
        ("x86_64-pc-windows-msvc", "x86_64-pc-windows-msvc"), ("x64", "x86_64-pc-windows-msvc"),
        ("amd64", "x86_64-pc-windows-msvc"), ("x86_64", "x86_64-pc-windows-msvc"),
    ])
    func findsEveryNameWithoutRegardToCase(name: String, triple: String) throws {
        let catalog = Catalog.embedded
        #expect(try catalog.descriptor(named: name).triple == triple)
        #expect(try catalog.descriptor(named: name.uppercased()).triple == triple)
        #expect(try catalog.descriptor(named: name.prefix(1).uppercased() + name.dropFirst()).triple == triple)
    }

    @Test func rejectsAnUnknownTargetListingEveryAcceptedName() {
        #expect(
            thrownError { try Catalog.embedded.descriptor(named: "armv7") }?.description
                == "unknown --target 'armv7'; accepted: aarch64-pc-windows-msvc, arm64, aarch64, arm64ec-pc-windows-msvc, "
                + "arm64ec, i686-pc-windows-msvc, x86, i686, x86_64-pc-windows-msvc, x64, amd64, x86_64")
        // A prefix or a near miss is not a match.
        #expect(thrownError { try Catalog.embedded.descriptor(named: "arm") } != nil)
        #expect(thrownError { try Catalog.embedded.descriptor(named: "aarch64-pc-windows-gnu") } != nil)
    }

    @Test(arguments: [
        ("arm46", "arm64"), ("ARM46", "arm64"), ("aarch46", "aarch64"), ("amd46", "amd64"),
        ("aarch64-pc-windows-mscv", "aarch64-pc-windows-msvc"), ("x86-64", "x86_64"),
    ])
    func suggestsTheNearestTargetForATypo(given: String, suggested: String) {
        let description = thrownError { try Catalog.embedded.descriptor(named: given) }?.description ?? ""
        #expect(description.hasPrefix("unknown --target '\(given)' (did you mean '\(suggested)'?); accepted: "))
    }

    @Test func suggestsNothingForANameFarFromEveryTarget() {
        for given in ["armv7", "riscv64", "wasm32"] {
            let description = thrownError { try Catalog.embedded.descriptor(named: given) }?.description ?? ""
            #expect(description.hasPrefix("unknown --target '\(given)'; accepted: "), "\(description)")
        }
    }

    @Test func aSwapOfNeighboursIsOneEdit() {
        #expect(NameSuggestion.editDistance("arm46", "arm64") == 1)
        #expect(NameSuggestion.editDistance("ab", "ba") == 1)
        #expect(NameSuggestion.editDistance("abc", "ca") == 3)
        #expect(NameSuggestion.editDistance("", "abc") == 3)
        #expect(NameSuggestion.editDistance("kitten", "sitting") == 3)
    }

    @Test func namesItsVariablesAndMachine() {
        #expect(Catalog.descriptor("arm64").environmentSuffix == "aarch64_pc_windows_msvc")
        #expect(Catalog.descriptor("x64").environmentSuffix == "x86_64_pc_windows_msvc")
        #expect(Catalog.descriptor("arm64").peMachineValue == 0xAA64)
        #expect(Catalog.descriptor("x86").peMachineValue == 0x014C)
        #expect(Catalog.descriptor("arm64ec").peMachineValue == 0x8664)
        var descriptor = Catalog.descriptor("arm64")
        descriptor.peMachine = "aa64"
        #expect(descriptor.peMachineValue == 0xAA64, "the 0x prefix is optional")
        descriptor.peMachine = "0x1AA64"
        #expect(descriptor.peMachineValue == nil, "wider than the 16-bit field")
    }
}

@Suite struct TargetCatalogValidationTests {
    static func file(_ name: String, _ descriptor: TargetDescriptor) -> (name: String, bytes: [UInt8]) {
        (name, try! Array(JSONEncoder().encode(descriptor)))
    }

    static func catalogError(_ files: [(name: String, bytes: [UInt8])]) -> XenvError? {
        thrownError { try TargetCatalog(files: files) }
    }

    @Test func acceptsTheEmbeddedFilesInAnyOrder() throws {
        let catalog = try TargetCatalog(files: EmbeddedToolchains.files.reversed())
        #expect(catalog.acceptedNames == TargetCatalogTests.acceptedNames)
    }

    @Test func matchesAnAliasSpelledWithCapitalsInItsDescriptor() throws {
        var descriptor = Catalog.descriptor("arm64")
        descriptor.aliases = ["ARM64-Win"]
        let catalog = TargetCatalog(descriptors: [descriptor])
        #expect(try catalog.descriptor(named: "arm64-win").triple == "aarch64-pc-windows-msvc")
        #expect(try catalog.descriptor(named: "ARM64-WIN").triple == "aarch64-pc-windows-msvc")
    }

    @Test func rejectsAFileNotNamedAfterItsTriple() {
        #expect(
            Self.catalogError([Self.file("arm64.json", Catalog.descriptor("arm64"))])?.description
                == "target descriptor toolchains/arm64.json is invalid: it describes 'aarch64-pc-windows-msvc'; "
                + "name it aarch64-pc-windows-msvc.json")
    }

    @Test func rejectsANameTakenByAnotherTargetWithoutRegardToCase() {
        var x64 = Catalog.descriptor("x64")
        x64.aliases = ["x64", "Arm64"]
        let files = [
            Self.file("aarch64-pc-windows-msvc.json", Catalog.descriptor("arm64")),
            Self.file("x86_64-pc-windows-msvc.json", x64),
        ]
        #expect(
            Self.catalogError(files)?.description
                == "target descriptor toolchains/x86_64-pc-windows-msvc.json is invalid: "
                + "the name 'Arm64' is taken by aarch64-pc-windows-msvc")
    }

    @Test func rejectsAPEMachineThatIsNotHex() {
        var arm64 = Catalog.descriptor("arm64")
        arm64.peMachine = "ARM64"
        #expect(
            Self.catalogError([Self.file("aarch64-pc-windows-msvc.json", arm64)])?.description
                == "target descriptor toolchains/aarch64-pc-windows-msvc.json is invalid: peMachine 'ARM64' is not a hex number"
        )
    }

    @Test func rejectsFilesThatAreNotDescriptorJSON() throws {
        // The reason is Foundation's DecodingError text, which is not ours to pin; the file and the cause are.
        let broken = try #require(Self.catalogError([("broken.json", Array("{\"triple\": ".utf8))]))
        #expect(broken.description.hasPrefix("target descriptor toolchains/broken.json is invalid: "))
        #expect(broken.description.contains("not valid JSON"))

        let incomplete = try #require(Self.catalogError([("x.json", Array(#"{"triple": "x"}"#.utf8))]))
        #expect(incomplete.description.hasPrefix("target descriptor toolchains/x.json is invalid: "))
        #expect(incomplete.description.contains("aliases"), "names the first missing key")
    }
}

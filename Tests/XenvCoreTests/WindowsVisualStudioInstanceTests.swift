import Foundation
import Testing
import XenvSystem

@testable import XenvCore

@Suite struct WindowsVisualStudioInstanceTests {
    static func fixtureRecord(_ windowsPath: String) throws -> [UInt8] {
        try #require(WindowsFixture.fileSystem.readFile(windowsPath))
    }

    static func record(_ json: String) -> VisualStudioInstance? {
        VisualStudioInstance(instanceRecord: Array(json.utf8))
    }

    @Test func readsTheMinifiedBuildTools2022RecordWithoutABOM() throws {
        let bytes = try Self.fixtureRecord(FixturePath.buildToolsRecord)
        #expect(bytes.first == UInt8(ascii: "{"))
        let instance = try #require(VisualStudioInstance(instanceRecord: bytes))
        #expect(instance.path == #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#)
        #expect(instance.version?.description == "17.14.37216.2")
        #expect(instance.name == "Visual Studio Build Tools 2022 17.14.31 (April 2026)")
        #expect(!instance.isPrerelease)
        #expect(instance.source == .instanceRecord)
        #expect(instance.visualStudioVersion == "17.0")
        #expect(
            instance.components == [
                "Microsoft.VisualStudio.Workload.VCTools",
                "Microsoft.VisualStudio.Component.VC.Tools.x86.x64",
                "Microsoft.VisualStudio.Component.VC.Tools.ARM64",
                "Microsoft.VisualStudio.Component.VC.Llvm.Clang",
                "Microsoft.VisualStudio.Component.Windows11SDK.22621",
                "Microsoft.VisualStudio.Product.BuildTools",
            ])
    }

    @Test func readsTheIndentedEnterprise2019RecordWithABOM() throws {
        let bytes = try Self.fixtureRecord(FixturePath.enterpriseRecord)
        #expect(bytes.starts(with: [0xEF, 0xBB, 0xBF]))
        let instance = try #require(VisualStudioInstance(instanceRecord: bytes))
        #expect(instance.path == #"C:\Program Files\Microsoft Visual Studio\2019\Enterprise"#)
        #expect(instance.version?.description == "16.11.35431.28")
        #expect(instance.name == "Visual Studio Enterprise 2019 16.11.45")
        #expect(!instance.isPrerelease)
        #expect(instance.visualStudioVersion == "16.0")
        #expect(
            instance.components == [
                "Microsoft.VisualStudio.Workload.NativeDesktop",
                "Microsoft.VisualStudio.Component.VC.Tools.x86.x64",
                "Microsoft.VisualStudio.Product.Enterprise",
            ])
    }

    @Test func aPreviewRecordIsAPrerelease() throws {
        // Each marker on its own is enough.
        #expect(
            Self.record(#"{"installationPath":"C:\\VS","catalogInfo":{"productMilestoneIsPreRelease":"True"}}"#)?
                .isPrerelease == true)
        #expect(
            Self.record(#"{"installationPath":"C:\\VS","channelId":"VisualStudio.17.Preview"}"#)?.isPrerelease == true)
        #expect(
            Self.record(
                #"{"installationPath":"C:\\VS","installationName":"VisualStudioPreview/16.4.0-pre.1.0+29319.158"}"#)?
                .isPrerelease == true)
        #expect(
            Self.record(
                #"{"installationPath":"C:\\VS","channelId":"VisualStudio.17.Release","installationName":"VisualStudio/17.14.31","#
                    + #""catalogInfo":{"productMilestoneIsPreRelease":"False"}}"#)?.isPrerelease == false)

        // The 2019 fixture record with its milestone flipped.
        let text = String(decoding: try Self.fixtureRecord(FixturePath.enterpriseRecord), as: UTF8.self)
        let flipped = text.replacingOccurrences(
            of: #""productMilestoneIsPreRelease": "False""#, with: #""productMilestoneIsPreRelease": "True""#)
        #expect(flipped != text)
        #expect(Self.record(flipped)?.isPrerelease == true)
    }

    @Test func fallsBackToBuildVersionAndAPlainName() throws {
        let instance = try #require(
            Self.record(
                #"{"installationPath":"C:\\VS\\","catalogInfo":{"buildVersion":"17.9.34607.119"}}"#))
        #expect(instance.path == #"C:\VS"#)
        #expect(instance.version?.description == "17.9.34607.119")
        #expect(instance.name == "Visual Studio 17.9.34607.119")
        #expect(instance.components == [])
        let bare = try #require(Self.record(#"{"installationPath":"C:\\VS"}"#))
        #expect(bare.name == "Visual Studio")
        #expect(bare.version == nil)
    }

    @Test func somethingElseIsNotARecord() {
        for garbage in [
            "", "not json", "[]", "{}", #"{"installationPath":""}"#, #"{"installationPath":42}"#,
            #"[{"installationPath":"C:\\VS"}]"#, #"{"installationPath":"C:\\VS""#,
        ] {
            #expect(Self.record(garbage) == nil, "\(garbage)")
        }
        #expect(VisualStudioInstance(instanceRecord: [0xEF, 0xBB, 0xBF]) == nil)
    }

    @Test func onlyIndividuallyOrGroupSelectedPackagesAreComponents() {
        let instance = Self.record(
            #"""
            {"installationPath":"C:\\VS","selectedPackages":[
              {"id":"A","selectedState":"IndividuallySelected"},
              {"id":"B","selectedState":"GroupSelected"},
              {"id":"C","selectedState":"NotSelected"},
              {"id":"D","selectedState":"Excluded"},
              {"id":"E"},
              {"selectedState":"IndividuallySelected"}
            ]}
            """#)
        #expect(instance?.components == ["A", "B"])
    }

    @Test func readsVswhereJSON() {
        let output = #"""
            [
              {
                "instanceId": "a1b2c3d4",
                "installationName": "VisualStudio/17.14.31+37216.2.-april.2026-",
                "installationPath": "C:\\Program Files (x86)\\Microsoft Visual Studio\\2022\\BuildTools",
                "installationVersion": "17.14.37216.2",
                "isPrerelease": false,
                "displayName": "Visual Studio Build Tools 2022",
                "catalog": { "productDisplayVersion": "17.14.31 (April 2026)" }
              },
              {
                "installationPath": "C:\\Program Files\\Microsoft Visual Studio\\18\\Preview\\",
                "installationVersion": "18.0.11010.1",
                "isPrerelease": true,
                "displayName": "Visual Studio Enterprise 2026 Preview",
                "catalog": { "productDisplayVersion": "18.0.0 Preview 1.0" }
              },
              { "installationPath": "" },
              { "displayName": "no path" }
            ]
            """#
        #expect(
            VisualStudioInstance.fromVswhere(Array(output.utf8)) == [
                VisualStudioInstance(
                    path: #"C:\Program Files (x86)\Microsoft Visual Studio\2022\BuildTools"#,
                    version: DottedVersion("17.14.37216.2"),
                    name: "Visual Studio Build Tools 2022 17.14.31 (April 2026)", isPrerelease: false, components: nil,
                    source: .vswhere),
                VisualStudioInstance(
                    path: #"C:\Program Files\Microsoft Visual Studio\18\Preview"#,
                    version: DottedVersion("18.0.11010.1"),
                    name: "Visual Studio Enterprise 2026 Preview 18.0.0 Preview 1.0", isPrerelease: true,
                    components: nil,
                    source: .vswhere),
            ])
        #expect(
            VisualStudioInstance.fromVswhere([0xEF, 0xBB, 0xBF] + Array(#"[{"installationPath":"C:\\VS"}]"#.utf8)).map(
                \.path)
                == [#"C:\VS"#])
        #expect(VisualStudioInstance.fromVswhere(Array("{}".utf8)) == [])
        #expect(VisualStudioInstance.fromVswhere(Array("vswhere: error".utf8)) == [])
    }
}

import XenvSystem

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `xenv sysroot fetch` installed, kept as `xenv-sysroot.json` in the splat root: the request it served,
/// the versions chosen and every payload's SHA-256. Its presence means the splat is complete (it is written
/// before the directory is renamed into place), so a second run with the same request stops here.
public struct SysrootRecord: Codable, Equatable, Sendable {
    public static let fileName = "xenv-sysroot.json"
    public static let currentFormat = 1

    public var format: Int
    public var crtVersion: String
    public var sdkVersion: String
    public var sdkPackageId: String
    public var arches: [SysrootArch]
    /// `--manifest` as given (URL or file).
    public var manifest: String
    public var pinnedCRTVersion: String?
    public var pinnedSDKVersion: String?
    /// False when the splat was made on a case-insensitive file system, without case links.
    public var caseLinks: Bool
    public var payloads: [Payload]

    public struct Payload: Codable, Equatable, Sendable {
        public var fileName: String
        public var packageId: String
        public var sha256: String
        public var size: Int
    }

    /// True when this record's sysroot is what `request` asks for, without asking the network.
    public func serves(_ request: SysrootFetchRequest) -> Bool {
        format == Self.currentFormat && arches == Array(Set(request.arches)).sorted()
            && manifest == request.manifest.description && pinnedCRTVersion == request.crtVersion
            && pinnedSDKVersion == request.sdkVersion
    }

    func encoded() -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return (try? Array(encoder.encode(self))) ?? []
    }
}

/// The record of the sysroot at `root`, or nil when there is none (a splat xwin made, or none at all): what
/// `xenv inspect` shows as a sysroot's versions.
public func readSysrootRecord(at root: String, fileSystem: any FileSystem) -> SysrootRecord? {
    guard let bytes = fileSystem.readFile(fileSystem.pathStyle.join(root, SysrootRecord.fileName)) else { return nil }
    return try? JSONDecoder().decode(SysrootRecord.self, from: Data(bytes))
}

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One downloadable file of a manifest item: `payloads[]` in both manifests.
public struct ManifestPayload: Decodable, Equatable, Sendable {
    /// As Microsoft names it, SDK ones with an `Installers\` prefix.
    public var fileName: String
    /// Lower-cased on decoding (the manifests use either case).
    public var sha256: String
    public var size: Int
    public var url: String

    enum CodingKeys: String, CodingKey { case fileName, sha256, size, url }

    public init(fileName: String, sha256: String, size: Int, url: String) {
        self.fileName = fileName
        self.sha256 = sha256.lowercased()
        self.size = size
        self.url = url
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let size = try c.decode(Int.self, forKey: .size)
        // No real payload is near 1 TiB; a bound keeps sums of sizes far from overflowing.
        guard (0...(1 << 40)).contains(size) else {
            throw DecodingError.dataCorruptedError(
                forKey: .size, in: c, debugDescription: "payload size \(size) is not between 0 and 1 TiB")
        }
        self.init(
            fileName: try c.decode(String.self, forKey: .fileName), sha256: try c.decode(String.self, forKey: .sha256),
            size: size, url: try c.decode(String.self, forKey: .url))
    }

    /// The name without the `Installers\` prefix the SDK payloads carry: how MSI Media tables name cabinets.
    public var baseName: String {
        fileName.hasPrefix("Installers\\") ? String(fileName.dropFirst("Installers\\".count)) : fileName
    }

    /// True for a 64-digit hexadecimal SHA-256, the only form a payload may be checked against.
    var hasWellFormedSHA256: Bool {
        sha256.utf8.count == 64 && sha256.utf8.allSatisfy { (48...57).contains($0) || (97...102).contains($0) }
    }
}

/// Any JSON value, skipped: the dependency values and fields xwin does not read either.
struct IgnoredJSON: Decodable {
    init(from decoder: any Decoder) throws {}
}

/// An item of either manifest. Unlike xwin, unknown `type` and `chip` values are kept as text rather than
/// refused: Microsoft adds kinds from time to time, and only a few packages matter here.
public struct ManifestItem: Decodable, Sendable {
    public var id: String
    public var version: String
    public var type: String
    public var chip: String?
    public var language: String?
    public var payloads: [ManifestPayload]
    /// The dependency ids; their values (a version or an object) are not needed.
    public var dependencies: [String]

    enum CodingKeys: String, CodingKey { case id, version, type, chip, language, payloads, dependencies }

    public init(
        id: String, version: String, type: String, chip: String? = nil, language: String? = nil,
        payloads: [ManifestPayload] = [], dependencies: [String] = []
    ) {
        self.id = id
        self.version = version
        self.type = type
        self.chip = chip
        self.language = language
        self.payloads = payloads
        self.dependencies = dependencies
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decode(String.self, forKey: .id)
        version = try c.decode(String.self, forKey: .version)
        type = try c.decode(String.self, forKey: .type)
        chip = try c.decodeIfPresent(String.self, forKey: .chip)
        language = try c.decodeIfPresent(String.self, forKey: .language)
        payloads = try c.decodeIfPresent([ManifestPayload].self, forKey: .payloads) ?? []
        dependencies = try c.decodeIfPresent([String: IgnoredJSON].self, forKey: .dependencies)?.keys.sorted() ?? []
    }
}

/// The release channel manifest (`https://aka.ms/vs/17/release/channel`): it names the VS manifest.
public struct ChannelManifest: Sendable {
    public var items: [ManifestItem]

    struct Document: Decodable {
        var channelItems: [ManifestItem]
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(FetchError) -> ChannelManifest {
        do {
            return ChannelManifest(items: try JSONDecoder().decode(Document.self, from: Data(bytes)).channelItems)
        } catch {
            throw .manifest(source: source, reason: "not a Visual Studio channel manifest (\(Self.describe(error)))")
        }
    }

    /// The VS manifest's payload: the first item of type Manifest with payloads, which must have exactly one
    /// (xwin src/manifest.rs get_package_manifest). Its `sha256` is NOT checked: Microsoft's value has never
    /// matched the file (xwin: "never correct"), so the VS manifest's integrity rests on HTTPS alone. Every
    /// payload it lists is then checked against its own SHA-256.
    public func packageManifestPayload(source: String) throws(FetchError) -> ManifestPayload {
        guard let item = items.first(where: { $0.type == "Manifest" && !$0.payloads.isEmpty }) else {
            throw .manifest(source: source, reason: "no item of type Manifest names the VS package manifest")
        }
        guard item.payloads.count == 1 else {
            throw .manifest(source: source, reason: "item \(item.id) has \(item.payloads.count) payloads, expected 1")
        }
        return item.payloads[0]
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "missing \"\(key.stringValue)\" at \(path(context))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            "unexpected value at \(path(context))"
        case DecodingError.dataCorrupted(let context):
            "invalid JSON at \(path(context))"
        default: "\(error)"
        }
    }

    private static func path(_ context: DecodingError.Context) -> String {
        let path = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
        return path.isEmpty ? "the top level" : path
    }
}

/// The VS package manifest (`VisualStudio.vsman`): every package of every product, with its payloads.
public struct PackageManifest: Sendable {
    public var packages: [ManifestItem]
    /// The first package of each id: later duplicates (other languages or chips) are what xwin keys `id#1`...
    public let byId: [String: ManifestItem]

    public init(packages: [ManifestItem]) {
        self.packages = packages
        var byId: [String: ManifestItem] = [:]
        for package in packages where byId[package.id] == nil { byId[package.id] = package }
        self.byId = byId
    }

    struct Document: Decodable {
        var packages: [ManifestItem]
    }

    public static func parse(_ bytes: [UInt8], source: String) throws(FetchError) -> PackageManifest {
        do {
            return PackageManifest(packages: try JSONDecoder().decode(Document.self, from: Data(bytes)).packages)
        } catch {
            throw .manifest(
                source: source, reason: "not a Visual Studio package manifest (\(ChannelManifest.describe(error)))")
        }
    }
}

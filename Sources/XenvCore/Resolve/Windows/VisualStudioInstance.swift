import XenvSystem

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// One Visual Studio installation xenv may use, from wherever it was found.
public struct VisualStudioInstance: Equatable, Sendable {
    public enum Source: String, Equatable, Sendable {
        case option = "--vs"
        case developerPrompt = "VSINSTALLDIR"
        case instanceRecord = "instance record"
        case vswhere = "vswhere"
        case wellKnownRoot = "well-known root"
    }

    /// The installation directory, without a trailing `\`.
    public var path: String
    /// `installationVersion`, e.g. 17.14.37216.2; nil when only the directory is known.
    public var version: DottedVersion?
    /// A name for people: "Visual Studio Build Tools 2022 17.14.31".
    public var name: String
    public var isPrerelease: Bool
    /// The selected components; nil when the source does not list them (then only files decide).
    public var components: Set<String>?
    public var source: Source
    /// `catalogInfo.productSemanticVersion` up to its `+`: `17.14.31`, what VsDevCmd exports as `VSCMD_VER`.
    public var semanticVersion: String?

    public init(
        path: String, version: DottedVersion?, name: String, isPrerelease: Bool, components: Set<String>?,
        source: Source, semanticVersion: String? = nil
    ) {
        self.path = WindowsPath.withoutTrailingSeparator(path)
        self.version = version
        self.name = name
        self.isPrerelease = isPrerelease
        self.components = components
        self.source = source
        self.semanticVersion = semanticVersion
    }

    /// The product's major version: 16 for VS 2019, 17 for VS 2022, 18 for VS 2026.
    public var majorVersion: Int? { version?.components.first }

    /// What `VSCMD_VER` holds in this instance's prompt: the semantic version, else `<major>.0` (VsDevCmd's value
    /// when it cannot ask vswhere).
    public var vscmdVersion: String? { semanticVersion ?? visualStudioVersion }

    /// A catalog's `productSemanticVersion`, `17.14.31+37216.2.-april.2026-`, up to its `+`.
    static func semanticPart(_ text: String?) -> String? {
        guard let text, let part = text.split(separator: "+").first, !part.isEmpty else { return nil }
        return String(part)
    }

    /// Reads an instance record (`_Instances\<id>\state.json`) as the VS Installer writes it: minified or
    /// indented, with or without a BOM, unknown keys ignored, a field of an unexpected type taken as missing.
    /// Nil when it is not such a record.
    public init?(instanceRecord bytes: [UInt8]) {
        guard let record = try? JSONDecoder().decode(InstanceRecord.self, from: Self.withoutBOM(bytes)),
            let path = record.installationPath, !path.isEmpty
        else { return nil }
        let versionText = record.installationVersion ?? record.catalogInfo?.buildVersion
        // VS 2026 Insiders (channel VisualStudio.18.Insiders, installed at ...\18\Insiders) is VS 2022 Preview's
        // successor; vswhere lists either only with -prerelease.
        let prerelease =
            record.catalogInfo?.productMilestoneIsPreRelease?.lowercased() == "true"
            || record.channelId?.hasSuffix(".Preview") == true || record.channelId?.hasSuffix(".Insiders") == true
            || record.installationName?.hasPrefix("VisualStudioPreview/") == true
        let resources = record.localizedResources ?? []
        let title = (resources.first { $0.language?.lowercased() == "en-us" } ?? resources.first)?.title
        let displayVersion = record.catalogInfo?.productDisplayVersion ?? versionText ?? ""
        // Only these two states mean installed; anything else counts as not selected.
        let selected = (record.selectedPackages ?? []).compactMap { package -> String? in
            package.selectedState == "IndividuallySelected" || package.selectedState == "GroupSelected"
                ? package.id : nil
        }
        self.init(
            path: path, version: versionText.flatMap(DottedVersion.init),
            name: [title ?? "Visual Studio", displayVersion].filter { !$0.isEmpty }.joined(separator: " "),
            isPrerelease: prerelease, components: Set(selected), source: .instanceRecord,
            semanticVersion: Self.semanticPart(record.catalogInfo?.productSemanticVersion))
    }

    /// Reads `vswhere -format json` output: one entry an instance. vswhere lists no components unless asked.
    public static func fromVswhere(_ bytes: [UInt8]) -> [VisualStudioInstance] {
        guard let entries = try? JSONDecoder().decode([Lenient<VswhereEntry>].self, from: withoutBOM(bytes)) else {
            return []
        }
        return entries.compactMap { entry in
            guard let entry = entry.value, let path = entry.installationPath, !path.isEmpty else { return nil }
            let name = [entry.displayName ?? "Visual Studio", entry.catalog?.productDisplayVersion ?? ""]
                .filter { !$0.isEmpty }.joined(separator: " ")
            return VisualStudioInstance(
                path: path, version: entry.installationVersion.flatMap(DottedVersion.init), name: name,
                isPrerelease: entry.isPrerelease ?? false, components: nil, source: .vswhere,
                semanticVersion: semanticPart(entry.catalog?.productSemanticVersion))
        }
    }

    private static func withoutBOM(_ bytes: [UInt8]) -> Data {
        Data(bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes)
    }

    /// The major version as VsDevCmd spells `VisualStudioVersion`: `17.0`.
    public var visualStudioVersion: String? {
        version.map { "\($0.components[0]).0" }
    }
}

/// The fields of an instance record xenv reads.
private struct InstanceRecord: Decodable {
    struct Catalog: Decodable {
        var buildVersion, productMilestoneIsPreRelease, productDisplayVersion, productSemanticVersion: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            buildVersion = container.string(.buildVersion)
            productMilestoneIsPreRelease = container.string(.productMilestoneIsPreRelease)
            productDisplayVersion = container.string(.productDisplayVersion)
            productSemanticVersion = container.string(.productSemanticVersion)
        }

        enum Keys: String, CodingKey {
            case buildVersion, productMilestoneIsPreRelease, productDisplayVersion, productSemanticVersion
        }
    }

    struct Resource: Decodable {
        var language, title: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            language = container.string(.language)
            title = container.string(.title)
        }

        enum Keys: String, CodingKey { case language, title }
    }

    struct Package: Decodable {
        var id, selectedState: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            id = container.string(.id)
            selectedState = container.string(.selectedState)
        }

        enum Keys: String, CodingKey { case id, selectedState }
    }

    var installationPath, installationVersion, channelId, installationName: String?
    var catalogInfo: Catalog?
    var localizedResources: [Resource]?
    var selectedPackages: [Package]?

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        installationPath = container.string(.installationPath)
        installationVersion = container.string(.installationVersion)
        channelId = container.string(.channelId)
        installationName = container.string(.installationName)
        catalogInfo = try? container.decodeIfPresent(Catalog.self, forKey: .catalogInfo)
        localizedResources = (try? container.decodeIfPresent([Lenient<Resource>].self, forKey: .localizedResources))?
            .compactMap(\.value)
        selectedPackages = (try? container.decodeIfPresent([Lenient<Package>].self, forKey: .selectedPackages))?
            .compactMap(\.value)
    }

    enum Keys: String, CodingKey {
        case installationPath, installationVersion, channelId, installationName, catalogInfo, localizedResources
        case selectedPackages
    }
}

/// The fields of one `vswhere -format json` entry xenv reads.
private struct VswhereEntry: Decodable {
    struct Catalog: Decodable {
        var productDisplayVersion, productSemanticVersion: String?

        init(from decoder: Decoder) throws {
            let container = try decoder.container(keyedBy: Keys.self)
            productDisplayVersion = container.string(.productDisplayVersion)
            productSemanticVersion = container.string(.productSemanticVersion)
        }

        enum Keys: String, CodingKey { case productDisplayVersion, productSemanticVersion }
    }

    var installationPath, installationVersion, displayName: String?
    var isPrerelease: Bool?
    var catalog: Catalog?

    init(from decoder: Decoder) throws {
        let container = try decoder.container(keyedBy: Keys.self)
        installationPath = container.string(.installationPath)
        installationVersion = container.string(.installationVersion)
        displayName = container.string(.displayName)
        isPrerelease = try? container.decodeIfPresent(Bool.self, forKey: .isPrerelease)
        catalog = try? container.decodeIfPresent(Catalog.self, forKey: .catalog)
    }

    enum Keys: String, CodingKey { case installationPath, installationVersion, displayName, isPrerelease, catalog }
}

/// An array element that may fail to decode: nil then, and the rest of the array still counts.
private struct Lenient<Value: Decodable>: Decodable {
    var value: Value?

    init(from decoder: Decoder) throws { value = try? Value(from: decoder) }
}

extension KeyedDecodingContainer {
    /// The key's value when it is a string; nil when it is missing or of another type.
    fileprivate func string(_ key: Key) -> String? { (try? decodeIfPresent(String.self, forKey: key)) ?? nil }
}

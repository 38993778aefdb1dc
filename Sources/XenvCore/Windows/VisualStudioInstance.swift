import Foundation

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

    public init(
        path: String, version: DottedVersion?, name: String, isPrerelease: Bool, components: Set<String>?,
        source: Source
    ) {
        self.path = WindowsPath.withoutTrailingSeparator(path)
        self.version = version
        self.name = name
        self.isPrerelease = isPrerelease
        self.components = components
        self.source = source
    }

    /// Reads an instance record (`_Instances\<id>\state.json`) as the VS Installer writes it: minified or
    /// indented, with or without a BOM, unknown keys ignored. Nil when it is not such a record.
    public init?(instanceRecord bytes: [UInt8]) {
        guard let object = Self.jsonObject(bytes) as? [String: Any],
            let path = object["installationPath"] as? String, !path.isEmpty
        else { return nil }
        let catalog = object["catalogInfo"] as? [String: Any] ?? [:]
        let versionText = object["installationVersion"] as? String ?? catalog["buildVersion"] as? String
        let prerelease =
            (catalog["productMilestoneIsPreRelease"] as? String)?.lowercased() == "true"
            || (object["channelId"] as? String)?.hasSuffix(".Preview") == true
            || (object["installationName"] as? String)?.hasPrefix("VisualStudioPreview/") == true
        let resources = object["localizedResources"] as? [[String: Any]] ?? []
        let title = (resources.first { ($0["language"] as? String)?.lowercased() == "en-us" } ?? resources.first)?["title"]
            as? String
        let displayVersion = catalog["productDisplayVersion"] as? String ?? versionText ?? ""
        // Only these two states mean installed; anything else counts as not selected.
        let selected = (object["selectedPackages"] as? [[String: Any]] ?? []).compactMap { package -> String? in
            let state = package["selectedState"] as? String
            return state == "IndividuallySelected" || state == "GroupSelected" ? package["id"] as? String : nil
        }
        self.init(
            path: path, version: versionText.flatMap(DottedVersion.init),
            name: [title ?? "Visual Studio", displayVersion].filter { !$0.isEmpty }.joined(separator: " "),
            isPrerelease: prerelease, components: Set(selected), source: .instanceRecord)
    }

    /// Reads `vswhere -format json` output: one entry an instance. vswhere lists no components unless asked.
    public static func fromVswhere(_ bytes: [UInt8]) -> [VisualStudioInstance] {
        guard let array = jsonObject(bytes) as? [[String: Any]] else { return [] }
        return array.compactMap { object in
            guard let path = object["installationPath"] as? String, !path.isEmpty else { return nil }
            let catalog = object["catalog"] as? [String: Any] ?? [:]
            let name = [object["displayName"] as? String ?? "Visual Studio", catalog["productDisplayVersion"] as? String ?? ""]
                .filter { !$0.isEmpty }.joined(separator: " ")
            return VisualStudioInstance(
                path: path, version: (object["installationVersion"] as? String).flatMap(DottedVersion.init), name: name,
                isPrerelease: object["isPrerelease"] as? Bool ?? false, components: nil, source: .vswhere)
        }
    }

    private static func jsonObject(_ bytes: [UInt8]) -> Any? {
        let body = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(bytes.dropFirst(3)) : bytes
        return try? JSONSerialization.jsonObject(with: Data(body))
    }

    /// The major version as VsDevCmd spells `VisualStudioVersion`: `17.0`.
    public var visualStudioVersion: String? {
        version.map { "\($0.components[0]).0" }
    }
}

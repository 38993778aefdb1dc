import XenvSystem

/// A Windows SDK version that has everything a target's link needs.
public struct WindowsSDK: Equatable, Sendable {
    /// `KitsRoot10`, with its trailing `\`: `C:\Program Files (x86)\Windows Kits\10\`.
    public var root: String
    public var version: String
}

/// Picks the Windows SDK: `--sdk`, else the newest version under the Kits root that has
/// `Include\<v>\um\winsdkver.h`, `Lib\<v>\um\<arch>\kernel32.lib` and `Lib\<v>\ucrt\<arch>\ucrt.lib`. ARM64
/// libraries are a separate SDK option, so a newer SDK without them is passed over (vcvarsall does not check
/// and breaks the first link); the one version serves UCRTVersion and WindowsSDKVersion alike.
struct WindowsSDKResolver {
    var fileSystem: FileSystem

    func resolve(
        root: String, target: TargetDescriptor, requested: VersionPin?, notes: inout [String]
    ) throws(XenvError)
        -> WindowsSDK
    {
        let root = WindowsPath.withTrailingSeparator(root)
        var versions = installedVersions(root: root)
        if let requested {
            versions = versions.filter { $0 == requested.version }
            if requested.isFromEnvironment { notes.append("Windows SDK: \(requested.label)") }
        }
        var reasons: [String] = []
        for version in versions {
            let required = [Self.versionHeader(version)] + Self.libraries(version, arch: target.sdkLibArch)
            if let missing = required.first(where: { !fileSystem.isFile(WindowsPath.join(root, $0)) }) {
                reasons.append("\(version): no \(missing)")
                notes.append("Windows SDK: \(version) passed over: no \(missing)")
                continue
            }
            notes.append("Windows SDK: \(version) taken")
            return WindowsSDK(root: root, version: version)
        }
        throw .windowsSDKNotFound(
            root: root, target: target.triple, arch: target.sdkLibArch, requested: requested, reasons: reasons)
    }

    /// The SDK versions under `<root>\Include`, newest first.
    func installedVersions(root: String) -> [String] {
        let include = WindowsPath.join(root, "Include")
        return (fileSystem.contentsOfDirectory(include) ?? [])
            .filter { $0.hasPrefix("10.") && fileSystem.isDirectory(WindowsPath.join(include, $0)) }
            .compactMap(DottedVersion.init).sorted(by: >).map(\.description)
    }

    /// Whether a version has an architecture's libraries (a separate SDK option for each).
    func hasLibraries(root: String, version: String, arch: String) -> Bool {
        Self.libraries(version, arch: arch).allSatisfy { fileSystem.isFile(WindowsPath.join(root, $0)) }
    }

    /// Whether a version is complete enough for winsdk.bat to take it: `um\winsdkver.h`.
    func isUsable(root: String, version: String) -> Bool {
        fileSystem.isFile(WindowsPath.join(root, Self.versionHeader(version)))
    }

    static func versionHeader(_ version: String) -> String { "Include\\\(version)\\um\\winsdkver.h" }

    static func libraries(_ version: String, arch: String) -> [String] {
        ["Lib\\\(version)\\um\\\(arch)\\kernel32.lib", "Lib\\\(version)\\ucrt\\\(arch)\\ucrt.lib"]
    }
}

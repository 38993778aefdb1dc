/// What a payload holds, which decides where its files go in the splat (xwin src/lib.rs PayloadKind).
public enum PayloadKind: Equatable, Sendable, Codable {
    /// VSIX `Microsoft.VC.<v>.CRT.Headers.base`: `include/` -> `crt/include/`.
    case crtHeaders
    /// VSIX `Microsoft.VC.<v>.CRT.<A>.Desktop.base`: `lib/<ms arch>/` (with subdirectories) -> `crt/lib/<arch>/`.
    case crtDesktopLibs
    /// VSIX `Microsoft.VC.<v>.CRT.<A>.Store.base`: only the files directly in `lib/<ms arch>/` (xwin takes this
    /// package for libraries such as oldnames.lib and drops its `store/` and `uwp/` subdirectories).
    case crtStoreLibs
    /// SDK MSI `Windows SDK Desktop Headers …`, `… Store Apps Headers …`: `include/` -> `sdk/include/`.
    case sdkHeaders
    /// SDK MSI `Windows SDK Desktop Libs <ms arch>`: `lib/um/<ms arch>/` -> `sdk/lib/um/<arch>/`.
    case sdkLibs
    /// SDK MSI `Windows SDK for Windows Store Apps Libs` (kernel32.lib and friends): `lib/um/<ms arch>/` of every
    /// requested arch -> `sdk/lib/um/<arch>/`.
    case sdkStoreLibs
    /// UCRT MSI: `include/ucrt/` -> `sdk/include/ucrt/`, `lib/ucrt/<ms arch>/` -> `sdk/lib/ucrt/<arch>/`.
    case ucrt

    var isMSI: Bool {
        switch self {
        case .crtHeaders, .crtDesktopLibs, .crtStoreLibs: false
        case .sdkHeaders, .sdkLibs, .sdkStoreLibs, .ucrt: true
        }
    }
}

/// A payload chosen for the splat.
public struct SelectedPayload: Equatable, Sendable {
    public var kind: PayloadKind
    public var packageId: String
    public var payload: ManifestPayload
    /// The architecture the payload serves, for per-arch libraries.
    public var arch: SysrootArch?
    /// For an MSI: the `.cab` payloads of the package that lists it, by base name; the MSI's Media table says
    /// which of them it needs.
    public var cabinets: [String: ManifestPayload]

    /// How the payload is named in messages: its file name and package.
    public var displayName: String { "\(payload.baseName) (\(packageId))" }
}

/// The CRT toolset, the Windows SDK and their payloads for a set of architectures, chosen as xwin chooses them.
public struct Selection: Equatable, Sendable {
    /// The CRT package line, e.g. `14.44.17.14` (not the toolset directory version inside the VSIX).
    public var crtVersion: String
    /// The SDK package's version, e.g. `10.0.26100`.
    public var sdkVersion: String
    public var sdkPackageId: String
    public var payloads: [SelectedPayload]
    public var warnings: [String]

    public static let buildToolsId = "Microsoft.VisualStudio.Product.BuildTools"
    public static let ucrtPackageId = "Microsoft.Windows.UniversalCRT.HeadersLibsSources.Msi"

    public init(
        manifest: PackageManifest, arches: [SysrootArch], crtVersion pinnedCRT: String?, sdkVersion pinnedSDK: String?
    ) throws(FetchError) {
        var payloads: [SelectedPayload] = []
        var warnings: [String] = []
        crtVersion = try Self.crtVersion(manifest, pinned: pinnedCRT)

        // CRT (xwin src/lib.rs get_crt): the headers package, then Desktop and Store libraries per arch.
        let headersId = "Microsoft.VC.\(crtVersion).CRT.Headers.base"
        guard let headers = manifest.byId[headersId], let headersPayload = headers.payloads.first else {
            throw .selection("the VS manifest has no package \(headersId) with a payload; pick another --crt-version")
        }
        payloads.append(
            .init(kind: .crtHeaders, packageId: headersId, payload: headersPayload, arch: nil, cabinets: [:]))
        for arch in arches {
            for (variant, kind) in [("Desktop", PayloadKind.crtDesktopLibs), ("Store", .crtStoreLibs)] {
                let id = "Microsoft.VC.\(crtVersion).CRT.\(arch.crtPackageName).\(variant).base"
                if let package = manifest.byId[id], let payload = package.payloads.first {
                    payloads.append(.init(kind: kind, packageId: id, payload: payload, arch: arch, cabinets: [:]))
                } else {
                    // xwin only warns: not every toolset ships every arch's Store libraries.
                    warnings.append("the VS manifest has no package \(id); its CRT libraries are left out")
                }
            }
        }

        // Windows SDK (xwin src/lib.rs get_sdk).
        let (sdkId, sdkVersion) = try Self.sdkPackage(manifest, pinned: pinnedSDK)
        self.sdkPackageId = sdkId
        self.sdkVersion = sdkVersion
        let sdk = manifest.byId[sdkId]!
        func sdkPayload(
            _ kind: PayloadKind, arch: SysrootArch? = nil, required: Bool, _ matches: (String) -> Bool
        )
            throws(FetchError)
        {
            guard let payload = sdk.payloads.first(where: { matches($0.fileName) }) else {
                if required {
                    throw .selection(
                        "SDK package \(sdkId) has no payload for \(kind)\(arch.map { " \($0)" } ?? ""); pick "
                            + "another --sdk-version"
                    )
                }
                return
            }
            payloads.append(.init(kind: kind, packageId: sdkId, payload: payload, arch: arch, cabinets: [:]))
        }
        try sdkPayload(.sdkHeaders, required: true) { $0.hasSuffix("Windows SDK Desktop Headers x86-x86_en-us.msi") }
        try sdkPayload(.sdkHeaders, required: false) {
            $0.hasSuffix("Windows SDK OnecoreUap Headers x86-x86_en-us.msi")
        }
        try sdkPayload(.sdkHeaders, required: true) {
            $0.hasSuffix("Windows SDK for Windows Store Apps Headers-x86_en-us.msi")
        }
        try sdkPayload(.sdkHeaders, required: false) {
            $0.hasSuffix("Windows SDK for Windows Store Apps Headers OnecoreUap-x86_en-us.msi")
        }
        for arch in arches where arch != .x86 {
            try sdkPayload(.sdkHeaders, arch: arch, required: true) {
                $0 == "Installers\\Windows SDK Desktop Headers \(arch.microsoftName)-x86_en-us.msi"
            }
        }
        for arch in arches {
            try sdkPayload(.sdkLibs, arch: arch, required: true) {
                $0 == "Installers\\Windows SDK Desktop Libs \(arch.microsoftName)-x86_en-us.msi"
            }
        }
        try sdkPayload(.sdkStoreLibs, required: true) {
            $0.hasSuffix("Windows SDK for Windows Store Apps Libs-x86_en-us.msi")
        }

        // The Universal CRT: one MSI for every arch.
        guard let ucrt = manifest.byId[Self.ucrtPackageId],
            let ucrtPayload = ucrt.payloads.first(where: {
                $0.fileName == "Universal CRT Headers Libraries and Sources-x86_en-us.msi"
            })
        else {
            throw .selection("the VS manifest has no package \(Self.ucrtPackageId) with the Universal CRT MSI")
        }
        payloads.append(
            .init(kind: .ucrt, packageId: Self.ucrtPackageId, payload: ucrtPayload, arch: nil, cabinets: [:]))

        // An MSI's cabinets are the `.cab` payloads of the first package (by id) that lists the MSI
        // (xwin src/download.rs download).
        let sortedPackages = manifest.packages.sorted { $0.id < $1.id }
        for index in payloads.indices where payloads[index].kind.isMSI {
            let sha = payloads[index].payload.sha256
            guard let parent = sortedPackages.first(where: { $0.payloads.contains { $0.sha256 == sha } }) else {
                continue
            }
            var cabinets: [String: ManifestPayload] = [:]
            for cab in parent.payloads where cab.fileName.lowercased().hasSuffix(".cab") {
                cabinets[cab.baseName] = cabinets[cab.baseName] ?? cab
            }
            payloads[index].cabinets = cabinets
        }
        // A payload is only used after its SHA-256 matched, so one without a usable SHA-256 is refused up front.
        for selected in payloads {
            for payload in [selected.payload] + selected.cabinets.values where !payload.hasWellFormedSHA256 {
                throw .selection(
                    "package \(selected.packageId): payload \(payload.fileName) has no valid SHA-256 "
                        + "(\"\(payload.sha256)\")"
                )
            }
        }
        self.payloads = payloads
        self.warnings = warnings
    }

    /// BuildTools' dependencies `Microsoft.VisualStudio.Component.VC.<v>.x86.x64`: the newest `<v>`, or the pinned one.
    static func crtVersion(_ manifest: PackageManifest, pinned: String?) throws(FetchError) -> String {
        guard let buildTools = manifest.byId[buildToolsId] else {
            throw .selection(
                "the VS manifest has no \(buildToolsId) package; is --manifest a Visual Studio 2022+ channel?")
        }
        let prefix = "Microsoft.VisualStudio.Component.VC.", suffix = ".x86.x64"
        let versions = buildTools.dependencies.compactMap { key -> String? in
            guard key.hasPrefix(prefix), key.hasSuffix(suffix), key.count > prefix.count + suffix.count else {
                return nil
            }
            return String(key.dropFirst(prefix.count).dropLast(suffix.count))
        }
        if let pinned {
            guard versions.contains(pinned) else {
                throw .selection(
                    "--crt-version \(pinned) is not in the VS manifest; it has "
                        + "\(versions.sorted(by: versionLess).joined(separator: ", "))"
                )
            }
            return pinned
        }
        // Only dotted numbers: BuildTools also lists e.g. `VC.Llvm.Clang` style keys that are no toolsets.
        guard let newest = versions.filter({ DottedNumbers($0) != nil }).max(by: versionLess) else {
            throw .selection(
                "\(buildToolsId) lists no MSVC toolset (Microsoft.VisualStudio.Component.VC.<version>.x86.x64)")
        }
        return newest
    }

    /// `Win<N>SDK_<version>` with the highest (N, version), or the first id (in order) ending with the pin.
    static func sdkPackage(
        _ manifest: PackageManifest, pinned: String?
    ) throws(FetchError) -> (id: String, version: String) {
        let sdks = manifest.byId.keys.compactMap { id -> (id: String, major: Int, version: String)? in
            guard id.hasPrefix("Win"), let underscore = id.firstIndex(of: "_") else { return nil }
            let middle = id[id.index(id.startIndex, offsetBy: 3)..<underscore]
            guard middle.hasSuffix("SDK"), let major = Int(middle.dropLast(3)) else { return nil }
            let version = String(id[id.index(after: underscore)...])
            guard !version.isEmpty else { return nil }
            return (id, major, version)
        }.sorted { $0.id < $1.id }
        if let pinned {
            guard let match = sdks.first(where: { $0.id.hasSuffix(pinned) }) else {
                throw .selection(
                    "--sdk-version \(pinned) matches no Windows SDK in the VS manifest; it has "
                        + "\(sdks.map(\.version).joined(separator: ", "))"
                )
            }
            return (match.id, match.version)
        }
        guard
            let newest = sdks.max(by: { a, b in
                a.major != b.major ? a.major < b.major : versionLess(a.version, b.version)
            })
        else {
            throw .selection("the VS manifest lists no Windows SDK (Win10SDK_… or Win11SDK_…)")
        }
        return (newest.id, newest.version)
    }

    /// Dotted numbers compared number by number; text that is not numeric sorts before and by characters.
    static func versionLess(_ a: String, _ b: String) -> Bool {
        switch (DottedNumbers(a), DottedNumbers(b)) {
        case (let x?, let y?): x < y
        case (nil, .some): true
        case (.some, nil): false
        case (nil, nil): a < b
        }
    }
}

/// `14.44.17.14` as numbers, so `10.0.9` < `10.0.10`.
struct DottedNumbers: Comparable {
    let parts: [Int]

    init?(_ text: String) {
        let pieces = text.split(separator: ".", omittingEmptySubsequences: false)
        var parts: [Int] = []
        for piece in pieces {
            guard !piece.isEmpty, piece.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(piece) else {
                return nil
            }
            parts.append(n)
        }
        self.parts = parts
    }

    static func < (a: DottedNumbers, b: DottedNumbers) -> Bool {
        for i in 0..<max(a.parts.count, b.parts.count) {
            let x = i < a.parts.count ? a.parts[i] : 0, y = i < b.parts.count ? b.parts[i] : 0
            if x != y { return x < y }
        }
        return a.parts.count < b.parts.count
    }
}

import XenvFetch
import XenvSystem

/// `xenv sysroot fetch`: the MSVC CRT and the Windows SDK from Microsoft's package CDN, in xwin's layout, with
/// nothing but curl; the other commands then find it without `--sysroot`. The download and the splat are this
/// command's follow-up: they go into a staging directory that is renamed into place (`XenvFetch`).
enum SysrootCommand: XenvCommand {
    static let usage = [
        "xenv sysroot fetch --accept-license [--arch A,B] [--crt-version V] [--sdk-version V] [--out DIR]",
        "                   [--manifest URL|FILE] [--cache DIR] [--update] [-v]",
    ]
    static let summary = """
        Download the MSVC CRT and the Windows SDK from Microsoft's package CDN with curl, check every
        payload's SHA-256, and unpack them as xwin does; env, setup and doctor then find them. A second
        run with the same request does nothing.
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let options = input.invocation.fetch ?? .init(acceptLicense: false, update: false)
        let context = input.context
        let paths = input.paths
        let accepted = options.acceptLicense || context.environment[.acceptLicense] == "1"
        guard accepted else {
            throw .licenseNotAccepted(url: SysrootFetcher.licenseURL)
        }
        var arches: [SysrootArch] = []
        for name in options.arches ?? Self.defaultArches(context.host) {
            guard let arch = SysrootArch(name: name) else {
                throw .usage("--arch '\(name)' is not one of x86_64, aarch64, x86, aarch")
            }
            if !arches.contains(arch) { arches.append(arch) }
        }
        let defaults = SysrootResolver.fetchLocations(environment: context.environment, host: context.host)
        guard
            let output = try options.output.map({ path throws(XenvError) in try paths.absolute(path, what: "--out") })
                ?? defaults?.sysroot
        else {
            throw .invalidPath(
                what: "HOME", path: "", reason: "it is not set, so there is no default sysroot; pass --out DIR")
        }
        let cache =
            try options.cache.map { path throws(XenvError) in try paths.absolute(path, what: "--cache") }
            ?? context.host.pathStyle.join(context.host.pathStyle.parent(output), "downloads")
        let manifest =
            try options.manifest.map { argument throws(XenvError) -> ManifestSource in
                switch ManifestSource(argument: argument) {
                case .url(let url): .url(url)
                case .file(let path): .file(try paths.absolute(path, what: "--manifest"))
                }
            } ?? .releaseChannel
        guard let curl = context.executables.find(context.host.executableName("curl")) else {
            throw .commandNotFound(
                "curl", searched: context.executables.searchPath.joined(separator: context.host.pathStyle.listSeparator)
            )
        }
        let request = SysrootFetchRequest(
            licenseAccepted: true, arches: arches, crtVersion: options.crtVersion, sdkVersion: options.sdkVersion,
            manifest: manifest, outputDirectory: output, cacheDirectory: cache, checkForUpdates: options.update)
        return CommandWork(followUp: .fetchSysroot(request, curl: curl))
    }

    /// The host's own architecture and aarch64: what a machine builds for itself and for Windows on Arm.
    static func defaultArches(_ host: Host) -> [String] {
        host.arch == .arm64 ? ["aarch64"] : ["x86_64", "aarch64"]
    }

    /// The summary of a fetch, for standard output.
    static func summary(_ result: FetchResult) -> String {
        let arches = result.arches.map(\.rawValue).joined(separator: ", ")
        if result.upToDate {
            return
                "xenv: sysroot \(result.outputDirectory) is up to date: CRT \(result.crtVersion), SDK "
                + "\(result.sdkVersion) (\(arches))\n"
        }
        let megabytes = Double(result.downloadedBytes) / 1_048_576
        let seconds =
            Double(result.timings.total.components.seconds) + Double(result.timings.total.components.attoseconds) / 1e18
        return
            "xenv: sysroot \(result.outputDirectory): CRT \(result.crtVersion), SDK \(result.sdkVersion) (\(arches)); "
            + "\(result.downloaded.count) payloads downloaded (\(String(format1: megabytes)) MB), "
            + "\(result.reused.count) from the cache, "
            + "in \(String(format1: seconds)) s\n"
    }
}

extension String {
    /// A number with one decimal, without Foundation's formatting.
    init(format1 value: Double) {
        let tenths = Int((value * 10).rounded())
        self = "\(tenths / 10).\(tenths % 10)"
    }
}

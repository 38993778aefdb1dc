import XenvSystem

/// An MSVC CRT + Windows SDK tree laid out by xwin, checked to serve one target.
public struct Sysroot: Equatable, Sendable {
    public enum Layout: Equatable, Sendable {
        /// xwin's default: `crt/`, `sdk/`.
        case splat
        /// `xwin splat --use-winsysroot-style`: `VC/Tools/MSVC/<version>/`, `Windows Kits/10/…/<version>/`.
        case winsysroot(msvcVersion: String, sdkVersion: String)
    }

    public var root: String
    public var layout: Layout
    /// The CRT, SDK `um` and SDK `ucrt` library directories, in the order lld-link searches them.
    public var libraryDirectories: [String]
    /// CRT and SDK header directories that exist, in the order a developer prompt lists them.
    public var includeDirectories: [String]
}

/// Finds the sysroot for a target: `--sysroot`, else `XENV_SYSROOT`, else the one `xenv sysroot fetch` made, else
/// cargo-xwin's cache, else xwin's default output in the working directory. Paths are in the host's style: a
/// Windows host without Visual Studio builds from a sysroot too.
public struct SysrootResolver: Sendable {
    public var fileSystem: FileSystem
    public var environment: Environment
    public var host: Host
    public var workingDirectory: String

    public init(fileSystem: FileSystem, environment: Environment, host: Host, workingDirectory: String) {
        self.fileSystem = fileSystem
        self.environment = environment
        self.host = host
        self.workingDirectory = workingDirectory
    }

    init(context: PlanningContext) {
        self.init(
            fileSystem: context.fileSystem, environment: context.environment, host: context.host,
            workingDirectory: context.workingDirectory)
    }

    /// Where `xenv sysroot fetch` puts the sysroot and its downloads unless told otherwise:
    /// `${XDG_CACHE_HOME:-~/.cache}/xenv/{sysroot,downloads}`, `~/Library/Caches/xenv/…` on macOS,
    /// `%LOCALAPPDATA%\xenv\…` on Windows. Nil without a home to put them in.
    public static func fetchLocations(environment: Environment, host: Host) -> (sysroot: String, downloads: String)? {
        let base: String?
        switch host.os {
        case .windows:
            base = environment.nonEmpty(.localAppData).map { WindowsPath.join($0, "xenv") }
        case .macOS:
            base = environment.nonEmpty(.userHome).map { Path.join($0, "Library/Caches/xenv") }
        case .linux:
            if let xdg = environment.nonEmpty(.xdgCacheHome), xdg.hasPrefix("/") {
                base = Path.join(xdg, "xenv")
            } else {
                base = environment.nonEmpty(.userHome).map { Path.join($0, ".cache/xenv") }
            }
        }
        guard let base else { return nil }
        return (host.pathStyle.join(base, "sysroot"), host.pathStyle.join(base, "downloads"))
    }

    /// The places searched when no sysroot is named, in order: xenv's own fetched sysroot first.
    public var defaultCandidates: [String] {
        var candidates: [String] = []
        if let fetched = Self.fetchLocations(environment: environment, host: host) {
            candidates.append(fetched.sysroot)
        }
        if let cache = environment.nonEmpty(.xwinCacheDirectory) {
            candidates.append(style.join(absolute(cache), "xwin"))
        }
        // cargo-xwin's cache dir, as the `dirs` crate finds it: XDG_CACHE_HOME only when absolute; on Windows
        // the local application data folder.
        let home = environment.nonEmpty(.userHome)
        switch host.os {
        case .macOS:
            if let home { candidates.append(Path.join(home, "Library/Caches/cargo-xwin/xwin")) }
        case .linux:
            if let xdg = environment.nonEmpty(.xdgCacheHome), xdg.hasPrefix("/") {
                candidates.append(Path.join(xdg, "cargo-xwin/xwin"))
            } else if let home {
                candidates.append(Path.join(home, ".cache/cargo-xwin/xwin"))
            }
        case .windows:
            if let local = environment.nonEmpty(.localAppData) {
                candidates.append(WindowsPath.join(local, "cargo-xwin", "xwin"))
            }
        }
        candidates.append(style.join(workingDirectory, ".xwin-cache", "splat"))
        return candidates
    }

    /// - Parameters:
    ///   - explicit: `--sysroot`, which wins over everything and must serve the target.
    ///   - notes: receives one line per candidate: taken, or passed over and why.
    public func resolve(
        for target: TargetDescriptor, explicit: String?, notes: inout [String]
    ) throws(XenvError) -> Sysroot {
        try refuseUnservable(target)
        if let named = explicit ?? environment.nonEmpty(.sysroot) {
            let root = absolute(named)
            let sysroot = try inspect(root, for: target)
            notes.append("sysroot: \(root) (\(explicit != nil ? "--sysroot" : "XENV_SYSROOT"))")
            return sysroot
        }
        var firstFailure: XenvError?
        for candidate in defaultCandidates {
            guard fileSystem.isDirectory(candidate) else {
                notes.append("sysroot: \(candidate) passed over: not a directory")
                continue
            }
            do {
                let sysroot = try inspect(candidate, for: target)
                notes.append("sysroot: \(candidate) taken")
                return sysroot
            } catch {
                notes.append("sysroot: \(candidate) passed over: \(error)")
                firstFailure = firstFailure ?? error
            }
        }
        throw firstFailure
            ?? .sysrootNotFound(target: target.triple, searched: defaultCandidates, xwinArch: target.xwinArch)
    }

    /// Checks that `root` holds the libraries `target` needs and collects its directories.
    public func inspect(_ root: String, for target: TargetDescriptor) throws(XenvError) -> Sysroot {
        try refuseUnservable(target)
        guard fileSystem.isDirectory(root) else {
            throw .invalidPath(
                what: "sysroot", path: root, reason: "it is not a directory; pass the directory xwin splatted into")
        }
        if fileSystem.entry(in: root, matching: "crt") != nil, fileSystem.entry(in: root, matching: "sdk") != nil {
            return try splat(root, target)
        }
        if let msvc = fileSystem.resolve(root, ["VC", "Tools", "MSVC"]),
            let kits = fileSystem.resolve(root, ["Windows Kits", "10"])
        {
            return try winsysroot(root, msvc: msvc, kits: kits, target)
        }
        throw .sysrootUnknownLayout(root)
    }

    private func splat(_ root: String, _ target: TargetDescriptor) throws(XenvError) -> Sysroot {
        let arches = unique([target.xwinArch, target.xwinMsArch])
        let crt = arches.map { resolved(root, ["crt", "lib", $0]) }
        let um = arches.map { resolved(root, ["sdk", "lib", "um", $0]) }
        let ucrt = arches.map { resolved(root, ["sdk", "lib", "ucrt", $0]) }
        let libraries = try checkLibraries(root, target, crt: crt, um: um, ucrt: ucrt)
        let includes =
            [["crt", "include"]] + ["ucrt", "um", "shared", "winrt", "cppwinrt"].map { ["sdk", "include", $0] }
        return Sysroot(
            root: root, layout: .splat, libraryDirectories: libraries,
            includeDirectories: includes.compactMap { existingDirectory(root, $0) })
    }

    private func winsysroot(
        _ root: String, msvc: String, kits: String, _ target: TargetDescriptor
    ) throws(XenvError)
        -> Sysroot
    {
        let kitsLib = fileSystem.entry(in: kits, matching: "Lib") ?? style.join(kits, "Lib")
        guard let msvcVersion = DottedVersion.highest(in: msvc, fileSystem: fileSystem) else {
            throw .sysrootMissingFile(
                sysroot: root, target: target.triple, file: "an MSVC version directory", lookedIn: [msvc],
                xwinArch: target.xwinArch)
        }
        guard let sdkVersion = DottedVersion.highest(in: kitsLib, fileSystem: fileSystem) else {
            throw .sysrootMissingFile(
                sysroot: root, target: target.triple, file: "a Windows SDK version directory", lookedIn: [kitsLib],
                xwinArch: target.xwinArch)
        }
        let toolset = style.join(msvc, msvcVersion.description)
        let sdkLib = style.join(kitsLib, sdkVersion.description)
        let crtArches = unique([target.msvcLibDir, target.xwinArch])
        let sdkArches = unique([target.sdkLibArch, target.xwinArch])
        let libraries = try checkLibraries(
            root, target,
            crt: crtArches.map { resolved(toolset, ["lib", $0]) },
            um: sdkArches.map { resolved(sdkLib, ["um", $0]) },
            ucrt: sdkArches.map { resolved(sdkLib, ["ucrt", $0]) })
        let sdkInclude = resolved(kits, ["Include", sdkVersion.description])
        let includes =
            [existingDirectory(toolset, ["include"])]
            + ["ucrt", "um", "shared", "winrt", "cppwinrt"].map { existingDirectory(sdkInclude, [$0]) }
        return Sysroot(
            root: root, layout: .winsysroot(msvcVersion: msvcVersion.description, sdkVersion: sdkVersion.description),
            libraryDirectories: libraries, includeDirectories: includes.compactMap { $0 })
    }

    /// Picks, for each library kind, the first candidate directory that exists, and checks the files a link
    /// needs (`msvcrt.lib`, `vcruntime.lib`, `kernel32.lib`, `ucrt.lib`) without regard to case.
    private func checkLibraries(
        _ root: String, _ target: TargetDescriptor, crt: [String], um: [String], ucrt: [String]
    ) throws(XenvError) -> [String] {
        var directories: [String] = []
        for (candidates, files) in [
            (crt, ["msvcrt.lib", "vcruntime.lib"]), (um, ["kernel32.lib"]), (ucrt, ["ucrt.lib"]),
        ] {
            let directory = candidates.first { fileSystem.isDirectory($0) }
            for file in files {
                guard let directory, let found = fileSystem.entry(in: directory, matching: file),
                    fileSystem.isFile(found)
                else {
                    throw .sysrootMissingFile(
                        sysroot: root, target: target.triple, file: file,
                        lookedIn: directory.map { [$0] } ?? candidates, xwinArch: target.xwinArch)
                }
            }
            directories.append(directory!)
        }
        return directories
    }

    /// `base` followed by `components`, each matched without regard to case where it exists.
    /// A target no sysroot can serve is refused before any directory is looked at: a plan that would only fail
    /// at link time is worse than none.
    private func refuseUnservable(_ target: TargetDescriptor) throws(XenvError) {
        if let reason = target.sysrootUnavailable {
            throw .sysrootCannotServe(target: target.triple, reason: reason, component: target.vsComponent)
        }
    }

    private func resolved(_ base: String, _ components: [String]) -> String {
        fileSystem.resolve(base, components) ?? components.reduce(base) { style.join($0, $1) }
    }

    private func existingDirectory(_ base: String, _ components: [String]) -> String? {
        fileSystem.resolve(base, components).flatMap { fileSystem.isDirectory($0) ? $0 : nil }
    }

    private func absolute(_ path: String) -> String { style.absolute(path, relativeTo: workingDirectory) }

    private var style: PathStyle { host.pathStyle }

    private func unique(_ names: [String]) -> [String] {
        names.enumerated().filter { names.firstIndex(of: $0.element) == $0.offset }.map(\.element)
    }
}

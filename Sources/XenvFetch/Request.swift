import XenvSystem

/// A target architecture in xwin's spelling (the splat's directory names) with Microsoft's beside it
/// (the directory names inside the packages).
public enum SysrootArch: String, CaseIterable, Sendable, Comparable, Codable {
    case x86_64, aarch64, x86, aarch

    /// The name inside VSIX and MSI payloads: `lib/x64`, `lib/um/arm64`.
    public var microsoftName: String {
        switch self {
        case .x86_64: "x64"
        case .aarch64: "arm64"
        case .x86: "x86"
        case .aarch: "arm"
        }
    }

    /// The architecture part of a CRT library package id: `Microsoft.VC.<v>.CRT.<this>.Desktop.base`.
    /// Only arm64 is upper case there (xwin src/lib.rs get_crt).
    var crtPackageName: String { self == .aarch64 ? "ARM64" : microsoftName }

    /// Accepts xwin's and Microsoft's spellings (`aarch64`, `arm64`, `x64`, ...).
    public init?(name: String) {
        switch name.lowercased() {
        case "x86_64", "x64", "amd64": self = .x86_64
        case "aarch64", "arm64": self = .aarch64
        case "x86", "i686", "i386": self = .x86
        case "aarch", "arm", "armv7", "thumbv7a": self = .aarch
        default: return nil
        }
    }

    /// The host's own architecture plus aarch64: the default when `--arch` is not given.
    public static var defaultSet: [SysrootArch] {
        #if arch(x86_64)
        [.x86_64, .aarch64]
        #elseif arch(i386)
        [.x86, .aarch64]
        #elseif arch(arm)
        [.aarch, .aarch64]
        #else
        [.aarch64]
        #endif
    }

    public static func < (lhs: SysrootArch, rhs: SysrootArch) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// Where the channel manifest comes from: `--manifest URL|FILE`.
public enum ManifestSource: Equatable, Sendable, CustomStringConvertible {
    case url(String)
    /// A channel manifest on disk; the VS manifest it names is still downloaded (as xwin does).
    case file(String)

    /// Microsoft's release channel of Visual Studio 2022 (major 17), as xwin uses by default.
    public static let releaseChannel = ManifestSource.url("https://aka.ms/vs/17/release/channel")

    /// `--manifest` as typed: a URL when it has a scheme, a file otherwise.
    public init(argument: String) {
        self = argument.contains("://") ? .url(argument) : .file(argument)
    }

    public var description: String {
        switch self {
        case .url(let url): url
        case .file(let path): path
        }
    }
}

/// What `xenv sysroot fetch` was asked to do. Paths are absolute, in the host's style.
public struct SysrootFetchRequest: Equatable, Sendable {
    /// `--accept-license` or `XENV_ACCEPT_LICENSE=1`; without it nothing is downloaded.
    public var licenseAccepted: Bool
    /// Sorted and without duplicates when the fetch uses them.
    public var arches: [SysrootArch]
    /// `--crt-version`: a key `Microsoft.VisualStudio.Component.VC.<this>.x86.x64` of BuildTools' dependencies.
    public var crtVersion: String?
    /// `--sdk-version`: the first `Win<N>SDK_…` package id ending with it.
    public var sdkVersion: String?
    public var manifest: ManifestSource
    /// `--out`: the splat root (`crt/`, `sdk/`).
    public var outputDirectory: String
    /// `--cache`: payloads kept by SHA-256 for later runs.
    public var cacheDirectory: String
    /// When false, an output directory whose record matches this request is taken as it is, without asking the
    /// network (the no-op re-run); when true, the manifests are read again and the sysroot is replaced if the
    /// newest versions changed.
    public var checkForUpdates: Bool
    /// Concurrent curl processes.
    public var parallelDownloads: Int
    public var retry: RetryPolicy

    public init(
        licenseAccepted: Bool, arches: [SysrootArch] = SysrootArch.defaultSet, crtVersion: String? = nil,
        sdkVersion: String? = nil, manifest: ManifestSource = .releaseChannel, outputDirectory: String,
        cacheDirectory: String, checkForUpdates: Bool = false, parallelDownloads: Int = 4, retry: RetryPolicy = .init()
    ) {
        self.licenseAccepted = licenseAccepted
        self.arches = arches
        self.crtVersion = crtVersion
        self.sdkVersion = sdkVersion
        self.manifest = manifest
        self.outputDirectory = outputDirectory
        self.cacheDirectory = cacheDirectory
        self.checkForUpdates = checkForUpdates
        self.parallelDownloads = parallelDownloads
        self.retry = retry
    }

    /// xenv's own sysroot and cache directories: `${XDG_CACHE_HOME:-~/.cache}/xenv/{sysroot,downloads}` on Linux,
    /// `~/Library/Caches/xenv/…` on macOS, `%LOCALAPPDATA%\xenv\…` on Windows.
    public static func defaultDirectories(
        environment: Environment, pathStyle: PathStyle = .native
    )
        -> (output: String, cache: String)?
    {
        let base: String?
        #if os(macOS)
        base = environment["HOME"].map { Path.join($0, "Library/Caches/xenv") }
        #elseif os(Windows)
        base = environment["LOCALAPPDATA"].map { WindowsPath.join($0, ["xenv"]) }
        #else
        if let xdg = environment["XDG_CACHE_HOME"], xdg.hasPrefix("/") {
            base = Path.join(xdg, "xenv")
        } else {
            base = environment["HOME"].map { Path.join($0, ".cache/xenv") }
        }
        #endif
        guard let base else { return nil }
        return (pathStyle.join(base, "sysroot"), pathStyle.join(base, "downloads"))
    }
}

/// How often a download is tried and how long to wait between tries (doubling each time).
public struct RetryPolicy: Equatable, Sendable {
    public var attempts: Int
    public var initialDelaySeconds: Double
    public var connectTimeoutSeconds: Int

    public init(attempts: Int = 5, initialDelaySeconds: Double = 1, connectTimeoutSeconds: Int = 30) {
        self.attempts = attempts
        self.initialDelaySeconds = initialDelaySeconds
        self.connectTimeoutSeconds = connectTimeoutSeconds
    }
}

/// What the CLI is told as the fetch goes: one line a package when not on a terminal, or a bar.
public enum FetchProgress: Sendable, Equatable {
    /// The versions chosen and what will be needed, before any payload is downloaded.
    case selected(crtVersion: String, sdkVersion: String, payloads: Int, bytes: Int)
    case downloading(payload: String, bytes: Int)
    /// `reused`: taken from the cache without a download.
    case downloaded(payload: String, bytes: Int, reused: Bool)
    /// A failed try that will be tried again.
    case retrying(payload: String, attempt: Int, reason: String)
    case unpacked(payload: String, files: Int)
    /// Something xwin also only warns about (a CRT library package missing from the manifest).
    case warning(String)
    /// Another fetch holds the lock on the output or the cache (the lock file's path): this one waits for it.
    case waiting(lock: String)
}

/// What a fetch did.
public struct FetchResult: Sendable, Equatable {
    public var crtVersion: String
    public var sdkVersion: String
    public var arches: [SysrootArch]
    public var outputDirectory: String
    /// True when the output directory already held this request's sysroot and nothing was done.
    public var upToDate: Bool
    /// Payload file names (VS manifest `fileName`) downloaded by this run.
    public var downloaded: [String]
    /// Payload file names taken from the cache.
    public var reused: [String]
    public var downloadedBytes: Int
    public var timings: Timings

    public struct Timings: Sendable, Equatable {
        public var manifests: Duration = .zero
        public var downloads: Duration = .zero
        public var unpack: Duration = .zero
        public var total: Duration = .zero
    }
}

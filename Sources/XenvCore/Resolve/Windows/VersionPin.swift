/// A version the user or a developer prompt fixed: `--toolset 14.29`, or `VCToolsVersion` left by a prompt opened
/// with `-vcvars_ver=14.29` (vcvars.bat keeps it, and so does cc-rs).
public struct VersionPin: Equatable, Sendable {
    public var version: String
    /// `--toolset`, `--sdk`, or the variable it came from.
    public var origin: String

    public init(_ version: String, origin: String) {
        self.version = version
        self.origin = origin
    }

    /// Whether a developer prompt's variable set it, rather than an option.
    public var isFromEnvironment: Bool { !origin.hasPrefix("--") }

    /// How errors and notes name it.
    public var label: String {
        isFromEnvironment ? "\(origin)=\(version) (kept from the developer prompt)" : "\(origin) \(version)"
    }

    /// The second remedy an error offers when a prompt's variable fixed the version: not pinning it.
    var clearing: String { isFromEnvironment ? ", or clear \(origin) to let xenv choose" : "" }
}

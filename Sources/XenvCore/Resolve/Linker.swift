import XenvShimCore
import XenvSystem

/// The real linker: the one the shim runs, or MSVC's link.exe, which cargo runs directly.
public struct Linker: Equatable, Sendable {
    public enum Kind: String, Equatable, Sendable {
        case rustLLD = "rust-lld"
        case lldLink = "lld-link"
        /// MSVC's link.exe knows `/arm64hazardfree`: nothing to filter, so no shim.
        case msvcLink = "link.exe"

        init(_ kind: ShimConfig.LinkerKind) {
            switch kind {
            case .rustLLD: self = .rustLLD
            case .lldLink: self = .lldLink
            }
        }

        /// How the shim calls this linker; nil when it needs no shim.
        public var shimKind: ShimConfig.LinkerKind? {
            switch self {
            case .rustLLD: .rustLLD
            case .lldLink: .lldLink
            case .msvcLink: nil
            }
        }
    }

    public var path: String
    public var kind: Kind

    public init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }
}

/// The tools found for a target: the linker always, the C compiler and archiver when present.
public struct Tools: Equatable, Sendable {
    public var linker: Linker
    public var cCompiler: String?
    public var archiver: String?
}

/// `--linker`: which real linker the shim runs.
public enum LinkerChoice: Equatable, Sendable {
    /// lld-link on PATH, else rust-lld from the Rust toolchain.
    case automatic
    case rustLLD
    case lldLink
    case path(String)

    /// Parses `auto`, `rust-lld`, `lld-link` or a path (anything with a `/`, or a `\` as Windows paths have).
    public init(parsing value: String) throws(XenvError) {
        switch value {
        case "auto": self = .automatic
        case "rust-lld": self = .rustLLD
        case "lld-link": self = .lldLink
        default:
            guard value.contains("/") || value.contains("\\") else {
                throw .usage("--linker '\(value)' is not auto, rust-lld, lld-link or a path")
            }
            self = .path(value)
        }
    }
}

extension Linker {
    /// How to call a linker, from its file name as rustc infers it: `.exe` and a `-<digits>` suffix removed;
    /// `lld-link` is the link flavour by name; `rust-lld` and `lld` are generic drivers that need `-flavor link`.
    public static func shimKind(forProgramName name: String) -> ShimConfig.LinkerKind? {
        // Without regard to case, as lld matches its flavour names (`LLD-LINK.EXE` is lld-link).
        var stem = name.lowercased()
        if stem.hasSuffix(".exe") { stem.removeLast(4) }
        if let dash = stem.lastIndex(of: "-"), !stem[stem.index(after: dash)...].isEmpty,
            stem[stem.index(after: dash)...].allSatisfy({ $0.isASCII && $0.isNumber })
        {
            stem = String(stem[..<dash])
        }
        switch stem {
        case "lld-link": return .lldLink
        case "rust-lld", "lld": return .rustLLD
        default: return nil
        }
    }
}

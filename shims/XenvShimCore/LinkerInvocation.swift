/// Where the shim reads @files and writes their rewritten copies. The executable uses the real file
/// system; tests use memory.
public protocol ResponseFileStore {
    /// The file's bytes, or nil when it cannot be read (lld-link then keeps `@path` as a literal argument).
    func read(_ path: String) -> [UInt8]?
    /// Writes `bytes` to a new, uniquely named file near `original` and returns its path.
    mutating func writeTemporary(_ bytes: [UInt8], near original: String) throws -> String
}

/// The command line the shim runs: the real linker's arguments after the target's rules are applied.
public struct LinkerInvocation: Equatable, Sendable {
    public var arguments: [String]
    /// Rewritten @files that the shim must remove once the linker has finished.
    public var temporaryFiles: [String]

    /// Applies `config` to the arguments the shim received (without its own argv[0]):
    /// - drops every flag in `dropFlags` from the arguments and from @files, nested ones included, writing a
    ///   rewritten copy of a file only when something in it (or below it) was dropped;
    /// - for rust-lld, puts `-flavor link` first unless rustc already sent a `-flavor` pair there;
    /// - then the `addFlags`, then the remaining arguments in their order.
    public init<Store: ResponseFileStore>(
        rewriting received: [String], config: ShimConfig, store: inout Store
    ) throws {
        var rest = received[...]
        var leading: [String] = []
        if rest.count >= 2 && rest.first == "-flavor" {
            leading = Array(rest.prefix(2))
            rest = rest.dropFirst(2)
        } else if config.linkerKind == .rustLLD {
            leading = ["-flavor", "link"]
        }
        var rewriter = Rewriter(drop: Set(config.dropFlags.map(Self.normalizedFlag)), store: store)
        var arguments = leading + config.addFlags
        for argument in rest {
            if let kept = try rewriter.rewrite(argument, openFiles: []) { arguments.append(kept) }
        }
        store = rewriter.store
        self.arguments = arguments
        self.temporaryFiles = rewriter.temporaryFiles
    }

    /// `/Flag`, `-FLAG` → `flag`: lld-link options are case-insensitive and take either prefix.
    static func normalizedFlag(_ flag: String) -> String {
        let body = flag.first == "/" || flag.first == "-" ? flag.dropFirst() : flag[...]
        return body.lowercased()
    }

    /// Removes the dropped flags from a `LINK`/`_LINK_`-style value (lld-link adds those tokens to its
    /// command line); nil when nothing was dropped, so the variable is passed on untouched.
    public static func filterEnvironmentValue(_ value: String, config: ShimConfig) -> String? {
        let drop = Set(config.dropFlags.map(normalizedFlag))
        let tokens = WindowsCommandLine.tokenize(value)
        let kept = tokens.filter { !isDropped($0, drop) }
        guard kept.count != tokens.count else { return nil }
        return kept.map(WindowsCommandLine.quote).joined(separator: " ")
    }

    static func isDropped(_ argument: String, _ drop: Set<String>) -> Bool {
        guard argument.first == "/" || argument.first == "-" else { return false }
        // Lower-casing is costly over 50,000 arguments: only an argument of a dropped flag's length can be one.
        let length = argument.utf8.count - 1
        guard drop.contains(where: { $0.utf8.count == length }) else { return false }
        return drop.contains(normalizedFlag(argument))
    }

    private struct Rewriter<Store: ResponseFileStore> {
        let drop: Set<String>
        var store: Store
        var temporaryFiles: [String] = []

        init(drop: Set<String>, store: Store) {
            self.drop = drop
            self.store = store
        }

        /// The argument to pass on: nil when dropped, `@<rewritten copy>` for an @file that changed.
        mutating func rewrite(_ argument: String, openFiles: [String]) throws -> String? {
            if isDropped(argument, drop) { return nil }
            guard !drop.isEmpty, argument.first == "@" else { return argument }
            let path = String(argument.dropFirst())
            // lld-link reports a recursive expansion itself; a missing or undecodable file stays as it is.
            guard !openFiles.contains(path), let bytes = store.read(path), var file = ResponseFile(bytes: bytes)
            else { return argument }
            var changed = false
            var kept: [String] = []
            kept.reserveCapacity(file.arguments.count)
            for inner in file.arguments {
                if let result = try rewrite(inner, openFiles: openFiles + [path]) {
                    changed = changed || result != inner
                    kept.append(result)
                } else {
                    changed = true
                }
            }
            guard changed else { return argument }
            file.arguments = kept
            let copy = try store.writeTemporary(file.bytes, near: path)
            temporaryFiles.append(copy)
            return "@" + copy
        }
    }
}

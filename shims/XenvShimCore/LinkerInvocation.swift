import XenvSystem

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
        var rewriter = Rewriter(drop: DroppedFlags(config.dropFlags), store: store)
        var arguments = leading + config.addFlags
        for argument in rest {
            if let kept = try rewriter.rewrite(argument, openFiles: []) { arguments.append(kept) }
        }
        store = rewriter.store
        self.arguments = arguments
        self.temporaryFiles = rewriter.temporaryFiles
    }

    /// Removes the dropped flags from a `LINK`/`_LINK_`-style value (lld-link adds those tokens to its
    /// command line); nil when nothing was dropped, so the variable is passed on untouched.
    public static func filterEnvironmentValue(_ value: String, config: ShimConfig) -> String? {
        let drop = DroppedFlags(config.dropFlags)
        let tokens = WindowsCommandLine.tokenize(value)
        let kept = tokens.filter { !drop.matches($0.utf8) }
        guard kept.count != tokens.count else { return nil }
        return kept.map(WindowsCommandLine.quote).joined(separator: " ")
    }

    /// The flags to drop, matched as lld-link matches options: either `/` or `-` first, ASCII letters in any case.
    struct DroppedFlags {
        /// Each flag without its prefix, lower-cased.
        private let bodies: [[UInt8]]

        init(_ flags: [String]) {
            bodies = flags.map { flag in
                (Self.isOptionPrefix(flag.utf8.first) ? flag.utf8.dropFirst() : flag.utf8[...]).map(Self.lowercased)
            }
        }

        var isEmpty: Bool { bodies.isEmpty }

        /// Compared as UTF-8 bytes: over 50,000 arguments, lower-casing `String`s cost more than the rest.
        func matches(_ argument: some Collection<UInt8>) -> Bool {
            guard Self.isOptionPrefix(argument.first) else { return false }
            let body = argument.dropFirst()
            return bodies.contains { $0.count == body.count && zip($0, body).allSatisfy { $0 == Self.lowercased($1) } }
        }

        private static func isOptionPrefix(_ byte: UInt8?) -> Bool {
            byte == UInt8(ascii: "/") || byte == UInt8(ascii: "-")
        }

        private static func lowercased(_ byte: UInt8) -> UInt8 {
            byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") ? byte + 0x20 : byte
        }
    }

    private struct Rewriter<Store: ResponseFileStore> {
        let drop: DroppedFlags
        var store: Store
        var temporaryFiles: [String] = []

        init(drop: DroppedFlags, store: Store) {
            self.drop = drop
            self.store = store
        }

        /// The argument to pass on: nil when dropped, `@<rewritten copy>` for an @file that changed.
        mutating func rewrite(_ argument: String, openFiles: [String]) throws -> String? {
            if drop.matches(argument.utf8) { return nil }
            guard !drop.isEmpty, argument.utf8.first == UInt8(ascii: "@") else { return argument }
            let path = String(argument.dropFirst())
            // lld-link reports a recursive expansion itself; a missing or undecodable file stays as it is.
            guard !openFiles.contains(path), let bytes = store.read(path), let file = ResponseFileText(bytes: bytes)
            else { return argument }
            // Only dropped flags and nested @files change; the rest of the file is copied byte for byte.
            var edits: [(index: Int, replacement: String?)] = []
            let nested = openFiles + [path]
            for index in 0..<file.tokens.count {
                let value = file.tokens.value(index)
                if drop.matches(value) {
                    edits.append((index, nil))
                } else if value.first == UInt8(ascii: "@") {
                    let inner = String(decoding: value, as: UTF8.self)
                    let result = try rewrite(inner, openFiles: nested)
                    if result != inner { edits.append((index, result)) }
                }
            }
            guard !edits.isEmpty else { return argument }
            let copy = try store.writeTemporary(file.bytes(applying: edits), near: path)
            temporaryFiles.append(copy)
            return "@" + copy
        }
    }
}

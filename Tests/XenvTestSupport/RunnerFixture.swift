import Foundation
import XenvSystem

/// A simulated Windows machine described by a `.tree` file under `Tests/Fixtures/runners/` (see its README):
/// the files and directories of its drives, its registry export and its environment. Tests build it in memory
/// (`memoryTree`) or on disk (`materialize`), and run the simulated host on it.
///
/// The format, one entry a line:
/// - `# ...` a comment; blank lines are ignored;
/// - `$NAME = value` defines a variable; `${NAME}` is replaced everywhere after it;
/// - `environment NAME=value` sets a variable of the machine's process environment;
/// - `C:\dir\` (ending in `\`) is a directory; `C:\dir\file` an empty file; `C:\dir\file = text` a file holding
///   `text` and a CRLF, as Visual Studio writes its `.txt` files;
/// - `C:\dir\file <<END`, then lines up to `END`: a file holding those lines (LF line ends);
/// - `registry <<END` ... `END`: the machine's `registry.reg`;
/// - `{a,b,c}` in a path stands for three paths, one with each alternative.
public struct RunnerFixture: Sendable {
    public var name: String
    /// Each file's Windows path and bytes; directories are listed with nil.
    public var entries: [(path: String, bytes: [UInt8]?)]
    public var registry: String?
    public var environment: [String: String]

    public struct ParseError: Error, CustomStringConvertible {
        public var description: String
    }

    /// `Tests/Fixtures/runners`.
    public static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent()
        .appendingPathComponent("Fixtures").appendingPathComponent("runners").path

    /// - Parameter edit: changes the manifest's text before it is read, for a variant of the runner (a component
    ///   left out, another edition).
    public static func load(_ name: String, editing edit: (String) -> String = { $0 }) throws -> RunnerFixture {
        try RunnerFixture(name: name, text: edit(text(of: directory + "/" + name + ".tree")))
    }

    /// An edit that leaves out the manifest lines mentioning any of `words` (registry lines too); a file given by a
    /// `<<END` block goes with its whole block.
    public static func leavingOut(_ words: [String]) -> (String) -> String {
        { text in
            var kept: [Substring] = []
            var blockEnd: Substring?
            for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
                if let end = blockEnd {
                    if line == end { blockEnd = nil }
                    continue
                }
                guard words.contains(where: { line.contains($0) }) else {
                    kept.append(line)
                    continue
                }
                if !line.hasPrefix("registry"), let marker = line.range(of: " <<") {
                    blockEnd = line[marker.upperBound...]
                }
            }
            return kept.joined(separator: "\n")
        }
    }

    /// A file below `Tests/Fixtures/runners`, as text.
    public static func text(of path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ParseError(description: "no fixture \(path)")
        }
        return String(decoding: data, as: UTF8.self)
    }

    public init(name: String, text: String) throws {
        self.name = name
        entries = []
        environment = [:]
        var variables: [String: String] = [:]
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
        var number = 0
        func substitute(_ text: String) throws -> String {
            var result = text
            while let start = result.range(of: "${") {
                guard let end = result[start.upperBound...].firstIndex(of: "}") else {
                    throw ParseError(description: "\(name).tree:\(number): an unclosed ${")
                }
                let key = String(result[start.upperBound..<end])
                guard let value = variables[key] else {
                    throw ParseError(description: "\(name).tree:\(number): no variable \(key)")
                }
                result.replaceSubrange(start.lowerBound...end, with: value)
            }
            return result
        }
        func heredoc(_ marker: String) throws -> String {
            var body: [String] = []
            while let next = lines.popFirst() {
                number += 1
                if next == marker { return body.map { $0 + "\n" }.joined() }
                body.append(try substitute(next))
            }
            throw ParseError(description: "\(name).tree: no \(marker) ends the block")
        }
        // A line that is not a drive-rooted path is a mistake (a block's text without its opening line, say).
        func paths(_ pattern: String) throws -> [String] {
            let substituted = try substitute(pattern)
            guard case .drive = WindowsPath.parse(substituted).root else {
                throw ParseError(description: "\(name).tree:\(number): not a C:\\ path: \(substituted.prefix(60))")
            }
            return Self.expand(substituted)
        }
        while let raw = lines.popFirst() {
            number += 1
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            if line.hasPrefix("$") && !line.hasPrefix("${") {
                guard let equals = line.range(of: " = ") else {
                    throw ParseError(description: "\(name).tree:\(number): expected $NAME = value")
                }
                variables[String(line[line.index(after: line.startIndex)..<equals.lowerBound])] = try substitute(
                    String(line[equals.upperBound...]))
            } else if line.hasPrefix("environment ") {
                let assignment = try substitute(String(line.dropFirst("environment ".count)))
                guard let equals = assignment.firstIndex(of: "=") else {
                    throw ParseError(description: "\(name).tree:\(number): expected environment NAME=value")
                }
                environment[String(assignment[..<equals])] = String(assignment[assignment.index(after: equals)...])
            } else if line.hasPrefix("registry <<") {
                registry = try heredoc(String(line.dropFirst("registry <<".count)))
            } else if let marker = line.range(of: " <<") {
                let body = Array(try heredoc(String(line[marker.upperBound...])).utf8)
                for path in try paths(String(line[..<marker.lowerBound])) { entries.append((path, body)) }
            } else if let equals = line.range(of: " = ") {
                let body = Array((try substitute(String(line[equals.upperBound...])) + "\r\n").utf8)
                for path in try paths(String(line[..<equals.lowerBound])) { entries.append((path, body)) }
            } else {
                for path in try paths(line) { entries.append((path, path.hasSuffix("\\") ? nil : [])) }
            }
        }
    }

    /// `a{b,c}d{e,f}` → `abde`, `abdf`, `acde`, `acdf`.
    static func expand(_ pattern: String) -> [String] {
        guard let open = pattern.firstIndex(of: "{"), let close = pattern[open...].firstIndex(of: "}") else {
            return [pattern]
        }
        let head = String(pattern[..<open]), tail = String(pattern[pattern.index(after: close)...])
        return pattern[pattern.index(after: open)..<close].split(separator: ",", omittingEmptySubsequences: false)
            .flatMap { choice in expand(tail).map { head + choice + $0 } }
    }

    /// The host-relative path of a Windows path below a root: `C:\a\b` → `C/a/b`.
    static func relativePath(_ windowsPath: String) -> String {
        let parsed = WindowsPath.parse(windowsPath)
        guard case .drive(let letter) = parsed.root else { return windowsPath }
        return ([String(letter)] + parsed.components).joined(separator: "/")
    }

    /// The machine in memory, below `root`.
    public func memoryTree(root: String = "/w") -> InMemoryFileSystem {
        let memory = InMemoryFileSystem()
        for entry in entries {
            let path = root + "/" + Self.relativePath(entry.path)
            if let bytes = entry.bytes { memory.addFile(path, bytes: bytes) } else { memory.addDirectory(path) }
        }
        if let registry { memory.addFile(root + "/registry.reg", registry) }
        return memory
    }

    /// The machine on disk, below `root`.
    public func materialize(at root: String) throws {
        for entry in entries {
            let path = (root as NSString).appendingPathComponent(Self.relativePath(entry.path))
            if let bytes = entry.bytes {
                try FileManager.default.createDirectory(
                    atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try Data(bytes).write(to: URL(fileURLWithPath: path))
            } else {
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
            }
        }
        if let registry {
            try Data(registry.utf8).write(
                to: URL(fileURLWithPath: (root as NSString).appendingPathComponent("registry.reg")))
        }
    }

    /// The simulated host's file system over the tree in memory.
    public func simulatedFileSystem(root: String = "/w") throws -> SystemFileSystem {
        let calls = try SimulatedWindowsCalls(root: root, host: memoryTree(root: root), hostStyle: .posix, starter: nil)
        return SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: 1)
    }
}

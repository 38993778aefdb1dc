import XenvSystem
/// The output formats of `xenv env --shell`. A new shell is one case here and one renderer file.
public enum ShellKind: String, CaseIterable, Sendable {
    /// POSIX `export` lines, for bash, zsh, dash and ksh alike.
    case sh
    case fish
    /// PowerShell 7 (`pwsh`) and Windows PowerShell.
    case pwsh
    /// cmd.exe, which has no eval: a `.cmd` file to `call`.
    case cmd
    /// Nushell: a record for `from json | load-env`.
    case nu
    /// One JSON object mapping each variable to its final value.
    case json
    /// `NAME="value"` lines.
    case dotenv

    /// Also accepted by `--shell`: the POSIX shells by name.
    static let aliases: [String: ShellKind] = ["bash": .sh, "zsh": .sh, "dash": .sh, "ksh": .sh, "powershell": .pwsh]

    public init?(name: String) {
        guard let kind = ShellKind(rawValue: name.lowercased()) ?? Self.aliases[name.lowercased()] else { return nil }
        self = kind
    }

    /// Every name `--shell` accepts.
    public static var acceptedNames: [String] {
        allCases.map(\.rawValue) + ["bash", "zsh", "dash"]
    }

    /// The shell that started xenv, when its program name says so reliably; else `sh`. Login shells show
    /// as `-bash`; Windows programs as `pwsh.exe`.
    public static func detect(parentProgram: String?) -> ShellKind {
        guard var name = parentProgram?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)?.lowercased()
        else { return .sh }
        if name.hasPrefix("-") { name.removeFirst() }
        if name.hasSuffix(".exe") { name.removeLast(4) }
        switch name {
        case "fish": return .fish
        case "nu": return .nu
        case "pwsh", "powershell": return .pwsh
        case "cmd": return .cmd
        default: return .sh
        }
    }

    public var renderer: any EnvironmentRenderer {
        switch self {
        case .sh: PosixShellRenderer()
        case .fish: FishRenderer()
        case .pwsh: PowerShellRenderer()
        case .cmd: CmdRenderer()
        case .nu: NushellRenderer()
        case .json: JSONEnvironmentRenderer()
        case .dotenv: DotenvRenderer()
        }
    }
}

/// What a renderer needs besides the variables: how PATH-like lists are separated on the host, and whether
/// the shell is Git Bash/MSYS on Windows.
public struct ShellContext: Equatable, Sendable {
    /// `:` on Linux and macOS, `;` on Windows.
    public var listSeparator: Character
    /// Git Bash/MSYS (`MSYSTEM` set on a Windows host): its PATH holds `/c/...` entries joined with `:`.
    public var msys: Bool

    public init(listSeparator: Character = ":", msys: Bool = false) {
        self.listSeparator = listSeparator
        self.msys = msys
    }

    /// PATH's entries.
    func pathEntries(_ value: String) -> [String] {
        value.split(separator: listSeparator, omittingEmptySubsequences: true).map(String.init)
    }
}

/// Renders a plan's variables for one consumer. Output must be deterministic: the same input gives the same bytes.
public protocol EnvironmentRenderer: Sendable {
    func render(_ assignments: [EnvironmentAssignment], context: ShellContext) throws(XenvError) -> String
}

extension EnvironmentRenderer {
    public func render(_ assignments: [EnvironmentAssignment]) throws(XenvError) -> String {
        try render(assignments, context: ShellContext())
    }
}

extension EnvironmentAssignment {
    /// PATH, whatever its spelling (Windows calls it `Path`).
    var isPath: Bool { name.uppercased() == "PATH" }
}

enum JSONText {
    /// A JSON string literal: quotes, backslashes and control characters escaped, everything else as is.
    static func string(_ value: String) -> String {
        var result = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            case "\t": result += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                let hex = String(scalar.value, radix: 16)
                result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

/// The output formats of `xenv env --shell`. A new shell or CI system is one case here and one renderer.
public enum ShellKind: String, CaseIterable, Sendable {
    /// POSIX `export` lines for bash, dash, zsh and ksh.
    case sh
    /// One JSON object mapping each variable to its final value.
    case json

    public var renderer: any EnvironmentRenderer {
        switch self {
        case .sh: PosixShellRenderer()
        case .json: JSONEnvironmentRenderer()
        }
    }
}

/// Renders the variables of a plan for one consumer. Output must be deterministic: the same assignments give
/// the same bytes.
public protocol EnvironmentRenderer: Sendable {
    func render(_ assignments: [EnvironmentAssignment]) -> String
}

/// `export NAME='value'` lines. Single quotes keep every byte literal in bash, dash and zsh; a `'` inside
/// a value is closed, escaped and reopened (`'\''`).
public struct PosixShellRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment]) -> String {
        assignments.map { "export \($0.name)=\(Self.quote($0.value))\n" }.joined()
    }

    public static func quote(_ value: String) -> String {
        "'" + value.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}

/// `{"NAME": "value", ...}` in plan order, one variable a line.
public struct JSONEnvironmentRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment]) -> String {
        guard !assignments.isEmpty else { return "{}\n" }
        let lines = assignments.map { "  \(JSONText.string($0.name)): \(JSONText.string($0.value))" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }
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
                result += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}

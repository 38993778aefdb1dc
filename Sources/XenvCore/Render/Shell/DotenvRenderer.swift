import XenvSystem

/// `NAME="value"` lines, double-quoted with `\\`, `\"`, `\n`, `\r` and `\$` escaped: the form that
/// python-dotenv, docker compose and direnv's dotenv read back to the same value.
public struct DotenvRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        assignments.map { "\($0.name)=\(Self.quote($0.value))\n" }.joined()
    }

    static func quote(_ value: String) -> String {
        var quoted = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": quoted += "\\\\"
            case "\"": quoted += "\\\""
            case "\n": quoted += "\\n"
            case "\r": quoted += "\\r"
            case "$": quoted += "\\$"
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }
}

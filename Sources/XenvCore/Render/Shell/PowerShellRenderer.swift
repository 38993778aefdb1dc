import XenvSystem

/// `$env:NAME = 'value'` lines for PowerShell. In a single-quoted string the only escape is a doubled
/// quote, and PowerShell takes the curly single quotes U+2018–U+201B as quotes too, so each is doubled.
public struct PowerShellRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        assignments.map { "$env:\($0.name) = \(Self.quote($0.value))\n" }.joined()
    }

    static func quote(_ value: String) -> String {
        var quoted = "'"
        for character in value {
            if ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"].contains(character) { quoted.append(character) }
            quoted.append(character)
        }
        return quoted + "'"
    }
}

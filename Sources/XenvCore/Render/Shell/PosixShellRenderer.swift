import XenvSystem

/// `export NAME='value'` lines. Single quotes keep every byte literal in bash, dash and zsh; a `'` inside a
/// value is closed, escaped and reopened (`'\''`). In Git Bash on Windows, PATH becomes `/c/...` entries
/// joined with `:`, as MSYS programs read it; INCLUDE, LIB and the rest stay Windows paths for Windows programs.
public struct PosixShellRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        assignments.map { assignment in
            var value = assignment.value
            if context.msys && assignment.isPath {
                value = context.pathEntries(value).map(Self.msysPath).joined(separator: ":")
            }
            return "export \(assignment.name)=\(Self.quote(value))\n"
        }.joined()
    }

    public static func quote(_ value: String) -> String {
        "'" + value.replacingAll("'", with: #"'\''"#) + "'"
    }

    /// `C:\Program Files\x` → `/c/Program Files/x`; anything else with `\` turned into `/`.
    static func msysPath(_ path: String) -> String {
        let normalized = path.replacingAll("\\", with: "/")
        let scalars = Array(normalized.unicodeScalars)
        guard scalars.count >= 2, scalars[1] == ":", scalars[0].properties.isAlphabetic else { return normalized }
        var rest = String(normalized.dropFirst(2))
        while rest.hasSuffix("/") && rest.count > 1 { rest.removeLast() }
        return "/" + String(scalars[0]).lowercased() + (rest.hasPrefix("/") ? rest : "/" + rest)
    }
}

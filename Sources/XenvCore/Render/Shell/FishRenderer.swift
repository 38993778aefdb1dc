import XenvSystem

/// `set -gx NAME 'value'` lines for fish. Inside fish's single quotes only `\'` and `\\` are escapes, so
/// those two are escaped and every other byte stays literal. PATH is a list in fish: one argument an entry.
public struct FishRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        assignments.map { assignment in
            let values = assignment.isPath ? context.pathEntries(assignment.value) : [assignment.value]
            return "set -gx \(assignment.name) " + values.map(Self.quote).joined(separator: " ") + "\n"
        }.joined()
    }

    static func quote(_ value: String) -> String {
        "'" + value.replacingAll("\\", with: "\\\\").replacingAll("'", with: "\\'") + "'"
    }
}

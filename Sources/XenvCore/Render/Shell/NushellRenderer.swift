import XenvSystem

/// A JSON record for Nushell: `xenv env --shell nu | from json | load-env`. PATH is a list there.
public struct NushellRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        guard !assignments.isEmpty else { return "{}\n" }
        let lines = assignments.map { assignment in
            let value =
                assignment.isPath
                ? "[" + context.pathEntries(assignment.value).map(JSONText.string).joined(separator: ", ") + "]"
                : JSONText.string(assignment.value)
            return "  \(JSONText.string(assignment.name)): \(value)"
        }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }
}

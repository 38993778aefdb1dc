import XenvSystem

/// `{"NAME": "value", ...}` in plan order, one variable a line.
public struct JSONEnvironmentRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) -> String {
        guard !assignments.isEmpty else { return "{}\n" }
        let lines = assignments.map { "  \(JSONText.string($0.name)): \(JSONText.string($0.value))" }
        return "{\n" + lines.joined(separator: ",\n") + "\n}\n"
    }
}

import XenvSystem

/// Azure Pipelines logging commands on standard output: `##vso[task.setvariable variable=NAME]value` for each
/// variable and `##vso[task.prependpath]DIR` for each PATH addition, escaped as the agent unescapes them.
public enum AzurePipelines {
    public static func commands(for plan: Plan) -> String {
        var text = ""
        for assignment in plan.environment where !assignment.isPath {
            text +=
                "##vso[task.setvariable "
                + "variable=\(escapeProperty(assignment.name))]\(escapeMessage(assignment.value))\n"
        }
        // Each prependpath goes in front of the ones before it, so the first entry is sent last.
        for directory in plan.pathPrepend.reversed() {
            text += "##vso[task.prependpath]\(escapeMessage(directory))\n"
        }
        return text
    }

    /// `%` → `%AZP25`, CR → `%0D`, LF → `%0A` (the agent's `taskcommand` escaping).
    static func escapeMessage(_ text: String) -> String {
        text.replacingAll("%", with: "%AZP25").replacingAll("\r", with: "%0D")
            .replacingAll("\n", with: "%0A")
    }

    /// Properties also escape `]` and `;`, which end a property list.
    static func escapeProperty(_ text: String) -> String {
        escapeMessage(text).replacingAll("]", with: "%5D").replacingAll(";", with: "%3B")
    }

    public static func errorCommand(_ message: String) -> String {
        "##vso[task.logissue type=error]\(escapeMessage(message))\n"
    }
}

import XenvSystem

/// A dotenv report for GitLab's `artifacts:reports:dotenv`: `NAME=value` lines, within GitLab's rules. GitLab
/// rejects the whole report over one bad line, strips each value, cannot hold a line break, expands `$NAME`
/// in values, and limits a report to 20 variables and 5120 bytes by default; a plan that cannot fit fails
/// here, with the reason, instead of in a later job. PATH is left out: a dotenv PATH would replace the job's.
public enum GitLabDotenv {
    public static let maximumVariables = 20
    public static let maximumBytes = 5120

    public static func render(_ plan: Plan) throws(XenvError) -> String {
        var text = ""
        var count = 0
        for assignment in plan.environment where !assignment.isPath {
            let value = assignment.value
            if value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                throw .unrenderable(
                    name: assignment.name, format: "GitLab dotenv",
                    reason: "GitLab dotenv values cannot hold a line break")
            }
            if value.first?.isWhitespace == true || value.last?.isWhitespace == true {
                throw .unrenderable(
                    name: assignment.name, format: "GitLab dotenv",
                    reason: "GitLab strips a value's leading and trailing spaces")
            }
            if value.contains("$") {
                throw .unrenderable(
                    name: assignment.name, format: "GitLab dotenv", reason: "GitLab expands $ in dotenv values")
            }
            text += "\(assignment.name)=\(value)\n"
            count += 1
        }
        if count > maximumVariables || text.utf8.count > maximumBytes {
            throw .unrenderable(
                name: "the plan", format: "GitLab dotenv",
                reason:
                    "\(count) variables in \(text.utf8.count) bytes exceed GitLab's default limits of "
                    + "\(maximumVariables) variables and \(maximumBytes) bytes (an administrator can raise "
                    + "dotenv_variables and dotenv_size)"
            )
        }
        return text
    }
}

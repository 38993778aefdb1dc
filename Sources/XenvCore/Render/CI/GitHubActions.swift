import XenvSystem

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What `xenv setup` hands to later steps of a GitHub Actions job: `$GITHUB_ENV` entries in the
/// multi-line-safe `NAME<<DELIMITER` form, `$GITHUB_PATH` lines, step outputs (`$GITHUB_OUTPUT`, in the
/// same form) naming what was chosen, and a Markdown step summary.
public enum GitHubActions {
    public struct Files: Equatable, Sendable {
        public var environment: String
        public var path: String
        /// `$GITHUB_OUTPUT`: the step outputs listed by `stepOutputs`.
        public var outputs: String
        public var summary: String
    }

    /// Makes a fresh delimiter; `main` gives random bytes, tests a fixed sequence.
    public typealias DelimiterSource = () -> String

    /// `ghadelimiter_<random UUID>`, as GitHub's own toolkit makes them.
    public static func randomDelimiter() -> String { "ghadelimiter_" + UUID().uuidString }

    public static func files(for plan: Plan, delimiter: DelimiterSource) throws(XenvError) -> Files {
        var environment = ""
        // PATH goes through $GITHUB_PATH, so the runner's own PATH stays in charge of the rest.
        for assignment in plan.environment where !assignment.isPath {
            try checkName(assignment.name)
            environment += entry(assignment.name, assignment.value, delimiter: delimiter)
        }
        // The runner builds PATH from these lines in reverse, so the first entry is written last.
        let path = plan.pathPrepend.reversed().map { $0 + "\n" }.joined()
        let outputs = stepOutputs(plan).map { entry($0.name, $0.value, delimiter: delimiter) }.joined()
        return Files(environment: environment, path: path, outputs: outputs, summary: summary(plan))
    }

    /// `NAME<<DELIMITER`, the value, `DELIMITER`: the form that carries any value, line breaks included.
    private static func entry(_ name: String, _ value: String, delimiter: DelimiterSource) -> String {
        var marker = delimiter()
        // A delimiter that occurs in the value could end it early and inject variables: draw another.
        while value.contains(marker) || name.contains(marker) { marker = delimiter() }
        return "\(name)<<\(marker)\n\(value)\n\(marker)\n"
    }

    /// What was chosen, as the action's outputs (`steps.<id>.outputs.<name>`); names that do not apply to the
    /// plan (Visual Studio's for a sysroot, the sysroot for Visual Studio, a CMake file without clang-cl) are left out.
    public static func stepOutputs(_ plan: Plan) -> [(name: String, value: String)] {
        var outputs: [(String, String)] = [
            ("target", plan.target.triple),
            ("linker", plan.shimPath ?? plan.tools.linker.path),
            ("real-linker", plan.tools.linker.path),
            ("linker-kind", plan.tools.linker.kind.rawValue),
            ("state-dir", plan.targetDirectory),
            ("cargo-config", plan.cargoConfigPath),
        ]
        if let cmake = plan.cmakeToolchain { outputs.append(("cmake-toolchain", cmake)) }
        switch plan.toolchain {
        case .visualStudio(let instance, let toolset, let sdk):
            outputs += [("vs-path", instance.path), ("toolset", toolset.version), ("sdk", sdk.version)]
        case .sysroot(let sysroot):
            outputs.append(("sysroot", sysroot.root))
        }
        return outputs
    }

    /// Names the runner refuses or that a later step must not inherit from a tool.
    static func checkName(_ name: String) throws(XenvError) {
        let valid =
            name.first.map { $0 == "_" || ($0.isASCII && $0.isLetter) } == true
            && name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        guard valid else { throw .githubEnvironmentRefused(name: name, reason: "it is not a valid variable name") }
        let upper = name.uppercased()
        if upper == "NODE_OPTIONS" || upper.hasPrefix("GITHUB_") || upper.hasPrefix("RUNNER_") {
            throw .githubEnvironmentRefused(name: name, reason: "the runner blocks or owns it")
        }
    }

    static func summary(_ plan: Plan) -> String {
        var text = "### xenv: \(plan.target.triple)\n\n| | |\n|---|---|\n"
        for row in SetupSummary.rows(plan) {
            text += "| \(cell(row.label)) | \(cell(row.value)) |\n"
        }
        return text + "\n"
    }

    /// A table cell: `\` doubled (GitHub Markdown reads `\_` in `D:\a\_temp` as an escape), `|` escaped.
    private static func cell(_ text: String) -> String {
        text.replacingAll("\\", with: "\\\\").replacingAll("|", with: "\\|")
            .replacingAll("\n", with: " ")
    }

    /// A workflow command that shows `message` as an error annotation: `%`, CR and LF escaped.
    public static func errorCommand(_ message: String) -> String {
        let escaped = message.replacingAll("%", with: "%25").replacingAll("\r", with: "%0D")
            .replacingAll("\n", with: "%0A")
        return "::error::\(escaped)\n"
    }
}

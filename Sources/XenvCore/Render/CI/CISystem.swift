import XenvSystem

/// `--ci`: where `setup` hands the environment to later CI steps.
public enum CIChoice: String, Equatable, Sendable, CaseIterable {
    case auto, github, azure, gitlab, none
}

/// The CI systems `xenv setup` hands the environment to.
public enum CISystem: String, Equatable, Sendable {
    case github, azure, gitlab

    /// The one this process runs under, from the variables each sets: `GITHUB_ACTIONS=true`, `TF_BUILD=True`,
    /// `GITLAB_CI=true`.
    public static func detect(_ environment: Environment) -> CISystem? {
        if environment[.githubActions] == "true" { return .github }
        if environment[.azurePipelines]?.lowercased() == "true" { return .azure }
        if environment[.gitlabCI] == "true" { return .gitlab }
        return nil
    }

    /// `--ci`: auto detects; none turns it off.
    public static func choose(_ choice: CIChoice, environment: Environment) -> CISystem? {
        switch choice {
        case .auto: detect(environment)
        case .github: .github
        case .azure: .azure
        case .gitlab: .gitlab
        case .none: nil
        }
    }

    /// How a failure is shown in the CI's log, if it has a way.
    public func errorLine(_ message: String) -> String {
        switch self {
        case .github: GitHubActions.errorCommand(message)
        case .azure: AzurePipelines.errorCommand(message)
        case .gitlab: ""
        }
    }
}

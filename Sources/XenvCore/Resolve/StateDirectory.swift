import XenvSystem

/// Where xenv keeps its installed shim and generated files: `--out`, else `$XENV_HOME`, else
/// `$RUNNER_TEMP/xenv` in GitHub Actions, else `${XDG_CACHE_HOME:-~/.cache}/xenv` (`%LOCALAPPDATA%\xenv` on
/// Windows).
public enum StateDirectory {
    public static func resolve(
        explicit: String?, environment: Environment, workingDirectory: String
    ) throws(XenvError) -> String {
        let paths = HostPaths(style: .posix, workingDirectory: workingDirectory)
        if let chosen = try chosenByUser(explicit, environment: environment, paths: paths) { return chosen }
        // The XDG spec says to ignore a relative XDG_CACHE_HOME.
        if let cache = environment.nonEmpty(.xdgCacheHome), cache.hasPrefix("/") {
            return try paths.absolute(Path.join(cache, "xenv"), what: "XDG_CACHE_HOME")
        }
        return try paths.absolute(
            Path.join(environment.nonEmpty(.userHome) ?? workingDirectory, ".cache/xenv"), what: "HOME")
    }

    public static func resolveWindows(
        explicit: String?, environment: Environment, windowsHost: WindowsHost, workingDirectory: String
    ) throws(XenvError) -> String {
        let paths = HostPaths(style: .windows, workingDirectory: workingDirectory)
        let chosen =
            try chosenByUser(explicit, environment: environment, paths: paths)
            ?? WindowsPath.join(windowsHost.localAppData, "xenv")
        return WindowsPath.withoutTrailingSeparator(chosen)
    }

    /// The steps every host shares: `--out`, `$XENV_HOME`, `$RUNNER_TEMP/xenv` under GitHub Actions.
    private static func chosenByUser(
        _ explicit: String?, environment: Environment, paths: HostPaths
    ) throws(XenvError) -> String? {
        if let explicit { return try paths.absolute(explicit, what: "--out") }
        if let home = environment.nonEmpty(.home) { return try paths.absolute(home, what: "XENV_HOME") }
        if environment[.githubActions] == "true", let runnerTemp = environment.nonEmpty(.runnerTemp) {
            return try paths.absolute(paths.style.join(runnerTemp, "xenv"), what: "RUNNER_TEMP")
        }
        return nil
    }
}

/// Paths a user or a CI system hands xenv, made absolute in the host's own style. A Windows path given to a
/// Linux or macOS host is refused by name, never taken as a file name in the working directory.
struct HostPaths {
    var style: PathStyle
    var workingDirectory: String

    init(style: PathStyle, workingDirectory: String) {
        self.style = style
        self.workingDirectory = workingDirectory
    }

    init(context: PlanningContext) {
        self.init(style: context.host.pathStyle, workingDirectory: context.workingDirectory)
    }

    /// `path` against the working directory; `what` names the option or variable it came from.
    func absolute(_ path: String, what: String) throws(XenvError) -> String {
        if style == .posix && !path.hasPrefix("/") && WindowsPath.isAbsolute(path) {
            throw .invalidPath(
                what: what, path: path,
                reason: "it is a Windows path, and this host is not Windows; give a path of this machine")
        }
        return style.absolute(path, relativeTo: workingDirectory)
    }

    /// A path a CI system sets (`$GITHUB_ENV` and its kin): always absolute, so anything else is refused.
    func absoluteRequired(_ path: String, what: String) throws(XenvError) -> String {
        guard style.isAbsolute(path) else {
            let example = style == .windows ? #"D:\a\_temp\..."# : "/home/runner/..."
            throw .invalidPath(
                what: what, path: path, reason: "it is not an absolute path of this host (such as \(example))")
        }
        return try absolute(path, what: what)
    }

    func join(_ base: String, _ component: String) -> String { style.join(base, component) }
}

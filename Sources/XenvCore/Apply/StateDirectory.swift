/// Where xenv keeps its installed shim and generated files: `--out`, else `$XENV_HOME`, else
/// `$RUNNER_TEMP/xenv` in GitHub Actions, else `${XDG_CACHE_HOME:-~/.cache}/xenv`.
public enum StateDirectory {
    public static func resolve(explicit: String?, environment: Environment, workingDirectory: String) -> String {
        let chosen: String
        if let explicit {
            chosen = explicit
        } else if let home = environment.nonEmpty(.home) {
            chosen = home
        } else if environment[.githubActions] == "true", let runnerTemp = environment.nonEmpty(.runnerTemp) {
            chosen = Path.join(runnerTemp, "xenv")
        } else if let cache = environment.nonEmpty(.xdgCacheHome), cache.hasPrefix("/") {
            // The XDG spec says to ignore a relative XDG_CACHE_HOME.
            chosen = Path.join(cache, "xenv")
        } else {
            chosen = Path.join(environment.nonEmpty(.userHome) ?? workingDirectory, ".cache/xenv")
        }
        return Path.absolute(chosen, relativeTo: workingDirectory)
    }
}

extension StateDirectory {
    /// The same order on a Windows host, ending in `%LOCALAPPDATA%\xenv`.
    public static func resolveWindows(
        explicit: String?, environment: Environment, windowsHost: WindowsHost, workingDirectory: String
    ) -> String {
        let chosen: String
        if let explicit {
            chosen = explicit
        } else if let home = environment.nonEmpty(.home) {
            chosen = home
        } else if environment[.githubActions] == "true", let runnerTemp = environment.nonEmpty(.runnerTemp) {
            chosen = WindowsPath.join(runnerTemp, "xenv")
        } else {
            chosen = WindowsPath.join(windowsHost.localAppData, "xenv")
        }
        return WindowsPath.withoutTrailingSeparator(WindowsPath.absolute(chosen, relativeTo: workingDirectory))
    }
}

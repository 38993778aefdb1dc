/// Where xenv keeps its installed shim and generated files: `--out`, else `$XENV_HOME`, else
/// `$RUNNER_TEMP/xenv` in GitHub Actions, else `${XDG_CACHE_HOME:-~/.cache}/xenv` (`%LOCALAPPDATA%\xenv` on
/// Windows).
public enum StateDirectory {
    public static func resolve(explicit: String?, environment: Environment, workingDirectory: String) -> String {
        let chosen = chosenByUser(explicit, environment: environment, join: { Path.join($0, $1) }) ?? {
            // The XDG spec says to ignore a relative XDG_CACHE_HOME.
            if let cache = environment.nonEmpty(.xdgCacheHome), cache.hasPrefix("/") { return Path.join(cache, "xenv") }
            return Path.join(environment.nonEmpty(.userHome) ?? workingDirectory, ".cache/xenv")
        }()
        return Path.absolute(chosen, relativeTo: workingDirectory)
    }

    public static func resolveWindows(
        explicit: String?, environment: Environment, windowsHost: WindowsHost, workingDirectory: String
    ) -> String {
        let chosen = chosenByUser(explicit, environment: environment, join: { WindowsPath.join($0, $1) })
            ?? WindowsPath.join(windowsHost.localAppData, "xenv")
        return WindowsPath.withoutTrailingSeparator(WindowsPath.absolute(chosen, relativeTo: workingDirectory))
    }

    /// The steps every host shares: `--out`, `$XENV_HOME`, `$RUNNER_TEMP/xenv` under GitHub Actions.
    private static func chosenByUser(
        _ explicit: String?, environment: Environment, join: (String, String) -> String
    ) -> String? {
        if let explicit { return explicit }
        if let home = environment.nonEmpty(.home) { return home }
        if environment[.githubActions] == "true", let runnerTemp = environment.nonEmpty(.runnerTemp) {
            return join(runnerTemp, "xenv")
        }
        return nil
    }
}

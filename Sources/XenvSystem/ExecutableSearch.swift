/// Finds a program the way the host's shell would, in one place for every tool xenv looks up (rustc, lld-link,
/// clang-cl, the command of `xenv exec`):
/// - POSIX: a name with a `/` is a path; else the first executable file in a `PATH` directory (relative
///   entries taken from the working directory).
/// - Windows: a name with `\`, `/` or a drive is a path; else each `PATH` directory (`;`-separated, entries
///   may be quoted) is tried with the name as given when its extension is one of `PATHEXT`, then with each
///   `PATHEXT` extension appended, in order (`.COM;.EXE;.BAT;.CMD` when `PATHEXT` is unset). Only the
///   extensions CreateProcess can start count (`.exe`, `.com`, and `.bat`/`.cmd`, which `WindowsProcessRunner`
///   then refuses by name): a `rustc.py` or `tool.vbs` earlier on PATH is passed by. Like PowerShell and unlike
///   cmd.exe, the working directory is not searched first.
public struct ExecutableSearch: Sendable {
    public var fileSystem: FileSystem
    public var environment: Environment
    public var workingDirectory: String

    public init(fileSystem: FileSystem, environment: Environment, workingDirectory: String) {
        self.fileSystem = fileSystem
        self.environment = environment
        self.workingDirectory = workingDirectory
    }

    var style: PathStyle { fileSystem.pathStyle }

    /// The `PATH` directories, absolute.
    public var searchPath: [String] {
        style.searchPath(environment["PATH"] ?? "").map { style.absolute($0, relativeTo: workingDirectory) }
    }

    /// The extensions of files CreateProcess can start, one way or another.
    static let startableExtensions: Set<String> = [".exe", ".com", ".bat", ".cmd"]

    /// `PATHEXT`'s extensions that CreateProcess can start, lower-cased, with their dots, in `PATHEXT`'s order.
    var executableExtensions: [String] {
        let value = environment["PATHEXT"].flatMap { $0.isEmpty ? nil : $0 } ?? ".COM;.EXE;.BAT;.CMD"
        return value.split(separator: ";").map { $0.lowercased() }.filter(Self.startableExtensions.contains)
    }

    /// Whether `name` is a path rather than a name to look up on PATH.
    public func isPath(_ name: String) -> Bool {
        switch style {
        case .posix: name.contains("/")
        case .windows: name.contains("\\") || name.contains("/") || WindowsPath.parse(name).root != .relative
        }
    }

    /// The names to try for `name` (a name or a path) in one directory.
    func candidates(_ name: String) -> [String] {
        guard style == .windows else { return [name] }
        let lowered = name.lowercased()
        let hasKnownExtension = executableExtensions.contains { lowered.hasSuffix($0) }
        return (hasKnownExtension ? [name] : []) + executableExtensions.map { name + $0 }
    }

    /// The program `name` names: a path made absolute, or the first match on PATH; nil when there is none.
    public func find(_ name: String) -> String? {
        if isPath(name) {
            return candidates(style.absolute(name, relativeTo: workingDirectory)).first(
                where: fileSystem.isExecutableFile)
        }
        for directory in searchPath {
            for candidate in candidates(name) {
                let path = style.join(directory, candidate)
                if fileSystem.isExecutableFile(path) { return path }
            }
        }
        return nil
    }

    /// The first `name` on PATH; when there is none, the highest versioned `name-<N>` on PATH (Debian installs
    /// LLVM's tools as `lld-link-18`).
    public func findAllowingVersionSuffix(_ name: String) -> String? {
        if let path = find(name) { return path }
        var best: (version: Int, path: String)?
        for directory in searchPath {
            for entry in fileSystem.contentsOfDirectory(directory) ?? [] {
                var stem = Substring(entry)
                if style == .windows, stem.lowercased().hasSuffix(".exe") { stem = stem.dropLast(4) }
                guard stem.hasPrefix(name + "-"), let version = Int(stem.dropFirst(name.count + 1)),
                    version > (best?.version ?? -1)
                else { continue }
                let path = style.join(directory, entry)
                if fileSystem.isExecutableFile(path) { best = (version, path) }
            }
        }
        return best?.path
    }
}

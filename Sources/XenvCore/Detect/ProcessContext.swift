import XenvSystem

extension PlanningContext {
    /// The context of this process: the machine it runs on, or, with `XENV_WINDOWS_ROOT=DIR`, a simulated
    /// Windows host whose drives are directories of DIR (`C:\X` is `DIR/C/X`, looked up without regard to
    /// case). The simulated host replaces only the system calls (`SimulatedWindowsCalls`): its files, registry
    /// (`DIR/registry.reg`) and programs live below DIR, and everything above the calls is the code a Windows
    /// host runs.
    /// - Parameter native: this machine's own calls.
    public static func forProcess(
        environment values: [String: String], executableDirectory: String, workingDirectory: String,
        native: NativeCalls, catalog: TargetCatalog
    ) throws(XenvError) -> PlanningContext {
        let nativeFileSystem = SystemFileSystem(
            pathStyle: .native, calls: native, processIdentifier: native.processIdentifier())
        if let root = values[EnvironmentVariable.windowsRoot.rawValue], !root.isEmpty {
            let root = PathStyle.native.absolute(root, relativeTo: workingDirectory)
            guard nativeFileSystem.isDirectory(root) else {
                throw .invalidPath(
                    what: "XENV_WINDOWS_ROOT", path: root,
                    reason: "it is not a directory; make one with a C/ directory in it")
            }
            let calls: SimulatedWindowsCalls
            do {
                calls = try SimulatedWindowsCalls.onThisMachine(root: root, native: native)
            } catch {
                throw .invalidPath(
                    what: "XENV_WINDOWS_ROOT registry", path: PathStyle.native.join(root, "registry.reg"),
                    reason: "\(error); export it with `reg export` or remove it")
            }
            return windows(
                calls: calls, environment: values, isSimulated: true, installationFileSystem: nativeFileSystem,
                workingDirectory: simulatedWorkingDirectory(workingDirectory, root: root),
                shimSource: PathStyle.native.join(executableDirectory, Host.current.executableName("xenv-link")),
                processIdentifier: native.processIdentifier(), catalog: catalog, nativeFileCalls: native)
        }
        #if os(Windows)
        return windows(
            calls: native, environment: values, isSimulated: false, installationFileSystem: nil,
            workingDirectory: workingDirectory, shimSource: WindowsPath.join(executableDirectory, "xenv-link.exe"),
            processIdentifier: native.processIdentifier(), catalog: catalog, nativeFileCalls: native)
        #else
        let environment = Environment(values)
        return PlanningContext(
            host: .current, environment: environment, fileSystem: nativeFileSystem,
            processRunner: PosixProcessRunner(calls: native, environment: environment),
            workingDirectory: workingDirectory,
            shimSource: Path.join(executableDirectory, "xenv-link"), catalog: catalog, nativeFileCalls: native)
        #endif  // os(Windows)
    }

    /// A Windows host, real or simulated, on `calls`.
    static func windows(
        calls: any WindowsCalls, environment values: [String: String], isSimulated: Bool,
        installationFileSystem: FileSystem?, workingDirectory: String, shimSource: String, processIdentifier: Int32,
        catalog: TargetCatalog, nativeFileCalls: (any FileCalls)?
    ) -> PlanningContext {
        let environment = Environment(values, caseInsensitiveNames: true)
        return PlanningContext(
            host: WindowsHost(environment: environment, calls: calls).host, environment: environment,
            fileSystem: SystemFileSystem(pathStyle: .windows, calls: calls, processIdentifier: processIdentifier),
            installationFileSystem: installationFileSystem,
            processRunner: WindowsProcessRunner(calls: calls, environment: environment), windowsCalls: calls,
            isSimulated: isSimulated, workingDirectory: workingDirectory, shimSource: shimSource, catalog: catalog,
            nativeFileCalls: nativeFileCalls)
    }

    /// The working directory as the simulated host sees it: its Windows path when it lies inside the root
    /// (`DIR/C/work` is `C:\work`), else `C:\`.
    static func simulatedWorkingDirectory(_ directory: String, root: String) -> String {
        let style = PathStyle.native
        let separator: Character = style == .windows ? "\\" : "/"
        let prefix = root.hasSuffix(String(separator)) ? root : root + String(separator)
        guard directory.hasPrefix(prefix) else { return #"C:\"# }
        let parts = directory.dropFirst(prefix.count).split(separator: separator).map(String.init)
        guard let drive = parts.first, drive.count == 1 else { return #"C:\"# }
        return WindowsPath.join(drive.uppercased() + #":\"#, parts.dropFirst().joined(separator: "\\"))
    }
}

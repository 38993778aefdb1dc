extension PlanningContext {
    /// The context of this process: the machine it runs on, or, with `XENV_WINDOWS_ROOT=DIR`, a simulated
    /// Windows host whose drives are directories of DIR (`C:\X` is `DIR/C/X`, looked up without regard to
    /// case). A simulated host takes its architecture and known folders from the usual variables, prints
    /// Windows paths and starts no program: instance records and the directory scan stand in for vswhere, and
    /// the default Kits root for the registry.
    public static func forProcess(
        environment values: [String: String], executableDirectory: String, workingDirectory: String,
        hostFileSystem: FileSystem = LocalFileSystem(), processRunner: ProcessRunner = LocalProcessRunner(),
        catalog: TargetCatalog
    ) throws(XenvError) -> PlanningContext {
        let plain = Environment(values)
        if let root = plain.nonEmpty(.windowsRoot) {
            let root = Path.absolute(root, relativeTo: workingDirectory)
            guard hostFileSystem.isDirectory(root) else {
                throw .invalidPath(
                    what: "XENV_WINDOWS_ROOT", path: root, reason: "it is not a directory; make one with a C/ directory in it")
            }
            let environment = Environment(values, caseInsensitiveNames: true)
            return PlanningContext(
                host: WindowsHost(environment: environment).host, environment: environment,
                fileSystem: SimulatedWindowsFileSystem(root: root, base: hostFileSystem), hostFileSystem: hostFileSystem,
                processRunner: processRunner, mayStartProcesses: false,
                workingDirectory: simulatedWorkingDirectory(workingDirectory, root: root),
                shimSource: Path.join(executableDirectory, "xenv-link"), catalog: catalog)
        }
        #if os(Windows)
        let environment = Environment(values, caseInsensitiveNames: true)
        return PlanningContext(
            host: WindowsHost(environment: environment).host, environment: environment, fileSystem: hostFileSystem,
            processRunner: processRunner, workingDirectory: workingDirectory,
            shimSource: WindowsPath.join(executableDirectory, "xenv-link.exe"), catalog: catalog,
            registryKitsRoot: registryKitsRoot10())
        #else
        return PlanningContext(
            host: .current, environment: plain, fileSystem: hostFileSystem, processRunner: processRunner,
            workingDirectory: workingDirectory, shimSource: Path.join(executableDirectory, "xenv-link"), catalog: catalog)
        #endif  // os(Windows)
    }

    /// The working directory as the simulated host sees it: its Windows path when it lies inside the root
    /// (`DIR/C/work` is `C:\work`), else `C:\`.
    static func simulatedWorkingDirectory(_ directory: String, root: String) -> String {
        let prefix = root.hasSuffix("/") ? root : root + "/"
        guard directory.hasPrefix(prefix) else { return #"C:\"# }
        let parts = directory.dropFirst(prefix.count).split(separator: "/").map(String.init)
        guard let drive = parts.first, drive.count == 1 else { return #"C:\"# }
        return WindowsPath.join(drive.uppercased() + #":\"#, parts.dropFirst().joined(separator: "\\"))
    }
}

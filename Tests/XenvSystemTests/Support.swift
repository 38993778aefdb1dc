import XenvSystem

/// Windows calls that record what reaches them, over a tree in memory: what a test of the layers above the
/// calls needs to see (the command line, the environment block) and to decide (the exit code).
class RecordingWindowsCalls: WindowsCalls, @unchecked Sendable {
    struct Launch: Equatable {
        var application: String
        var commandLine: String
        var environment: [UInt16]
        var captureOutput: Bool
    }

    let memory = InMemoryFileSystem()
    private let state = Locked<(launches: [Launch], queries: [String])>(([], []))
    /// Values by `<hive>\<path>|<32 or 64>|<value>`.
    var registry: [String: String] = [:]
    var exitCode: UInt32 = 0
    var machine: UInt16?

    var launches: [Launch] { state.withLock { $0.launches } }
    var registryQueries: [String] { state.withLock { $0.queries } }

    /// Windows paths map onto the memory tree as `/C/...`.
    func memoryPath(_ path: String) -> String? {
        let parsed = WindowsPath.parse(path)
        guard case .drive(let letter) = parsed.root else { return nil }
        return "/" + ([String(letter)] + parsed.components).joined(separator: "/")
    }

    func kind(_ path: String) -> FileKind? { memoryPath(path).flatMap(memory.kind) }
    func isReadOnly(_ path: String) -> Bool { false }
    func entries(_ path: String) -> [String]? { memoryPath(path).flatMap(memory.entries) }
    func read(_ path: String) -> [UInt8]? { memoryPath(path).flatMap(memory.read) }
    func createNew(_ path: String, _ bytes: [UInt8], executable: Bool) throws(SystemError) {
        try memory.createNew(memoryPath(path)!, bytes, executable: executable)
    }
    func rename(_ source: String, over destination: String) throws(SystemError) {
        try memory.rename(memoryPath(source)!, over: memoryPath(destination)!)
    }
    func append(_ path: String, _ bytes: [UInt8]) throws(SystemError) { try memory.append(memoryPath(path)!, bytes) }
    func makeDirectory(_ path: String) throws(SystemError) { try memory.makeDirectory(memoryPath(path)!) }
    func remove(_ path: String) { memoryPath(path).map(memory.remove) }
    func hardLink(_ existing: String, at link: String) throws(SystemError) { try memory.hardLink(existing, at: link) }
    func isSameFile(_ first: String, _ second: String) -> Bool { false }
    func size(_ path: String) -> Int? { memory.size(path) }
    func symbolicLink(_ target: String, at link: String) throws(SystemError) {
        try memory.symbolicLink(target, at: link)
    }
    func removeDirectory(_ path: String) { memory.removeDirectory(path) }

    func runProcess(
        application: String, commandLine: String, environment: [UInt16], captureOutput: Bool
    )
        throws(SystemError) -> ProcessResult
    {
        state.withLock {
            $0.launches.append(
                Launch(
                    application: application, commandLine: commandLine, environment: environment,
                    captureOutput: captureOutput))
        }
        return ProcessResult(status: .exited(Int32(bitPattern: exitCode)))
    }

    func registryString(_ key: RegistryKey, value: String) -> String? {
        let query = "\(key.hive.rawValue)\\\(key.path)|\(key.view == .registry32 ? 32 : 64)|\(value)"
        state.withLock { $0.queries.append(query) }
        return registry[query]
    }

    func nativeMachine() -> UInt16? { machine }
}

#if !os(Windows)
import XenvShimCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few system calls the shim needs, on POSIX hosts.
enum SystemIO {
    /// POSIX can `exec`: the shim becomes the linker when it has nothing to clean up.
    static let canReplaceProcess = true

    static func writeError(_ text: String) {
        _ = text.withCString { write(2, $0, strlen($0)) }
    }

    static func exit(_ code: Int32) -> Never {
        #if canImport(Glibc)
        Glibc.exit(code)
        #elseif canImport(Musl)
        Musl.exit(code)
        #else
        Darwin.exit(code)
        #endif
    }

    static func describe(_ error: Int32) -> String { String(cString: strerror(error)) }

    static func removeFile(_ path: String) { unlink(path) }

    /// This executable's path, with symlinks resolved where the system says so, so that the sidecar config
    /// is found next to the real file.
    static func executablePath() -> String {
        #if os(Linux)
        var buffer = [CChar](repeating: 0, count: 4096)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        #elseif canImport(Darwin)
        var size: UInt32 = 4096
        var buffer = [CChar](repeating: 0, count: Int(size))
        if _NSGetExecutablePath(&buffer, &size) == 0 { return String(cString: buffer) }
        #endif
        return CommandLine.arguments[0]
    }

    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { return bytes }
            bytes.append(contentsOf: chunk[..<count])
        }
    }

    static func environment() -> EnvironmentBlock {
        var entries: [String] = []
        var pointer = environ
        while let entry = pointer.pointee {
            entries.append(String(cString: entry))
            pointer += 1
        }
        return EnvironmentBlock(entries: entries)
    }

    /// Returns only when `execve` fails, with its error.
    static func replaceProcess(_ path: String, _ arguments: [String], _ environment: [String]) -> Int32 {
        withCStrings(arguments) { argv in
            withCStrings(environment) { envp in _ = execve(path, argv, envp) }
        }
        return errno
    }

    static func spawnAndWait(_ path: String, _ arguments: [String], _ environment: [String]) -> LinkerStatus {
        var pid = pid_t()
        let error = withCStrings(arguments) { argv in
            withCStrings(environment) { envp in posix_spawn(&pid, path, nil, nil, argv, envp) }
        }
        guard error == 0 else { return .failedToStart(error) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return .failedToStart(errno) }
        }
        // The <sys/wait.h> macros, which Swift does not import: low 7 bits = terminating signal, else exit code.
        let signal = status & 0x7F
        return signal == 0 ? .exited((status >> 8) & 0xFF) : .signaled(signal)
    }

    private static func withCStrings<Result>(
        _ strings: [String], _ body: ([UnsafeMutablePointer<CChar>?]) -> Result
    ) -> Result {
        let pointers = strings.map { strdup($0) } + [nil]
        defer { for pointer in pointers { free(pointer) } }
        return body(pointers)
    }
}

/// Writes rewritten @files next to the original (rustc's private temp dir, which rustc removes even if the
/// shim is killed), else in `$TMPDIR`; `mkstemp` keeps concurrent links apart.
struct SystemResponseFileStore: ResponseFileStore {
    func read(_ path: String) -> [UInt8]? { SystemIO.readFile(path) }

    mutating func writeTemporary(_ bytes: [UInt8], near original: String) throws -> String {
        let directory = original.contains("/") ? String(original[..<original.lastIndex(of: "/")!]) : "."
        let fallback = getenv("TMPDIR").map { String(cString: $0) } ?? "/tmp"
        var lastError: Int32 = 0
        for candidate in [directory.isEmpty ? "/" : directory, fallback] {
            var template = Array("\(candidate)/xenv-link-XXXXXX".utf8CString)
            let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
            guard descriptor >= 0 else {
                lastError = errno
                continue
            }
            let path = String(decoding: template.dropLast().map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let written = bytes.withUnsafeBytes { buffer -> Bool in
                var offset = 0
                while offset < buffer.count {
                    let count = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if count < 0 && errno == EINTR { continue }
                    if count <= 0 { return false }
                    offset += count
                }
                return true
            }
            lastError = errno
            close(descriptor)
            if written { return path }
            unlink(path)
        }
        throw SystemError(code: lastError)
    }
}

struct SystemError: Error, CustomStringConvertible {
    var code: Int32
    var description: String { String(cString: strerror(code)) }
}
#endif  // !os(Windows)

// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// Runs the built binaries and real tools for the end-to-end tests.
enum E2E {
    struct Output {
        var status: Int32
        var signaled: Bool
        var standardOutput: String
        var standardError: String
    }

    /// The package root, found from this file's path.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().path

    /// Where SwiftPM put the binaries: next to the test bundle.
    static let binDirectory: String = {
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        for _ in 0..<4 {
            candidate.deleteLastPathComponent()
            if FileManager.default.isExecutableFile(atPath: candidate.appendingPathComponent("xenv").path) {
                return candidate.path
            }
        }
        return Path.join(packageRoot, ".build/debug")
    }()

    static var xenv: String { Path.join(binDirectory, "xenv") }
    static var shim: String { Path.join(binDirectory, "xenv-link") }

    /// A PATH for the child processes: the test's own, which has swift's lld-link and clang-cl, plus cargo's bin.
    static let basePath: String = {
        var entries = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":").map(
            String.init)
        let cargoBin = Path.join(ProcessInfo.processInfo.environment["HOME"] ?? "/root", ".cargo/bin")
        if !entries.contains(cargoBin) { entries.append(cargoBin) }
        return entries.joined(separator: ":")
    }()

    /// The PATH entries without any directory that holds lld-link or clang-cl: a machine with only rustup.
    static let rustOnlyPath: String = basePath.split(separator: ":").map(String.init).filter { directory in
        !["lld-link", "clang-cl"].contains { FileManager.default.fileExists(atPath: Path.join(directory, $0)) }
    }.joined(separator: ":")

    /// Variables of the machine running the tests that would change what xenv, cargo, cc-rs, CMake or bindgen
    /// do in a child (a developer's XENV_SYSROOT, a CI job's CARGO_TARGET_DIR or GITHUB_ENV): a test that needs
    /// one sets it itself.
    static func changesABuild(_ name: String) -> Bool {
        let exact: Set<String> = [
            "RUSTFLAGS", "RUSTDOCFLAGS", "RUSTC", "RUSTC_WRAPPER", "CC", "CXX", "AR", "CFLAGS", "CXXFLAGS", "LDFLAGS",
            "INCLUDE", "LIB", "CMAKE_GENERATOR", "CMAKE_TOOLCHAIN_FILE", "BINDGEN_EXTRA_CLANG_ARGS", "GITHUB_ACTIONS",
            "GITHUB_ENV", "GITHUB_PATH", "GITHUB_OUTPUT", "GITHUB_STEP_SUMMARY", "RUNNER_TEMP", "TF_BUILD", "GITLAB_CI",
            "MSYSTEM",
        ]
        let prefixes = [
            "XENV_", "CC_", "CXX_", "AR_", "CFLAGS_", "CXXFLAGS_", "CMAKE_TOOLCHAIN_FILE_", "CMAKE_GENERATOR_",
            "BINDGEN_EXTRA_CLANG_ARGS_",
        ]
        if exact.contains(name) || prefixes.contains(where: name.hasPrefix) { return true }
        return name.hasPrefix("CARGO_") && name != "CARGO_HOME"
    }

    /// Runs a program with posix_spawn: a clean signal mask and default signal handlers, whatever the test
    /// runner's thread has blocked (a blocked SIGCHLD, inherited, makes cmake wait forever for its children).
    static func run(
        _ executable: String, _ arguments: [String], environment: [String: String] = [:],
        inheritEnvironment: Bool = true, directory: String? = nil, input inputText: String? = nil
    ) throws -> Output {
        var env = inheritEnvironment ? ProcessInfo.processInfo.environment.filter { !changesABuild($0.key) } : [:]
        if !environment.keys.contains(where: { $0.uppercased() == "PATH" }) { env["PATH"] = basePath }
        for (key, value) in environment { env[key] = value }

        var input = [Int32](repeating: 0, count: 2), output = [Int32](repeating: 0, count: 2),
            error = [Int32](repeating: 0, count: 2)
        // Close-on-exec, so that a child another test starts at the same moment does not hold these open.
        guard pipe(&input) == 0, pipe(&output) == 0, pipe(&error) == 0 else {
            throw SetupFailure(message: "pipe failed")
        }
        for descriptor in input + output + error { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input[0], 0)
        posix_spawn_file_actions_adddup2(&actions, output[1], 1)
        posix_spawn_file_actions_adddup2(&actions, error[1], 2)
        for descriptor in input + output + error { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = PosixCalls.cleanSpawnAttributes()
        defer { posix_spawnattr_destroy(&attributes) }

        // Swift's Glibc lacks posix_spawn_file_actions_addchdir_np: coreutils' `env -C` changes directory.
        let program = directory == nil ? executable : "/usr/bin/env"
        let argv =
            ((directory.map { ["/usr/bin/env", "-C", $0] } ?? []) + [executable] + arguments).map { strdup($0) } + [nil]
        let envp = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        var spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        // A binary copied a moment ago can still be open for writing in a child another test forked: retry.
        for _ in 0..<50 where spawned == ETXTBSY {
            usleep(20_000)
            spawned = posix_spawn(&pid, program, &actions, &attributes, argv, envp)
        }
        close(input[0])
        close(output[1])
        close(error[1])
        guard spawned == 0 else {
            close(input[1]); close(output[0]); close(error[0])
            throw SetupFailure(message: "cannot run \(executable): \(String(cString: strerror(spawned)))")
        }
        let errorBox = Box()
        let group = DispatchGroup()
        group.enter()
        let errorReader = FileHandle(fileDescriptor: error[0], closeOnDealloc: true)
        DispatchQueue.global().async {
            errorBox.data = errorReader.readDataToEndOfFile()
            group.leave()
        }
        let writer = FileHandle(fileDescriptor: input[1], closeOnDealloc: true)
        if let text = inputText { writer.write(Data(text.utf8)) }
        try writer.close()
        let outputData = FileHandle(fileDescriptor: output[0], closeOnDealloc: true).readDataToEndOfFile()
        group.wait()
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        let signal = status & 0x7F
        return Output(
            status: signal == 0 ? (status >> 8) & 0xFF : signal, signaled: signal != 0,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: errorBox.data, as: UTF8.self))
    }

    /// Runs a bash script with `set -euo pipefail`.
    static func bash(_ script: String, environment: [String: String] = [:], directory: String? = nil) throws -> Output {
        try run("/bin/bash", ["-c", "set -euo pipefail\n" + script], environment: environment, directory: directory)
    }

    /// One directory for everything this test process makes, removed when the process exits.
    static let runDirectory: String = {
        let directory = Path.join(NSTemporaryDirectory(), "xenv-e2e-\(ProcessInfo.processInfo.processIdentifier)")
        atexit { try? FileManager.default.removeItem(atPath: E2E.runDirectory) }
        return directory
    }()

    /// A new empty directory whose path holds a space, as real home directories on Windows and macOS do.
    static func temporaryDirectory(_ name: String) throws -> String {
        let base = Path.join(runDirectory, "xenv e2e \(name) \(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        return base
    }

    /// Writes a file through a close-on-exec descriptor: a program the tests start at the same moment must
    /// not inherit it open for writing, or running this file fails with "Text file busy".
    static func write(_ path: String, _ text: String, executable: Bool = false) throws {
        try write(path, bytes: Array(text.utf8), executable: executable)
    }

    static func write(_ path: String, bytes: [UInt8], executable: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: Path.parent(path), withIntermediateDirectories: true)
        let descriptor = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, executable ? 0o755 : 0o644)
        guard descriptor >= 0 else {
            throw SetupFailure(message: "cannot write \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(descriptor) }
        var offset = 0
        while offset < bytes.count {
            let count = bytes[offset...].withUnsafeBytes { systemWrite(descriptor, $0.baseAddress, $0.count) }
            guard count > 0 else { throw SetupFailure(message: "cannot write \(path)") }
            offset += count
        }
    }

    /// Copies an executable the same way.
    static func copyExecutable(_ source: String, to destination: String) throws {
        let bytes = try #require(FileManager.default.contents(atPath: source), "no \(source)")
        try write(destination, bytes: [UInt8](bytes), executable: true)
    }

    static func read(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    static func peMachine(_ path: String) -> UInt16? {
        FileManager.default.contents(atPath: path).flatMap { PEImage(bytes: [UInt8]($0))?.machine }
    }

    /// `'value'` for bash.
    static func quoted(_ value: String) -> String { PosixShellRenderer.quote(value) }
}

final class Box: @unchecked Sendable {
    var data = Data()
}

/// The sysroot the tests link against, generated once per test run by the demo's own script.
/// Its path holds a space and a quote on purpose.
struct GeneratedSysroot: Sendable {
    let root: String

    static let shared: Result<GeneratedSysroot, any Error> = Result {
        let base = try E2E.temporaryDirectory("sysroot")
        let root = Path.join(base, "xwin's splat")
        let made = try E2E.run(
            "/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), root])
        guard made.status == 0 else {
            throw SetupFailure(message: "make-sysroot.sh failed: \(made.standardError)")
        }
        return GeneratedSysroot(root: root)
    }

    static func get() throws -> GeneratedSysroot { try shared.get() }
}

struct SetupFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// write(2), named apart from `E2E.write`, which would otherwise shadow it.
private func systemWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
#endif

// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvShimCore
import XenvSystem

/// The built shim as a process: what the real linker receives, exit codes, signals, streams, temporary
/// files and concurrent links.
struct ShimProcessTests {
    /// A shim installed the way `xenv setup` installs it (a copy with its sidecar config), in front of a
    /// recording linker that writes down what it received.
    struct InstalledShim {
        let directory: String
        let shim: String
        let record: String

        init(
            _ name: String, linkerKind: ShimConfig.LinkerKind = .lldLink, linker: String? = nil, libs: [String] = []
        )
            throws
        {
            directory = try E2E.temporaryDirectory(name)
            shim = Path.join(directory, "xenv-link")
            record = Path.join(directory, "record")
            try FileManager.default.createDirectory(atPath: record, withIntermediateDirectories: true)
            try E2E.copyExecutable(E2E.shim, to: shim)
            let recorder = Path.join(directory, "recording-linker")
            try E2E.write(
                recorder,
                """
                #!/bin/bash
                out="${XENV_TEST_RECORD:?}"
                : > "$out/args"
                n=0
                for a in "$@"; do
                  printf '%s\\0' "$a" >> "$out/args"
                  case "$a" in @*) n=$((n+1)); cp "${a#@}" "$out/rsp-$n" ;; esac
                done
                printf '%s' "${LIB-}" > "$out/lib"
                printf '%s' "${LINK-}" > "$out/link"
                cat
                echo "linker stderr" >&2
                [ -n "${XENV_TEST_SIGNAL:-}" ] && kill -s "$XENV_TEST_SIGNAL" $$
                exit "${XENV_TEST_EXIT:-0}"
                """, executable: true)
            let config = ShimConfig(
                linker: linker ?? recorder, linkerKind: linkerKind, dropFlags: ["/arm64hazardfree"],
                addFlags: ["/defaultlib:ucrt", "/nodefaultlib:libucrt"], libraryDirectories: libs)
            try E2E.write(ShimConfig.sidecarPath(forExecutable: shim), config.rendered)
        }

        func run(_ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws -> E2E.Output
        {
            try E2E.run(
                shim, arguments, environment: ["XENV_TEST_RECORD": record].merging(environment) { $1 }, input: input)
        }

        var receivedArguments: [String] {
            (E2E.read(Path.join(record, "args")) ?? "").split(separator: "\0", omittingEmptySubsequences: false)
                .dropLast().map(String.init)
        }

        func receivedResponseFile(_ number: Int = 1) -> [UInt8]? {
            FileManager.default.contents(atPath: Path.join(record, "rsp-\(number)")).map { [UInt8]($0) }
        }
    }

    static let fixture = Path.join(
        E2E.packageRoot, "Tests/ShimTests/Fixtures/rustc-1.95-aarch64-msvc-linker-arguments.rsp")

    @Test func rewritesRustcsUTF16ResponseFileForTheRealLinker() throws {
        let installed = try InstalledShim("rsp", linkerKind: .rustLLD)
        let original = try #require(FileManager.default.contents(atPath: Self.fixture))
        let rsp = Path.join(installed.directory, "rustc tmp/linker-arguments")
        try FileManager.default.createDirectory(atPath: Path.parent(rsp), withIntermediateDirectories: true)
        try original.write(to: URL(fileURLWithPath: rsp))

        let result = try installed.run(["@" + rsp])
        #expect(result.status == 0, "\(result.standardError)")

        let received = installed.receivedArguments
        #expect(Array(received.prefix(4)) == ["-flavor", "link", "/defaultlib:ucrt", "/nodefaultlib:libucrt"])
        #expect(received.count == 5)
        #expect(received[4] != "@" + rsp, "the flag was inside, so a rewritten copy must be passed")
        let rewritten = try #require(installed.receivedResponseFile().flatMap(ResponseFile.init(bytes:)))
        let expected = try #require(ResponseFile(bytes: [UInt8](original))).arguments.filter {
            $0.lowercased() != "/arm64hazardfree" && $0.lowercased() != "-arm64hazardfree"
        }
        #expect(rewritten.encoding == .utf16LittleEndian)
        #expect(rewritten.arguments == expected)
        #expect(expected.count == 12)
        // The copy is gone once the linker has finished; rustc's file is untouched.
        #expect(!FileManager.default.fileExists(atPath: String(received[4].dropFirst())))
        #expect(FileManager.default.contents(atPath: rsp) == original)
    }

    @Test func leavesAResponseFileWithoutTheFlagAlone() throws {
        let installed = try InstalledShim("clean-rsp")
        let rsp = Path.join(installed.directory, "args.rsp")
        let bytes = ResponseFile(arguments: ["/out:a.exe", "a.obj"], encoding: .utf16LittleEndian).bytes
        try Data(bytes).write(to: URL(fileURLWithPath: rsp))
        let result = try installed.run(["/NOLOGO", "@" + rsp])
        #expect(result.status == 0)
        #expect(installed.receivedArguments == ["/defaultlib:ucrt", "/nodefaultlib:libucrt", "/NOLOGO", "@" + rsp])
    }

    @Test func dropsTheFlagFromArgumentsAndFromLINK() throws {
        let installed = try InstalledShim("argv")
        let result = try installed.run(
            ["-flavor", "link", "/ARM64HAZARDFREE", "a.obj", "-arm64hazardfree", "/tmp/arm64hazardfree.obj"],
            environment: ["LINK": "/arm64hazardfree /debug", "LIB": "/user/lib"])
        #expect(result.status == 0)
        #expect(
            installed.receivedArguments
                == [
                    "-flavor", "link", "/defaultlib:ucrt", "/nodefaultlib:libucrt", "a.obj", "/tmp/arm64hazardfree.obj",
                ])
        #expect(E2E.read(Path.join(installed.record, "link")) == "/debug")
        #expect(E2E.read(Path.join(installed.record, "lib")) == "/user/lib")
    }

    @Test func appendsTheSysrootLibrariesToLIBAfterTheUsersOwn() throws {
        let installed = try InstalledShim("lib", libs: ["/sys root/crt", "/user/lib"])
        _ = try installed.run(["a.obj"], environment: ["LIB": "/user/lib"])
        #expect(E2E.read(Path.join(installed.record, "lib")) == "/user/lib;/sys root/crt")
    }

    @Test(arguments: [false, true])
    func passesTheLinkersExitCodeAndStreamsThrough(withResponseFile: Bool) throws {
        let installed = try InstalledShim("exit")
        var arguments = ["a.obj"]
        if withResponseFile {
            // A rewritten @file makes the shim wait for the linker instead of becoming it.
            let rsp = Path.join(installed.directory, "flag.rsp")
            try Data(ResponseFile(arguments: ["/arm64hazardfree"], encoding: .utf8).bytes).write(
                to: URL(fileURLWithPath: rsp))
            arguments.append("@" + rsp)
        }
        let result = try installed.run(arguments, environment: ["XENV_TEST_EXIT": "7"], input: "from stdin\n")
        #expect(result.status == 7)
        #expect(!result.signaled)
        #expect(result.standardOutput == "from stdin\n")
        #expect(result.standardError == "linker stderr\n")
    }

    @Test func reportsAKilledLinkerAs128PlusTheSignal() throws {
        let installed = try InstalledShim("signal")
        let rsp = Path.join(installed.directory, "flag.rsp")
        try Data(ResponseFile(arguments: ["/arm64hazardfree"], encoding: .utf8).bytes).write(
            to: URL(fileURLWithPath: rsp))
        // KILL, because a test runner may leave TERM ignored, and ignored signals are inherited.
        let waited = try installed.run(["@" + rsp], environment: ["XENV_TEST_SIGNAL": "KILL"])
        #expect(waited.status == 128 + 9)
        #expect(!waited.signaled)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: installed.directory).filter {
                $0.hasPrefix("xenv-link-")
            }.isEmpty)
        // Without an @file to clean up, the shim became the linker: the signal reaches the parent as it is.
        let replaced = try installed.run(["a.obj"], environment: ["XENV_TEST_SIGNAL": "KILL"])
        #expect(replaced.signaled)
        #expect(replaced.status == 9)
    }

    @Test func concurrentLinksEachGetTheirOwnRewrittenFile() throws {
        let installed = try InstalledShim("parallel")
        let shared = Path.join(installed.directory, "shared")
        try FileManager.default.createDirectory(atPath: shared, withIntermediateDirectories: true)
        let count = 24
        for index in 0..<count {
            let bytes = ResponseFile(
                arguments: ["/arm64hazardfree", "marker-\(index).obj"], encoding: .utf16LittleEndian
            ).bytes
            try Data(bytes).write(to: URL(fileURLWithPath: Path.join(shared, "\(index).rsp")))
            try FileManager.default.createDirectory(
                atPath: Path.join(shared, "record-\(index)"), withIntermediateDirectories: true)
        }
        let statuses = Statuses(count: count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            let result = try? E2E.run(
                installed.shim, ["@" + Path.join(shared, "\(index).rsp")],
                environment: ["XENV_TEST_RECORD": Path.join(shared, "record-\(index)")])
            statuses.set(index, result?.status ?? -1)
        }
        #expect(statuses.all == Array(repeating: 0, count: count))
        for index in 0..<count {
            let received = FileManager.default.contents(atPath: Path.join(shared, "record-\(index)/rsp-1"))
                .flatMap { ResponseFile(bytes: [UInt8]($0)) }
            #expect(received?.arguments == ["marker-\(index).obj"])
        }
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: shared).filter { $0.hasPrefix("xenv-link-") }.isEmpty)
    }

    /// The real lld-link links ARM64 objects from a UTF-16 @file that holds the flag, and finds the libraries
    /// through the shim's config alone (no LIB in the environment).
    @Test func theRealLLDLinkLinksFromARewrittenResponseFile() throws {
        let sysroot = try GeneratedSysroot.get().root
        let lldLink = try #require(E2E.onPath("lld-link"))
        let installed = try InstalledShim(
            "lld", linker: lldLink,
            libs: ["crt/lib/aarch64", "sdk/lib/um/aarch64", "sdk/lib/ucrt/aarch64"].map { Path.join(sysroot, $0) })
        let directory = installed.directory
        try E2E.write(
            Path.join(directory, "start.c"),
            "__declspec(dllimport) void __stdcall ExitProcess(unsigned);\nvoid start(void) { ExitProcess(0); }\n")
        let compiled = try E2E.run(
            "/bin/bash", ["-c", "clang-cl --target=aarch64-pc-windows-msvc /Zl /c start.c /Fostart.obj"],
            directory: directory)
        #expect(compiled.status == 0, "\(compiled.standardError)")
        let output = Path.join(directory, "out dir/linked.exe")
        try FileManager.default.createDirectory(atPath: Path.parent(output), withIntermediateDirectories: true)
        let rsp = Path.join(directory, "linker-arguments")
        let arguments = [
            "/arm64hazardfree", "/entry:start", "/subsystem:console", "/out:" + output,
            Path.join(directory, "start.obj"), "kernel32.lib",
        ]
        try Data(ResponseFile(arguments: arguments, encoding: .utf16LittleEndian).bytes).write(
            to: URL(fileURLWithPath: rsp))

        let direct = try E2E.run(lldLink, ["@" + rsp], environment: ["LIB": ""])
        #expect(direct.status != 0, "lld-link itself must reject the flag, or this test proves nothing")
        let result = try E2E.run(installed.shim, ["@" + rsp], environment: ["LIB": ""])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(E2E.peMachine(output) == 0xAA64)
    }

    @Test(arguments: [false, true])
    func aMissingLinkerIsOneLineThatSaysWhatToDo(withResponseFile: Bool) throws {
        let installed = try InstalledShim("missing-linker", linker: "/nonexistent/lld-link")
        var arguments = ["a.obj"]
        if withResponseFile {
            let rsp = Path.join(installed.directory, "flag.rsp")
            try Data(ResponseFile(arguments: ["/arm64hazardfree"], encoding: .utf8).bytes).write(
                to: URL(fileURLWithPath: rsp))
            arguments.append("@" + rsp)
        }
        let result = try installed.run(arguments)
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "xenv-link: cannot run the linker /nonexistent/lld-link: No such file or directory; run `xenv setup` again\n"
        )
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: installed.directory).filter {
                $0.hasPrefix("xenv-link-")
            }.isEmpty)
    }

    @Test func aMissingConfigIsOneLineThatSaysWhatToDo() throws {
        let directory = try E2E.temporaryDirectory("no-config")
        let shim = Path.join(directory, "xenv-link")
        try E2E.copyExecutable(E2E.shim, to: shim)
        let result = try E2E.run(shim, ["a.obj"])
        #expect(result.status == 1)
        #expect(
            result.standardError
                == "xenv-link: cannot read its config \(shim).conf; run `xenv setup` again to reinstall the shim\n")
    }
}

final class Statuses: @unchecked Sendable {
    private var values: [Int32]
    private let lock = NSLock()
    init(count: Int) { values = Array(repeating: -2, count: count) }
    func set(_ index: Int, _ value: Int32) { lock.withLock { values[index] = value } }
    var all: [Int32] { lock.withLock { values } }
}

extension E2E {
    /// The first executable `name` on the tests' PATH.
    static func onPath(_ name: String) -> String? {
        basePath.split(separator: ":").map { Path.join(String($0), name) }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }
}
#endif

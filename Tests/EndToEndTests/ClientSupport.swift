// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// What the tests with real clients share: the fixtures, one sysroot that serves ARM64 and x64, Debian's crate
/// sources, and Wine to run the x64 programs and cmd.exe. `.ci/run` installs every package they use.
enum Clients {
    /// The targets the client tests build for, with the value `_M_ARM64`/`_M_X64` code in the fixtures maps to.
    struct Target: Sendable, CustomTestStringConvertible {
        var alias: String
        var triple: String
        var machine: UInt16
        var archValue: Int
        var suffix: String { triple.replacingAll("-", with: "_") }
        var testDescription: String { triple }
    }

    static let arm64 = Target(alias: "arm64", triple: "aarch64-pc-windows-msvc", machine: 0xAA64, archValue: 64)
    static let x64 = Target(alias: "x64", triple: "x86_64-pc-windows-msvc", machine: 0x8664, archValue: 86)
    static let targets = [arm64, x64]

    static let fixtures = Path.join(E2E.packageRoot, "Tests/Fixtures/clients")

    /// One splat with the libraries of both architectures, as `xwin --arch aarch64,x86_64 splat` makes; its path
    /// holds a space and a quote.
    static let sysroot: Result<String, any Error> = Result {
        let root = Path.join(try E2E.temporaryDirectory("clients sysroot"), "xwin's splat")
        for arch in ["aarch64", "x86_64"] {
            let made = try E2E.run(
                "/bin/bash", [Path.join(E2E.packageRoot, "Tests/Fixtures/make-sysroot.sh"), root, "--target", arch])
            guard made.status == 0 else { throw SetupFailure(message: "make-sysroot.sh failed: \(made.standardError)") }
        }
        return root
    }

    /// A directory with clang-cl, lld-link, llvm-ar, cmake and ninja (links to the ones on PATH) and no llvm-lib,
    /// as with Swift's toolchain alone: a PATH for xenv that leaves it llvm-ar as the archiver.
    static func llvmArOnlyTools() throws -> String {
        let tools = try E2E.temporaryDirectory("llvm-ar only")
        for tool in ["clang-cl", "lld-link", "llvm-ar", "cmake", "ninja"] {
            let found = try #require(E2E.onPath(tool), "no \(tool) on PATH; .ci/run installs it")
            try FileManager.default.createSymbolicLink(atPath: Path.join(tools, tool), withDestinationPath: found)
        }
        return tools
    }

    /// Debian's crate sources: librust-cc-dev and librust-cmake-dev install into /usr/share/cargo/registry
    /// (`XENV_CARGO_REGISTRY` names another directory source).
    static var cargoRegistry: String {
        ProcessInfo.processInfo.environment["XENV_CARGO_REGISTRY"] ?? "/usr/share/cargo/registry"
    }

    /// The crate directories the registry holds whose name starts with `name-`: `cc-1.0.73`.
    static func registryCrates(_ name: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: cargoRegistry)) ?? [])
            .filter { $0.hasPrefix(name + "-") && $0.dropFirst(name.count + 1).first?.isNumber == true }.sorted()
    }

    /// A cargo config that replaces crates.io with the registry directory, so that cargo builds offline.
    static func offlineCargoConfig() -> String {
        """
        [source.crates-io]
        replace-with = "debian-registry"

        [source.debian-registry]
        directory = \(tomlString(cargoRegistry))

        [net]
        offline = true

        """
    }

    static func tomlString(_ value: String) -> String {
        "\"" + value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"") + "\""
    }

    /// The first `size` bytes after `marker` in `text`: for checks such as "16usize follows size_of::<T>()".
    static func text(after marker: String, in text: String, size: Int = 80) -> String? {
        guard let range = text.range(of: marker) else { return nil }
        return String(text[range.upperBound...].prefix(size))
    }
}

/// Wine, to run the x64 programs and cmd.exe. Debian's wine64 package installs /usr/lib/wine/wine64 and puts
/// `wine64` on PATH only through the `wine` package's alternatives.
enum Wine {
    static let executable: String? =
        E2E.onPath("wine64")
        ?? ["/usr/lib/wine/wine64", "/usr/lib64/wine/wine64"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// wineserver next to wine64 (Debian: wineserver64), else on PATH.
    static let server: String? =
        executable.flatMap { wine in
            ["wineserver64", "wineserver"].map { Path.join(Path.parent(wine), $0) }
                .first { FileManager.default.isExecutableFile(atPath: $0) }
        } ?? E2E.onPath("wineserver")

    /// One prefix for every test run from this checkout, in .build (made once, in about 8 s; 700 MB).
    ///
    /// wineserver outlives the program that starts it: started by a program whose output goes to E2E.run's
    /// pipes it would hold them open, and every run would wait the 3 s it lingers. So it starts here with
    /// /dev/null for its output and stays up for the whole run: until the tests exit, or 30 s after the last
    /// Windows program.
    static let prefix: Result<String, any Error> = Result {
        guard let wine = executable, let server else {
            throw SetupFailure(message: "wine64 is not installed; .ci/run installs it")
        }
        let prefix = Path.join(E2E.packageRoot, ".build/e2e-wine-prefix")
        let log = Path.join(try E2E.temporaryDirectory("wine"), "wineboot.log")
        let booted = try E2E.bash(
            // wineserver needs the directory; it fails when one already serves the prefix, which is as good.
            """
            mkdir -p "$WINEPREFIX"
            "$SERVER" -p30 </dev/null >/dev/null 2>&1 || true
            "$WINE" wineboot --init </dev/null >/dev/null 2>"$LOG"
            """,
            environment: environment(prefix).merging(["SERVER": server, "WINE": wine, "LOG": log]) { $1 })
        guard booted.status == 0 else {
            throw SetupFailure(message: "wineboot --init failed: \(E2E.read(log) ?? booted.standardError)")
        }
        atexit { Wine.stopServer() }
        return prefix
    }

    /// `wineserver -k` with plain posix_spawn: it runs while the process exits.
    static func stopServer() {
        guard let server, case .success(let prefix) = prefix else { return }
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup(server), strdup("-k"), nil]
        let envp: [UnsafeMutablePointer<CChar>?] = [strdup("WINEPREFIX=\(prefix)"), nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var pid = pid_t()
        if posix_spawn(&pid, server, nil, nil, argv, envp) == 0 {
            var status: Int32 = 0
            while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        }
    }

    /// No debug output, and no Mono or Gecko installer.
    static func environment(_ prefix: String) -> [String: String] {
        ["WINEPREFIX": prefix, "WINEDEBUG": "-all", "WINEDLLOVERRIDES": "mscoree,mshtml="]
    }

    /// Runs a Windows program (or `cmd`) under wine64.
    static func run(_ arguments: [String]) throws -> E2E.Output {
        let wine = try #require(executable, "wine64 is not installed; .ci/run installs it")
        return try E2E.run(wine, arguments, environment: environment(try prefix.get()), input: "")
    }

    /// Runs a Windows program under wine64 on a pseudo-terminal (util-linux `script`), so that it has a console:
    /// without one, cmd's chcp has no code page to read or set.
    static func runOnConsole(_ arguments: [String]) throws -> E2E.Output {
        let wine = try #require(executable, "wine64 is not installed; .ci/run installs it")
        let script = try #require(E2E.onPath("script"), "util-linux's script is not installed")
        let command = ([wine] + arguments).map(E2E.quoted).joined(separator: " ")
        return try E2E.run(
            script, ["-qec", command, "/dev/null"], environment: environment(try prefix.get()), input: "")
    }

    /// The path Wine's Z: drive gives a Unix path.
    static func windowsPath(_ path: String) -> String { "Z:" + path.replacingAll("/", with: "\\") }
}
#endif

// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvCore
import XenvSystem

/// The two bash scripts of `action.yml`, run here as a Linux x64 runner would run them: the install script
/// against a release served by a stand-in `curl` (the archive packed from this build, as
/// scripts/release-pack.sh packs it), then the setup script with the runner's files. Only the network and the
/// runner are simulated; bash, tar, sha256sum and xenv are real.
@Suite struct ActionScriptTests {
    /// The body of the `run: |` block of the step with this `id`, its indentation removed.
    static func script(ofStep id: String) throws -> String {
        let lines = (E2E.read(Path.join(E2E.packageRoot, "action.yml")) ?? "").split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let step = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "id: \(id)" }),
            let run = lines[step...].firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "run: |" })
        else { throw SetupFailure(message: "action.yml has no step \(id) with a run: | block") }
        let keyIndent = lines[run].prefix { $0 == " " }.count
        let body = lines[(run + 1)...].prefix { $0.isEmpty || $0.prefix { $0 == " " }.count > keyIndent }
        let bodyIndent = body.first { !$0.isEmpty }?.prefix { $0 == " " }.count ?? 0
        return body.map { String($0.dropFirst(min(bodyIndent, $0.count))) }.joined(separator: "\n")
    }

    /// A runner: its temp and tool-cache directories, the GitHub files, and a release of this build.
    struct Runner {
        let root: String
        var temp: String { Path.join(root, "runner temp") }
        var releases: String { Path.join(root, "releases") }
        var fakeBin: String { Path.join(root, "fake bin") }

        init() throws {
            root = try E2E.temporaryDirectory("action")
            for directory in [temp, releases, fakeBin, Path.join(root, "tool cache")] {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            }
            for file in ["output", "env", "path", "summary"] { try E2E.write(Path.join(root, file), "") }
            // `curl ... -o FILE URL`: the URL's last component, copied from the releases directory; 22 (HTTP error,
            // as --fail gives) when the release has no such asset. The URL is logged to check where it pointed.
            try E2E.write(
                Path.join(fakeBin, "curl"),
                """
                #!/bin/bash
                out= url=
                while [ $# -gt 0 ]; do case "$1" in -o) out=$2; shift 2 ;; -*) shift ;; *) url=$1; shift ;; esac; done
                printf '%s\\n' "$url" >> "$XENV_TEST_CURL_LOG"
                [ -f "$XENV_TEST_RELEASES/${url##*/}" ] || exit 22
                cp "$XENV_TEST_RELEASES/${url##*/}" "$out"
                """, executable: true)
        }

        /// Packs xenv and the shim of this build as release `version`, as release-pack.sh does.
        func publish(version: String = "0.1.0") throws {
            let asset = "xenv-\(version)-linux-x64.tar.gz"
            let packed = try E2E.bash(
                """
                stage=$(mktemp -d)
                cp "$XENV" "$SHIM" "$stage/"
                tar -czf "$RELEASES/\(asset)" -C "$stage" xenv xenv-link
                (cd "$RELEASES" && sha256sum \(asset) > \(asset).sha256)
                rm -rf "$stage"
                """, environment: ["XENV": E2E.xenv, "SHIM": E2E.shim, "RELEASES": releases])
            guard packed.status == 0 else { throw SetupFailure(message: "packing failed: \(packed.standardError)") }
        }

        func environment(_ extra: [String: String]) -> [String: String] {
            [
                "PATH": fakeBin + ":" + E2E.basePath, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64", "RUNNER_TEMP": temp,
                "RUNNER_TOOL_CACHE": Path.join(root, "tool cache"), "GITHUB_ACTIONS": "true",
                "GITHUB_OUTPUT": Path.join(root, "output"), "GITHUB_ENV": Path.join(root, "env"),
                "GITHUB_PATH": Path.join(root, "path"), "GITHUB_STEP_SUMMARY": Path.join(root, "summary"),
                "GITHUB_ACTION_PATH": E2E.packageRoot, "XENV_TEST_RELEASES": releases,
                "XENV_TEST_CURL_LOG": Path.join(root, "curl.log"),
            ].merging(extra) { $1 }
        }

        func runStep(_ id: String, _ environment: [String: String]) throws -> E2E.Output {
            try E2E.run(
                "/bin/bash", ["-c", try ActionScriptTests.script(ofStep: id)],
                environment: self.environment(environment))
        }

        func read(_ name: String) -> String { E2E.read(Path.join(root, name)) ?? "" }
    }

    @Test func installsTheReleaseChecksItAndSetsUpFromIt() throws {
        let runner = try Runner()
        try runner.publish()
        let install = try runner.runStep(
            "install", ["XENV_VERSION": "0.1.0", "XENV_ACTION_REPOSITORY": "someone/xenv-fork"])
        #expect(install.status == 0, "\(install.standardOutput)\(install.standardError)")
        #expect(install.standardOutput.contains("SHA-256 verified"))
        #expect(
            runner.read("curl.log") == """
                https://github.com/someone/xenv-fork/releases/download/v0.1.0/xenv-0.1.0-linux-x64.tar.gz
                https://github.com/someone/xenv-fork/releases/download/v0.1.0/xenv-0.1.0-linux-x64.tar.gz.sha256

                """)
        let installed = Path.join(runner.root, "tool cache/xenv/0.1.0/x64/xenv")
        #expect(runner.read("output") == "xenv-path=\(installed)\n")

        // A second job on the same machine finds the verified install and downloads nothing.
        let again = try runner.runStep("install", ["XENV_VERSION": "0.1.0", "XENV_ACTION_REPOSITORY": ""])
        #expect(again.status == 0, "\(again.standardError)")
        #expect(again.standardOutput.contains("already installed"))
        #expect(runner.read("curl.log").split(separator: "\n").count == 2)

        // The setup step, with an input that a shell would split or expand if it were not quoted.
        let sysroot = try GeneratedSysroot.get().root
        let setup = try runner.runStep(
            "setup",
            [
                "XENV_PROGRAM": installed, "XENV_TARGET": "arm64", "XENV_LINKER": "lld-link", "XENV_TOOLSET": "",
                "XENV_SDK": "", "XENV_VERIFY": "false", "XENV_SYSROOT_INPUT": "", "XENV_CRT_VERSION": "",
                "XENV_SDK_VERSION": "", "XENV_SYSROOT": sysroot,
                "XENV_HOME": Path.join(runner.root, "state $(x)"),
            ])
        #expect(setup.status == 0, "\(setup.standardOutput)\(setup.standardError)")
        let outputs = runner.read("output")
        let state = Path.join(runner.root, "state $(x)/aarch64-pc-windows-msvc")
        for expected in [
            "target<<", "\naarch64-pc-windows-msvc\n", "\n\(Path.join(state, "xenv-link"))\n", "linker-kind<<",
            "\nlld-link\n",
            "sysroot<<", "\n\(sysroot)\n", "cargo-config<<",
        ] {
            #expect(outputs.contains(expected), "\(expected) in \(outputs)")
        }
        #expect(runner.read("env").contains("CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER<<"))
        #expect(FileManager.default.isExecutableFile(atPath: Path.join(state, "xenv-link")))
    }

    @Test func refusesATamperedArchive() throws {
        let runner = try Runner()
        try runner.publish()
        let archive = Path.join(runner.releases, "xenv-0.1.0-linux-x64.tar.gz")
        let bytes = try #require(FileManager.default.contents(atPath: archive))
        try E2E.write(archive, bytes: Array(bytes) + [0])
        let install = try runner.runStep("install", ["XENV_VERSION": "0.1.0", "XENV_ACTION_REPOSITORY": ""])
        #expect(install.status == 1)
        #expect(
            install.standardOutput.contains(
                "::error title=xenv action::SHA-256 mismatch for xenv-0.1.0-linux-x64.tar.gz"))
        #expect(runner.read("output") == "")
        #expect(!FileManager.default.fileExists(atPath: Path.join(runner.root, "tool cache/xenv/0.1.0/x64/.verified")))
    }

    @Test(arguments: [
        (["XENV_VERSION": "1.0; rm -rf /"], "version must be a release version such as 0.1.0, or source"),
        (
            ["XENV_VERSION": "9.9.9"],
            "could not download https://github.com/xenv-project/xenv/releases/download/v9.9.9/"
        ),
        (["XENV_VERSION": "0.1.0", "RUNNER_ARCH": "ARM"], "unsupported runner architecture: ARM"),
    ])
    func refusesWhatItCannotInstall(environment: [String: String], message: String) throws {
        let runner = try Runner()
        try runner.publish()
        let install = try runner.runStep("install", environment.merging(["XENV_ACTION_REPOSITORY": ""]) { $1 })
        #expect(install.status == 1)
        #expect(install.standardOutput.contains("::error title=xenv action::" + message), "\(install.standardOutput)")
    }

    @Test func setupRefusesAVerifyValueItDoesNotKnow() throws {
        let runner = try Runner()
        // The action always sets every one of these, empty when the input is.
        let setup = try runner.runStep(
            "setup",
            [
                "XENV_PROGRAM": E2E.xenv, "XENV_TARGET": "arm64", "XENV_LINKER": "", "XENV_TOOLSET": "", "XENV_SDK": "",
                "XENV_VERIFY": "yes", "XENV_SYSROOT_INPUT": "", "XENV_CRT_VERSION": "", "XENV_SDK_VERSION": "",
            ])
        #expect(setup.status == 1)
        #expect(setup.standardOutput.contains("::error title=xenv action::verify must be true or false; got: yes"))
    }

    @Test func theSysrootInputFetchesFirstOrNamesADirectory() throws {
        let runner = try Runner()
        // A stand-in for xenv that records how the step calls it.
        let log = Path.join(runner.root, "calls.log")
        let program = Path.join(runner.root, "xenv-stand-in")
        try E2E.write(program, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> \"$XENV_TEST_CALLS\"\n", executable: true)
        func setup(_ sysroot: String, os: String = "Linux") throws -> E2E.Output {
            try runner.runStep(
                "setup",
                [
                    "XENV_PROGRAM": program, "XENV_TARGET": "arm64", "XENV_LINKER": "", "XENV_TOOLSET": "",
                    "XENV_SDK": "",
                    "XENV_VERIFY": "false", "XENV_SYSROOT_INPUT": sysroot, "XENV_CRT_VERSION": "14.44.17.14",
                    "XENV_SDK_VERSION": "26100", "XENV_TEST_CALLS": log, "RUNNER_OS": os,
                ])
        }
        let fetch = try setup("fetch")
        #expect(fetch.status == 0, "\(fetch.standardOutput)\(fetch.standardError)")
        #expect(
            E2E.read(log) == """
                sysroot fetch --accept-license --crt-version 14.44.17.14 --sdk-version 26100
                setup --target arm64 --ci github

                """)
        try FileManager.default.removeItem(atPath: log)
        let named = try setup("/opt/my splat")
        #expect(named.status == 0)
        #expect(E2E.read(log) == "setup --target arm64 --ci github --sysroot /opt/my splat\n")
        let windows = try setup("fetch", os: "Windows")
        #expect(windows.status == 1)
        #expect(windows.standardOutput.contains("sysroot: fetch is for Linux and macOS runners"))
    }
}
#endif

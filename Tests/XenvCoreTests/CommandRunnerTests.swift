import Testing
import XenvSystem

@testable import XenvCore

@Suite struct CommandRunnerTests {
    @Test func anUnknownTargetIsOneErrorLineAndWritesNothing() {
        let machine = Machine.standard()
        let fileSystem = RecordingFileSystem(machine.fileSystem)
        let result = CommandRunner.run(arguments: ["env", "--target", "armv7", "--sysroot", "/xw"]) {
            machine.context(fileSystem: fileSystem)
        }
        #expect(result.exitCode != 0)
        #expect(result.standardOutput == "")
        #expect(
            result.standardError.hasPrefix("xenv: error: unknown --target 'armv7'; accepted: aarch64-pc-windows-msvc, ")
        )
        #expect(result.standardError.hasSuffix("\n"))
        #expect(result.standardError.filter { $0 == "\n" }.count == 1)
        #expect(fileSystem.writes.isEmpty)
    }

    @Test func aMistypedTargetGetsTheNearestName() {
        let result = CommandRunner.run(arguments: ["setup", "--target", "arm46", "--sysroot", "/xw"]) {
            Machine.standard().context()
        }
        #expect(result.exitCode == 64)
        #expect(
            result.standardError.hasPrefix(
                "xenv: error: unknown --target 'arm46' (did you mean 'arm64'?); accepted: aarch64-pc-windows-msvc, "))
    }

    @Test func aUsageErrorExits64WithoutLookingAtTheMachine() {
        var asked = false
        let result = CommandRunner.run(arguments: ["env"]) {
            asked = true
            return Machine.standard().context()
        }
        #expect(
            result
                == CommandResult(
                    standardError:
                        "xenv: error: `xenv env` needs --target (for example --target arm64) (see `xenv --help`)\n",
                    exitCode: 64))
        #expect(!asked)
    }

    @Test func envPrintsTheSameBytesEveryTime() {
        let machine = Machine.standard()
        let arguments = ["env", "--target", "arm64", "--sysroot", "/xw", "--out", "/state"]
        let first = CommandRunner.run(arguments: arguments) { machine.context() }
        let second = CommandRunner.run(arguments: arguments) { machine.context() }
        #expect(first.exitCode == 0)
        #expect(first.standardError == "")
        #expect(
            first.standardOutput.hasPrefix(
                "export CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER='/state/aarch64-pc-windows-msvc/xenv-link'\n"))
        #expect(
            first.standardOutput.hasSuffix(
                "export LIB='/xw/crt/lib/aarch64;/xw/sdk/lib/um/aarch64;/xw/sdk/lib/ucrt/aarch64'\n"))
        #expect(second == first)
        // env installs the shim, so the first run's files are there for cargo.
        #expect(machine.fileSystem.isExecutableFile("/state/aarch64-pc-windows-msvc/xenv-link"))
    }

    @Test func verboseExplainsChoicesAndWhatWasWritten() {
        let machine = Machine.standard()
        let arguments = ["env", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "-v", "--shell", "json"]
        _ = CommandRunner.run(arguments: arguments) { machine.context() }
        let second = CommandRunner.run(arguments: arguments) { machine.context() }
        #expect(second.standardOutput.hasPrefix("{\n  \"CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER\": "))
        #expect(second.standardError.contains("xenv: sysroot: /xw (--sysroot)\n"))
        #expect(
            second.standardError.hasSuffix(
                """
                xenv: unchanged /state/aarch64-pc-windows-msvc/xenv-link
                xenv: unchanged /state/aarch64-pc-windows-msvc/xenv-link.conf
                xenv: unchanged /state/aarch64-pc-windows-msvc/cargo-config.toml
                xenv: unchanged /state/aarch64-pc-windows-msvc-toolchain.cmake
                xenv: unchanged /state/aarch64-pc-windows-msvc-toolchain-override.cmake

                """))
    }

    @Test func setupSummarizesWhatItFoundAndHowToBuild() {
        let machine = Machine.standard()
        let result = CommandRunner.run(arguments: [
            "setup", "--target", "arm64", "--sysroot", "/xw", "--out", "/my state",
        ]) {
            machine.context()
        }
        #expect(
            result.standardOutput == """
                xenv: aarch64-pc-windows-msvc from linux-x86_64
                  sysroot        /xw (xwin splat)
                  linker         /llvm/bin/lld-link (lld-link)
                  shim           /my state/aarch64-pc-windows-msvc/xenv-link
                  C compiler     /llvm/bin/clang-cl
                  archiver       /llvm/bin/llvm-lib
                  file           /my state/aarch64-pc-windows-msvc/xenv-link
                  file           /my state/aarch64-pc-windows-msvc/xenv-link.conf
                  file           /my state/aarch64-pc-windows-msvc/cargo-config.toml
                  file           /my state/aarch64-pc-windows-msvc-toolchain.cmake
                  file           /my state/aarch64-pc-windows-msvc-toolchain-override.cmake
                Build with:
                  cargo --config '/my state/aarch64-pc-windows-msvc/cargo-config.toml' build --target aarch64-pc-windows-msvc
                or in a shell:
                  eval "$(xenv env --target arm64 --sysroot '/xw' --out '/my state')"

                """)
    }

    @Test func helpAndVersionNeedNoMachine() {
        #expect(
            CommandRunner.run(arguments: ["--version"]) { Machine.standard().context() }
                == CommandResult(standardOutput: "xenv 0.1.0\n"))
        #expect(
            CommandRunner.run(arguments: ["help"]) { Machine.standard().context() }.standardOutput.hasPrefix("xenv: "))
    }
}

extension CommandRunnerTests {
    @Test func eachCommandHasItsOwnHelpFromTheOneText() {
        let help = CommandRunner.run(arguments: ["help", "exec"]) { Machine.standard().context() }
        #expect(
            help.standardOutput.hasPrefix(
                "Usage:\n  xenv exec  --target T [options] [-v] -- COMMAND [ARGUMENTS...]\n\nCommand:\n  exec    Run COMMAND"
            ))
        #expect(help.standardOutput.contains("\n  --target T     Target triple or alias"))
        #expect(!help.standardOutput.contains("--shell"), "env's option is not exec's")
        #expect(!help.standardOutput.contains("--cargo-config"), "setup's option is not exec's")
        let envHelp = CommandRunner.run(arguments: ["env", "--help"]) { Machine.standard().context() }
        #expect(envHelp.standardOutput.contains("\n  --shell S      env output:"))
        // Every option a command accepts is in its help.
        for command in Invocation.Command.allCases {
            let text = CommandRunner.run(arguments: ["help", command.rawValue]) { Machine.standard().context() }
                .standardOutput
            for option in CommandLineOption.accepted(by: command).map(\.name) {
                #expect(text.contains("  \(option) ") || text.contains(", \(option) "), "\(command): \(option)")
            }
        }
    }

    @Test func quietPrintsNothingButErrors() {
        let machine = Machine.standard()
        machine.fileSystem.addFile("/llvm/bin/clang-cl", "not executable")
        let setup = CommandRunner.run(arguments: [
            "setup", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "-q",
        ]) {
            machine.context()
        }
        #expect(setup == CommandResult())
        let env = CommandRunner.run(arguments: [
            "env", "--target", "arm64", "--sysroot", "/xw", "--out", "/state", "-q",
        ]) {
            machine.context()
        }
        #expect(env.standardError == "", "the missing clang-cl warning is left out")
        #expect(env.standardOutput.hasPrefix("export CARGO_TARGET_AARCH64_PC_WINDOWS_MSVC_LINKER="))
        let failed = CommandRunner.run(arguments: ["setup", "--target", "armv7", "-q"]) { machine.context() }
        #expect(failed.standardError.hasPrefix("xenv: error: unknown --target 'armv7'"))
    }
}

import Testing
import XenvSystem

@testable import XenvCore

@Suite struct InvocationTests {
    @Test func parsesEnvWithATarget() throws {
        let invocation = try Invocation(parsing: ["env", "--target", "arm64"])
        #expect(invocation.action == .run(.env))
        #expect(invocation.request == PlanRequest(target: "arm64"))
        // No --shell: the command runner detects it from the parent process.
        #expect(invocation.shell == nil)
        #expect(!invocation.verbose)
        #expect(try Invocation(parsing: ["env", "--target=arm64"]) == invocation)
        #expect(try Invocation(parsing: ["env", "--target", "arm64", "--"]) == invocation)
    }

    @Test func parsesEveryOption() throws {
        let invocation = try Invocation(parsing: [
            "env", "-v", "--target=x64", "--sysroot", "/xw", "--linker=./bin/lld-link", "--out", "state", "--shell",
            "json",
        ])
        #expect(invocation.action == .run(.env))
        #expect(
            invocation.request
                == PlanRequest(target: "x64", sysroot: "/xw", linker: .path("./bin/lld-link"), stateDirectory: "state"))
        #expect(invocation.shell == .json)
        #expect(invocation.verbose)
        #expect(
            try Invocation(parsing: ["setup", "--target", "x86", "--verbose", "--linker", "rust-lld"]).request.linker
                == .rustLLD)
    }

    @Test func keepsAnEqualsSignInsideTheValue() throws {
        #expect(try Invocation(parsing: ["env", "--target", "arm64", "--out=/a=b"]).request.stateDirectory == "/a=b")
    }

    @Test func answersHelpAndVersion() throws {
        for arguments in [["--help"], ["-h"], ["help"]] {
            #expect(try Invocation(parsing: arguments).action == .help(nil), "\(arguments)")
        }
        #expect(try Invocation(parsing: ["env", "--target", "arm64", "--help"]).action == .help(.env))
        #expect(try Invocation(parsing: ["setup", "-h"]).action == .help(.setup))
        #expect(try Invocation(parsing: ["help", "doctor"]).action == .help(.doctor))
        #expect(try Invocation(parsing: ["env", "--target", "arm64", "-q"]).quiet)
        #expect(try Invocation(parsing: ["--version"]).action == .version)
    }

    static let usageErrors: [([String], String)] = [
        ([], "missing command: setup, env, exec, inspect, doctor, sysroot"),
        (["build"], "unknown command 'build'; commands: setup, env, exec, inspect, doctor, sysroot"),
        (["--target", "arm64"], "unknown command '--target'; commands: setup, env, exec, inspect, doctor, sysroot"),
        (["env", "--target", "arm64", "--frob"], "unknown option '--frob' for `xenv env`"),
        (["env", "--target", "arm64", "--frob=1"], "unknown option '--frob' for `xenv env`"),
        (["setup", "--target", "arm64", "--shell", "json"], "unknown option '--shell' for `xenv setup`"),
        (["env", "--target"], "--target needs a value"),
        (["env", "--target="], "--target needs a non-empty value"),
        (["env", "--target", "arm64", "--target=x64"], "--target is given twice"),
        (["env"], "`xenv env` needs --target (for example --target arm64)"),
        (["setup", "-v"], "`xenv setup` needs --target (for example --target arm64)"),
        (
            ["env", "--target", "arm64", "--shell", "tcsh"],
            "--shell 'tcsh' is not one of sh, bash, zsh, dash, ksh, fish, pwsh, powershell, cmd, nu, json, dotenv"
        ),
        (
            ["exec", "--target", "arm64"],
            "`xenv exec` needs a command after --, e.g. xenv exec --target arm64 -- cargo build"
        ),
        (
            ["exec", "--target", "arm64", "--"],
            "`xenv exec` needs a command after --, e.g. xenv exec --target arm64 -- cargo build"
        ),
        (
            ["setup", "--target", "arm64", "--ci", "jenkins"],
            "--ci 'jenkins' is not one of auto, github, azure, gitlab, none"
        ),
        (
            ["setup", "--target", "arm64", "--ci", "gitlab"],
            "--ci gitlab needs --dotenv PATH, the file to list under artifacts:reports:dotenv"
        ),
        (["setup", "--target", "arm64", "--force"], "--force goes with --cargo-config PATH"),
        (
            ["setup", "--remove-cargo-config", "c.toml", "--target", "arm64"],
            "--remove-cargo-config takes no other option"
        ),
        (
            ["help", "stup"],
            "unknown command 'stup' (did you mean 'setup'?); commands: setup, env, exec, inspect, doctor, sysroot"
        ),
        (
            ["stup"],
            "unknown command 'stup' (did you mean 'setup'?); commands: setup, env, exec, inspect, doctor, sysroot"
        ),
        (["env", "--taget", "arm64"], "unknown option '--taget' for `xenv env` (did you mean '--target'?)"),
        (["env", "--target", "arm64", "-v", "-q"], "-v and -q cannot go together"),
        (["env", "--target", "arm64", "--verify"], "unknown option '--verify' for `xenv env`"),
        (["env", "--target", "arm64", "--force"], "unknown option '--force' for `xenv env`"),
        (["env", "--target", "arm64", "--linker", "foo"], "--linker 'foo' is not auto, rust-lld, lld-link or a path"),
        (["env", "--target", "arm64", "extra"], "unexpected argument 'extra'"),
        (["env", "--target", "arm64", "--", "extra"], "unexpected argument 'extra'"),
    ]

    @Test(arguments: usageErrors)
    func rejectsABadCommandLineAsAUsageError(arguments: [String], message: String) throws {
        let error = try #require(thrownError { try Invocation(parsing: arguments) })
        #expect(error.description == message + " (see `xenv --help`)")
        #expect(error.exitCode == 64)
    }
}

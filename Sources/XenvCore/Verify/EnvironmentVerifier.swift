import XenvSystem

/// Proves a plan works before a long build starts: links a program for the target through the very linker
/// cargo will run (the shim, with `/arm64hazardfree` among its arguments), compiles and links a C file when
/// there is a C compiler, builds a Rust program when rustc has the target's standard library, and reads each
/// produced file's PE header. Each step reports its time; a failing one carries its command and output.
public struct EnvironmentVerifier {
    public struct Step: Equatable, Sendable {
        public var name: String
        public var outcome: Outcome
        public var milliseconds: Int
    }

    public enum Outcome: Equatable, Sendable {
        case passed(String)
        case skipped(String)
        case failed(command: String, output: String, cause: String)
    }

    var fileSystem: FileSystem
    var processRunner: ProcessRunner
    var environment: Environment
    /// Finds rustc and asks it for the target's standard library.
    var rust: RustToolchain
    /// A fresh directory to build in.
    var workDirectory: String
    var style: PathStyle { fileSystem.pathStyle }

    public init(context: PlanningContext, workDirectory: String) {
        fileSystem = context.fileSystem
        processRunner = context.processRunner
        environment = context.environment
        rust = RustToolchain(context: context)
        self.workDirectory = workDirectory
    }

    /// Runs the steps in order and stops at the first failure.
    public func verify(_ plan: Plan) -> [Step] {
        let linker = plan.shimPath ?? plan.tools.linker.path
        let variables = environment.applying(plan.environment)
        var steps: [Step] = []
        let clock = ContinuousClock()
        func step(_ name: String, _ body: () -> Outcome) -> Bool {
            let start = clock.now
            let outcome = body()
            let elapsed = start.duration(to: clock.now).components
            let milliseconds = Int(elapsed.seconds) * 1000 + Int(elapsed.attoseconds / 1_000_000_000_000_000)
            steps.append(Step(name: name, outcome: outcome, milliseconds: milliseconds))
            if case .failed = outcome { return false }
            return true
        }

        // The sources (`sources(in:)`) were written with the command's other files.
        let cFile = style.join(workDirectory, "xenv_verify.c"), object = style.join(workDirectory, "xenv_verify.obj")
        // The entry point is kernel32's own ExitProcess thunk: a link with no object, so no compiler is needed.
        let linkOutput = style.join(workDirectory, "xenv-verify-link.exe")
        guard
            step(
                "link through \(style.lastComponent(linker))",
                {
                    run(
                        linker,
                        [
                            "/machine:\(plan.target.lldMachine)", "/entry:ExitProcess", "/subsystem:console",
                            "/out:\(linkOutput)",
                            "kernel32.lib",
                        ] + plan.target.shim.dropFlags, variables, produces: linkOutput, plan: plan)
                })
        else { return steps }

        let cOutput = style.join(workDirectory, "xenv-verify-c.exe")
        if let compiler = plan.environment.first(where: { $0.name == "CC_\(plan.target.environmentSuffix)" })?.value {
            let flags =
                plan.environment.first { $0.name == "CFLAGS_\(plan.target.environmentSuffix)" }?.value
                .split(separator: " ").map(String.init) ?? []
            guard
                step(
                    "compile C with \(style.lastComponent(compiler))",
                    {
                        run(
                            compiler, flags + ["/nologo", "/c", "/Zl", "/Fo\(object)", cFile], variables,
                            produces: object, plan: nil)
                    })
            else { return steps }
            guard
                step(
                    "link C through \(style.lastComponent(linker))",
                    {
                        run(
                            linker,
                            [
                                "/entry:xenv_verify_start", "/subsystem:console", "/out:\(cOutput)", object,
                                "kernel32.lib",
                            ],
                            variables, produces: cOutput, plan: plan)
                    })
            else { return steps }
        } else {
            _ = step("compile C", { .skipped("no C compiler") })
        }
        _ = step("build Rust", { rust(plan, linker: linker, variables: variables) })
        return steps
    }

    /// The files the checks compile, for the command to write with its others before the checks run.
    public static func sources(in workDirectory: String, style: PathStyle) -> [PlannedFile] {
        [
            PlannedFile(path: style.join(workDirectory, "xenv_verify.c"), contents: .bytes(Array(cSource.utf8))),
            PlannedFile(path: style.join(workDirectory, "xenv_verify.rs"), contents: .bytes(Array(rustSource.utf8))),
        ]
    }

    static let rustSource = "fn main() {}\n"

    static let cSource = """
        /* Written by xenv --verify. */
        __declspec(dllimport) void __stdcall ExitProcess(unsigned);
        void xenv_verify_start(void) { ExitProcess(0); }

        """

    private func run(
        _ program: String, _ arguments: [String], _ variables: Environment, produces: String, plan: Plan?
    )
        -> Outcome
    {
        let command = ([program] + arguments).map { $0.contains(" ") ? PosixShellRenderer.quote($0) : $0 }.joined(
            separator: " ")
        let output: ProcessResult
        do {
            output = try processRunner.run(program, arguments, environment: variables)
        } catch {
            return .failed(
                command: command, output: "\(error)", cause: "\(style.lastComponent(program)) could not be started")
        }
        let text = String(decoding: output.standardOutput + output.standardError, as: UTF8.self).trimmingWhitespace
        guard output.succeeded else {
            let firstError = text.split(separator: "\n").first { $0.contains("error") }.map(String.init)
            return .failed(
                command: command, output: text,
                cause: firstError ?? "\(style.lastComponent(program)) exited with \(Self.describe(output.status))")
        }
        guard let plan else {
            return fileSystem.isFile(produces)
                ? .passed("wrote \(style.lastComponent(produces))")
                : .failed(command: command, output: text, cause: "\(style.lastComponent(program)) wrote no \(produces)")
        }
        guard let bytes = fileSystem.readFile(produces), let image = PEImage(bytes: bytes) else {
            return .failed(command: command, output: text, cause: "\(produces) is not a PE image")
        }
        guard image.machine == plan.target.peMachineValue else {
            return .failed(
                command: command, output: text,
                cause: "\(produces) is for machine \(image.machineHex), not \(plan.target.peMachine)")
        }
        return .passed("PE machine \(image.machineHex)")
    }

    /// An exit code as people look it up: a Windows status such as 0xC0000135 (STATUS_DLL_NOT_FOUND) in hex.
    static func describe(_ status: TerminationStatus) -> String {
        switch status {
        case .signaled(let signal): return "signal \(signal)"
        case .exited(let code) where code < 0 || code > 255:
            return "0x" + String(UInt32(bitPattern: code), radix: 16, uppercase: true)
        case .exited(let code): return "\(code)"
        }
    }

    /// A one-line Rust program, when rustc has the target's standard library.
    private func rust(_ plan: Plan, linker: String, variables: Environment) -> Outcome {
        guard rust.hasStandardLibrary(for: plan.target.triple) == true, let rustcPath = rust.rustc() else {
            return .skipped(
                "rustc has no standard library for \(plan.target.triple) (rustup target add \(plan.target.triple))")
        }
        let source = style.join(workDirectory, "xenv_verify.rs"),
            output = style.join(workDirectory, "xenv-verify-rust.exe")
        return run(
            rustcPath, ["--target", plan.target.triple, "-C", "linker=\(linker)", source, "-o", output], variables,
            produces: output, plan: plan)
    }

    /// The report, one line a step; a failure adds its command, the tool's output and the cause.
    public static func report(_ steps: [Step]) -> String {
        var text = ""
        for step in steps {
            switch step.outcome {
            case .passed(let detail): text += "verify: \(step.name): ok, \(detail) (\(step.milliseconds) ms)\n"
            case .skipped(let reason): text += "verify: \(step.name): skipped, \(reason)\n"
            case .failed(let command, let output, _):
                text += "verify: \(step.name): FAILED (\(step.milliseconds) ms)\n  command: \(command)\n"
                text += output.split(separator: "\n", omittingEmptySubsequences: false).map { "  | \($0)\n" }.joined()
            }
        }
        return text
    }

    /// The first failure, as the one-line error to exit with.
    public static func failure(_ steps: [Step]) -> XenvError? {
        for step in steps {
            if case .failed(_, _, let cause) = step.outcome {
                return .verificationFailed(step: step.name, cause: cause)
            }
        }
        return nil
    }
}

import XenvSystem

/// `xenv setup`: installs the shim, writes the cargo config and the CMake toolchain file, merges the linker
/// into a project's cargo config when asked, hands the environment to the CI system, and prints a summary.
/// `setup --remove-cargo-config` takes the merged block out again.
enum SetupCommand: XenvCommand {
    static let usage = ["xenv setup --target T [options] [-v]", "xenv setup --remove-cargo-config PATH"]
    static let summary = """
        Install the linker shim, write a cargo config and a CMake toolchain file for the target, and
        print what was found. In CI it also hands the environment to later steps (see --ci).
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let plan = try input.plan()
        let invocation = input.invocation, context = input.context, paths = input.paths
        var work = CommandWork(effects: Effects(writes: plan.files), warnings: plan.warnings)
        if let cargoConfig = invocation.cargoConfig {
            let path = try paths.absolute(cargoConfig, what: "--cargo-config")
            let existing = context.fileSystem.readFile(path).map { String(decoding: $0, as: UTF8.self) } ?? ""
            let merged = try CargoConfigMerge.merge(
                existing, triple: plan.target.triple, linker: plan.shimPath ?? plan.tools.linker.path,
                force: invocation.force, file: path)
            work.effects.writes.append(PlannedFile(path: path, contents: .bytes(Array(merged.utf8))))
        }
        switch input.ci {
        case .github:
            let github = try GitHubActions.files(for: plan, delimiter: input.process.delimiter)
            for (variable, text) in [
                (EnvironmentVariable.githubEnv, github.environment), (.githubPath, github.path),
                (.githubOutput, github.outputs),
                (.githubStepSummary, github.summary),
            ] {
                guard let path = context.environment.nonEmpty(variable), !text.isEmpty else { continue }
                let origin = "$" + variable.rawValue
                work.effects.appends.append(
                    PlannedAppend(
                        path: try paths.absoluteRequired(path, what: origin), bytes: Array(text.utf8), origin: origin))
            }
            work.output +=
                "::group::xenv: how each choice was made\n" + input.notes.map { $0 + "\n" }.joined() + "::endgroup::\n"
        case .azure:
            work.output += AzurePipelines.commands(for: plan)
        case .gitlab:
            if let dotenv = invocation.dotenv {
                work.effects.writes.append(
                    PlannedFile(
                        path: try paths.absolute(dotenv, what: "--dotenv"),
                        contents: .bytes(Array(try GitLabDotenv.render(plan).utf8))))
            }
        case nil:
            break
        }
        if invocation.printCMake {
            guard let toolchain = plan.cmakeToolchain else {
                throw .toolMissing(
                    "clang-cl", purpose: "a CMake toolchain file",
                    remedy: "install clang (it provides clang-cl) and put it on PATH")
            }
            work.output += toolchain + "\n"
        } else {
            work.output += SetupSummary.render(plan, request: invocation.request)
        }
        if invocation.verify { try DoctorCommand.addVerification(of: plan, to: &work, input: input) }
        return work
    }

    /// `setup --remove-cargo-config PATH`.
    static func removeCargoConfig(_ path: String, context: PlanningContext) throws(XenvError) -> CommandResult {
        let path = try HostPaths(context: context).absolute(path, what: "--remove-cargo-config")
        guard let bytes = context.fileSystem.readFile(path) else {
            throw .invalidPath(what: "--remove-cargo-config", path: path, reason: "there is no such file")
        }
        let removed = CargoConfigMerge.remove(String(decoding: bytes, as: UTF8.self), file: path)
        let outcomes = try PlanApplier.apply(
            Effects(writes: [PlannedFile(path: path, contents: .bytes(Array(removed.utf8)))]), in: context)
        let what = outcomes.first?.outcome == .written ? "removed xenv's block from" : "no xenv block in"
        return CommandResult(standardOutput: "xenv: \(what) \(path)\n")
    }
}

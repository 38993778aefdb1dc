import XenvSystem

/// `xenv doctor`: sets up like `setup` and proves the environment links (`EnvironmentVerifier`).
enum DoctorCommand: XenvCommand {
    static let usage = ["xenv doctor --target T [options] [-v]"]
    static let summary = """
        Prove the environment works: link a program for the target through the shim, compile and
        link a C file, build Rust when rustc has the target's library; check each PE header.
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let plan = try input.plan()
        var work = CommandWork(effects: Effects(writes: plan.files), warnings: plan.warnings)
        try addVerification(of: plan, to: &work, input: input)
        return work
    }

    /// The checks' sources among the writes, and the checks after them. A simulated Windows host cannot run
    /// the linker, so it refuses before anything is written.
    static func addVerification(of plan: Plan, to work: inout CommandWork, input: CommandInput) throws(XenvError) {
        guard !input.context.isSimulated else {
            throw .usage("--verify and doctor run the linker, which a simulated Windows host cannot")
        }
        let directory = input.paths.join(plan.targetDirectory, "verify")
        work.effects.writes += EnvironmentVerifier.sources(in: directory, style: input.context.host.pathStyle)
        work.followUp = .verify(plan, workDirectory: directory)
    }
}

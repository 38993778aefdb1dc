import XenvSystem

/// `xenv env`: installs the shim when needed and prints the environment for a shell to eval, or, for a
/// shell that cannot (cmd.exe), writes it to a file and prints the command that loads it.
enum EnvCommand: XenvCommand {
    static let usage = ["xenv env   --target T [options] [--shell S] [-v]"]
    static let summary = """
        Install the shim if needed and print the environment for a shell, e.g.
        eval "$(xenv env --target arm64)"  or  xenv env --target arm64 | source  (fish).
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let plan = try input.plan()
        let context = input.context
        let shell =
            input.invocation.shell ?? input.process.tables.shells.detect(parentProgram: input.process.parentProgram)
        let shellContext = ShellContext(
            listSeparator: context.host.os == .windows ? ";" : ":",
            msys: context.host.os == .windows && context.environment.nonEmpty(.msystem) != nil)
        let rendered = try shell.renderer.render(plan.environment, context: shellContext)
        var work = CommandWork(effects: Effects(writes: plan.files), warnings: plan.warnings)
        if let script = shell.script {
            let path = input.paths.join(plan.targetDirectory, script.fileName)
            work.effects.writes.append(PlannedFile(path: path, contents: .bytes(Array(rendered.utf8))))
            work.output = script.load(path) + "\n"
            if let unsafe = script.unsafeInPath, path.contains(where: unsafe.characters.contains) {
                work.warnings.append(
                    "the printed line may not load \(path): \(unsafe.reason); pass --out DIR without them, or copy "
                        + "\(script.fileName) to such a directory")
            }
        } else {
            work.output = rendered
        }
        return work
    }
}

/// The short report `xenv setup` prints: what it found, what it wrote, and how to use it.
public enum SetupSummary {
    public static func render(_ plan: Plan, request: PlanRequest) -> String {
        let layout: String
        switch plan.sysroot.layout {
        case .splat: layout = "xwin splat"
        case .winsysroot(let msvc, let sdk): layout = "winsysroot, MSVC \(msvc), SDK \(sdk)"
        }
        var lines = [
            "xenv: \(plan.target.triple) from \(plan.host)",
            "  sysroot    \(plan.sysroot.root) (\(layout))",
            "  linker     \(plan.tools.linker.path) (\(plan.tools.linker.kind.rawValue)), through \(plan.shimPath)",
            "  C compiler \(plan.tools.cCompiler ?? "none (Rust-only)")",
            "  archiver   \(plan.tools.archiver ?? "none")",
        ]
        lines += plan.files.map { "  file       \($0.path)" }
        var envCommand = "xenv env --target \(request.target)"
        if request.sysroot != nil { envCommand += " --sysroot \(PosixShellRenderer.quote(plan.sysroot.root))" }
        if request.stateDirectory != nil { envCommand += " --out \(PosixShellRenderer.quote(Path.parent(plan.targetDirectory)))" }
        lines += [
            "Build with:",
            "  cargo --config \(PosixShellRenderer.quote(plan.cargoConfigPath)) build --target \(plan.target.triple)",
            "or in a shell:",
            "  eval \"$(\(envCommand))\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

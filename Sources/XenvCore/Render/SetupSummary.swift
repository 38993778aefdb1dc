import XenvSystem

/// The short report `xenv setup` prints: what it found, what it wrote, and how to use it.
public enum SetupSummary {
    /// One row a choice, as the summary and the GitHub step summary show them.
    public static func rows(_ plan: Plan) -> [(label: String, value: String)] {
        var rows: [(String, String)] = []
        switch plan.toolchain {
        case .sysroot(let sysroot):
            let layout: String
            switch sysroot.layout {
            case .splat: layout = "xwin splat"
            case .winsysroot(let msvc, let sdk): layout = "winsysroot, MSVC \(msvc), SDK \(sdk)"
            }
            rows.append(("sysroot", "\(sysroot.root) (\(layout))"))
        case .visualStudio(let instance, let toolset, let sdk):
            rows.append(("Visual Studio", "\(instance.name) at \(instance.path) (\(instance.source.rawValue))"))
            rows.append(("MSVC toolset", "\(toolset.version) (\(toolset.hostDirectory))"))
            rows.append(("Windows SDK", "\(sdk.version) in \(sdk.root)"))
        }
        rows.append(("linker", "\(plan.tools.linker.path) (\(plan.tools.linker.kind.rawValue))"))
        rows.append(("shim", plan.shimPath ?? "none: link.exe needs no shim"))
        if case .sysroot = plan.toolchain {
            rows.append(("C compiler", plan.tools.cCompiler ?? "none (Rust-only)"))
            rows.append(("archiver", plan.tools.archiver ?? "none"))
        }
        return rows
    }

    public static func render(_ plan: Plan, request: PlanRequest) -> String {
        var lines = ["xenv: \(plan.target.triple) from \(plan.host)"]
        func padded(_ label: String) -> String { label + String(repeating: " ", count: max(0, 14 - label.count)) }
        lines += rows(plan).map { "  \(padded($0.label)) \($0.value)" }
        lines += plan.files.map { "  \(padded("file")) \($0.path)" }
        var envCommand = "xenv env --target \(request.target)"
        if case .sysroot(let sysroot) = plan.toolchain, request.sysroot != nil {
            envCommand += " --sysroot \(PosixShellRenderer.quote(sysroot.root))"
        }
        if let out = request.stateDirectory { envCommand += " --out \(PosixShellRenderer.quote(out))" }
        lines += [
            "Build with:",
            "  cargo --config \(PosixShellRenderer.quote(plan.cargoConfigPath)) build --target \(plan.target.triple)",
            "or in a shell:",
            "  eval \"$(\(envCommand))\"",
        ]
        return lines.joined(separator: "\n") + "\n"
    }
}

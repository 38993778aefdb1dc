import XenvSystem

/// Everything that can go wrong for a user, each rendered as one line that names the input and says what
/// to do. The library throws these; only `main` prints them and picks the exit code.
public enum XenvError: Error, Equatable, CustomStringConvertible {
    case usage(String)
    case unknownTarget(String, accepted: [String])
    case invalidDescriptor(file: String, reason: String)
    case sysrootNotFound(target: String, searched: [String], xwinArch: String)
    case sysrootMissingFile(sysroot: String, target: String, file: String, lookedIn: [String], xwinArch: String)
    case sysrootUnknownLayout(String)
    case sysrootCannotServe(target: String, reason: String, component: String)
    case linkerNotFound(requested: String, searched: String)
    case linkerUnusable(path: String, reason: String)
    case invalidPath(what: String, path: String, reason: String)
    case shimNotFound(lookedAt: String)
    case writeFailed(path: String, reason: String)
    /// `fetchArch`: the architecture for `xenv sysroot fetch`, when a sysroot could build the target instead (not
    /// arm64ec, not with options that choose Visual Studio).
    case visualStudioNotFound(target: String, component: String, searched: [String], fetchArch: String?)
    case visualStudioComponentMissing(name: String, path: String, target: String, component: String, installer: String)
    case toolsetNotFound(
        visualStudio: String, target: String, requested: VersionPin?, reasons: [String], component: String)
    case windowsSDKNotFound(root: String, target: String, arch: String, requested: VersionPin?, reasons: [String])
    case githubEnvironmentRefused(name: String, reason: String)
    /// A `linker` for the triple outside xenv's block that `--force` can comment out (`line` counts from 1).
    case cargoConfigLinkerConflict(file: String, line: Int, text: String, triple: String)
    /// A `linker` for the triple inside an inline table, which no line-wise edit can take out.
    case cargoConfigInlineLinker(file: String, line: Int, text: String, triple: String, tableHeader: String)
    /// A cargo config xenv cannot add its block to; `reason` says what is wrong, `remedy` what to do.
    case cargoConfigCannotMerge(file: String, line: Int, text: String, reason: String, remedy: String)
    case unrenderable(name: String, format: String, reason: String)
    case commandNotFound(String, searched: String)
    case toolMissing(String, purpose: String, remedy: String)
    case licenseNotAccepted(url: String)
    case fetchFailed(String)
    case commandFailed(command: String, reason: String)
    case verificationFailed(step: String, cause: String)

    /// Visual Studio cannot build the target: none installed, or none with its component, toolset or SDK.
    var isVisualStudioShortfall: Bool {
        switch self {
        case .visualStudioNotFound, .visualStudioComponentMissing, .toolsetNotFound, .windowsSDKNotFound: true
        default: false
        }
    }

    public var description: String {
        switch self {
        case .usage(let message):
            return "\(message) (see `xenv --help`)"
        case .unknownTarget(let name, let accepted):
            return "unknown --target '\(name)'\(NameSuggestion.suggestion(name, accepted)); accepted: "
                + accepted.joined(separator: ", ")
        case .invalidDescriptor(let file, let reason):
            return "target descriptor toolchains/\(file) is invalid: \(reason)"
        case .sysrootNotFound(let target, let searched, let xwinArch):
            return "no sysroot for \(target) found (looked in \(searched.joined(separator: ", "))); "
                + "make one with `xenv sysroot fetch --accept-license`, or splat one with "
                + "`xwin --accept-license --arch \(xwinArch) splat --output DIR` and pass --sysroot DIR "
                + "(or set XENV_SYSROOT=DIR)"
        case .sysrootMissingFile(let sysroot, let target, let file, let lookedIn, let xwinArch):
            return "sysroot \(sysroot) does not serve \(target): no \(file) in "
                + lookedIn.joined(separator: " or ")
                + "; fetch one with `xenv sysroot fetch --accept-license --arch \(xwinArch)` (naming every "
                + "architecture you build for) or splat one with `xwin --accept-license --arch \(xwinArch) splat "
                + "--output DIR`"
        case .sysrootUnknownLayout(let sysroot):
            return "sysroot \(sysroot) is not an xwin splat: expected crt/ and sdk/, or VC/Tools/MSVC/ and "
                + "'Windows Kits/10/'; pass the directory xwin splatted into"
        case .sysrootCannotServe(let target, let reason, let component):
            return "\(target) cannot be built from an xwin sysroot: \(reason); build it on a Windows host with "
                + "Visual Studio's \(component)"
        case .linkerNotFound(let requested, let searched):
            return "no linker for --linker \(requested): looked for \(searched); install LLVM's lld-link "
                + "or the Rust toolchain's rust-lld, or pass --linker PATH"
        case .linkerUnusable(let path, let reason):
            return "--linker \(path) cannot be used: \(reason)"
        case .invalidPath(let what, let path, let reason):
            return "\(what) '\(path)' cannot be used: \(reason)"
        case .shimNotFound(let path):
            return "the linker shim is not at \(path); reinstall xenv (`make install`) so xenv-link sits next to xenv"
        case .writeFailed(let path, let reason):
            return "cannot write \(path): \(reason); check that the directory is writable or pass --out DIR"
        case .visualStudioNotFound(let target, let component, let searched, let fetchArch):
            return
                "no Visual Studio with the C++ tools for \(target) found (looked in "
                + "\(searched.joined(separator: ", "))); "
                + "install the Build Tools with `vs_BuildTools.exe --add Microsoft.VisualStudio.Workload.VCTools "
                + "--add \(component)`"
                + " or pass --vs DIR"
                + (fetchArch.map {
                    ", or build without Visual Studio from the CRT and SDK that "
                        + "`xenv sysroot fetch --accept-license --arch \($0)` downloads"
                } ?? "")
        case .visualStudioComponentMissing(let name, let path, let target, let component, let installer):
            return "\(name) at \(path) lacks the component \(component) that \(target) needs; add it with "
                + "`\"\(installer)\" modify --installPath \"\(path)\" --add \(component) --passive`"
        case .toolsetNotFound(let visualStudio, let target, let requested, let reasons, let component):
            let matching = requested.map { " matching \($0.label)" } ?? ""
            let found = reasons.isEmpty ? "none installed" : reasons.joined(separator: "; ")
            return "no MSVC toolset\(matching) in \(visualStudio)\\VC\\Tools\\MSVC serves \(target) (\(found)); "
                + "install the component \(component) with the Visual Studio Installer\(requested?.clearing ?? "")"
        case .windowsSDKNotFound(let root, let target, let arch, let requested, let reasons):
            let which = requested.map { "Windows SDK matching \($0.label)" } ?? "Windows SDK"
            let found = reasons.isEmpty ? "none installed" : reasons.joined(separator: "; ")
            return "no \(which) in \(root) has the \(arch) libraries for \(target) (\(found)); install the SDK "
                + "option OptionId.DesktopCPP\(arch) (\"Windows SDK for Desktop C++ \(arch) Apps\"), or add "
                + "Microsoft.VisualStudio.Component.Windows11SDK.26100 with the Visual Studio "
                + "Installer\(requested?.clearing ?? "")"
        case .commandNotFound(let command, let searched):
            return "command '\(command)' not found on PATH (\(searched)); give its path or check its name"
        case .licenseNotAccepted(let url):
            return "nothing was downloaded: the Microsoft Visual Studio license must be accepted first; read it at "
                + "\(url), then pass --accept-license (or set XENV_ACCEPT_LICENSE=1)"
        case .fetchFailed(let reason):
            return reason
        case .toolMissing(let tool, let purpose, let remedy):
            return "no \(tool) for \(purpose); \(remedy)"
        case .verificationFailed(let step, let cause):
            return "the environment does not work: \(step) failed: \(cause); see the report above, fix it and run again"
        case .commandFailed(let command, let reason):
            return "cannot run \(command): \(reason)"
        case .unrenderable(let name, let format, let reason):
            return "cannot write \(name) for \(format): \(reason); use another --shell (json, sh, pwsh)"
        case .githubEnvironmentRefused(let name, let reason):
            return "cannot pass \(name) to later steps through $GITHUB_ENV: \(reason)"
        case .cargoConfigLinkerConflict(let file, let line, let text, let triple):
            return
                "\(file):\(line) already sets a linker for \(triple): \(text); pass --force to have xenv comment "
                + "it out, "
                + "or remove the line"
        case .cargoConfigInlineLinker(let file, let line, let text, let triple, let tableHeader):
            return
                "\(file):\(line) sets a linker for \(triple) inside an inline table: \(text); --force cannot comment "
                + "that out, so edit it by hand (drop its linker, or write the table as \(tableHeader))"
        case .cargoConfigCannotMerge(let file, let line, let text, let reason, let remedy):
            return "\(file):\(line) \(reason): \(text); \(remedy)"
        }
    }

    /// 64 for a command line that cannot be used (EX_USAGE), 1 for everything else.
    public var exitCode: Int32 {
        switch self {
        case .usage, .unknownTarget: 64
        default: 1
        }
    }
}

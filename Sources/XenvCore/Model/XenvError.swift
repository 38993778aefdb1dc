/// Everything that can go wrong for a user, each rendered as one line that names the input and says what
/// to do. The library throws these; only `main` prints them and picks the exit code.
public enum XenvError: Error, Equatable, CustomStringConvertible {
    case usage(String)
    case unknownTarget(String, accepted: [String])
    case invalidDescriptor(file: String, reason: String)
    case sysrootNotFound(target: String, searched: [String])
    case sysrootMissingFile(sysroot: String, target: String, file: String, lookedIn: [String])
    case sysrootUnknownLayout(String)
    case linkerNotFound(requested: String, searched: String)
    case linkerUnusable(path: String, reason: String)
    case invalidPath(what: String, path: String, reason: String)
    case shimNotFound(lookedAt: String)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case .usage(let message):
            return "\(message) (see `xenv --help`)"
        case .unknownTarget(let name, let accepted):
            return "unknown --target '\(name)'; accepted: \(accepted.joined(separator: ", "))"
        case .invalidDescriptor(let file, let reason):
            return "target descriptor toolchains/\(file) is invalid: \(reason)"
        case .sysrootNotFound(let target, let searched):
            return "no sysroot for \(target) found (looked in \(searched.joined(separator: ", "))); "
                + "pass --sysroot DIR or set XENV_SYSROOT to an xwin splat"
        case .sysrootMissingFile(let sysroot, let target, let file, let lookedIn):
            return "sysroot \(sysroot) does not serve \(target): no \(file) in "
                + lookedIn.joined(separator: " or ")
                + "; splat one with `xwin --accept-license --arch <arch> splat --output DIR`"
        case .sysrootUnknownLayout(let sysroot):
            return "sysroot \(sysroot) is not an xwin splat: expected crt/ and sdk/, or VC/Tools/MSVC/ and "
                + "'Windows Kits/10/'; pass the directory xwin splatted into"
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

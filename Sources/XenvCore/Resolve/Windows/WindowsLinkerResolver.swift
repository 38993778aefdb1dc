import XenvSystem

/// The linker on a Windows host: rust-lld from the Rust toolchain, else Visual Studio's lld-link, else the
/// toolset's link.exe, which needs no shim.
struct WindowsLinkerResolver {
    var fileSystem: FileSystem
    var windowsHost: WindowsHost
    var rust: RustToolchain
    var workingDirectory: String

    init(context: PlanningContext) {
        fileSystem = context.fileSystem
        windowsHost = context.windowsHost
        rust = RustToolchain(context: context)
        workingDirectory = context.workingDirectory
    }

    func resolve(
        _ choice: LinkerChoice, target: TargetDescriptor, instance: VisualStudioInstance, toolset: MSVCToolset,
        notes: inout [String]
    ) throws(XenvError) -> Linker {
        let llvmCandidates = windowsHost.llvmBinDirectories.map { WindowsPath.join(instance.path, $0, "lld-link.exe") }
        let vsLLDLink = llvmCandidates.first(where: fileSystem.isFile) ?? llvmCandidates[0]
        let link = WindowsPath.join(toolset.directory, "bin", toolset.hostDirectory, target.vsArch, "link.exe")
        switch choice {
        case .automatic:
            if let rustLLD = rust.rustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            if fileSystem.isFile(vsLLDLink) { return Linker(path: vsLLDLink, kind: .lldLink) }
            notes.append("linker: no \(vsLLDLink)")
            return Linker(path: link, kind: .msvcLink)
        case .rustLLD:
            if let rustLLD = rust.rustLLD(notes: &notes) { return Linker(path: rustLLD, kind: .rustLLD) }
            throw .linkerNotFound(requested: "rust-lld", searched: rust.rustLLDDescription)
        case .lldLink:
            if fileSystem.isFile(vsLLDLink) { return Linker(path: vsLLDLink, kind: .lldLink) }
            throw .linkerNotFound(
                requested: "lld-link",
                searched: vsLLDLink + " (the Visual Studio component Microsoft.VisualStudio.Component.VC.Llvm.Clang)")
        case .path(let given):
            let path = WindowsPath.absolute(given, relativeTo: workingDirectory)
            guard fileSystem.isFile(path) else {
                throw .linkerUnusable(path: given, reason: "it is not an executable file")
            }
            let name = WindowsPath.lastComponent(path)
            if name.lowercased() == "link.exe" { return Linker(path: path, kind: .msvcLink) }
            guard let kind = Linker.shimKind(forProgramName: name) else {
                throw .linkerUnusable(
                    path: given, reason: "its name must be lld-link, rust-lld, lld or link (with .exe)")
            }
            return Linker(path: path, kind: Linker.Kind(kind))
        }
    }
}

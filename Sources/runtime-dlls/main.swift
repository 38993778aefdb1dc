// runtime-dlls: copies into a directory the DLLs that Windows executables need from another directory, read
// from their import tables (and those of the DLLs they pull in). scripts/release-pack.sh runs it on Windows to
// put the Swift runtime beside xenv.exe and xenv-link.exe, so the release runs on a machine without Swift;
// `xenv setup` copies the same DLLs beside each shim it installs.
//
// Usage: runtime-dlls --from DIR --into DIR EXECUTABLE...
import XenvCore
import XenvSystem

let system = NativeCalls()

func fail(_ message: String) -> Never {
    system.write(2, Array("runtime-dlls: \(message)\n".utf8))
    system.exit(message.hasPrefix("usage") ? 64 : 1)
}

var from: String?, into: String?, executables: [String] = []
var arguments = CommandLine.arguments.dropFirst()
while let argument = arguments.popFirst() {
    switch argument {
    case "--from": from = arguments.popFirst()
    case "--into": into = arguments.popFirst()
    default: executables.append(argument)
    }
}
guard let from, let into, !executables.isEmpty else { fail("usage: runtime-dlls --from DIR --into DIR EXECUTABLE...") }
let fileSystem = SystemFileSystem(pathStyle: .native, calls: system, processIdentifier: system.processIdentifier())
let style = PathStyle.native
let workingDirectory = system.currentDirectory() ?? "."
let source = style.absolute(from, relativeTo: workingDirectory)
let destination = style.absolute(into, relativeTo: workingDirectory)
let programs = executables.map { style.absolute($0, relativeTo: workingDirectory) }
for program in programs where fileSystem.readFile(program).flatMap(PEImage.init(bytes:)) == nil {
    fail("\(program) is not a PE image (a Windows .exe or .dll)")
}
for library in RuntimeLibraries.closure(of: programs, in: source, fileSystem: fileSystem) {
    let path = style.join(source, library)
    guard let bytes = fileSystem.readFile(path) else { fail("cannot read \(path)") }
    do {
        try fileSystem.writeFileAtomically(style.join(destination, library), bytes: bytes, executable: false)
    } catch {
        fail("cannot write \(style.join(destination, library)): \(error)")
    }
    system.write(1, Array("\(library)\n".utf8))
}

import XenvSystem

/// One environment variable xenv sets, with its final value.
public struct EnvironmentAssignment: Equatable, Sendable {
    public var name: String
    public var value: String

    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

/// A file xenv writes into its state directory.
public struct PlannedFile: Equatable, Sendable {
    public enum Contents: Equatable, Sendable {
        case bytes([UInt8])
        /// A copy of another file (the shim binary that ships next to xenv).
        case copy(of: String)
        /// A symbolic link to a file on the host (a tool under another name, as `llvm-lib` for llvm-ar); where
        /// the file system holds no symbolic links, a hard link or a copy of it.
        case symlink(to: String)
    }

    public var path: String
    public var contents: Contents
    public var executable: Bool

    public init(path: String, contents: Contents, executable: Bool = false) {
        self.path = path
        self.contents = contents
        self.executable = executable
    }
}

/// Everything xenv decided for one target, as a value: what it found, the variables to set and the files
/// to write. Renderers turn it into shell code or JSON; `PlanApplier` writes the files.
public struct Plan: Equatable, Sendable {
    /// What the target's headers, libraries and tools come from.
    public enum Toolchain: Equatable, Sendable {
        /// An xwin splat, on Linux and macOS hosts.
        case sysroot(Sysroot)
        /// Visual Studio and the Windows SDK, on Windows hosts.
        case visualStudio(instance: VisualStudioInstance, toolset: MSVCToolset, sdk: WindowsSDK)
    }

    public var target: TargetDescriptor
    public var host: Host
    public var toolchain: Toolchain
    public var tools: Tools
    /// The target's own directory in the state directory.
    public var targetDirectory: String
    /// The installed shim, which cargo runs as the linker; nil when the linker needs none (link.exe).
    public var shimPath: String?
    public var cargoConfigPath: String
    /// The CMake toolchain file: always on Windows hosts; on Linux and macOS only when clang-cl was found.
    public var cmakeToolchain: String?
    /// Every variable with its final value (`PATH` included, when it changes).
    public var environment: [EnvironmentAssignment]
    /// The directories put in front of PATH, in order: what CI systems get as path additions.
    public var pathPrepend: [String]
    /// The directories put after PATH's own entries (Windows hosts: VS's CMake, Ninja and vcpkg, which a prompt
    /// appends). CI systems can only prepend, so only `env` and `exec` pass these on.
    public var pathAppend: [String]
    public var files: [PlannedFile]
    /// What is missing but not fatal.
    public var warnings: [String]
}

extension Environment {
    /// This environment with `assignments` set. On Windows a name replaces every spelling of it, so `PATH`
    /// replaces `Path` and a child gets one PATH.
    public func applying(_ assignments: [EnvironmentAssignment]) -> Environment {
        var result = self
        for assignment in assignments { result[assignment.name] = assignment.value }
        return result
    }
}

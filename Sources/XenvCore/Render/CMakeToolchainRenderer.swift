import XenvSystem

/// A CMake toolchain file for the target, for cmake-rs (`CMAKE_TOOLCHAIN_FILE_<t>`) and for
/// `cmake -DCMAKE_TOOLCHAIN_FILE=...`. On Linux and macOS: clang-cl and llvm-lib, the shim as linker (it carries
/// the library directories), the sysroot's headers as standard include directories, no manifest tool, and an
/// override that keeps clang-cl from reading a source path such as `/Users/x.c` as an option. On Windows: the
/// compiler, archiver and linker xenv chose; headers and libraries come from the VsDevCmd environment.
public enum CMakeToolchainRenderer {
    /// - Parameter releaseRuntimeOnly: the sysroot has no debug CRT: every configuration links the release DLL
    ///   runtime (`/MD`, msvcrt.lib, as Rust does), unless the project set `CMAKE_MSVC_RUNTIME_LIBRARY` itself.
    public static func render(
        target: TargetDescriptor, compiler: String, archiver: String?, linker: String, includeDirectories: [String],
        overridePath: String?, releaseRuntimeOnly: Bool = false
    ) -> String {
        var lines = [
            "# Written by xenv for \(target.triple); `xenv setup` rewrites it.",
            "set(CMAKE_SYSTEM_NAME Windows)",
            "set(CMAKE_SYSTEM_PROCESSOR \(target.cmakeProcessor))",
            "set(CMAKE_C_COMPILER \(quote(compiler)))",
            "set(CMAKE_CXX_COMPILER \(quote(compiler)))",
            "set(CMAKE_C_COMPILER_TARGET \(target.clangTarget))",
            "set(CMAKE_CXX_COMPILER_TARGET \(target.clangTarget))",
        ]
        if let archiver { lines.append("set(CMAKE_AR \(quote(archiver)))") }
        lines.append("set(CMAKE_LINKER \(quote(linker)))")
        guard let overridePath else { return lines.joined(separator: "\n") + "\n" }
        let includes = quote(includeDirectories.joined(separator: ";"))
        lines += [
            "set(CMAKE_C_STANDARD_INCLUDE_DIRECTORIES \(includes))",
            "set(CMAKE_CXX_STANDARD_INCLUDE_DIRECTORIES \(includes))",
            "# No manifest tool is needed for a cross build.",
            "set(CMAKE_EXE_LINKER_FLAGS_INIT /manifest:no)",
            "set(CMAKE_SHARED_LINKER_FLAGS_INIT /manifest:no)",
            "set(CMAKE_MODULE_LINKER_FLAGS_INIT /manifest:no)",
            "set(CMAKE_USER_MAKE_RULES_OVERRIDE \(quote(overridePath)))",
            "set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)",
        ]
        if releaseRuntimeOnly { lines += releaseRuntime }
        return lines.joined(separator: "\n") + "\n"
    }

    /// CMake's default runtime is `/MDd` in Debug, its default configuration for MSVC-like compilers (and
    /// cmake-rs' at opt-level 0); its msvcrtd.lib is in an xwin splat only with `--include-debug-libs`.
    static let releaseRuntime = [
        "# The sysroot has no debug CRT (msvcrtd.lib; xwin splats it with --include-debug-libs): every",
        "# configuration links the release DLL runtime, as Rust does, unless the project chose a runtime.",
        "set(CMAKE_POLICY_DEFAULT_CMP0091 NEW)",
        "if(NOT DEFINED CMAKE_MSVC_RUNTIME_LIBRARY)",
        "  set(CMAKE_MSVC_RUNTIME_LIBRARY MultiThreadedDLL)",
        "endif()",
    ]

    /// Loaded after CMake's platform files: `-c -- <SOURCE>` ends clang-cl's options before the source path.
    public static let rulesOverride = """
        # Written by xenv: clang-cl reads a path such as /Users/x.c as the option /U; `--` ends the options.
        string(REPLACE "-c <SOURCE>" "-c -- <SOURCE>" CMAKE_C_COMPILE_OBJECT "${CMAKE_C_COMPILE_OBJECT}")
        string(REPLACE "-c <SOURCE>" "-c -- <SOURCE>" CMAKE_CXX_COMPILE_OBJECT "${CMAKE_CXX_COMPILE_OBJECT}")

        """

    /// A CMake quoted argument: `\`, `"` and `$` escaped.
    static func quote(_ value: String) -> String {
        "\""
            + value.replacingAll("\\", with: "\\\\").replacingAll("\"", with: "\\\"")
            .replacingAll("$", with: "\\$") + "\""
    }
}

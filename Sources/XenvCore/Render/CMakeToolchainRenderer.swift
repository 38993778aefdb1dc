import XenvSystem

/// A CMake toolchain file for the target, for cmake-rs (`CMAKE_TOOLCHAIN_FILE_<t>`) and for
/// `cmake -DCMAKE_TOOLCHAIN_FILE=...`. On Linux and macOS: clang-cl and llvm-lib, the shim as linker (it carries
/// the library directories), the sysroot's headers as standard include directories, no manifest tool, and an
/// override that keeps clang-cl from reading a source path such as `/Users/x.c` as an option. On Windows: the
/// compiler, archiver and linker xenv chose; headers and libraries come from the VsDevCmd environment.
public enum CMakeToolchainRenderer {
    public static func render(
        target: TargetDescriptor, compiler: String, archiver: String?, linker: String, includeDirectories: [String],
        overridePath: String?
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
        return lines.joined(separator: "\n") + "\n"
    }

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

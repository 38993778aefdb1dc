import XenvSystem

/// The cargo config that `xenv setup` writes: usable as `cargo --config <file>` without touching the
/// project's own `.cargo/config.toml`. Paths are absolute, since cargo resolves relative paths in a
/// `--config` file two directories up.
public enum CargoConfigRenderer {
    public static func render(triple: String, linker: String, environment: [EnvironmentAssignment]) -> String {
        var text = "# Written by xenv for \(triple); `xenv setup` rewrites it.\n"
        text += "# Use: cargo --config <this file> build --target \(triple)\n\n"
        text += "[target.\(TOMLText.key(triple))]\n"
        text += "linker = \(TOMLText.string(linker))\n"
        if !environment.isEmpty {
            // [env] never overrides a variable that is already set, so an exported `xenv env` still wins.
            text += "\n[env]\n"
            for assignment in environment {
                text += "\(TOMLText.key(assignment.name)) = \(TOMLText.string(assignment.value))\n"
            }
        }
        return text
    }
}

enum TOMLText {
    /// A bare key when it is one, else a quoted key.
    static func key(_ name: String) -> String {
        let bare =
            !name.isEmpty
            && name.unicodeScalars.allSatisfy {
                ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_"
                    || $0 == "-"
            }
        return bare ? name : string(name)
    }

    /// A TOML basic string; the escapes TOML shares with JSON.
    static func string(_ value: String) -> String { JSONText.string(value) }
}

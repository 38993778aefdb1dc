import XenvSystem

/// The help, made from the commands (`Commands/`) and the option table (`CommandLineOption`), so that what
/// the help says, what the parser takes and what the completions offer cannot drift apart. The README
/// carries the full text (a test compares it).
public enum Help {
    public static let version = "xenv 0.1.0"

    static let title =
        "xenv: a cross-compilation environment for Windows MSVC targets (aarch64-pc-windows-msvc and others)"
    static let otherUsage = ["xenv completions bash|zsh|fish", "xenv help [COMMAND] | --help | --version"]
    static let exitStatus =
        "Exit status: 0 success, 1 failure (including a failed check), 64 usage error; exec: the command's."
    /// A line under a section's options.
    static let sectionNotes: [CommandLineOption.Section: String] = [
        .windowsHosts:
            #"XENV_WINDOWS_ROOT=DIR simulates a Windows host whose drives are directories of DIR (C:\X is DIR/C/X)."#
    ]

    /// All of the help.
    public static func text(_ tables: CommandLineTables) -> String {
        var lines = [title, "", "Usage:"]
        lines += Invocation.Command.allCases.flatMap { command in command.implementation.usage }.map { "  " + $0 }
        lines += otherUsage.map { "  " + $0 }
        lines += ["", "Commands:"] + Invocation.Command.allCases.flatMap(summaryLines)
        for section in CommandLineOption.Section.allCases {
            lines += ["", section.rawValue + ":"]
            lines += CommandLineOption.all.filter { $0.section == section }.flatMap { optionLines($0, tables) }
            if let note = sectionNotes[section] { lines.append("  " + note) }
        }
        lines += ["", exitStatus]
        return lines.joined(separator: "\n") + "\n"
    }

    /// One command's help: its usage, what it does, and every option it takes.
    public static func text(for command: Invocation.Command, _ tables: CommandLineTables) -> String {
        let lines =
            ["Usage:"] + command.implementation.usage.map { "  " + $0 } + ["", "Command:"] + summaryLines(command)
            + ["", "Options:"] + CommandLineOption.accepted(by: command).flatMap { optionLines($0, tables) }
        return lines.joined(separator: "\n") + "\n"
    }

    static func summaryLines(_ command: Invocation.Command) -> [String] {
        let name = command.rawValue
        return command.implementation.summary.split(separator: "\n").enumerated().map { index, line in
            index == 0
                ? "  " + name + String(repeating: " ", count: max(1, 8 - name.count)) + line : "          " + line
        }
    }

    /// `  --target T     Target triple ...`: the label in a 15-column field (longer ones take two spaces), the
    /// text's further lines under its first.
    static func optionLines(_ option: CommandLineOption, _ tables: CommandLineTables) -> [String] {
        let label = option.spellings.joined(separator: ", ") + (option.placeholder.map { " " + $0 } ?? "")
        let field = label.count <= 13 ? label + String(repeating: " ", count: 15 - label.count) : label + "  "
        let text = option.help(tables).split(separator: "\n").flatMap { wrapped(String($0), width: width - 17) }
        return text.enumerated().map { index, line in
            index == 0 ? "  " + field + line : String(repeating: " ", count: 17) + line
        }
    }

    /// The widest help line: texts made from the catalog or the shells wrap to it.
    static let width = 118

    /// `line` broken at spaces into lines of at most `width` characters (a longer word stays whole).
    static func wrapped(_ line: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty && current.count + 1 + word.count > width {
                lines.append(current)
                current = String(word)
            } else {
                current += (current.isEmpty ? "" : " ") + word
            }
        }
        return lines + [current]
    }
}

import XenvSystem

/// `xenv completions bash|zsh|fish`: completion scripts made from the option table, so they offer exactly the
/// commands, options and values the parser accepts.
public enum CompletionScripts {
    public enum Shell: String, CaseIterable, Sendable { case bash, zsh, fish }

    static let commands = Invocation.commandNames + ["help", "completions"]

    static func spellings(for command: Invocation.Command) -> [String] {
        CommandLineOption.accepted(by: command).flatMap { option in
            [option.name] + (option.shortName.map { [$0] } ?? [])
        } + ["--help"]
    }

    public static func script(for shell: Shell, tables: CommandLineTables) -> String {
        switch shell {
        case .bash: bash(tables)
        case .zsh:
            "# xenv completion for zsh: source <(xenv completions zsh)\nautoload -U +X bashcompinit && bashcompinit\n"
                + bash(tables)
        case .fish: fish(tables)
        }
    }

    private static func bash(_ tables: CommandLineTables) -> String {
        let names = Invocation.commandNames.joined(separator: " ")
        var text = """
            # xenv completion for bash: source <(xenv completions bash)
            _xenv() {
                local current=${COMP_WORDS[COMP_CWORD]} previous=${COMP_WORDS[COMP_CWORD-1]}
                if [ "$COMP_CWORD" -eq 1 ]; then
                    COMPREPLY=($(compgen -W "\(commands.joined(separator: " "))" -- "$current"))
                    return
                fi
                case "$previous" in

            """
        var seen = Set<String>()
        // `--out` means the state directory for most commands and the sysroot for `sysroot fetch`: one case.
        let valueOptions = CommandLineOption.all.filter { $0.takesValue && seen.insert($0.name).inserted }
        for option in valueOptions.sorted(by: { $0.name < $1.name }) {
            switch option.completion {
            case .values(let values):
                text +=
                    "        \(option.name)) COMPREPLY=($(compgen -W "
                    + "\"\(values(tables).joined(separator: " "))\" -- \"$current\")); return ;;\n"
            case .path:
                text += "        \(option.name)) COMPREPLY=($(compgen -f -- \"$current\")); return ;;\n"
            case .none:
                text += "        \(option.name)) return ;;\n"
            }
        }
        text += "    esac\n    case \"${COMP_WORDS[1]}\" in\n"
        for command in Invocation.Command.allCases {
            text +=
                "        \(command.rawValue)) COMPREPLY=($(compgen -W "
                + "\"\(spellings(for: command).joined(separator: " "))\" -- \"$current\")) ;;\n"
        }
        text += "        help) COMPREPLY=($(compgen -W \"\(names)\" -- \"$current\")) ;;\n"
        text +=
            "        completions) COMPREPLY=($(compgen -W "
            + "\"\(Shell.allCases.map(\.rawValue).joined(separator: " "))\" -- \"$current\")) ;;\n"
        text += "    esac\n}\ncomplete -F _xenv xenv\n"
        return text
    }

    private static func fish(_ tables: CommandLineTables) -> String {
        var text = "# xenv completion for fish: xenv completions fish | source\ncomplete -c xenv -f\n"
        text += "complete -c xenv -n __fish_use_subcommand -a '\(commands.joined(separator: " "))'\n"
        for command in Invocation.Command.allCases {
            for option in CommandLineOption.accepted(by: command) {
                var line =
                    "complete -c xenv -n '__fish_seen_subcommand_from \(command.rawValue)' -l "
                    + "\(option.name.dropFirst(2))"
                if let short = option.shortName { line += " -s \(short.dropFirst())" }
                switch option.completion {
                case .values(let values): line += " -x -a '\(values(tables).joined(separator: " "))'"
                case .path: line += " -r -F"
                case .none: if option.takesValue { line += " -x" }
                }
                text += line + "\n"
            }
            text += "complete -c xenv -n '__fish_seen_subcommand_from \(command.rawValue)' -l help\n"
        }
        text +=
            "complete -c xenv -n '__fish_seen_subcommand_from help' -a "
            + "'\(Invocation.commandNames.joined(separator: " "))'\n"
        text +=
            "complete -c xenv -n '__fish_seen_subcommand_from completions' -a "
            + "'\(Shell.allCases.map(\.rawValue).joined(separator: " "))'\n"
        return text
    }
}

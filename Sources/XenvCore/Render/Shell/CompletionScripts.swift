import XenvSystem
/// `xenv completions bash|zsh|fish`: completion scripts made from the command line's own tables, so they
/// offer exactly the commands, options and values the parser accepts.
public enum CompletionScripts {
    public enum Shell: String, CaseIterable, Sendable { case bash, zsh, fish }

    static let commands = Invocation.Command.allCases.map(\.rawValue) + ["help", "completions"]
    static let fileOptions = ["--sysroot", "--out", "--vs", "--dotenv", "--cargo-config", "--remove-cargo-config"]

    static func values(for option: String, catalog: TargetCatalog) -> [String]? {
        switch option {
        case "--target": catalog.acceptedNames
        case "--shell": ShellKind.acceptedNames
        case "--linker": ["auto", "rust-lld", "lld-link"]
        case "--ci": Invocation.CIChoice.allCases.map(\.rawValue)
        case "--cc": ["cl", "clang-cl"]
        default: nil
        }
    }

    static func options(for command: Invocation.Command) -> [String] {
        Invocation.valueOptions(for: command) + Invocation.flagOptions(for: command) + ["--verbose", "--quiet", "--help"]
    }

    public static func script(for shell: Shell, catalog: TargetCatalog) -> String {
        switch shell {
        case .bash: bash(catalog)
        case .zsh: "# xenv completion for zsh: source <(xenv completions zsh)\nautoload -U +X bashcompinit && bashcompinit\n" + bash(catalog)
        case .fish: fish(catalog)
        }
    }

    private static func bash(_ catalog: TargetCatalog) -> String {
        let valueOptions = Set(Invocation.Command.allCases.flatMap(Invocation.valueOptions(for:))).sorted()
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
        for option in valueOptions {
            if let values = values(for: option, catalog: catalog) {
                text += "        \(option)) COMPREPLY=($(compgen -W \"\(values.joined(separator: " "))\" -- \"$current\")); return ;;\n"
            } else if fileOptions.contains(option) {
                text += "        \(option)) COMPREPLY=($(compgen -f -- \"$current\")); return ;;\n"
            } else {
                text += "        \(option)) return ;;\n"
            }
        }
        text += "    esac\n    case \"${COMP_WORDS[1]}\" in\n"
        for command in Invocation.Command.allCases {
            text += "        \(command.rawValue)) COMPREPLY=($(compgen -W \"\(options(for: command).joined(separator: " "))\" -- \"$current\")) ;;\n"
        }
        text += "        help) COMPREPLY=($(compgen -W \"\(Invocation.Command.allCases.map(\.rawValue).joined(separator: " "))\" -- \"$current\")) ;;\n"
        text += "        completions) COMPREPLY=($(compgen -W \"\(Shell.allCases.map(\.rawValue).joined(separator: " "))\" -- \"$current\")) ;;\n"
        text += "    esac\n}\ncomplete -F _xenv xenv\n"
        return text
    }

    private static func fish(_ catalog: TargetCatalog) -> String {
        var text = "# xenv completion for fish: xenv completions fish | source\ncomplete -c xenv -f\n"
        text += "complete -c xenv -n __fish_use_subcommand -a '\(commands.joined(separator: " "))'\n"
        for command in Invocation.Command.allCases {
            for option in options(for: command) {
                let name = String(option.dropFirst(2))
                var line = "complete -c xenv -n '__fish_seen_subcommand_from \(command.rawValue)' -l \(name)"
                if let values = values(for: option, catalog: catalog) {
                    line += " -x -a '\(values.joined(separator: " "))'"
                } else if fileOptions.contains(option) {
                    line += " -r -F"
                } else if Invocation.valueOptions(for: command).contains(option) {
                    line += " -x"
                }
                text += line + "\n"
            }
        }
        text += "complete -c xenv -n '__fish_seen_subcommand_from help' -a '\(Invocation.Command.allCases.map(\.rawValue).joined(separator: " "))'\n"
        text += "complete -c xenv -n '__fish_seen_subcommand_from completions' -a '\(Shell.allCases.map(\.rawValue).joined(separator: " "))'\n"
        return text
    }
}

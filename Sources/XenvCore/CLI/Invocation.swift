import XenvSystem

/// A parsed `xenv` command line. Options come from `CommandLineOption.all`: every option is spelled and parsed
/// the same way for every command that takes it.
public struct Invocation: Equatable, Sendable {
    /// The commands that plan for a target (and `inspect`, which plans for each); one file each in `Commands/`.
    public enum Command: String, Equatable, Sendable, CaseIterable {
        case setup, env, exec, inspect, doctor
        /// `sysroot fetch`: the MSVC CRT and Windows SDK from Microsoft's CDN.
        case sysroot
    }

    /// `sysroot fetch`'s options.
    public struct FetchOptions: Equatable, Sendable {
        public var acceptLicense: Bool
        /// `--arch a,b` as given; nil for the default.
        public var arches: [String]?
        public var crtVersion: String?
        public var sdkVersion: String?
        public var output: String?
        public var manifest: String?
        public var cache: String?
        public var update: Bool
    }

    public enum Action: Equatable, Sendable {
        case run(Command)
        /// `setup --remove-cargo-config PATH`: take xenv's block out of a cargo config; nothing is planned.
        case removeCargoConfig(String)
        /// All of the help, or one command's.
        case help(Command?)
        /// `completions bash|zsh|fish`.
        case completions(CompletionScripts.Shell)
        case version
    }

    public var action: Action
    public var request: PlanRequest
    /// `--shell`; nil means: detect it from the parent process.
    public var shell: ShellFormat?
    public var verbose: Bool
    /// `-q`: print only errors (and what `env` exists to print).
    public var quiet: Bool
    public var ci: CIChoice
    /// `--dotenv PATH`: the GitLab dotenv report to write.
    public var dotenv: String?
    /// `--cargo-config PATH`: a cargo config to merge xenv's linker into.
    public var cargoConfig: String?
    /// `--force`: let the merged block win over a linker the cargo config already sets.
    public var force: Bool
    /// `--print-cmake`: print the CMake toolchain file's path instead of the summary.
    public var printCMake: Bool
    /// `exec`: the command and its arguments, after `--`.
    public var command: [String]
    /// `setup --verify`, and always for `doctor`: prove the environment links for the target.
    public var verify: Bool
    /// `inspect --json`.
    public var json: Bool
    /// `sysroot fetch`; nil for the other commands.
    public var fetch: FetchOptions?

    static var commandNames: [String] { Command.allCases.map(\.rawValue) }

    /// Parses the arguments after the program name. Options take `--name value` or `--name=value`; `--`
    /// ends the options (and, for `exec`, starts the command). Unknown options, missing values and repeated
    /// options are usage errors.
    /// - Parameter shells: the shells `--shell` names.
    public init(parsing arguments: [String], shells: ShellRegistry = .standard) throws(XenvError) {
        guard let first = arguments.first else {
            throw .usage("missing command: \(Self.commandNames.joined(separator: ", "))")
        }
        switch first {
        case "-h", "--help":
            self.init(action: .help(nil))
            return
        case "help":
            guard arguments.count > 1 else {
                self.init(action: .help(nil))
                return
            }
            guard let command = Command(rawValue: arguments[1]), arguments.count == 2 else {
                throw Self.unknownCommand(arguments[1])
            }
            self.init(action: .help(command))
            return
        case "--version", "version":
            self.init(action: .version)
            return
        case "completions":
            let names = CompletionScripts.Shell.allCases.map(\.rawValue)
            guard arguments.count == 2, let shell = CompletionScripts.Shell(rawValue: arguments[1]) else {
                throw .usage("`xenv completions` takes one of \(names.joined(separator: ", "))")
            }
            self.init(action: .completions(shell))
            return
        default:
            break
        }
        guard let command = Command(rawValue: first) else { throw Self.unknownCommand(first) }
        var arguments = arguments
        if command == .sysroot {
            // The one subcommand, so far.
            guard arguments.count > 1, ["fetch", "-h", "--help"].contains(arguments[1]) else {
                throw .usage("`xenv sysroot` takes fetch: xenv sysroot fetch --accept-license")
            }
            if arguments[1] == "fetch" { arguments.remove(at: 1) }
        }
        let options = CommandLineOption.accepted(by: command)
        var values: [String: String] = [:]
        var flags = Set<String>()
        var trailing: [String] = []
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                trailing = Array(arguments[index...])
                break
            }
            if argument == "-h" || argument == "--help" {
                self.init(action: .help(command))
                return
            }
            guard argument.hasPrefix("-") else { throw .usage("unexpected argument '\(argument)'") }
            var spelling = argument, value: String?
            if argument.hasPrefix("--"), let equals = argument.firstIndex(of: "=") {
                spelling = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let option = options.first(where: { $0.spellings.contains(spelling) }) else {
                let known = options.flatMap(\.spellings).filter { $0.hasPrefix("--") } + ["--help"]
                throw .usage(
                    "unknown option '\(spelling)' for `xenv \(command.rawValue)`\(Self.suggestion(spelling, known))")
            }
            guard option.takesValue else {
                if value != nil { throw .usage("\(option.name) takes no value") }
                flags.insert(option.name)
                continue
            }
            if value == nil {
                guard index < arguments.count else { throw .usage("\(option.name) needs a value") }
                value = arguments[index]
                index += 1
            }
            guard values[option.name] == nil else { throw .usage("\(option.name) is given twice") }
            guard let value, !value.isEmpty else { throw .usage("\(option.name) needs a non-empty value") }
            values[option.name] = value
        }
        let verbose = flags.contains("--verbose"), quiet = flags.contains("--quiet")
        if verbose && quiet { throw .usage("-v and -q cannot go together") }
        if command == .exec {
            guard !trailing.isEmpty else {
                throw .usage("`xenv exec` needs a command after --, e.g. xenv exec --target arm64 -- cargo build")
            }
        } else if let extra = trailing.first {
            throw .usage("unexpected argument '\(extra)'")
        }
        if command == .sysroot {
            if let extra = trailing.first { throw .usage("unexpected argument '\(extra)'") }
            self.init(
                action: .run(.sysroot), verbose: verbose, quiet: quiet,
                fetch: FetchOptions(
                    acceptLicense: flags.contains("--accept-license"),
                    arches: values["--arch"].map { $0.split(separator: ",").map(String.init) },
                    crtVersion: values["--crt-version"], sdkVersion: values["--sdk-version"], output: values["--out"],
                    manifest: values["--manifest"], cache: values["--cache"], update: flags.contains("--update")))
            return
        }
        if command == .setup, let path = values["--remove-cargo-config"] {
            guard values.count == 1, flags.subtracting(["--verbose", "--quiet"]).isEmpty else {
                throw .usage("--remove-cargo-config takes no other option")
            }
            self.init(action: .removeCargoConfig(path), verbose: verbose, quiet: quiet)
            return
        }
        guard let target = values["--target"] ?? (command == .inspect ? "" : nil) else {
            throw .usage("`xenv \(command.rawValue)` needs --target (for example --target arm64)")
        }
        var shell: ShellFormat?
        if let name = values["--shell"] {
            guard let format = shells.format(named: name) else {
                throw .usage("--shell '\(name)' is not one of \(shells.acceptedNames.joined(separator: ", "))")
            }
            shell = format
        }
        var ci = CIChoice.auto
        if let name = values["--ci"] {
            guard let choice = CIChoice(rawValue: name) else {
                throw .usage(
                    "--ci '\(name)' is not one of \(CIChoice.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            ci = choice
        }
        if ci == .gitlab && values["--dotenv"] == nil {
            throw .usage("--ci gitlab needs --dotenv PATH, the file to list under artifacts:reports:dotenv")
        }
        if flags.contains("--force") && values["--cargo-config"] == nil {
            throw .usage("--force goes with --cargo-config PATH")
        }
        let linker = try values["--linker"].map { value throws(XenvError) in try LinkerChoice(parsing: value) }
        var compiler = CCompilerChoice.automatic
        if let name = values["--cc"] {
            guard let choice = CCompilerChoice(rawValue: name), choice != .automatic else {
                throw .usage("--cc '\(name)' is not cl or clang-cl")
            }
            compiler = choice
        }
        self.init(
            action: .run(command),
            request: PlanRequest(
                target: target, sysroot: values["--sysroot"], linker: linker ?? .automatic,
                stateDirectory: values["--out"],
                visualStudio: VisualStudioRequest(
                    path: values["--vs"], toolset: values["--toolset"], sdk: values["--sdk"],
                    allowPrerelease: flags.contains("--prerelease")),
                compiler: compiler),
            shell: shell, verbose: verbose, quiet: quiet, ci: ci, dotenv: values["--dotenv"],
            cargoConfig: values["--cargo-config"],
            force: flags.contains("--force"), printCMake: flags.contains("--print-cmake"), command: trailing,
            verify: command == .doctor || flags.contains("--verify"), json: flags.contains("--json"))
    }

    init(
        action: Action, request: PlanRequest = PlanRequest(target: ""), shell: ShellFormat? = nil,
        verbose: Bool = false,
        quiet: Bool = false, ci: CIChoice = .auto, dotenv: String? = nil, cargoConfig: String? = nil,
        force: Bool = false,
        printCMake: Bool = false, command: [String] = [], verify: Bool = false, json: Bool = false,
        fetch: FetchOptions? = nil
    ) {
        self.action = action
        self.request = request
        self.shell = shell
        self.verbose = verbose
        self.quiet = quiet
        self.ci = ci
        self.dotenv = dotenv
        self.cargoConfig = cargoConfig
        self.force = force
        self.printCMake = printCMake
        self.command = command
        self.verify = verify
        self.json = json
        self.fetch = fetch
    }

    static func unknownCommand(_ name: String) -> XenvError {
        .usage(
            "unknown command '\(name)'\(suggestion(name, commandNames)); commands: "
                + "\(commandNames.joined(separator: ", "))"
        )
    }

    /// ` (did you mean 'X'?)` for the closest known name, else "".
    static func suggestion(_ given: String, _ known: [String]) -> String {
        NameSuggestion.suggestion(given, known)
    }
}

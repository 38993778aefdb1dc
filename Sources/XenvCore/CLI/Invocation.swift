/// A parsed `xenv` command line.
public struct Invocation: Equatable, Sendable {
    public enum Command: String, Equatable, Sendable, CaseIterable {
        case env, setup
    }

    public enum Action: Equatable, Sendable {
        case run(Command)
        case help
        case version
    }

    public var action: Action
    public var request: PlanRequest
    public var shell: ShellKind
    public var verbose: Bool

    /// Parses the arguments after the program name. Options take `--name value` or `--name=value`; `--`
    /// ends the options. Unknown options, missing values and repeated options are usage errors.
    public init(parsing arguments: [String]) throws(XenvError) {
        guard let first = arguments.first else { throw .usage("missing command: env or setup") }
        switch first {
        case "-h", "--help", "help":
            self.init(action: .help)
            return
        case "--version":
            self.init(action: .version)
            return
        default:
            break
        }
        guard let command = Command(rawValue: first) else {
            throw .usage("unknown command '\(first)'; commands: \(Command.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        var values: [String: String] = [:]
        var verbose = false
        var prerelease = false
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                if index < arguments.count { throw .usage("unexpected argument '\(arguments[index])'") }
                break
            }
            if argument == "-h" || argument == "--help" {
                self.init(action: .help)
                return
            }
            if argument == "-v" || argument == "--verbose" {
                verbose = true
                continue
            }
            if argument == "--prerelease" {
                prerelease = true
                continue
            }
            guard argument.hasPrefix("--") else { throw .usage("unexpected argument '\(argument)'") }
            var name = argument, value: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                value = String(argument[argument.index(after: equals)...])
            }
            guard let option = Self.options(for: command).first(where: { $0 == name }) else {
                throw .usage("unknown option '\(name)' for `xenv \(command.rawValue)`")
            }
            if value == nil {
                guard index < arguments.count else { throw .usage("\(option) needs a value") }
                value = arguments[index]
                index += 1
            }
            guard values[option] == nil else { throw .usage("\(option) is given twice") }
            guard let value, !value.isEmpty else { throw .usage("\(option) needs a non-empty value") }
            values[option] = value
        }
        guard let target = values["--target"] else {
            throw .usage("`xenv \(command.rawValue)` needs --target (for example --target arm64)")
        }
        var shell = ShellKind.sh
        if let name = values["--shell"] {
            guard let kind = ShellKind(rawValue: name) else {
                throw .usage("--shell '\(name)' is not one of \(ShellKind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            shell = kind
        }
        let linker = try values["--linker"].map { value throws(XenvError) in try LinkerChoice(parsing: value) }
        self.init(
            action: .run(command),
            request: PlanRequest(
                target: target, sysroot: values["--sysroot"], linker: linker ?? .automatic,
                stateDirectory: values["--out"],
                visualStudio: VisualStudioRequest(
                    path: values["--vs"], toolset: values["--toolset"], sdk: values["--sdk"], allowPrerelease: prerelease)),
            shell: shell, verbose: verbose)
    }

    init(
        action: Action, request: PlanRequest = PlanRequest(target: ""), shell: ShellKind = .sh, verbose: Bool = false
    ) {
        self.action = action
        self.request = request
        self.shell = shell
        self.verbose = verbose
    }

    static func options(for command: Command) -> [String] {
        switch command {
        case .env: ["--target", "--sysroot", "--linker", "--out", "--vs", "--toolset", "--sdk", "--shell"]
        case .setup: ["--target", "--sysroot", "--linker", "--out", "--vs", "--toolset", "--sdk"]
        }
    }
}

import XenvSystem

/// One output format of `xenv env --shell`: its names, the programs that mean this shell started xenv, how
/// its output reaches the shell, and its renderer. A new shell is a renderer file and one entry in
/// `ShellRegistry.standard`; the parser, the help and the completions take it from there.
public struct ShellFormat: Sendable {
    /// The name `--shell` takes first and the help lists.
    public var name: String
    /// More names `--shell` takes for it.
    public var aliases: [String]
    /// Program names (without `.exe` or a login shell's `-`) that mean this shell started xenv.
    public var parentPrograms: [String]
    /// For a shell that cannot eval: the output is written to this file in the target's directory, and the
    /// command that loads it is printed instead.
    public var script: Script?
    /// What the help adds after the name, if anything.
    public var note: String?
    public var renderer: any EnvironmentRenderer

    public struct Script: Sendable {
        public var fileName: String
        /// The command that loads the file, given its path.
        public var load: @Sendable (String) -> String
        /// Characters the load command cannot carry in a path, with the reason.
        public var unsafeInPath: (characters: Set<Character>, reason: String)?

        public init(
            fileName: String, load: @escaping @Sendable (String) -> String,
            unsafeInPath: (characters: Set<Character>, reason: String)? = nil
        ) {
            self.fileName = fileName
            self.load = load
            self.unsafeInPath = unsafeInPath
        }
    }

    public init(
        name: String, aliases: [String] = [], parentPrograms: [String] = [], script: Script? = nil, note: String? = nil,
        renderer: any EnvironmentRenderer
    ) {
        self.name = name
        self.aliases = aliases
        self.parentPrograms = parentPrograms
        self.script = script
        self.note = note
        self.renderer = renderer
    }

    /// POSIX `export` lines, for bash, zsh, dash and ksh alike; the default.
    public static let sh = ShellFormat(
        name: "sh", aliases: ["bash", "zsh", "dash", "ksh"], renderer: PosixShellRenderer())
    public static let fish = ShellFormat(name: "fish", parentPrograms: ["fish"], renderer: FishRenderer())
    /// PowerShell 7 (`pwsh`) and Windows PowerShell.
    public static let pwsh = ShellFormat(
        name: "pwsh", aliases: ["powershell"], parentPrograms: ["pwsh", "powershell"], renderer: PowerShellRenderer())
    /// cmd.exe, which has no eval: a `.cmd` file to `call`.
    public static let cmd = ShellFormat(
        name: "cmd", parentPrograms: ["cmd"],
        script: Script(
            fileName: "env.cmd", load: { "call \"\($0)\"" },
            unsafeInPath: (["%", "^"], "cmd expands % in it and `call` doubles ^, even inside quotes")),
        note: "writes env.cmd to `call`", renderer: CmdRenderer())
    /// Nushell: a record for `from json | load-env`.
    public static let nu = ShellFormat(
        name: "nu", parentPrograms: ["nu"], note: "for `from json | load-env`", renderer: NushellRenderer())
    /// One JSON object mapping each variable to its final value.
    public static let json = ShellFormat(name: "json", renderer: JSONEnvironmentRenderer())
    /// `NAME="value"` lines.
    public static let dotenv = ShellFormat(name: "dotenv", renderer: DotenvRenderer())
}

extension ShellFormat: Equatable, CustomStringConvertible {
    public static func == (lhs: ShellFormat, rhs: ShellFormat) -> Bool { lhs.name == rhs.name }
    public var description: String { name }
}

/// The shells `--shell` knows, in the order the help lists them; the first is the default.
public struct ShellRegistry: Sendable {
    public var formats: [ShellFormat]

    public init(formats: [ShellFormat]) {
        self.formats = formats
    }

    public static let standard = ShellRegistry(formats: [.sh, .fish, .pwsh, .cmd, .nu, .json, .dotenv])

    /// Every name `--shell` accepts.
    public var acceptedNames: [String] { formats.flatMap { [$0.name] + $0.aliases } }

    public func format(named name: String) -> ShellFormat? {
        let lowered = name.lowercased()
        return formats.first { $0.name == lowered || $0.aliases.contains(lowered) }
    }

    /// The shell that started xenv, when its program name says so reliably; else the default. Login shells
    /// show as `-bash`; Windows programs as `pwsh.exe`.
    public func detect(parentProgram: String?) -> ShellFormat {
        guard
            var name = parentProgram?.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init)?
                .lowercased()
        else { return formats[0] }
        if name.hasPrefix("-") { name.removeFirst() }
        if name.hasSuffix(".exe") { name.removeLast(4) }
        return formats.first { $0.parentPrograms.contains(name) } ?? formats[0]
    }
}

/// What a renderer needs besides the variables: how PATH-like lists are separated on the host, and whether
/// the shell is Git Bash/MSYS on Windows.
public struct ShellContext: Equatable, Sendable {
    /// `:` on Linux and macOS, `;` on Windows.
    public var listSeparator: Character
    /// Git Bash/MSYS (`MSYSTEM` set on a Windows host): its PATH holds `/c/...` entries joined with `:`.
    public var msys: Bool

    public init(listSeparator: Character = ":", msys: Bool = false) {
        self.listSeparator = listSeparator
        self.msys = msys
    }

    /// PATH's entries.
    func pathEntries(_ value: String) -> [String] {
        value.split(separator: listSeparator, omittingEmptySubsequences: true).map(String.init)
    }
}

/// Renders a plan's variables for one consumer. Output must be deterministic: the same input gives the same bytes.
public protocol EnvironmentRenderer: Sendable {
    func render(_ assignments: [EnvironmentAssignment], context: ShellContext) throws(XenvError) -> String
}

extension EnvironmentRenderer {
    public func render(_ assignments: [EnvironmentAssignment]) throws(XenvError) -> String {
        try render(assignments, context: ShellContext())
    }
}

extension EnvironmentAssignment {
    /// PATH, whatever its spelling (Windows calls it `Path`).
    var isPath: Bool { name.uppercased() == "PATH" }
}

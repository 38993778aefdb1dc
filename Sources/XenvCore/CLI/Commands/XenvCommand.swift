import XenvFetch
import XenvSystem

/// One `xenv` command: its lines of the help, and what it does, as work decided before anything changes.
/// `CommandRunner` runs every command the same way: parse, plan, decide the work, apply it, follow up.
protocol XenvCommand {
    /// The command's lines of the usage block, without `  `.
    static var usage: [String] { get }
    /// The command's entry in the help's Commands section, wrapped.
    static var summary: String { get }
    /// Plans (through `input.plan()`) and decides the writes, the output and what follows; changes nothing.
    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork
}

extension Invocation.Command {
    var implementation: any XenvCommand.Type {
        switch self {
        case .setup: SetupCommand.self
        case .env: EnvCommand.self
        case .exec: ExecCommand.self
        case .inspect: InspectCommand.self
        case .doctor: DoctorCommand.self
        case .sysroot: SysrootCommand.self
        }
    }
}

/// What a command works with.
struct CommandInput {
    var invocation: Invocation
    var context: PlanningContext
    var process: ProcessFacts
    /// The CI system `setup` talks to; nil for the other commands.
    var ci: CISystem?
    /// How each choice was made, for `-v` (planning adds to them).
    var notes: [String] = []

    /// The plan for the invocation's request; its notes join `notes`.
    mutating func plan() throws(XenvError) -> Plan {
        try Planner.plan(invocation.request, in: context, notes: &notes)
    }

    var paths: HostPaths { HostPaths(context: context) }
}

/// What a command decided: the files to write and append to, what to print on success, and what runs after
/// the writes.
struct CommandWork {
    var effects = Effects()
    var output = ""
    var followUp: FollowUp?
    /// What `-v` adds after the notes.
    var warnings: [String] = []
}

enum FollowUp {
    /// Prove the plan links (`doctor`, `setup --verify`), in this directory.
    case verify(Plan, workDirectory: String)
    /// Replace this process with a program (`exec`).
    case execute(program: String, arguments: [String], environment: Environment)
    /// Download and splat a sysroot (`sysroot fetch`) with this curl: into a staging directory renamed into place.
    case fetchSysroot(SysrootFetchRequest, curl: String)
}

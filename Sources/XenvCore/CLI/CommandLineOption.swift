import XenvSystem

/// What the command line's texts are made from besides the option table: the targets and the shells.
public struct CommandLineTables: Sendable {
    public var catalog: TargetCatalog
    public var shells: ShellRegistry

    public init(catalog: TargetCatalog, shells: ShellRegistry = .standard) {
        self.catalog = catalog
        self.shells = shells
    }
}

/// One option of the command line, declared once: its spelling, the value it takes, the commands that accept
/// it, its help and how shells complete it. The parser, each command's help, the completion scripts and the
/// README's usage block (a test compares them) are all made from `CommandLineOption.all`.
struct CommandLineOption: Sendable {
    enum Section: String, CaseIterable, Sendable {
        case common = "Options"
        case setup = "setup only"
        case sysrootHosts = "Linux and macOS hosts, and Windows hosts building from a sysroot"
        case windowsHosts = "Windows hosts"
        case sysrootFetch = "sysroot fetch"
    }

    enum Completion: Sendable {
        case none
        case path
        case values(@Sendable (CommandLineTables) -> [String])
    }

    var name: String
    var shortName: String?
    /// The value's placeholder in the help (`T`, `PATH`); nil for a flag.
    var placeholder: String?
    var commands: [Invocation.Command]
    var section: Section
    /// The help text, already wrapped: its lines after the first are indented under it.
    var help: @Sendable (CommandLineTables) -> String
    var completion: Completion = .none

    var takesValue: Bool { placeholder != nil }

    /// Every spelling: `-v` and `--verbose`.
    var spellings: [String] { [shortName, name].compactMap { $0 } }

    /// The commands that plan for a target.
    static let planning: [Invocation.Command] = [.setup, .env, .exec, .inspect, .doctor]
    /// Every command.
    static let everyCommand = Invocation.Command.allCases

    /// Every option, in the help's order.
    static let all = planOptions + fetchOptions

    /// The options of the commands that plan for a target.
    static let planOptions: [CommandLineOption] = [
        CommandLineOption(
            name: "--target", placeholder: "T", commands: planning, section: .common,
            help: { tables in "Target triple or alias: " + targetList(tables.catalog) + "." },
            completion: .values { $0.catalog.acceptedNames }),
        CommandLineOption(
            name: "--linker", placeholder: "L", commands: planning, section: .common,
            help: { _ in
                """
                auto, rust-lld, lld-link, or a path. auto: on Linux and macOS lld-link on PATH, else
                rust-lld from rustc; on Windows rust-lld, else Visual Studio's lld-link, else link.exe.
                """
            },
            completion: .values { _ in ["auto", "rust-lld", "lld-link"] }),
        CommandLineOption(
            name: "--out", placeholder: "DIR", commands: planning, section: .common,
            help: { _ in
                """
                State directory. Default: $XENV_HOME, then $RUNNER_TEMP/xenv on GitHub Actions, then
                ${XDG_CACHE_HOME:-~/.cache}/xenv (%LOCALAPPDATA%\\xenv on Windows). One subdirectory a target.
                """
            },
            completion: .path),
        CommandLineOption(
            name: "--shell", placeholder: "S", commands: [.env], section: .common,
            help: { tables in
                "env output: " + shellList(tables.shells) + ". Default: the shell that runs xenv, else sh."
            },
            completion: .values { $0.shells.acceptedNames }),
        CommandLineOption(
            name: "--verbose", shortName: "-v", commands: everyCommand, section: .common,
            help: { _ in "Explain each choice (every candidate, taken or passed over) on standard error." }),
        CommandLineOption(
            name: "--quiet", shortName: "-q", commands: everyCommand, section: .common,
            help: { _ in "Print only errors (env still prints the environment)." }),
        CommandLineOption(
            name: "--json", commands: [.inspect], section: .common,
            help: { _ in "inspect: the report as a versioned JSON document instead of text." }),

        CommandLineOption(
            name: "--ci", placeholder: "C", commands: [.setup], section: .setup,
            help: { _ in
                """
                auto, github, azure, gitlab or none. auto: GITHUB_ACTIONS, TF_BUILD or GITLAB_CI.
                github appends to $GITHUB_ENV, $GITHUB_PATH, $GITHUB_STEP_SUMMARY and $GITHUB_OUTPUT
                (step outputs: target, linker, toolset, sdk...); azure prints ##vso commands; gitlab
                writes the dotenv report named by --dotenv.
                """
            },
            completion: .values { _ in CIChoice.allCases.map(\.rawValue) }),
        CommandLineOption(
            name: "--dotenv", placeholder: "PATH", commands: [.setup], section: .setup,
            help: { _ in "The GitLab dotenv report (artifacts:reports:dotenv) to write." }, completion: .path),
        CommandLineOption(
            name: "--cargo-config", placeholder: "PATH", commands: [.setup], section: .setup,
            help: { _ in
                """
                Merge the linker into this cargo config (e.g. .cargo/config.toml) as one managed
                block; every other byte stays. A linker already set there stops xenv unless --force.
                """
            },
            completion: .path),
        CommandLineOption(
            name: "--force", commands: [.setup], section: .setup,
            help: { _ in "With --cargo-config: comment out the config's own linker for the target." }),
        CommandLineOption(
            name: "--remove-cargo-config", placeholder: "PATH", commands: [.setup], section: .setup,
            help: { _ in "Take xenv's blocks out of a cargo config again." }, completion: .path),
        CommandLineOption(
            name: "--print-cmake", commands: [.setup], section: .setup,
            help: { _ in "Print the CMake toolchain file's path instead of the summary." }),
        CommandLineOption(
            name: "--verify", commands: [.setup], section: .setup,
            help: { _ in "After setup, run doctor's checks; fail before the build if the environment is broken." }),

        CommandLineOption(
            name: "--sysroot", placeholder: "DIR", commands: planning, section: .sysrootHosts,
            help: { _ in
                """
                An xwin splat (crt/ + sdk/, or --use-winsysroot-style). Default: $XENV_SYSROOT,
                then the one `xenv sysroot fetch` made, then cargo-xwin's cache, then ./.xwin-cache/splat.
                On Windows a sysroot replaces Visual Studio: named by --sysroot or $XENV_SYSROOT, or found
                by default when no Visual Studio installed can build the target.
                """
            },
            completion: .path),

        CommandLineOption(
            name: "--vs", placeholder: "DIR", commands: planning, section: .windowsHosts,
            help: { _ in
                """
                This Visual Studio installation. Default: an initialised developer prompt for the
                target, then the newest instance with the target's component.
                """
            },
            completion: .path),
        CommandLineOption(
            name: "--toolset", placeholder: "V", commands: planning, section: .windowsHosts,
            help: { _ in
                """
                MSVC toolset version or prefix (14.44, 14.44.35207, 14.29.16.11). Default: a developer
                prompt's VCToolsVersion, else the one Visual Studio's default file names, else the newest.
                """
            }),
        CommandLineOption(
            name: "--sdk", placeholder: "V", commands: planning, section: .windowsHosts,
            help: { _ in
                """
                Windows SDK version (10.0.22621.0). Default: a developer prompt's WindowsSDKVersion,
                else the newest with the target's libraries.
                """
            }),
        CommandLineOption(
            name: "--prerelease", commands: planning, section: .windowsHosts,
            help: { _ in "Let prerelease Visual Studio instances compete with releases." }),
        CommandLineOption(
            name: "--cc", placeholder: "C", commands: planning, section: .windowsHosts,
            help: { _ in
                """
                The C compiler cc-rs gets: cl (the toolset's cl.exe and lib.exe, the default) or clang-cl
                (Visual Studio's clang-cl and llvm-lib).
                """
            },
            completion: .values { _ in ["cl", "clang-cl"] }),
    ]

    // `xenv sysroot fetch`.
    static let fetchOptions: [CommandLineOption] = [
        CommandLineOption(
            name: "--accept-license", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in
                """
                Accept the Visual Studio Build Tools license (also XENV_ACCEPT_LICENSE=1); without it nothing
                is downloaded and the license's address is printed.
                """
            }),
        CommandLineOption(
            name: "--arch", placeholder: "A,B", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "x86_64, aarch64, x86, aarch (or x64, arm64, i686, arm). Default: this machine's and aarch64."
            },
            completion: .values { _ in ["x86_64", "aarch64", "x86", "aarch"] }),
        CommandLineOption(
            name: "--crt-version", placeholder: "V", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "The MSVC CRT's package version (14.44.17.14). Default: the newest." }),
        CommandLineOption(
            name: "--sdk-version", placeholder: "V", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "The Windows SDK version (26100). Default: the newest." }),
        CommandLineOption(
            name: "--out", placeholder: "DIR", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in
                """
                Where the sysroot goes (crt/, sdk/). Default: xenv's own, which the other commands find:
                ${XDG_CACHE_HOME:-~/.cache}/xenv/sysroot (~/Library/Caches on macOS, %LOCALAPPDATA% on Windows).
                """
            },
            completion: .path),
        CommandLineOption(
            name: "--manifest", placeholder: "URL|FILE", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "The Visual Studio channel manifest. Default: Microsoft's release channel, as xwin uses." },
            completion: .path),
        CommandLineOption(
            name: "--cache", placeholder: "DIR", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "Where verified downloads are kept for later runs. Default: downloads/ beside the sysroot." },
            completion: .path),
        CommandLineOption(
            name: "--update", commands: [.sysroot], section: .sysrootFetch,
            help: { _ in "Read the manifests again and replace the sysroot when newer versions are out." }),
    ]

    /// `arm64/aarch64, x64/amd64/x86_64, ...`: each target's aliases, then its triple when no alias is it.
    static func targetList(_ catalog: TargetCatalog) -> String {
        catalog.descriptors.map { descriptor in
            var names = descriptor.aliases.joined(separator: "/")
            if descriptor.sysrootUnavailable != nil { names += " (Windows hosts only)" }
            return names
        }.joined(separator: ", ")
    }

    /// `sh (also bash, zsh, dash, ksh), fish, ..., json or dotenv`.
    static func shellList(_ shells: ShellRegistry) -> String {
        let items = shells.formats.map { format in
            var item = format.name
            let notes =
                (format.aliases.isEmpty ? [] : ["also " + format.aliases.joined(separator: ", ")])
                + [format.note].compactMap { $0 }
            if !notes.isEmpty { item += " (\(notes.joined(separator: "; ")))" }
            return item
        }
        guard items.count > 1 else { return items.joined() }
        return items.dropLast().joined(separator: ", ") + " or " + items[items.count - 1]
    }

    /// The options `command` accepts, in table order.
    static func accepted(by command: Invocation.Command) -> [CommandLineOption] {
        all.filter { $0.commands.contains(command) }
    }
}

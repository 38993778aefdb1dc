import Testing
import XenvShimCore
import XenvSystem

@testable import XenvCore

@Suite struct ToolResolverTests {
    static let rustBin = "/rust/lib/rustlib/x86_64-unknown-linux-gnu/bin"
    static let install = "; install LLVM's lld-link or the Rust toolchain's rust-lld, or pass --linker PATH"

    static func resolver(
        _ fileSystem: InMemoryFileSystem, path: String = "/a:/b", environment: [String: String] = [:],
        runner: FakeProcessRunner = FakeProcessRunner()
    ) -> ToolResolver {
        ToolResolver(
            context: PlanningContext(
                host: linuxHost, environment: Environment(environment.merging(["PATH": path]) { old, _ in old }),
                fileSystem: fileSystem, processRunner: runner, workingDirectory: "/work",
                shimSource: "/opt/xenv/bin/xenv-link",
                catalog: Catalog.embedded))
    }

    static func linker(_ choice: LinkerChoice, _ resolver: ToolResolver) throws -> Linker {
        var notes: [String] = [], warnings: [String] = []
        return try resolver.resolve(linker: choice, notes: &notes, warnings: &warnings).linker
    }

    /// rustc at /usr/bin/rustc reporting /rust as its sysroot.
    static let rustcAnswers = FakeProcessRunner(answers: [
        "/usr/bin/rustc --print sysroot": output("/rust\n")
    ])

    @Test func findsTheExactNameInTheFirstPathDirectoryThatHasIt() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/b/lld-link", "/c/lld-link", "/a/lld-link-18")
        fileSystem.addFile("/a/lld-link", "not executable")
        #expect(Self.resolver(fileSystem, path: "/a:/b:/c").findOnPath("lld-link") == "/b/lld-link")
    }

    @Test func fallsBackToTheHighestVersionedNameComparedAsNumbers() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables(
            "/a/lld-link-9", "/b/lld-link-18", "/a/lld-link-17", "/a/lld-link-18.1", "/a/lld-link-x")
        fileSystem.addFile("/a/lld-link-20", "not executable")
        #expect(Self.resolver(fileSystem).findOnPath("lld-link") == "/b/lld-link-18")
    }

    @Test func resolvesRelativePathEntriesAgainstTheWorkingDirectory() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/work/tools/clang-cl")
        #expect(Self.resolver(fileSystem, path: "tools").findOnPath("clang-cl") == "/work/tools/clang-cl")
    }

    @Test func automaticPrefersLLDLinkOverRustLLD() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/b/lld-link-18", "/usr/bin/rustc", "\(Self.rustBin)/rust-lld")
        let resolver = Self.resolver(fileSystem, path: "/b:/usr/bin", runner: Self.rustcAnswers)
        #expect(try Self.linker(.automatic, resolver) == Linker(path: "/b/lld-link-18", kind: .lldLink))
    }

    @Test func automaticFallsBackToRustLLDFromRustcsSysrootNeverGccLd() throws {
        let fileSystem = InMemoryFileSystem()
        // gcc-ld/ holds wrappers that add their own -flavor; they must not be picked, not even lld-link.
        fileSystem.addExecutables(
            "/usr/bin/rustc", "\(Self.rustBin)/rust-lld", "\(Self.rustBin)/gcc-ld/lld-link",
            "\(Self.rustBin)/gcc-ld/ld.lld")
        let resolver = Self.resolver(fileSystem, path: "/usr/bin", runner: Self.rustcAnswers)
        var notes: [String] = [], warnings: [String] = []
        let tools = try resolver.resolve(linker: .automatic, notes: &notes, warnings: &warnings)
        #expect(tools.linker == Linker(path: "\(Self.rustBin)/rust-lld", kind: .rustLLD))
        #expect(notes.first == "linker: no lld-link on PATH, trying rust-lld")
        #expect(try Self.linker(.rustLLD, resolver) == Linker(path: "\(Self.rustBin)/rust-lld", kind: .rustLLD))
    }

    @Test func onlyGccLdWrappersAreNoLinker() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables(
            "/usr/bin/rustc", "\(Self.rustBin)/gcc-ld/rust-lld", "\(Self.rustBin)/gcc-ld/lld-link")
        let resolver = Self.resolver(fileSystem, path: "/usr/bin", runner: Self.rustcAnswers)
        #expect(
            thrownError { try Self.linker(.automatic, resolver) }?.description
                == "no linker for --linker auto: looked for lld-link on PATH and rust-lld in $(rustc --print sysroot)"
                + "/lib/rustlib/x86_64-unknown-linux-gnu/bin" + Self.install)
    }

    @Test func asksTheRustcNamedByRUSTC() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables(
            "/usr/bin/rustc", "/work/nightly/bin/rustc", "/nightly/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld")
        // Only the RUSTC one answers; asking /usr/bin/rustc would fail.
        let runner = FakeProcessRunner(answers: [
            "/work/nightly/bin/rustc --print sysroot": output("/nightly\n")
        ])
        let resolver = Self.resolver(
            fileSystem, path: "/usr/bin", environment: ["RUSTC": "nightly/bin/rustc"], runner: runner)
        #expect(
            try Self.linker(.rustLLD, resolver)
                == Linker(path: "/nightly/lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld", kind: .rustLLD))
    }

    @Test func aFailingRustcMeansNoRustLLD() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/usr/bin/rustc", "\(Self.rustBin)/rust-lld")
        let failing = FakeProcessRunner(answers: [
            "/usr/bin/rustc --print sysroot": output("/rust\n", status: 1, error: "boom")
        ])
        let expected =
            "no linker for --linker rust-lld: looked for rust-lld in $(rustc --print sysroot)"
            + "/lib/rustlib/x86_64-unknown-linux-gnu/bin" + Self.install
        #expect(
            thrownError { try Self.linker(.rustLLD, Self.resolver(fileSystem, path: "/usr/bin", runner: failing)) }?
                .description == expected)
        // A rustc that cannot be started at all.
        #expect(
            thrownError { try Self.linker(.rustLLD, Self.resolver(fileSystem, path: "/usr/bin")) }?.description
                == expected)
    }

    @Test func reportsWhereItLookedWhenThereIsNoLinker() {
        let resolver = Self.resolver(InMemoryFileSystem())
        #expect(
            thrownError { try Self.linker(.automatic, resolver) }?.description
                == "no linker for --linker auto: looked for lld-link on PATH and rust-lld in $(rustc --print sysroot)"
                + "/lib/rustlib/x86_64-unknown-linux-gnu/bin" + Self.install)
        #expect(
            thrownError { try Self.linker(.lldLink, resolver) }?.description
                == "no linker for --linker lld-link: looked for lld-link and lld-link-<version> on PATH" + Self.install)
    }

    @Test func usesAGivenLinkerPathResolvedAgainstTheWorkingDirectory() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/work/llvm/bin/lld-link-18", "/opt/rust-lld")
        let resolver = Self.resolver(fileSystem)
        #expect(
            try Self.linker(.path("llvm/bin/lld-link-18"), resolver)
                == Linker(path: "/work/llvm/bin/lld-link-18", kind: .lldLink))
        #expect(try Self.linker(.path("/opt/rust-lld"), resolver) == Linker(path: "/opt/rust-lld", kind: .rustLLD))
    }

    @Test func rejectsAGivenLinkerThatIsNotAnExecutableLLD() {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addFile("/opt/llvm/bin/lld-link", "not executable")
        fileSystem.addExecutables("/usr/bin/ld", "/usr/bin/link.exe")
        fileSystem.addDirectory("/opt/lld-link")
        let resolver = Self.resolver(fileSystem)
        for path in ["/opt/llvm/bin/lld-link", "/missing/lld-link", "/opt/lld-link"] {
            #expect(
                thrownError { try Self.linker(.path(path), resolver) }?.description
                    == "--linker \(path) cannot be used: it is not an executable file")
        }
        for path in ["/usr/bin/ld", "/usr/bin/link.exe"] {
            #expect(
                thrownError { try Self.linker(.path(path), resolver) }?.description
                    == "--linker \(path) cannot be used: xenv calls only lld linkers; its name must be lld-link, rust-lld or lld"
            )
        }
    }

    static let programNames: [(String, ShimConfig.LinkerKind?)] = [
        ("lld-link", .lldLink), ("lld-link-18", .lldLink), ("LLD-LINK.EXE", .lldLink), ("lld-link.exe", .lldLink),
        ("rust-lld", .rustLLD), ("rust-lld.exe", .rustLLD), ("lld", .rustLLD), ("lld-18", .rustLLD),
        ("ld.lld", nil), ("link.exe", nil), ("lld-link-", nil), ("lld-link-x", nil), ("clang", nil),
        ("lld-link-١٨", nil),
    ]

    @Test(arguments: programNames)
    func infersHowToCallALinkerFromItsName(name: String, kind: ShimConfig.LinkerKind?) {
        #expect(Linker.shimKind(forProgramName: name) == kind)
    }

    @Test func missingCompilerAndArchiverAreWarningsNotErrors() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/a/lld-link")
        var notes: [String] = [], warnings: [String] = []
        let tools = try Self.resolver(fileSystem).resolve(linker: .automatic, notes: &notes, warnings: &warnings)
        #expect(tools.cCompiler == nil)
        #expect(tools.archiver == nil)
        #expect(
            warnings == [
                "no clang-cl on PATH: CC_*, CXX_*, CFLAGS_* and CXXFLAGS_* are left out; Rust-only builds still work",
                "no llvm-lib or llvm-ar on PATH: AR_* and CMAKE_AR are left out; cc-rs and CMake cannot archive C "
                    + "code (install LLVM)",
            ])
    }

    @Test func prefersLLVMLibAndFallsBackToLLVMAr() throws {
        let fileSystem = InMemoryFileSystem()
        fileSystem.addExecutables("/a/lld-link", "/a/clang-cl-18", "/b/llvm-ar")
        var notes: [String] = [], warnings: [String] = []
        let tools = try Self.resolver(fileSystem).resolve(linker: .automatic, notes: &notes, warnings: &warnings)
        #expect(tools.cCompiler == "/a/clang-cl-18")
        #expect(tools.archiver == "/b/llvm-ar")
        #expect(warnings.isEmpty)

        fileSystem.addExecutables("/b/llvm-lib-17")
        #expect(
            try Self.resolver(fileSystem).resolve(linker: .automatic, notes: &notes, warnings: &warnings).archiver
                == "/b/llvm-lib-17")
    }
}

@Suite struct LinkerChoiceTests {
    @Test func parsesNamesAndPaths() throws {
        #expect(try LinkerChoice(parsing: "auto") == .automatic)
        #expect(try LinkerChoice(parsing: "rust-lld") == .rustLLD)
        #expect(try LinkerChoice(parsing: "lld-link") == .lldLink)
        #expect(try LinkerChoice(parsing: "./lld-link") == .path("./lld-link"))
    }

    @Test func rejectsABareNameItDoesNotKnow() {
        #expect(
            thrownError { try LinkerChoice(parsing: "lld-link-18") }?.description
                == "--linker 'lld-link-18' is not auto, rust-lld, lld-link or a path (see `xenv --help`)")
    }
}

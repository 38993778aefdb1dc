import Foundation
import Testing
import XenvSystem

@testable import XenvCore

private let arm = "aarch64-pc-windows-msvc"
private let configFile = "/home/dev/proj/.cargo/config.toml"
private let shim = "/home/dev/.local/state/xenv/aarch64-pc-windows-msvc/xenv-link"
private let windowsShim = #"C:\Users\Dev Name\AppData\Local\xenv\aarch64-pc-windows-msvc\xenv-link.exe"#
private let begin = "# >>> xenv: aarch64-pc-windows-msvc (managed by xenv setup; edits inside are lost) >>>"
private let end = "# <<< xenv: aarch64-pc-windows-msvc <<<"

/// A cargo config as projects write them, and how xenv's block must land in it.
struct MergeCase: CustomTestStringConvertible, Sendable {
    let name: String
    let text: String
    var linker = shim
    /// The file has a conflicting `linker`, so the merge needs --force.
    var force = false
    /// The exact merge result, where it is worth spelling out.
    var expected: String? = nil
    var testDescription: String { name }
}

private func crlf(_ text: String) -> String {
    let lines = Array(text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
    return String(decoding: Array(lines.joined(separator: [0x0D, 0x0A])), as: UTF8.self)
}

private let buildSection = """
    # Project-wide cargo settings; see https://doc.rust-lang.org/cargo/reference/config.html
    [build]
    target = "aarch64-pc-windows-msvc"   # cross-compile by default
    rustflags = ["-C", "link-arg=/DEBUG:NONE"]
    jobs = 8

    [term]
    verbose = false
    color = 'auto'

    """

private let windowsTables = """
    [build]
    target = ["x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc"]

    # Static CRT so the binaries run without the VC++ redistributable.
    [target.x86_64-pc-windows-msvc]
    rustflags = ["-C", "target-feature=+crt-static"]

    [target.aarch64-pc-windows-msvc]
    rustflags = [
        "-C", "target-feature=+crt-static",
        "-C", "link-arg=/STACK:8000000",  # deep recursion in the parser ]
    ]

    [target.'cfg(windows)']
    rustflags = ["-C", "link-args=/NODEFAULTLIB:libcmt"]
    runner = "wine"

    """

private let windowsTablesMerged = """
    [build]
    target = ["x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc"]

    # Static CRT so the binaries run without the VC++ redistributable.
    [target.x86_64-pc-windows-msvc]
    rustflags = ["-C", "target-feature=+crt-static"]

    [target.aarch64-pc-windows-msvc]
    \(begin)
    linker = "\(shim)"
    \(end)
    rustflags = [
        "-C", "target-feature=+crt-static",
        "-C", "link-arg=/STACK:8000000",  # deep recursion in the parser ]
    ]

    [target.'cfg(windows)']
    rustflags = ["-C", "link-args=/NODEFAULTLIB:libcmt"]
    runner = "wine"

    """

private let mergeCases: [MergeCase] = [
    MergeCase(
        name: "empty file", text: "",
        expected: """
            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\(shim)"
            \(end)

            """),
    MergeCase(
        name: "[build] and [term], no target table", text: buildSection,
        expected: buildSection + """

            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\(shim)"
            \(end)

            """),
    MergeCase(
        name: "existing [target.<triple>] table without linker", text: windowsTables, expected: windowsTablesMerged),
    MergeCase(
        name: "[alias] with multi-line arrays, [env] with inline tables",
        text: """
            [alias]
            xtask = "run --package xtask --"
            ci = [
                "clippy", "--workspace",
                "--all-targets", # lint tests too
                "--", "-D", "warnings",
            ]
            b-win = ["build", "--target", "aarch64-pc-windows-msvc"]

            [env]
            RUST_LOG = "info"
            OPENSSL_STATIC = { value = "1", force = true }
            CONFIG_DIR = { value = "config", relative = true }
            CC_aarch64_pc_windows_msvc = "clang-cl"

            [net]
            git-fetch-with-cli = true
            retry = 3

            [registries.internal]
            index = "sparse+https://cargo.internal.example.com/index/"

            """),
    MergeCase(
        name: "multi-line strings that contain tables, keys and markers",
        text: #"""
            [env]
            # [target.aarch64-pc-windows-msvc] is set up by xenv, not here.
            SETUP_NOTES = """
            To cross-compile, add this to .cargo/config.toml:

            [target.aarch64-pc-windows-msvc]
            linker = "lld-link"
            rustflags = ["-C", "target-feature=+crt-static"]
            """
            RAW_NOTES = '''
            [target.aarch64-pc-windows-msvc]
            linker = 'C:\LLVM\bin\lld-link.exe'
            # >>> xenv: x86_64-pc-windows-msvc (managed by xenv setup; edits inside are lost) >>>
            [target.x86_64-pc-windows-msvc]
            linker = "/fake"
            # <<< xenv: x86_64-pc-windows-msvc <<<
            # xenv --force: linker = "also not a comment"
            '''
            QUOTES = """She said "[target.x]" and ""linker = 1"" """
            ESCAPED = "a [bracket], a \" quote and # no comment"
            FLAGS = { value = "-C linker=[x] {y}", force = false }   # braces in strings

            [build]
            rustflags = [
              "--cfg", "tokio_unstable",   # ] not the end
              '''-Clink-arg=[weird]''',
            ]

            """#),
    MergeCase(
        name: "arrays of tables and [patch] inline tables",
        text: """
            [patch.crates-io]
            windows-sys = { git = "https://github.com/microsoft/windows-rs", branch = "master" }
            cc = { path = "../cc-rs" }

            # Read by our xtask; cargo ignores it.
            [[xtask.cross]]
            triple = "aarch64-pc-windows-msvc"
            linker = "lld-link"

            [[xtask.cross]]
            triple = "x86_64-pc-windows-msvc"
            linker = "link.exe"

            [xtask.cross.target.aarch64-pc-windows-msvc]
            linker = "not cargo's either"

            """),
    MergeCase(name: "CRLF file with the target table", text: crlf(windowsTables), expected: crlf(windowsTablesMerged)),
    MergeCase(name: "CRLF file without a target table", text: crlf(buildSection)),
    MergeCase(
        name: "no trailing newline", text: "[build]\ntarget = \"aarch64-pc-windows-msvc\"",
        expected: """
            [build]
            target = "aarch64-pc-windows-msvc"

            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\(shim)"
            \(end)
            """),
    MergeCase(
        name: "no trailing newline after the table header",
        text: "[build]\njobs = 4\n\n[target.aarch64-pc-windows-msvc]",
        expected: "[build]\njobs = 4\n\n[target.aarch64-pc-windows-msvc]\n\(begin)\nlinker = \"\(shim)\"\n\(end)"),
    MergeCase(name: "UTF-8 byte order mark", text: "\u{FEFF}# cargo config\n[build]\ntarget-dir = \"target-win\"\n"),
    MergeCase(name: "byte order mark only", text: "\u{FEFF}"),
    MergeCase(
        name: "quoted triple and spaces around the dots",
        text: """
            [ target . "aarch64-pc-windows-msvc" ]   # ARM64 Windows
            rustflags = ["-C", "target-cpu=cortex-a78"]

            """,
        expected: """
            [ target . "aarch64-pc-windows-msvc" ]   # ARM64 Windows
            \(begin)
            linker = "\(shim)"
            \(end)
            rustflags = ["-C", "target-cpu=cortex-a78"]

            """),
    MergeCase(
        name: "table made by top-level dotted keys",
        text: """
            # Per-target flags, written as dotted keys.
            target.aarch64-pc-windows-msvc.rustflags = [
                "-C", "target-feature=+crt-static",
            ]
            target.x86_64-pc-windows-msvc.linker = "lld-link"

            [build]
            target = "aarch64-pc-windows-msvc"

            """,
        expected: """
            # Per-target flags, written as dotted keys.
            target.aarch64-pc-windows-msvc.rustflags = [
                "-C", "target-feature=+crt-static",
            ]
            \(begin)
            target.aarch64-pc-windows-msvc.linker = "\(shim)"
            \(end)
            target.x86_64-pc-windows-msvc.linker = "lld-link"

            [build]
            target = "aarch64-pc-windows-msvc"

            """),
    MergeCase(
        name: "[target] table with dotted keys and another triple's inline linker",
        text: """
            [target]
            aarch64-pc-windows-msvc.rustflags = ["-C", "target-feature=+crt-static"]
            x86_64-pc-windows-msvc = { linker = "lld-link", rustflags = [] }
            'cfg(windows)'.runner = "wine"

            """,
        expected: """
            [target]
            aarch64-pc-windows-msvc.rustflags = ["-C", "target-feature=+crt-static"]
            \(begin)
            aarch64-pc-windows-msvc.linker = "\(shim)"
            \(end)
            x86_64-pc-windows-msvc = { linker = "lld-link", rustflags = [] }
            'cfg(windows)'.runner = "wine"

            """),
    MergeCase(
        name: "xenv block with an old linker path",
        text: """
            [build]
            target = "aarch64-pc-windows-msvc"

            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "/home/dev/old-xenv/xenv-link"
            \(end)

            """,
        expected: """
            [build]
            target = "aarch64-pc-windows-msvc"

            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\(shim)"
            \(end)

            """),
    MergeCase(
        name: "another triple's xenv block",
        text: """
            [build]
            target = ["x86_64-pc-windows-msvc", "aarch64-pc-windows-msvc"]

            # >>> xenv: x86_64-pc-windows-msvc (managed by xenv setup; edits inside are lost) >>>
            [target.x86_64-pc-windows-msvc]
            linker = "/home/dev/.local/state/xenv/x86_64-pc-windows-msvc/xenv-link"
            # <<< xenv: x86_64-pc-windows-msvc <<<

            """),
    MergeCase(
        name: "trailing blank lines stay trailing", text: "[build]\njobs = 4\n\n\n",
        expected: """
            [build]
            jobs = 4

            \(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\(shim)"
            \(end)



            """),
    MergeCase(name: "whitespace-only last line without newline", text: "[build]\njobs = 2\n   "),
    MergeCase(
        name: "comments everywhere, Windows linker path",
        text: """
            # top comment
               # indented comment
            [build] # after a header
            target = "aarch64-pc-windows-msvc" # after a value
            \t# tab-indented comment
            [http]
            timeout = 30
            low-speed-limit = 10
            multiplexing = false
            [profile.release]
            lto = "thin"
            opt-level = 3
            codegen-units = 1
            # last words
            """, linker: windowsShim),
    MergeCase(name: "comments only", text: "# nothing configured yet\n"),

    // Conflicts that --force comments out.
    MergeCase(
        name: "linker in [target.<triple>]",
        text: """
            [build]
            target = "aarch64-pc-windows-msvc"

            [target.aarch64-pc-windows-msvc]
            linker = "lld-link"   # from LLVM 18
            rustflags = ["-C", "target-feature=+crt-static"]

            """, force: true,
        expected: """
            [build]
            target = "aarch64-pc-windows-msvc"

            [target.aarch64-pc-windows-msvc]
            \(begin)
            linker = "\(shim)"
            \(end)
            # xenv --force: linker = "lld-link"   # from LLVM 18
            rustflags = ["-C", "target-feature=+crt-static"]

            """),
    MergeCase(
        name: "top-level dotted target.<triple>.linker",
        text: #"""
            target.aarch64-pc-windows-msvc.linker = 'C:\Program Files\LLVM\bin\lld-link.exe'

            [build]
            target = "aarch64-pc-windows-msvc"

            """#, force: true,
        expected: #"""
            # xenv --force: target.aarch64-pc-windows-msvc.linker = 'C:\Program Files\LLVM\bin\lld-link.exe'

            [build]
            target = "aarch64-pc-windows-msvc"

            \#(begin)
            [target.aarch64-pc-windows-msvc]
            linker = "\#(shim)"
            \#(end)

            """#),
    MergeCase(
        name: "<triple>.linker in [target]",
        text: """
            [target]
            aarch64-pc-windows-msvc.linker = "rust-lld"
            aarch64-pc-windows-msvc.rustflags = ["-C", "linker-flavor=lld-link"]

            """, force: true,
        expected: """
            [target]
            # xenv --force: aarch64-pc-windows-msvc.linker = "rust-lld"
            aarch64-pc-windows-msvc.rustflags = ["-C", "linker-flavor=lld-link"]
            \(begin)
            aarch64-pc-windows-msvc.linker = "\(shim)"
            \(end)

            """),
    MergeCase(
        name: "multi-line linker string, CRLF",
        text: crlf(
            #"""
            [target.aarch64-pc-windows-msvc]
            linker = """
            /opt/llvm/bin/lld-link"""
            runner = "wine"

            """#), force: true,
        expected: crlf(
            #"""
            [target.aarch64-pc-windows-msvc]
            \#(begin)
            linker = "\#(shim)"
            \#(end)
            # xenv --force: linker = """
            # xenv --force: /opt/llvm/bin/lld-link"""
            runner = "wine"

            """#)),
]

/// The text with the block for `triple` cut out by plain byte search (independent of the scanner): the marker lines
/// and what is between them, the blank line before a block with its own header, and the line break a block at
/// the very end gave the line before it.
private func cutBlock(_ text: String, triple: String = arm) -> [UInt8] {
    let bytes = Array(text.utf8)
    let beginMarker = Array("# >>> xenv: \(triple) (".utf8)
    let endMarker = Array("# <<< xenv: \(triple) <<<".utf8)
    func find(_ needle: [UInt8], from start: Int) -> Int? {
        guard bytes.count - needle.count >= start else { return nil }
        return (start...(bytes.count - needle.count)).first { (index: Int) -> Bool in
            let atLineStart =
                index == 0 || bytes[index - 1] == 0x0A || (index == 3 && bytes.starts(with: [0xEF, 0xBB, 0xBF]))
            return atLineStart && bytes[index..<index + needle.count].elementsEqual(needle)
        }
    }
    guard let first = find(beginMarker, from: 0), let last = find(endMarker, from: first) else { return bytes }
    var cutFrom = first
    var cutTo = last + endMarker.count
    if cutTo < bytes.count, bytes[cutTo] == 0x0D { cutTo += 1 }
    let endedTheFile = cutTo == bytes.count
    if cutTo < bytes.count { cutTo += 1 }
    let afterBegin = bytes[first...].drop { $0 != 0x0A }.dropFirst()
    if afterBegin.starts(with: Array("[target".utf8)) {
        for blank in [[0x0D, 0x0A], [0x0A]] as [[UInt8]] where cutFrom >= blank.count {
            let start = cutFrom - blank.count
            if bytes[start..<cutFrom].elementsEqual(blank), start == 0 || bytes[start - 1] == 0x0A {
                cutFrom = start
                break
            }
        }
    }
    var result = Array(bytes[..<cutFrom]) + Array(bytes[cutTo...])
    if endedTheFile, result.last == 0x0A {
        result.removeLast()
        if result.last == 0x0D { result.removeLast() }
    }
    return result
}

/// Lines commented out by --force, restored.
private func unforce(_ bytes: [UInt8]) -> [UInt8] {
    let prefix = Array("# xenv --force: ".utf8)
    let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
    let hasBOM = bytes.starts(with: bom)
    let lines = Array(bytes.dropFirst(hasBOM ? 3 : 0)).split(separator: 0x0A, omittingEmptySubsequences: false)
        .map { $0.starts(with: prefix) ? Array($0.dropFirst(prefix.count)) : Array($0) }
    return (hasBOM ? bom : []) + Array(lines.joined(separator: [0x0A]))
}

private func merge(_ text: String, _ linker: String = shim, triple: String = arm, force: Bool = false) throws -> String
{
    try CargoConfigMerge.merge(text, triple: triple, linker: linker, force: force, file: configFile)
}

private func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

@Suite struct CargoConfigMergeTests {
    @Test(arguments: mergeCases)
    func mergesAsOneBlockAndRemovesCleanly(_ fixture: MergeCase) throws {
        let merged = try checkMerge(fixture.text, linker: fixture.linker, force: fixture.force)
        if let expected = fixture.expected {
            #expect(bytes(merged) == bytes(expected), "\(merged)")
        }
    }

    /// The same files with CRLF line endings, without the final line break, with a byte order mark and with
    /// trailing blank lines.
    @Test(arguments: mergeCases)
    func mergesVariantsOfTheSameFile(_ fixture: MergeCase) throws {
        var text = fixture.text
        if text.hasPrefix("\u{FEFF}") { text.unicodeScalars.removeFirst() }
        if text.utf8.contains(0x0D) { text = String(decoding: Array(text.utf8).filter { $0 != 0x0D }, as: UTF8.self) }
        let unterminated = text.hasSuffix("\n") ? String(text.dropLast()) : text
        for variant in [
            text, crlf(text), unterminated, crlf(unterminated), "\u{FEFF}" + text, "\u{FEFF}" + crlf(unterminated),
            text + "\n\n", crlf(text + "\n \n"), unterminated + "\n\t",
        ] {
            try checkMerge(variant, linker: fixture.linker, force: fixture.force)
        }
    }

    /// Merges and checks what holds for every file; returns the merged text.
    @discardableResult
    private func checkMerge(
        _ text: String, linker: String, force: Bool, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> String {
        let merged = try merge(text, linker, force: force)
        let variant = Comment(rawValue: text.debugDescription)

        // Idempotent, also without --force once the conflict is commented out.
        #expect(
            bytes(try merge(merged, linker, force: force)) == bytes(merged), variant, sourceLocation: sourceLocation)
        #expect(bytes(try merge(merged, linker)) == bytes(merged), variant, sourceLocation: sourceLocation)

        // remove is the inverse: the original bytes, with every xenv block gone and --force lines restored.
        let removed = bytes(CargoConfigMerge.remove(merged, file: configFile))
        #expect(
            removed == bytes(CargoConfigMerge.remove(text, file: configFile)), variant, sourceLocation: sourceLocation)
        if !text.contains("# >>> xenv: ") {
            #expect(removed == bytes(text), variant, sourceLocation: sourceLocation)
        }

        // Everything outside the block is byte-identical; with --force, but for the prefix on the commented-out lines.
        let outside = cutBlock(merged)
        if force {
            #expect(
                unforce(outside) == cutBlock(text) && outside != unforce(outside), variant,
                sourceLocation: sourceLocation)
        } else {
            #expect(outside == cutBlock(text), variant, sourceLocation: sourceLocation)
        }

        // New lines use the file's line endings.
        let mergedBytes = bytes(merged)
        let usesCRLF = text.utf8.contains(0x0D)
        let lineEndings = mergedBytes.indices.filter { mergedBytes[$0] == 0x0A }.map {
            $0 > 0 && mergedBytes[$0 - 1] == 0x0D
        }
        #expect(lineEndings.allSatisfy { $0 == usesCRLF }, variant, sourceLocation: sourceLocation)
        #expect(merged.hasPrefix("\u{FEFF}") == text.hasPrefix("\u{FEFF}"), variant, sourceLocation: sourceLocation)
        #expect(
            merged.utf8.last == 0x0A || text.isEmpty || text == "\u{FEFF}" || text.utf8.last != 0x0A, variant,
            sourceLocation: sourceLocation)

        // It reads back as TOML with exactly one linker for the triple: xenv's.
        let scan = TOMLLineScanner(merged)
        #expect(scan.problem == nil, variant, sourceLocation: sourceLocation)
        let linkers = scan.definitions().filter { $0.path == ["target", arm, "linker"] && !$0.inArrayOfTables }
        #expect(linkers.map(\.value) == [.string(linker)], variant, sourceLocation: sourceLocation)
        return merged
    }

    @Test(arguments: mergeCases.filter(\.force))
    func refusesAConflictingLinkerWithoutForce(_ fixture: MergeCase) {
        let error = thrownError { try merge(fixture.text, fixture.linker) }
        guard case .cargoConfigLinkerConflict(let file, let line, let text, let triple)? = error else {
            Issue.record("expected a linker conflict, got \(String(describing: error))")
            return
        }
        #expect(file == configFile && triple == arm)
        let lines = Array(fixture.text.utf8).split(separator: 0x0A, omittingEmptySubsequences: false)
        #expect(line >= 1 && line <= lines.count)
        #expect(String(decoding: lines[line - 1], as: UTF8.self).contains(text))
        #expect(text.contains("linker"))
    }

    @Test func conflictMessagesNameTheFileLineAndRemedy() {
        let plain = thrownError { try merge(mergeCases.first { $0.name == "linker in [target.<triple>]" }!.text) }
        #expect(
            plain?.description == """
                /home/dev/proj/.cargo/config.toml:5 already sets a linker for aarch64-pc-windows-msvc: \
                linker = "lld-link"   # from LLVM 18; pass --force to have xenv comment it out, or remove the line
                """)
        let dotted = thrownError { try merge("# flags\ntarget.aarch64-pc-windows-msvc.linker = 'lld-link'\n") }
        #expect(
            dotted?.description == """
                /home/dev/proj/.cargo/config.toml:2 already sets a linker for aarch64-pc-windows-msvc: \
                target.aarch64-pc-windows-msvc.linker = 'lld-link'; pass --force to have xenv comment it out, or remove the line
                """)
        let multiLine = thrownError {
            try merge("[target.aarch64-pc-windows-msvc]\r\nlinker = \"\"\"\r\n/opt/lld\"\"\"\r\n")
        }
        #expect(multiLine == .cargoConfigLinkerConflict(file: configFile, line: 2, text: #"linker = """"#, triple: arm))
    }

    @Test(arguments: [false, true])
    func refusesALinkerInAnInlineTableEvenWithForce(force: Bool) {
        let inTargetTable = """
            [target]
            x86_64-pc-windows-msvc = { linker = "lld-link" }
            aarch64-pc-windows-msvc = { linker = "lld-link", rustflags = ["-C", "target-feature=+crt-static"] }

            """
        #expect(
            thrownError { try merge(inTargetTable, force: force) }?.description == """
                /home/dev/proj/.cargo/config.toml:3 sets a linker for aarch64-pc-windows-msvc inside an inline table: \
                aarch64-pc-windows-msvc = { linker = "lld-link", rustflags = ["-C", "target-feature=+crt-static"] }; \
                --force cannot comment that out, so edit it by hand (drop its linker, or write the table as \
                [target.aarch64-pc-windows-msvc])
                """)
        let underBuild =
            "[build]\njobs = 2\n"
            + "target.aarch64-pc-windows-msvc = { rustflags = [\"-C\", \"target-feature=+crt-static\"], linker = \"lld-link\" }\n"
        // A key after a table header belongs to that table, so this is build.target.…; only at the top is it a conflict.
        #expect(thrownError { try merge(underBuild, force: force) } == nil)
        let atTop =
            "target.aarch64-pc-windows-msvc = { rustflags = [], linker = \"C:\\\\LLVM\\\\lld-link.exe\" }\n[build]\njobs = 2\n"
        #expect(
            thrownError { try merge(atTop, force: force) }
                == .cargoConfigInlineLinker(
                    file: configFile, line: 1,
                    text: #"target.aarch64-pc-windows-msvc = { rustflags = [], linker = "C:\\LLVM\\lld-link.exe" }"#,
                    triple: arm, tableHeader: "[target.aarch64-pc-windows-msvc]"))
        let nested = "target = { aarch64-pc-windows-msvc = { linker = \"x\" } }\n"
        #expect(
            thrownError { try merge(nested, force: force) }
                == .cargoConfigInlineLinker(
                    file: configFile, line: 1, text: nested.dropLast().description, triple: arm,
                    tableHeader: "[target.aarch64-pc-windows-msvc]"))
        // An inline linker before a plain one: refused either way, naming the inline one.
        let inlineFirst = """
            target.aarch64-pc-windows-msvc = { linker = "b" }
            [target]
            aarch64-pc-windows-msvc.linker = "a"

            """
        #expect(
            thrownError { try merge(inlineFirst, force: force) }
                == .cargoConfigInlineLinker(
                    file: configFile, line: 1, text: #"target.aarch64-pc-windows-msvc = { linker = "b" }"#, triple: arm,
                    tableHeader: "[target.aarch64-pc-windows-msvc]"))
        // `z = { linker = 1 }` in the triple's table sets target.<triple>.z.linker: no conflict.
        let plainFirst = """
            [target]
            aarch64-pc-windows-msvc.linker = "a"
            [target.x]
            y = 1
            [target.aarch64-pc-windows-msvc]
            z = { linker = 1 }

            """
        #expect(
            thrownError { try merge(plainFirst, force: force) }
                == (force
                    ? nil
                    : .cargoConfigLinkerConflict(
                        file: configFile, line: 2, text: #"aarch64-pc-windows-msvc.linker = "a""#, triple: arm)))
    }

    @Test func refusesFilesItCannotMergeInto() {
        let inlineTable =
            "[target]\naarch64-pc-windows-msvc = { rustflags = [\"-C\", \"target-feature=+crt-static\"] }\n"
        #expect(
            thrownError { try merge(inlineTable, force: true) }?.description == """
                /home/dev/proj/.cargo/config.toml:2 makes target.aarch64-pc-windows-msvc an inline table, which takes no more keys: \
                aarch64-pc-windows-msvc = { rustflags = ["-C", "target-feature=+crt-static"] }; \
                edit it by hand into a [target.aarch64-pc-windows-msvc] table
                """)
        #expect(
            thrownError { try merge("[build]\ntarget = aarch64-pc-windows-msvc\n") }?.description == """
                /home/dev/proj/.cargo/config.toml:2 is not valid TOML (expected a value; strings need quotes): \
                target = aarch64-pc-windows-msvc; fix it (cargo rejects it too) and run xenv setup again
                """)
        #expect(
            thrownError { try merge("[env]\nNOTES = \"\"\"\n[target.aarch64-pc-windows-msvc]\n") }?.description == """
                /home/dev/proj/.cargo/config.toml:2 is not valid TOML (the multi-line string that starts here is never closed): \
                NOTES = \"\"\"; fix it (cargo rejects it too) and run xenv setup again
                """)
        #expect(
            thrownError { try merge("[[target.aarch64-pc-windows-msvc]]\nrunner = \"x\"\n") }
                == .cargoConfigCannotMerge(
                    file: configFile, line: 1, text: "[[target.aarch64-pc-windows-msvc]]",
                    reason:
                        "declares an array of tables where cargo expects the table [target.aarch64-pc-windows-msvc]",
                    remedy: "edit it by hand"))

        let unclosed = "[build]\njobs = 4\n\n\(begin)\n[target.aarch64-pc-windows-msvc]\nlinker = \"/old\"\n"
        #expect(
            thrownError { try merge(unclosed) }?.description == """
                /home/dev/proj/.cargo/config.toml:4 opens xenv's block for aarch64-pc-windows-msvc but no \
                `# <<< xenv: aarch64-pc-windows-msvc <<<` line closes it: \(begin); \
                delete the block by hand and run xenv setup again
                """)
        #expect(
            CargoConfigMerge.remove(unclosed, file: configFile) == unclosed,
            "remove leaves a block it cannot delimit alone")
    }

    @Test func replacingTheLinkerKeepsEverythingElse() throws {
        for fixture in mergeCases where !fixture.force {
            let first = try merge(fixture.text)
            let second = try merge(first, windowsShim)
            #expect(cutBlock(second) == cutBlock(first), "\(fixture.name)")
            #expect(bytes(second) == bytes(try merge(fixture.text, windowsShim)), "\(fixture.name)")
            #expect(
                second.contains(
                    #"linker = "C:\\Users\\Dev Name\\AppData\\Local\\xenv\\aarch64-pc-windows-msvc\\xenv-link.exe""#))
        }
    }

    @Test func blocksForTwoTriplesStayPutAndComeOutTogether() throws {
        let x64 = "x86_64-pc-windows-msvc"
        let original = "[build]\njobs = 4"
        let one = try merge(original, "/x64/xenv-link", triple: x64)
        let both = try merge(one, shim)
        #expect(
            both == """
                [build]
                jobs = 4

                # >>> xenv: x86_64-pc-windows-msvc (managed by xenv setup; edits inside are lost) >>>
                [target.x86_64-pc-windows-msvc]
                linker = "/x64/xenv-link"
                # <<< xenv: x86_64-pc-windows-msvc <<<

                \(begin)
                [target.aarch64-pc-windows-msvc]
                linker = "\(shim)"
                \(end)
                """)
        // Re-running either setup changes nothing, and neither block moves.
        #expect(try merge(both, "/x64/xenv-link", triple: x64) == both)
        #expect(try merge(both, shim) == both)
        let newX64 = try merge(both, "/x64/new", triple: x64)
        #expect(newX64 == both.replacingOccurrences(of: "/x64/xenv-link", with: "/x64/new"))
        #expect(cutBlock(both) == bytes(one))
        #expect(CargoConfigMerge.remove(both, file: configFile) == original)
        #expect(CargoConfigMerge.remove(newX64, file: configFile) == original)
    }

    @Test func movesTheBlockIntoATableTheUserAddedLater() throws {
        let appended = try merge("[build]\njobs = 4\n")
        let edited =
            appended + "\n[target.aarch64-pc-windows-msvc]\nrustflags = [\"-C\", \"target-feature=+crt-static\"]\n"
        let merged = try merge(edited)
        #expect(
            merged == """
                [build]
                jobs = 4

                [target.aarch64-pc-windows-msvc]
                \(begin)
                linker = "\(shim)"
                \(end)
                rustflags = ["-C", "target-feature=+crt-static"]

                """)
        #expect(try merge(merged) == merged)
    }

    @Test func quotesATripleThatIsNotABareKey() throws {
        let merged = try merge("[build]\njobs = 1\n", triple: "weird.triple")
        #expect(merged.contains("\n[target.\"weird.triple\"]\nlinker = \"\(shim)\"\n"))
        let linkers = TOMLLineScanner(merged).definitions().filter { $0.path == ["target", "weird.triple", "linker"] }
        #expect(linkers.map(\.value) == [.string(shim)])
        let dotted = try merge("target.'weird.triple'.runner = \"x\"\n", triple: "weird.triple")
        #expect(dotted.contains("\ntarget.\"weird.triple\".linker = \"\(shim)\"\n"))
        #expect(CargoConfigMerge.remove(dotted, file: configFile) == "target.'weird.triple'.runner = \"x\"\n")
    }

    @Test(
        .enabled(
            if: tomllibAvailable, "python3 with tomllib (Python 3.11+) is not installed; the tomllib check is skipped"))
    func everyMergedFileIsValidTOMLToPython() throws {
        // tomllib rejects a byte order mark (cargo's reader skips it).
        func withoutBOM(_ text: String) -> String {
            text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        }
        var cases: [[String: String]] = []
        for fixture in mergeCases {
            let merged = try merge(fixture.text, fixture.linker, force: fixture.force)
            cases.append(["name": fixture.name, "text": withoutBOM(merged), "triple": arm, "linker": fixture.linker])
            // The fixtures themselves are valid TOML too (the linker they may set is not xenv's).
            cases.append(["name": "original of " + fixture.name, "text": withoutBOM(fixture.text), "linker": "valid"])
        }
        for triple in ["weird.triple", "x86_64-pc-windows-msvc"] {
            cases.append([
                "name": triple, "text": try merge(windowsTables, triple: triple), "triple": triple, "linker": shim,
            ])
        }
        let script = """
            import sys, json, tomllib
            out = []
            for case in json.load(sys.stdin):
                try:
                    parsed = tomllib.loads(case["text"])
                    out.append(parsed["target"][case["triple"]]["linker"] if "triple" in case else "valid")
                except Exception as e:
                    out.append("error: %s" % e)
            print(json.dumps(out))
            """
        let results = try runPython(script, input: JSONSerialization.data(withJSONObject: cases))
        let linkers = try #require(try JSONSerialization.jsonObject(with: results) as? [String])
        #expect(linkers.count == cases.count)
        for (result, fixture) in zip(linkers, cases) {
            #expect(result == fixture["linker"], "\(fixture["name"]!): \(result)\n\(fixture["text"]!)")
        }
    }
}

/// Whether `python3 -c "import tomllib"` works here.
private let tomllibAvailable: Bool = (try? runPython("import tomllib", input: Data())) != nil

private struct PythonFailed: Error, CustomStringConvertible {
    let description: String
}

/// Runs `python3 -c script` with `input` on stdin; its stdout, or an error when it cannot start or fails.
private func runPython(_ script: String, input: Data) throws -> Data {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", script]
    let stdin = Pipe()
    let stdout = Pipe()
    let stderr = Pipe()
    process.standardInput = stdin
    process.standardOutput = stdout
    process.standardError = stderr
    try process.run()
    stdin.fileHandleForWriting.write(input)
    try stdin.fileHandleForWriting.close()
    let output = stdout.fileHandleForReading.readDataToEndOfFile()
    let errors = stderr.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0 else {
        throw PythonFailed(
            description: "python3 exited \(process.terminationStatus): \(String(decoding: errors, as: UTF8.self))")
    }
    return output
}

@Suite struct CargoConfigMergeScannerTests {
    @Test func knowsTheTableAndKeyOfEveryLine() {
        let scan = TOMLLineScanner(
            #"""
            top = 1 # root
            [ target . "aarch64-pc-windows-msvc" ]
            rustflags = [
              "]", # [not.a.table]
              '[x]',
            ]
            notes = """
            [target.fake]
            linker = "no"
            """
            [target.'cfg(windows)']
            env.'A.B' . c = { value = "x", force = true }

            [[patch.list]]
            linker = "in an array of tables"
            [patch.list.sub]
            k = 1979-05-27 07:32:00Z
            """#)
        #expect(scan.problem == nil)
        let summary = scan.lines.map { line in
            "\(line.kind) \(line.table.joined(separator: "|"))\(line.inArrayOfTables ? " []" : "") "
                + (line.key?.joined(separator: "|") ?? "-")
        }
        #expect(
            summary == [
                "keyValue  top",
                "table target|aarch64-pc-windows-msvc -",
                "keyValue target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|rustflags",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|rustflags",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|rustflags",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|rustflags",
                "keyValue target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|notes",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|notes",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|notes",
                "continuation target|aarch64-pc-windows-msvc target|aarch64-pc-windows-msvc|notes",
                "table target|cfg(windows) -",
                "keyValue target|cfg(windows) target|cfg(windows)|env|A.B|c",
                "blank target|cfg(windows) -",
                "arrayOfTables patch|list [] -",
                "keyValue patch|list [] patch|list|linker",
                "table patch|list|sub [] -",
                "keyValue patch|list|sub [] patch|list|sub|k",
            ])
        #expect(
            scan.definitions().map { $0.path.joined(separator: "|") } == [
                "top", "target|aarch64-pc-windows-msvc|rustflags", "target|aarch64-pc-windows-msvc|notes",
                "target|cfg(windows)|env|A.B|c", "target|cfg(windows)|env|A.B|c|value",
                "target|cfg(windows)|env|A.B|c|force",
                "patch|list|linker", "patch|list|sub|k",
            ])
        #expect(scan.definitions()[2].value == .string("[target.fake]\nlinker = \"no\"\n"))
    }

    @Test func decodesStrings() {
        let scan = TOMLLineScanner(
            #"""
            a = "tab\t quote\" backslash\\ \u00E9 \U0001F600"
            b = 'C:\no\escapes'
            c = """\
                joined \
                lines"""
            d = """two quotes at the end"""""
            e = '''''one''''
            "quoted key" = 'x'
            f = { "k.1" = "v" }

            """#)
        #expect(scan.problem == nil)
        #expect(
            scan.definitions().map(\.value) == [
                .string("tab\t quote\" backslash\\ é 😀"), .string(#"C:\no\escapes"#), .string("joined lines"),
                .string(#"two quotes at the end"""#), .string("''one'"), .string("x"),
                .inlineTable([.init(key: ["k.1"], line: 8, value: .string("v"))]), .string("v"),
            ])
        #expect(scan.definitions()[5].path == ["quoted key"])
    }

    @Test func reportsTheFirstProblemAndGoesOn() {
        let scan = TOMLLineScanner("a = 1\nb = [1, 2\nc = 3\n")
        #expect(scan.problem == TOMLLineScanner.Problem(line: 2, reason: "expected ',' or ']' in the array"))
        let unclosed = TOMLLineScanner("a = '''\nstill open\n# >>> xenv: x (m) >>>\n")
        #expect(
            unclosed.problem
                == TOMLLineScanner.Problem(line: 0, reason: "the multi-line string that starts here is never closed"))
        #expect(unclosed.lines.map(\.kind) == [.invalid, .continuation, .continuation])
        #expect(TOMLLineScanner("[a\n").problem?.reason == "expected ']' after the table name")
        #expect(TOMLLineScanner("a = \"x\" b\n").problem?.reason == "expected the end of the line")
        #expect(TOMLLineScanner("a = \"x\\q\"\n").problem?.reason == "invalid escape '\\q' in a string")
        #expect(TOMLLineScanner("= 1\n").problem?.reason == "expected a key")
    }
}

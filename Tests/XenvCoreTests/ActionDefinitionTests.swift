import Foundation
import Testing
import XenvSystem

@testable import XenvCore

/// `action.yml` as far as these tests read it, with a line-based scanner (there is no YAML library here). It
/// knows the file's own plain layout: top-level `inputs:` and `outputs:` whose entries are two-space-indented
/// `name:` keys with four-space-indented properties, and `run:` keys with a `|` block or an inline script.
struct ActionDefinition {
    struct Entry: Equatable {
        var name: String
        var properties: [String: String]
    }

    struct RunScript {
        var line: Int  // 1-based, the line of the `run:` key
        var body: String
    }

    var text: String
    var inputs: [Entry] = []
    var outputs: [Entry] = []
    var runScripts: [RunScript] = []

    init(text: String) {
        self.text = text
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            line.hasSuffix("\r") ? String(line.dropLast()) : String(line)
        }
        inputs = Self.entries(of: "inputs", in: lines)
        outputs = Self.entries(of: "outputs", in: lines)
        runScripts = Self.runScripts(in: lines)
    }

    static func indentation(_ line: String) -> Int { line.prefix { $0 == " " }.count }

    static func isBlankOrComment(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed.hasPrefix("#")
    }

    /// `key: value` split at the first `: ` (or a trailing `:`), the value without its quotes.
    static func keyValue(_ line: String) -> (key: String, value: String)? {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        guard let colon = trimmed.firstIndex(of: ":") else { return nil }
        let key = String(trimmed[..<colon])
        let rest = trimmed[trimmed.index(after: colon)...]
        guard rest.isEmpty || rest.first == " " else { return nil }
        var value = rest.trimmingCharacters(in: .whitespaces)
        if value.count >= 2, let first = value.first, first == "'" || first == "\"", value.last == first {
            value = String(value.dropFirst().dropLast())
        }
        return (key, value)
    }

    /// The entries of a top-level mapping (`inputs:` or `outputs:`) and their one-line properties.
    static func entries(of section: String, in lines: [String]) -> [Entry] {
        guard let start = lines.firstIndex(of: "\(section):") else { return [] }
        var entries: [Entry] = []
        for line in lines[(start + 1)...] {
            if isBlankOrComment(line) { continue }
            let indent = indentation(line)
            if indent == 0 { break }
            guard let (key, value) = keyValue(line) else { continue }
            if indent == 2 {
                entries.append(Entry(name: key, properties: [:]))
            } else if indent == 4, !entries.isEmpty {
                entries[entries.count - 1].properties[key] = value
            }
        }
        return entries
    }

    /// Every `run:` script: an inline value, or the lines of a `|`/`>` block (indented deeper than the key).
    static func runScripts(in lines: [String]) -> [RunScript] {
        var scripts: [RunScript] = []
        for (index, line) in lines.enumerated() {
            var content = Substring(line.drop { $0 == " " })
            if content.hasPrefix("- ") { content = content.dropFirst(2).drop { $0 == " " } }
            guard content.hasPrefix("run:") else { continue }
            let keyColumn = line.count - content.count
            let value = content.dropFirst("run:".count).trimmingCharacters(in: .whitespaces)
            guard value.hasPrefix("|") || value.hasPrefix(">") else {
                scripts.append(RunScript(line: index + 1, body: value))
                continue
            }
            var body: [String] = []
            for next in lines[(index + 1)...] {
                if !next.trimmingCharacters(in: .whitespaces).isEmpty && indentation(next) <= keyColumn { break }
                body.append(next)
            }
            scripts.append(RunScript(line: index + 1, body: body.joined(separator: "\n")))
        }
        return scripts
    }

    /// Inputs that no expression of the action reads (`inputs.<name>`).
    var unusedInputs: [String] {
        inputs.map(\.name).filter { name in
            !text.contains("inputs.\(name) ") && !text.contains("inputs.\(name)}")
        }
    }

    /// `run:` scripts that hold a `${{ }}` expression, by line.
    var scriptsWithExpressions: [Int] { runScripts.filter { $0.body.contains("${{") }.map(\.line) }
}

/// The README's documentation of the action: the names in the first column of the tables of one subsection
/// of the "GitHub Action" section.
enum ActionReadme {
    /// From the line `heading` up to the next heading of the same or a higher level.
    static func section(_ text: String, heading: String) -> String? {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: heading) else { return nil }
        let level = heading.prefix { $0 == "#" }.count
        var end = lines.count
        for index in (start + 1)..<lines.count {
            let hashes = lines[index].prefix { $0 == "#" }.count
            if hashes > 0, hashes <= level, lines[index].dropFirst(hashes).hasPrefix(" ") {
                end = index
                break
            }
        }
        return lines[start..<end].joined(separator: "\n")
    }

    /// The `name`s of table rows that start `| `name` |`.
    static func tableNames(_ text: String) -> Set<String> {
        var names: Set<String> = []
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(2).prefix { $0 != "|" }.trimmingCharacters(in: .whitespaces)
            if cell.count > 2, cell.hasPrefix("`"), cell.hasSuffix("`") {
                names.insert(String(cell.dropFirst().dropLast()))
            }
        }
        return names
    }

    static func documented(_ readme: String, subsection: String) -> Set<String> {
        guard let action = section(readme, heading: "## GitHub Action"),
            let part = section(action, heading: "### \(subsection)")
        else { return [] }
        return tableNames(part)
    }
}

/// action.yml against the README and the code: every input documented and used, every output documented and
/// taken from a step, the `version` default equal to this xenv's version, and no `${{ }}` inside a script.
struct ActionDefinitionTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    static func read(_ relativePath: String) throws -> String {
        try String(contentsOf: packageRoot.appendingPathComponent(relativePath), encoding: .utf8)
    }

    static func action() throws -> ActionDefinition { ActionDefinition(text: try read("action.yml")) }

    @Test func theActionDeclaresTheInputsAndOutputsOfItsDesign() throws {
        let action = try Self.action()
        #expect(
            action.inputs.map(\.name)
                == ["target", "linker", "toolset", "sdk", "sysroot", "crt-version", "sdk-version", "verify", "version"])
        #expect(action.inputs.first { $0.name == "target" }?.properties["required"] == "true")
        #expect(
            Set(action.outputs.map(\.name)) == [
                "xenv-path", "target", "linker", "real-linker", "linker-kind", "state-dir", "cargo-config",
                "cmake-toolchain", "vs-path", "toolset", "sdk", "sysroot",
            ])
    }

    @Test func everyInputIsDocumentedInTheReadmeAndUsedByTheAction() throws {
        let action = try Self.action()
        let documented = ActionReadme.documented(try Self.read("README.md"), subsection: "Inputs")
        let undocumented = action.inputs.map(\.name).filter { !documented.contains($0) }
        #expect(undocumented.isEmpty, "inputs missing from the README's GitHub Action > Inputs table: \(undocumented)")
        #expect(documented.subtracting(action.inputs.map(\.name)).isEmpty, "README documents inputs the action lacks")
        #expect(action.unusedInputs.isEmpty, "inputs the action never reads: \(action.unusedInputs)")
    }

    @Test func everyOutputIsDocumentedAndComesFromAStep() throws {
        let action = try Self.action()
        let documented = ActionReadme.documented(try Self.read("README.md"), subsection: "Outputs")
        let undocumented = action.outputs.map(\.name).filter { !documented.contains($0) }
        #expect(
            undocumented.isEmpty, "outputs missing from the README's GitHub Action > Outputs table: \(undocumented)")
        #expect(documented.subtracting(action.outputs.map(\.name)).isEmpty, "README documents outputs the action lacks")
        for output in action.outputs {
            let step = output.name == "xenv-path" ? "install" : "setup"
            #expect(output.properties["value"] == "${{ steps.\(step).outputs.\(output.name) }}", "\(output.name)")
            #expect(action.text.contains("id: \(step)\n"), "no step with id \(step)")
        }
    }

    /// The setup step's outputs are the names `xenv setup` writes to $GITHUB_OUTPUT on either kind of host.
    @Test func theSetupOutputsAreWhatXenvWrites() throws {
        let windows = GitHubActions.stepOutputs(WindowsGitHubActionsTests.plan(environment: [])).map(\.name)
        var linux = try CISystemTests.plan([])
        linux.cmakeToolchain = "/state/aarch64-pc-windows-msvc-toolchain.cmake"
        let written = Set(windows + GitHubActions.stepOutputs(linux).map(\.name))
        let declared = Set(try Self.action().outputs.map(\.name)).subtracting(["xenv-path"])
        #expect(declared == written)
    }

    @Test func theTargetsTheActionAndItsTableListAreTheCatalogs() throws {
        // Each target's aliases, in the catalog's order: a new descriptor must be listed in both places.
        let aliases = Catalog.embedded.descriptors.map { $0.aliases.joined(separator: "/") }.joined(separator: ", ")
        let description = try Self.action().inputs.first { $0.name == "target" }?.properties["description"]
        #expect(description == "Target triple or alias (" + aliases + ").")
        let quoted = Catalog.embedded.descriptors.map { $0.aliases.map { "`\($0)`" }.joined(separator: "/") }
        #expect(
            try Self.read("README.md").contains(
                "| `target` | (required) | target triple or alias: \(quoted.joined(separator: ", ")) |"))
    }

    @Test func theVersionDefaultIsThisXenvsVersion() throws {
        let action = try Self.action()
        let version = Help.version.replacingOccurrences(of: "xenv ", with: "")
        #expect(action.inputs.first { $0.name == "version" }?.properties["default"] == version)
        // The README's table states the same default.
        let inputs = ActionReadme.section(try Self.read("README.md"), heading: "## GitHub Action") ?? ""
        #expect(inputs.contains("| `version` | `\(version)` |"))
    }

    @Test func noRunScriptHoldsAnExpression() throws {
        let action = try Self.action()
        #expect(action.runScripts.count >= 2)
        #expect(
            action.scriptsWithExpressions.isEmpty, "run: scripts with ${{ }} at lines \(action.scriptsWithExpressions)")
        for file in [
            ".github/workflows/ci.yml", ".github/workflows/release.yml", "examples/windows-arm64-nextest-archive.yml",
        ] {
            let workflow = ActionDefinition(text: try Self.read(file))
            #expect(!workflow.runScripts.isEmpty, "\(file)")
            #expect(
                workflow.scriptsWithExpressions.isEmpty,
                "\(file): run: scripts with ${{ }} at lines \(workflow.scriptsWithExpressions)")
        }
    }

    @Test(arguments: [
        "examples/windows-arm64-nextest-archive.yml", "examples/windows-arm64-nextest-archive-linux-producer.yml",
    ])
    func theExampleGivesTheActionOnlyInputsItDeclares(example: String) throws {
        let declared = Set(try Self.action().inputs.map(\.name))
        let lines = try Self.read(example).split(separator: "\n").map(String.init)
        let uses = lines.indices.filter { lines[$0].contains("uses: xenv-project/xenv@") }
        #expect(!uses.isEmpty)
        for index in uses {
            let stepIndent = ActionDefinition.indentation(lines[index]) + 2  // past "- "
            var given: [String] = []
            var inWith = false
            for line in lines[(index + 1)...] where !ActionDefinition.isBlankOrComment(line) {
                let indent = ActionDefinition.indentation(line)
                if indent < stepIndent || (indent == stepIndent && line.dropFirst(indent).hasPrefix("- ")) { break }
                if indent == stepIndent {
                    inWith = line.hasSuffix("with:")
                } else if inWith, let (key, _) = ActionDefinition.keyValue(line) {
                    given.append(key)
                }
            }
            #expect(given.contains("target"))
            #expect(Set(given).isSubset(of: declared), "\(given)")
        }
    }

    /// The checks above can fail: the same scanners on broken copies find what is missing.
    @Test func theChecksNoticeWhatIsMissing() throws {
        let readme = try Self.read("README.md")
        let withoutSDK = readme.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("| `sdk` |") }.joined(separator: "\n")
        #expect(!ActionReadme.documented(withoutSDK, subsection: "Inputs").contains("sdk"))
        #expect(ActionReadme.documented(readme, subsection: "Inputs").contains("sdk"))

        let text = try Self.read("action.yml")
        let broken = ActionDefinition(
            text:
                text
                .replacingOccurrences(of: "XENV_SDK: ${{ inputs.sdk }}", with: "XENV_SDK: ''")
                .replacingOccurrences(of: "        set -euo pipefail\n", with: "        echo ${{ inputs.target }}\n"))
        #expect(broken.unusedInputs == ["sdk"])
        #expect(broken.scriptsWithExpressions.count == 2)

        let inline = ActionDefinition(text: "runs:\n  steps:\n    - run: echo ${{ github.ref }}\n      shell: bash\n")
        #expect(inline.scriptsWithExpressions == [3])
    }
}

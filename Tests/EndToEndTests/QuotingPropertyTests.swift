// The end-to-end tests start shells, cargo and linkers with posix_spawn: Linux and macOS only.
#if !os(Windows)
import Foundation
import Testing
import XenvTestSupport
@testable import XenvCore
import XenvSystem

/// Seeded random values through every quoter xenv has, evaluated by the real shells: each value must come
/// back byte for byte. The seed is in every failure message, so a case can be replayed with XENV_TEST_SEED.
struct QuotingPropertyTests {
    static let seed: UInt64 = ProcessInfo.processInfo.environment["XENV_TEST_SEED"].flatMap { UInt64($0) } ?? 20261126

    /// Values made of the characters shells treat specially, spaces, line breaks and non-ASCII letters.
    static func values(count: Int, seed: UInt64) -> [String] {
        let alphabet: [String] = [
            "a", "Z", "0", " ", "\t", "\n", "'", "\"", "\\", "$", "`", "!", "%", "(", ")", ";", "&", "|",
            "*", "?", "[", "]", "{", "}", "#", "~", "=", "<", ">", "é", "漢", "🙂", "\\\\", "$(x)", "${y}",
        ]
        var generator = SplitMix64(seed: seed)
        return (0..<count).map { _ in
            (0..<Int.random(in: 0...24, using: &generator)).map { _ in alphabet.randomElement(using: &generator)! }
                .joined()
        }
    }

    @Test(arguments: ["bash", "dash", "zsh", "fish"])
    func everyShellGetsBackTheValuesItWasGiven(shell: String) throws {
        let shellPath = try #require(E2E.onPath(shell), "\(shell) is not installed; .ci/run installs it")
        let values = Self.values(count: 200, seed: Self.seed &+ UInt64(shell.count))
        let assignments = values.enumerated().map { EnvironmentAssignment("XENV_P\($0.offset)", $0.element) }
        let renderer: any EnvironmentRenderer = shell == "fish" ? FishRenderer() : PosixShellRenderer()
        let base = try E2E.temporaryDirectory("quoting-\(shell)")
        let script = Path.join(base, "script"), dump = Path.join(base, "dump")
        try E2E.write(script, try renderer.render(assignments))
        let command = shell == "fish" ? #"source "$SCRIPT"; and env -0 > "$DUMP""# : #". "$SCRIPT" && env -0 > "$DUMP""#
        let result = try E2E.run(shellPath, ["-c", command], environment: ["SCRIPT": script, "DUMP": dump])
        #expect(result.status == 0, "seed \(Self.seed): \(result.standardError)")
        var seen: [String: String] = [:]
        for entry in (E2E.read(dump) ?? "").split(separator: "\0", omittingEmptySubsequences: false) {
            guard let equals = entry.firstIndex(of: "=") else { continue }
            seen[String(entry[..<equals])] = String(entry[entry.index(after: equals)...])
        }
        for assignment in assignments {
            #expect(
                seen[assignment.name] == assignment.value,
                "seed \(Self.seed), \(shell), \(assignment.name): \(assignment.value.debugDescription)")
        }
    }

    @Test func jsonNushellDotenvAndPowerShellQuotingRoundTrip() throws {
        let values = Self.values(count: 500, seed: Self.seed)
        let assignments = values.enumerated().map { EnvironmentAssignment("V\($0.offset)", $0.element) }
        let json = try JSONEnvironmentRenderer().render(assignments)
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: String]
        #expect(
            decoded == Dictionary(uniqueKeysWithValues: assignments.map { ($0.name, $0.value) }), "seed \(Self.seed)")
        // PowerShell: inside '...' only a doubled quote (straight or curly) stands for itself.
        for assignment in assignments {
            let quoted = PowerShellRenderer.quote(assignment.value)
            var unquoted = ""
            var characters = Array(quoted.dropFirst().dropLast())[...]
            while let character = characters.popFirst() {
                if ["'", "\u{2018}", "\u{2019}", "\u{201A}", "\u{201B}"].contains(character) {
                    #expect(characters.popFirst() == character, "seed \(Self.seed): \(quoted)")
                }
                unquoted.append(character)
            }
            #expect(unquoted == assignment.value, "seed \(Self.seed)")
        }
    }
}
#endif

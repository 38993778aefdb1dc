import Foundation
import Testing
import XenvSystem
import XenvTestSupport

@testable import XenvCore

/// One of the runners in Tests/Fixtures/runners, in memory: every value is a fresh copy a test may change.
struct SimulatedRunner {
    static let names = ["windows-2025", "windows-2022", "windows-11-arm"]

    let fixture: RunnerFixture
    let memory: InMemoryFileSystem

    /// - Parameter edit: changes the manifest's text first (see `RunnerFixture.load`).
    init(_ name: String, editing edit: (String) -> String = { $0 }) throws {
        fixture = try RunnerFixture.load(name, editing: edit)
        memory = fixture.memoryTree(root: "/w")
    }

    /// See `RunnerFixture.leavingOut`.
    static func leavingOut(_ words: [String]) -> (String) -> String { RunnerFixture.leavingOut(words) }

    var fileSystem: SystemFileSystem { simulatedWindows(memory) }

    /// The runner's planning context; `environment` adds to (or, with an empty value, takes out of) the fixture's.
    func context(
        environment overrides: [String: String] = [:], catalog: TargetCatalog = Catalog.embedded
    ) -> PlanningContext {
        var environment = fixture.environment
        for (name, value) in overrides { environment[name] = value.isEmpty ? nil : value }
        return WindowsFixture.context(fileSystem: fileSystem, environment: environment, catalog: catalog)
    }

    func plan(_ request: PlanRequest, environment: [String: String] = [:]) throws(XenvError) -> Plan {
        var notes: [String] = []
        return try Planner.plan(request, in: context(environment: environment), notes: &notes)
    }

    func plan(
        _ request: PlanRequest, environment: [String: String] = [:], notes: inout [String]
    ) throws(XenvError) -> Plan {
        try Planner.plan(request, in: context(environment: environment), notes: &notes)
    }

    /// Adds or replaces a file, named by its Windows path.
    func write(_ windowsPath: String, _ text: String) throws {
        try fileSystem.writeFileAtomically(windowsPath, bytes: Array(text.utf8), executable: false)
    }
}

extension Plan {
    func value(_ name: String) -> String? { environment.first { $0.name == name }?.value }

    var toolsetVersion: String? {
        guard case .visualStudio(_, let toolset, _) = toolchain else { return nil }
        return toolset.version
    }

    var visualStudioInstance: VisualStudioInstance? {
        guard case .visualStudio(let instance, _, _) = toolchain else { return nil }
        return instance
    }
}

/// A prompt's variables as captured on a real machine (Tests/Fixtures/runners/captured): `NAME=value` lines, `#`
/// comments. `Path (prefix)` and `Path (suffix)` are what the prompt put before and after the PATH it started from.
struct CapturedPrompt {
    var variables: [(name: String, value: String)] = []

    init(_ file: String) throws {
        let text = try RunnerFixture.text(of: RunnerFixture.directory + "/captured/" + file)
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            guard let equals = line.firstIndex(of: "=") else { continue }
            variables.append((String(line[..<equals]), String(line[line.index(after: equals)...])))
        }
    }

    subscript(name: String) -> String? { variables.first { $0.name == name }?.value }

    func list(_ name: String) -> [String] {
        self[name].map { $0.split(separator: ";", omittingEmptySubsequences: false).map(String.init) } ?? []
    }
}

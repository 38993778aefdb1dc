import Testing
import XenvSystem

@testable import XenvCore

@Suite struct StateDirectoryTests {
    static let everything = [
        "XENV_HOME": "/xenv-home", "GITHUB_ACTIONS": "true", "RUNNER_TEMP": "/runner-temp",
        "XDG_CACHE_HOME": "/xdg", "HOME": "/home/u",
    ]

    static func resolve(_ explicit: String?, _ environment: [String: String]) -> String {
        try! StateDirectory.resolve(
            explicit: explicit, environment: Environment(environment), workingDirectory: "/work")
    }

    static func resolve(_ environment: [String: String]) -> String { resolve(nil, environment) }

    @Test func takesEachSourceInPrecedenceOrder() {
        var environment = Self.everything
        #expect(Self.resolve("/out", environment) == "/out")
        #expect(Self.resolve(environment) == "/xenv-home")
        environment["XENV_HOME"] = ""  // empty means unset
        #expect(Self.resolve(environment) == "/runner-temp/xenv")
        environment["GITHUB_ACTIONS"] = nil
        #expect(Self.resolve(environment) == "/xdg/xenv")
        environment["XDG_CACHE_HOME"] = nil
        #expect(Self.resolve(environment) == "/home/u/.cache/xenv")
        environment["HOME"] = nil
        #expect(Self.resolve(environment) == "/work/.cache/xenv")
    }

    @Test func usesRUNNER_TEMPOnlyOnGitHubActions() {
        #expect(
            Self.resolve(["GITHUB_ACTIONS": "false", "RUNNER_TEMP": "/rt", "HOME": "/home/u"]) == "/home/u/.cache/xenv")
        #expect(Self.resolve(["RUNNER_TEMP": "/rt", "XDG_CACHE_HOME": "/xdg"]) == "/xdg/xenv")
        // On Actions without RUNNER_TEMP, the next source is taken.
        #expect(Self.resolve(["GITHUB_ACTIONS": "true", "XDG_CACHE_HOME": "/xdg"]) == "/xdg/xenv")
    }

    @Test func makesRelativePathsAbsolute() {
        #expect(Self.resolve("out/../state", [:]) == "/work/state")
        #expect(Self.resolve(["XENV_HOME": "./xh"]) == "/work/xh")
        #expect(Self.resolve(["GITHUB_ACTIONS": "true", "RUNNER_TEMP": "rt"]) == "/work/rt/xenv")
        // The XDG spec says a relative XDG_CACHE_HOME is ignored.
        #expect(Self.resolve(["XDG_CACHE_HOME": "cache", "HOME": "/home/u"]) == "/home/u/.cache/xenv")
        #expect(Self.resolve(["HOME": "home"]) == "/work/home/.cache/xenv")
    }
}

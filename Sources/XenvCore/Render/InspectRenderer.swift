import XenvSystem

/// `xenv inspect` as text for people, or as a versioned JSON document (`"schema": 1`, keys in a fixed order,
/// no decoration) for programs.
public enum InspectRenderer {
    public static func text(_ report: InspectReport) -> String {
        var lines = ["host: \(report.host)"]
        if report.host.os == .windows {
            lines.append("Visual Studio:")
            if report.visualStudio.isEmpty { lines.append("  none found") }
            for vs in report.visualStudio {
                let release = vs.instance.isPrerelease ? "preview" : "release"
                lines.append(
                    "  \(vs.instance.name) (\(release), \(vs.instance.source.rawValue)) at \(vs.instance.path)")
                if let version = vs.instance.version, let prompt = vs.instance.visualStudioVersion {
                    lines.append(
                        "    version \(version); its prompt's VisualStudioVersion \(prompt), VSCMD_VER "
                            + "\(vs.instance.vscmdVersion ?? prompt)"
                    )
                }
                if let components = vs.components {
                    lines.append(
                        "    components: "
                            + components.map { "\($0.name) \($0.installed ? "yes" : "no")" }.joined(separator: ", "))
                }
                for toolset in vs.toolsets {
                    let libs =
                        toolset.libraryArchs.isEmpty
                        ? "no libraries" : "libs " + toolset.libraryArchs.joined(separator: " ")
                    let tools =
                        toolset.hostTools.isEmpty
                        ? "no host tools" : "tools " + toolset.hostTools.joined(separator: " ")
                    lines.append(
                        "    toolset \(toolset.version)\(toolset.isDefault ? " (default)" : ""): \(libs); \(tools)")
                }
            }
            lines.append("Windows SDKs in \(report.sdkRoot ?? "?"):")
            if report.sdks.isEmpty { lines.append("  none found") }
            for sdk in report.sdks {
                let archs =
                    sdk.libraryArchs.isEmpty ? "no libraries" : "libs " + sdk.libraryArchs.joined(separator: " ")
                lines.append("  \(sdk.version): \(archs)\(sdk.usable ? "" : "; unusable: no um\\winsdkver.h")")
            }
        }
        // A Windows host mentions sysroots only when it has one: they are its way to build without Visual Studio.
        if report.host.os != .windows || !report.sysroots.isEmpty {
            lines.append("sysroots:")
            if report.sysroots.isEmpty { lines.append("  none found") }
            for sysroot in report.sysroots {
                let serves =
                    sysroot.targets.isEmpty ? "serves no target" : "serves " + sysroot.targets.joined(separator: ", ")
                lines.append("  \(sysroot.path): \(sysroot.layout); \(serves)")
            }
        }
        lines.append("linkers:")
        if report.linkers.isEmpty { lines.append("  none found") }
        for linker in report.linkers {
            lines.append("  \(linker.kind) \(linker.path)\(linker.version.map { " (\($0))" } ?? "")")
        }
        lines.append("targets:")
        for verdict in report.verdicts {
            if let problem = verdict.problem {
                lines.append("  \(verdict.triple): not ready: \(problem)")
            } else {
                let rust =
                    verdict.rustStandardLibrary == false
                    ? "; Rust builds need its standard library: rustup target add \(verdict.triple) "
                        + "(no_core/no_std crates link already)"
                    : ""
                lines.append("  \(verdict.triple): ready\(rust)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    public static func json(_ report: InspectReport) -> String {
        func string(_ value: String?) -> String { value.map(JSONText.string) ?? "null" }
        func strings(_ values: [String]) -> String { "[" + values.map(JSONText.string).joined(separator: ", ") + "]" }
        func bool(_ value: Bool?) -> String { value.map { $0 ? "true" : "false" } ?? "null" }
        var out = "{\n  \"schema\": 1,\n"
        out +=
            "  \"host\": {\"os\": \(string(report.host.os.rawValue)), \"arch\": "
            + "\(string(report.host.arch.rawValue))},\n"
        out +=
            "  \"visualStudio\": ["
            + report.visualStudio.map { vs in
                let components =
                    vs.components.map { list in
                        "{" + list.map { "\(JSONText.string($0.name)): \(bool($0.installed))" }.joined(separator: ", ")
                            + "}"
                    } ?? "null"
                let toolsets = vs.toolsets.map {
                    "{\"version\": \(string($0.version)), \"default\": \(bool($0.isDefault)), \"libraryArchs\": "
                        + "\(strings($0.libraryArchs)), \"hostTools\": \(strings($0.hostTools))}"
                }.joined(separator: ", ")
                return "\n    {\"path\": \(string(vs.instance.path)), \"name\": \(string(vs.instance.name)), "
                    + "\"version\": \(string(vs.instance.version?.description)), "
                    + "\"visualStudioVersion\": \(string(vs.instance.visualStudioVersion)), \"vscmdVersion\": "
                    + "\(string(vs.instance.vscmdVersion)), "
                    + "\"prerelease\": \(bool(vs.instance.isPrerelease)), "
                    + "\"source\": \(string(vs.instance.source.rawValue)), \"components\": \(components), "
                    + "\"toolsets\": [\(toolsets)]}"
            }.joined(separator: ",") + (report.visualStudio.isEmpty ? "],\n" : "\n  ],\n")
        out +=
            "  \"windowsSDKs\": {\"root\": \(string(report.sdkRoot)), \"versions\": ["
            + report.sdks.map {
                "{\"version\": \(string($0.version)), \"libraryArchs\": \(strings($0.libraryArchs)), \"usable\": "
                    + "\(bool($0.usable))}"
            }.joined(separator: ", ") + "]},\n"
        out +=
            "  \"sysroots\": ["
            + report.sysroots.map {
                "{\"path\": \(string($0.path)), \"layout\": \(string($0.layout)), \"targets\": \(strings($0.targets))}"
            }.joined(separator: ", ") + "],\n"
        out +=
            "  \"linkers\": ["
            + report.linkers.map {
                "{\"kind\": \(string($0.kind)), \"path\": \(string($0.path)), \"version\": \(string($0.version))}"
            }.joined(separator: ", ") + "],\n"
        out +=
            "  \"targets\": ["
            + report.verdicts.map {
                "\n    {\"triple\": \(string($0.triple)), \"ready\": \(bool($0.problem == nil)), \"problem\": "
                    + "\(string($0.problem)), "
                    + "\"rustStandardLibrary\": \(bool($0.rustStandardLibrary))}"
            }.joined(separator: ",") + "\n  ]\n}\n"
        return out
    }
}

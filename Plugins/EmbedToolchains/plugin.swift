import PackagePlugin

/// Embeds every `*.json` descriptor of the target into generated Swift code, so the binaries carry the
/// target knowledge with no resource bundle, and a new descriptor file needs no code change.
@main
struct EmbedToolchains: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        guard let target = target as? SourceModuleTarget else { return [] }
        let descriptors = target.sourceFiles
            .map(\.url)
            .filter { $0.pathExtension == "json" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDescriptors.swift")
        return [
            .buildCommand(
                displayName: "Embedding \(descriptors.count) target descriptors",
                executable: try context.tool(named: "toolchain-embedder").url,
                arguments: [output.path] + descriptors.map(\.path),
                inputFiles: descriptors,
                outputFiles: [output]
            )
        ]
    }
}

import XenvSystem

/// `xenv inspect`: what this machine has for each target, as text or a versioned JSON document. It writes
/// nothing.
enum InspectCommand: XenvCommand {
    static let usage = ["xenv inspect [--target T] [--json] [options]"]
    static let summary = """
        Show what this machine has for Windows MSVC targets (Visual Studio instances, toolsets,
        SDKs, sysroots, linkers) and, for each target, ready or what is missing with the fix.
        --json gives the same facts as a versioned document ("schema": 1).
        """

    static func work(_ input: inout CommandInput) throws(XenvError) -> CommandWork {
        let context = input.context
        let request = input.invocation.request
        let targets = request.target.isEmpty ? [] : [try context.catalog.descriptor(named: request.target)]
        let report = Inspector.inspect(request, targets: targets, in: context)
        return CommandWork(output: input.invocation.json ? InspectRenderer.json(report) : InspectRenderer.text(report))
    }
}

import XenvSystem

/// The body of a `.cmd` file for cmd.exe, which has no eval: `set "NAME=value"` lines (the quotes keep
/// `&`, `|`, `<`, `>` and `^` literal) with `%` doubled, since a batch file expands `%NAME%`. cmd cannot hold
/// a line break in a variable, so such a value is an error. Lines end in CRLF, as cmd.exe expects.
public struct CmdRenderer: EnvironmentRenderer {
    public init() {}

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) throws(XenvError) -> String {
        var text = "@echo off\r\nrem Written by xenv; `call` this file to set the environment.\r\n"
        for assignment in assignments {
            if assignment.value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                throw .unrenderable(
                    name: assignment.name, format: "cmd", reason: "cmd.exe variables cannot hold a line break")
            }
            text += "set \"\(assignment.name)=\(assignment.value.replacingAll("%", with: "%%"))\"\r\n"
        }
        return text
    }
}

import XenvSystem

/// The body of a `.cmd` file for cmd.exe, which has no eval. The file is UTF-8, but cmd reads each line of a
/// batch file in the console's current code page: the file saves the caller's code page, switches to 65001
/// (UTF-8) for the `set` lines and switches back, so that `C:\Users\Jürgen` arrives as written.
///
/// Each value is one `set "NAME=value"` line: `%` doubled (a batch file expands `%NAME%` first), and every
/// `&`, `|`, `<`, `>` and `^` that a `"` in the value leaves outside quotes escaped with `^` (inside quotes they
/// are literal; `set` takes the value up to the line's last `"`). cmd cannot hold a line break in a variable,
/// so such a value is an error. A `!` is literal only with delayed expansion off (cmd's default): when a value
/// holds one, the file first refuses to run under delayed expansion instead of setting a wrong value.
/// Lines end in CRLF, as cmd.exe expects.
public struct CmdRenderer: EnvironmentRenderer {
    public init() {}

    /// The variable that holds the caller's code page while the file runs; removed at the end.
    static let codePageVariable = "XENV_CODE_PAGE"

    /// With delayed expansion on, `!` starts a variable reference and `"!!"` reads as `""`: the file stops there.
    static let delayedExpansionGuard =
        #"if "!!"=="" (echo xenv: this file needs delayed expansion off ^(setlocal DisableDelayedExpansion^) 1>&2"#
        + "& exit /b 1)"

    public func render(_ assignments: [EnvironmentAssignment], context: ShellContext) throws(XenvError) -> String {
        var lines = [
            "@echo off",
            "rem Written by xenv; `call` this file to set the environment. It is UTF-8, and cmd reads a batch file",
            "rem in the console's code page: the values are read in code page 65001, then the caller's comes back.",
        ]
        if assignments.contains(where: { $0.value.contains("!") }) {
            lines.append(Self.delayedExpansionGuard)
        }
        // chcp prints "Active code page: 437", "Aktive Codepage: 850." and so on: the number is the second field
        // between ':' and '.'; `set /a` drops the blank before it. No number (no console): nothing to restore.
        let saved = Self.codePageVariable
        lines += [
            "set \"\(saved)=\"",
            "for /f \"tokens=2 delims=:.\" %%c in ('chcp') do set /a \"\(saved)=%%c\" >nul 2>&1",
            "chcp 65001 >nul 2>&1",
        ]
        for assignment in assignments {
            if assignment.value.contains(where: { $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) {
                throw .unrenderable(
                    name: assignment.name, format: "cmd", reason: "cmd.exe variables cannot hold a line break")
            }
            lines.append("set \"\(assignment.name)=\(Self.escape(assignment.value))\"")
        }
        lines += [
            "if defined \(saved) chcp %\(saved)% >nul 2>&1",
            "set \"\(saved)=\"",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A value for the inside of `set "NAME=..."`: `%` doubled; a `"` in the value flips cmd's quote state, and
    /// while it is off, `^ & | < >` get a `^`.
    static func escape(_ value: String) -> String {
        var result = ""
        var insideQuotes = true
        for character in value {
            switch character {
            case "%":
                result += "%%"
            case "\"":
                result.append(character)
                insideQuotes.toggle()
            case "^", "&", "|", "<", ">":
                if !insideQuotes { result += "^" }
                result.append(character)
            default:
                result.append(character)
            }
        }
        return result
    }
}

import XenvSystem

/// The body of a `.cmd` file for cmd.exe, which has no eval. The file is UTF-8, but cmd reads each line of a
/// batch file in the console's current code page: the file saves the caller's code page, switches to 65001
/// (UTF-8) for the `set` lines and switches back, so that `C:\Users\Jürgen` arrives as written.
///
/// Each value is one `set "NAME=value"` line: `%` doubled (a batch file expands `%NAME%` first), and every
/// `&`, `|`, `<`, `>` and `^` that a `"` in the value leaves outside quotes escaped with `^` (inside quotes they
/// are literal; `set` takes the value up to the line's last `"`). cmd cannot hold a line break in a variable,
/// so such a value is an error. A `!` is literal only with delayed expansion off (cmd's default): when a value
/// holds one, the file first refuses to run under delayed expansion instead of setting a wrong value. cmd reads
/// at most 8191 characters a line, so a longer `set` line is an error too. Every character is looked at as a
/// Unicode scalar, as cmd sees it: a combining mark after `%` or `"` does not hide them.
/// Lines end in CRLF, as cmd.exe expects; the file ends with `exit /b 0`, so `call env.cmd || ...` sees success.
public struct CmdRenderer: EnvironmentRenderer {
    public init() {}

    /// The variable that holds the caller's code page while the file runs; removed at the end.
    static let codePageVariable = "XENV_CODE_PAGE"

    /// The longest line cmd.exe reads from a batch file (learn.microsoft.com: "Command prompt line string
    /// limitation").
    static let maximumLineLength = 8191

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
        if assignments.contains(where: { $0.value.unicodeScalars.contains("!") }) {
            lines.append(Self.delayedExpansionGuard)
        }
        // chcp prints "Active code page: 437", "Aktive Codepage: 850." and so on: the number is the second field
        // between ':' and '.'; `set /a` drops the blank before it, and makes anything but a number 0. No number
        // (no console): nothing to restore. chcp.com by its full path: PATH changes in between, and a chcp.bat in
        // the working directory would come first.
        let saved = Self.codePageVariable
        let chcp = #""%SystemRoot%\System32\chcp.com""#
        lines += [
            "set \"\(saved)=\"",
            "for /f \"tokens=2 delims=:.\" %%c in ('\(chcp)') do set /a \"\(saved)=%%c\" >nul 2>&1",
            "if \"%\(saved)%\"==\"0\" set \"\(saved)=\"",
            "\(chcp) 65001 >nul 2>&1",
        ]
        for assignment in assignments {
            if assignment.value.unicodeScalars.contains(where: { $0 == "\n" || $0 == "\r" }) {
                throw .unrenderable(
                    name: assignment.name, format: "cmd", reason: "cmd.exe variables cannot hold a line break")
            }
            let line = "set \"\(assignment.name)=\(Self.escape(assignment.value))\""
            if line.utf16.count > Self.maximumLineLength {
                throw .unrenderable(
                    name: assignment.name, format: "cmd",
                    reason: "its line would be \(line.utf16.count) characters, and cmd.exe reads at most "
                        + "\(Self.maximumLineLength)")
            }
            lines.append(line)
        }
        lines += [
            "if defined \(saved) \(chcp) %\(saved)% >nul 2>&1",
            "set \"\(saved)=\"",
            "exit /b 0",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// A value for the inside of `set "NAME=..."`: `%` doubled; a `"` in the value flips cmd's quote state, and
    /// while it is off, `^ & | < >` get a `^`.
    static func escape(_ value: String) -> String {
        var result = String.UnicodeScalarView()
        var insideQuotes = true
        for scalar in value.unicodeScalars {
            switch scalar {
            case "%":
                result.append(scalar)
            case "\"":
                insideQuotes.toggle()
            case "^", "&", "|", "<", ">":
                if !insideQuotes { result.append("^") }
            default:
                break
            }
            result.append(scalar)
        }
        return String(result)
    }
}

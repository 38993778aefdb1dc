/// Windows command-line tokenizing and quoting, as lld-link applies them to @response files on every host
/// (LLVM `cl::TokenizeWindowsCommandLine`, the variant that gives the first token no special meaning).
public enum WindowsCommandLine {
    /// Splits `text` into arguments with the Windows rules:
    /// - space, tab, CR, LF and NUL separate arguments outside quotes; a newline is only a separator;
    /// - `"` toggles quoting, and `""` inside quotes is one literal `"`;
    /// - 2n backslashes before `"` give n backslashes and the quote toggles; 2n+1 give n and a literal `"`;
    /// - backslashes not followed by `"` are literal.
    public static func tokenize(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var tokens: [String] = []
        var token = String.UnicodeScalarView()
        var inToken = false
        var quoted = false
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                var end = index
                while end < scalars.count && scalars[end] == "\\" { end += 1 }
                let count = end - index
                if end < scalars.count && scalars[end] == "\"" {
                    token.append(contentsOf: repeatElement("\\", count: count / 2))
                    if count % 2 == 1 {
                        token.append("\"")
                        end += 1
                    }
                } else {
                    token.append(contentsOf: repeatElement("\\", count: count))
                }
                inToken = true
                index = end
                continue
            }
            if quoted {
                if scalar == "\"" {
                    if index + 1 < scalars.count && scalars[index + 1] == "\"" {
                        token.append("\"")
                        index += 2
                        continue
                    }
                    quoted = false
                } else {
                    token.append(scalar)
                }
            } else if isSeparator(scalar) {
                if inToken {
                    tokens.append(String(token))
                    token = String.UnicodeScalarView()
                    inToken = false
                }
            } else if scalar == "\"" {
                quoted = true
                inToken = true
            } else {
                token.append(scalar)
                inToken = true
            }
            index += 1
        }
        if inToken { tokens.append(String(token)) }
        return tokens
    }

    /// Quotes `argument` so that `tokenize` gives it back unchanged, whatever it holds: spaces, quotes,
    /// backslashes (trailing ones included) and non-ASCII text. Arguments that need no quoting stay as they are.
    public static func quote(_ argument: String) -> String {
        if !argument.isEmpty && !argument.unicodeScalars.contains(where: { isSeparator($0) || $0 == "\"" }) {
            return argument
        }
        var quoted = String.UnicodeScalarView()
        quoted.append("\"")
        let scalars = Array(argument.unicodeScalars)
        var index = 0
        while index < scalars.count {
            var end = index
            while end < scalars.count && scalars[end] == "\\" { end += 1 }
            let backslashes = end - index
            if end == scalars.count {
                // Doubled, so that the closing quote stays a quote.
                quoted.append(contentsOf: repeatElement("\\", count: backslashes * 2))
                break
            }
            if scalars[end] == "\"" {
                quoted.append(contentsOf: repeatElement("\\", count: backslashes * 2 + 1))
                quoted.append("\"")
            } else {
                quoted.append(contentsOf: repeatElement("\\", count: backslashes))
                quoted.append(scalars[end])
            }
            index = end + 1
        }
        quoted.append("\"")
        return String(quoted)
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\0"
    }
}

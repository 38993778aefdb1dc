/// Windows command-line tokenizing and quoting, as lld-link applies them to @response files on every host
/// (LLVM `cl::TokenizeWindowsCommandLine`, the variant that gives the first token no special meaning).
public enum WindowsCommandLine {
    /// Splits `text` into arguments with the Windows rules:
    /// - space, tab, CR, LF and NUL separate arguments outside quotes; a newline is only a separator;
    /// - `"` toggles quoting, and `""` inside quotes is one literal `"`;
    /// - 2n backslashes before `"` give n backslashes and the quote toggles; 2n+1 give n and a literal `"`;
    /// - backslashes not followed by `"` are literal.
    public static func tokenize(_ text: String) -> [String] {
        // Every character the rules name is ASCII, so UTF-8 bytes are scanned and other bytes copied as they are:
        // much faster than Unicode scalars over a 50,000-argument @file.
        let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")
        var tokens: [String] = []
        var token: [UInt8] = []
        var inToken = false
        var quoted = false
        var text = text
        text.withUTF8 { bytes in
            var index = 0
            while index < bytes.count {
                let byte = bytes[index]
                if byte == backslash {
                    var end = index
                    while end < bytes.count && bytes[end] == backslash { end += 1 }
                    let count = end - index
                    if end < bytes.count && bytes[end] == quote {
                        token.append(contentsOf: repeatElement(backslash, count: count / 2))
                        if count % 2 == 1 {
                            token.append(quote)
                            end += 1
                        }
                    } else {
                        token.append(contentsOf: repeatElement(backslash, count: count))
                    }
                    inToken = true
                    index = end
                    continue
                }
                if quoted {
                    if byte == quote {
                        if index + 1 < bytes.count && bytes[index + 1] == quote {
                            token.append(quote)
                            index += 2
                            continue
                        }
                        quoted = false
                    } else {
                        token.append(byte)
                    }
                } else if byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x00 {
                    if inToken {
                        tokens.append(String(decoding: token, as: UTF8.self))
                        token.removeAll(keepingCapacity: true)
                        inToken = false
                    }
                } else if byte == quote {
                    quoted = true
                    inToken = true
                } else {
                    token.append(byte)
                    inToken = true
                }
                index += 1
            }
        }
        if inToken { tokens.append(String(decoding: token, as: UTF8.self)) }
        return tokens
    }

    /// Quotes `argument` so that `tokenize` gives it back unchanged, whatever it holds: spaces, quotes,
    /// backslashes (trailing ones included) and non-ASCII text. Arguments that need no quoting stay as they are.
    public static func quote(_ argument: String) -> String {
        if !argument.isEmpty && !argument.unicodeScalars.contains(where: { isSeparator($0) || $0 == "\"" }) {
            return argument
        }
        // Backslashes are literal unless a quote follows: with no `"` and no trailing backslash, wrapping is enough.
        if !argument.utf8.contains(UInt8(ascii: "\"")) && argument.utf8.last != UInt8(ascii: "\\") {
            return "\"" + argument + "\""
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
                appendBackslashes(&quoted, backslashes * 2)
                break
            }
            if scalars[end] == "\"" {
                appendBackslashes(&quoted, backslashes * 2 + 1)
                quoted.append("\"")
            } else {
                appendBackslashes(&quoted, backslashes)
                quoted.append(scalars[end])
            }
            index = end + 1
        }
        quoted.append("\"")
        return String(quoted)
    }

    /// A plain loop: `append(contentsOf: repeatElement(...))` goes through unspecialised generic code in the
    /// standard library, which made rewriting a 50,000-argument @file ten times slower.
    private static func appendBackslashes(_ view: inout String.UnicodeScalarView, _ count: Int) {
        for _ in 0..<count { view.append("\\") }
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\r" || scalar == "\n" || scalar == "\0"
    }
}

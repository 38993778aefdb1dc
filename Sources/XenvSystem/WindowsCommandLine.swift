/// Windows command-line tokenizing and quoting, as lld-link applies them to @response files on every host
/// (LLVM `cl::TokenizeWindowsCommandLine`, the variant that gives the first token no special meaning).
public enum WindowsCommandLine {
    /// Splits `text` into arguments with the Windows rules:
    /// - space, tab, CR, LF and NUL separate arguments outside quotes; a newline is only a separator;
    /// - `"` toggles quoting, and `""` inside quotes is one literal `"`;
    /// - 2n backslashes before `"` give n backslashes and the quote toggles; 2n+1 give n and a literal `"`;
    /// - backslashes not followed by `"` are literal.
    public static func tokenize(_ text: String) -> [String] {
        Tokens(utf8: Array(text.utf8)).strings
    }

    /// The arguments of UTF-8 text, kept as bytes: each one's value in one shared buffer and the span of text it
    /// came from, so the shim can cut an argument out of an @file without creating a `String` per argument.
    package struct Tokens {
        /// Every argument's value, one after the other.
        package let values: [UInt8]
        package let ranges: [(source: Range<Int>, value: Range<Int>)]

        package var count: Int { ranges.count }

        package func value(_ index: Int) -> ArraySlice<UInt8> { values[ranges[index].value] }

        package var strings: [String] { ranges.map { String(decoding: values[$0.value], as: UTF8.self) } }

        package init(utf8 text: [UInt8]) {
            let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")
            var ranges: [(source: Range<Int>, value: Range<Int>)] = []
            // Unquoting never lengthens text, so the values fit in a buffer of its size; writing through the
            // buffer avoids `append`'s checks, which cost more than the scanning over a 50,000-argument @file.
            values = text.withUnsafeBufferPointer { bytes in
                [UInt8](unsafeUninitializedCapacity: bytes.count) { output, written in
                    var index = 0
                    var sourceStart = 0, valueStart = 0
                    var inToken = false, quoted = false
                    func write(_ byte: UInt8, count: Int = 1) {
                        for _ in 0..<count {
                            output[written] = byte
                            written += 1
                        }
                    }
                    func begin() {
                        guard !inToken else { return }
                        inToken = true
                        sourceStart = index
                        valueStart = written
                    }
                    while index < bytes.count {
                        let byte = bytes[index]
                        if byte == backslash {
                            begin()
                            var end = index
                            while end < bytes.count && bytes[end] == backslash { end += 1 }
                            let count = end - index
                            if end < bytes.count && bytes[end] == quote {
                                // 2n backslashes: n and the quote toggles; 2n+1: n and a literal quote.
                                write(backslash, count: count / 2)
                                if count % 2 == 1 {
                                    write(quote)
                                    end += 1
                                }
                            } else {
                                write(backslash, count: count)
                            }
                            index = end
                        } else if byte == quote {
                            begin()
                            if quoted && index + 1 < bytes.count && bytes[index + 1] == quote {
                                write(quote)  // `""` inside quotes
                                index += 1
                            } else {
                                quoted.toggle()
                            }
                            index += 1
                        } else if quoted || !WindowsCommandLine.isSeparator(byte) {
                            // A run of plain bytes is copied at once.
                            begin()
                            var end = index + 1
                            while end < bytes.count, bytes[end] != backslash, bytes[end] != quote,
                                quoted || !WindowsCommandLine.isSeparator(bytes[end])
                            {
                                end += 1
                            }
                            (output.baseAddress! + written).update(from: bytes.baseAddress! + index, count: end - index)
                            written += end - index
                            index = end
                        } else {
                            if inToken {
                                ranges.append((sourceStart..<index, valueStart..<written))
                                inToken = false
                            }
                            index += 1
                        }
                    }
                    if inToken { ranges.append((sourceStart..<bytes.count, valueStart..<written)) }
                }
            }
            self.ranges = ranges
        }
    }

    /// Quotes `argument` so that `tokenize` gives it back unchanged, whatever it holds: spaces, quotes,
    /// backslashes (trailing ones included) and non-ASCII text. Arguments that need no quoting stay as they are.
    public static func quote(_ argument: String) -> String {
        var quoted: [UInt8] = []
        appendQuoted(argument, to: &quoted)
        return String(decoding: quoted, as: UTF8.self)
    }

    /// `quote(argument)`, appended to UTF-8 `output`. The characters that matter are ASCII, so the argument's
    /// UTF-8 bytes are walked directly.
    package static func appendQuoted(_ argument: String, to output: inout [UInt8]) {
        var argument = argument
        argument.withUTF8 { bytes in
            let backslash = UInt8(ascii: "\\"), quote = UInt8(ascii: "\"")
            if !bytes.isEmpty && !bytes.contains(where: { isSeparator($0) || $0 == quote }) {
                output.append(contentsOf: bytes)
                return
            }
            output.append(quote)
            // Backslashes are literal unless a quote follows: with no `"` and no trailing backslash, wrapping is
            // enough.
            if !bytes.contains(quote) && bytes.last != backslash {
                output.append(contentsOf: bytes)
                output.append(quote)
                return
            }
            var index = 0
            while index < bytes.count {
                // Bytes other than `\` and `"` are copied as they are, a run at a time.
                var end = index
                while end < bytes.count && bytes[end] != backslash && bytes[end] != quote { end += 1 }
                output.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[index..<end]))
                index = end
                guard index < bytes.count else { break }
                while end < bytes.count && bytes[end] == backslash { end += 1 }
                let backslashes = end - index
                if end == bytes.count {
                    // Doubled, so that the closing quote stays a quote.
                    appendBackslashes(&output, backslashes * 2)
                    break
                }
                if bytes[end] == quote {
                    appendBackslashes(&output, backslashes * 2 + 1)
                    output.append(quote)
                    index = end + 1
                } else {
                    appendBackslashes(&output, backslashes)  // literal: no quote follows
                    index = end
                }
            }
            output.append(quote)
        }
    }

    /// A plain loop: `append(contentsOf: repeatElement(...))` goes through unspecialised generic code in the
    /// standard library, which made rewriting a 50,000-argument @file ten times slower.
    private static func appendBackslashes(_ output: inout [UInt8], _ count: Int) {
        for _ in 0..<count { output.append(UInt8(ascii: "\\")) }
    }

    package static func isSeparator(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0D || byte == 0x0A || byte == 0x00
    }

    /// The command line `CreateProcessW` gets: the program quoted whole (the C runtime reads argv[0] up to its
    /// closing quote, without escapes, and a Windows path cannot hold `"`), then each argument quoted by the
    /// rules `quote` follows, so that an empty argument arrives as an empty argument and not as nothing.
    public static func commandLine(program: String, arguments: [String]) -> String {
        var line: [UInt8] = [UInt8(ascii: "\"")] + Array(program.utf8) + [UInt8(ascii: "\"")]
        for argument in arguments {
            line.append(UInt8(ascii: " "))
            appendQuoted(argument, to: &line)
        }
        return String(decoding: line, as: UTF8.self)
    }

    /// argv as the Microsoft C runtime (2008 and later, the UCRT) splits a command line, which the simulated
    /// host does to hand a program what Windows would: argv[0] runs to a space or tab outside quotes, quotes
    /// toggling without escapes (`"C:\a b"x` is `C:\a bx`); after it, only spaces and tabs separate arguments,
    /// `"` toggles quoting and `""` inside quotes is one literal `"`, and 2n backslashes before a `"` give n
    /// (the quote toggles) while 2n+1 give n and a literal `"`; other backslashes are literal.
    public static func arguments(fromCommandLine commandLine: String) -> [String] {
        let scalars = Array(commandLine.unicodeScalars)
        func isBlank(_ scalar: Unicode.Scalar) -> Bool { scalar == " " || scalar == "\t" }
        var index = 0
        var program = String.UnicodeScalarView()
        var quoted = false
        while index < scalars.count, quoted || !isBlank(scalars[index]) {
            if scalars[index] == "\"" { quoted.toggle() } else { program.append(scalars[index]) }
            index += 1
        }
        var arguments = [String(program)]
        while true {
            while index < scalars.count, isBlank(scalars[index]) { index += 1 }
            guard index < scalars.count else { return arguments }
            var argument = String.UnicodeScalarView()
            quoted = false
            while index < scalars.count, quoted || !isBlank(scalars[index]) {
                let scalar = scalars[index]
                if scalar == "\\" {
                    var end = index
                    while end < scalars.count, scalars[end] == "\\" { end += 1 }
                    let count = end - index
                    if end < scalars.count, scalars[end] == "\"" {
                        argument.append(contentsOf: repeatElement("\\", count: count / 2))
                        if count % 2 == 1 {
                            argument.append("\"")
                            end += 1
                        }
                    } else {
                        argument.append(contentsOf: repeatElement("\\", count: count))
                    }
                    index = end
                } else if scalar == "\"" {
                    if quoted, index + 1 < scalars.count, scalars[index + 1] == "\"" {
                        argument.append("\"")
                        index += 2
                    } else {
                        quoted.toggle()
                        index += 1
                    }
                } else {
                    argument.append(scalar)
                    index += 1
                }
            }
            arguments.append(String(argument))
        }
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmingWhitespace: String {
        func isSpace(_ character: Character) -> Bool { character == " " || character == "\t" || character.isNewline }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}

extension String {
    /// Every occurrence of `target` replaced, compared as Unicode scalars: unlike `replacing(_:with:)`, which
    /// compares Characters, `"\r"` is found inside `"\r\n"`.
    public func replacingAll(_ target: String, with replacement: String) -> String {
        let pattern = Array(target.unicodeScalars)
        guard !pattern.isEmpty else { return self }
        let scalars = Array(unicodeScalars)
        var result = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            if scalars[index] == pattern[0], index + pattern.count <= scalars.count,
                scalars[index..<index + pattern.count].elementsEqual(pattern)
            {
                result.append(contentsOf: replacement.unicodeScalars)
                index += pattern.count
            } else {
                result.append(scalars[index])
                index += 1
            }
        }
        return String(result)
    }
}

extension ProcessResult {
    /// Standard output as text, without surrounding whitespace.
    public var outputText: String { String(decoding: standardOutput, as: UTF8.self).trimmingWhitespace }
    public var succeeded: Bool { status == .exited(0) }
}

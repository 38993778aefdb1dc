/// "Did you mean" for a mistyped name: a command, an option, a `--target`.
enum NameSuggestion {
    /// ` (did you mean 'X'?)` for the closest known name within one edit (or a quarter of its length), else "".
    static func suggestion(_ given: String, _ known: [String]) -> String {
        let scored = known.map { ($0, editDistance(given.lowercased(), $0.lowercased())) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= max(1, given.count / 4), best.1 > 0 else {
            return ""
        }
        return " (did you mean '\(best.0)'?)"
    }

    /// Insertions, deletions, substitutions and swaps of two neighbours (`arm46` is one edit from `arm64`), each
    /// one edit: the optimal string alignment distance.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var beforePrevious: [Int] = []
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], beforePrevious[j - 2] + 1)
                }
            }
            beforePrevious = previous
            previous = current
        }
        return previous[b.count]
    }
}

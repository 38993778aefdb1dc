/// A process environment as `NAME=value` entries, in their original order.
public struct EnvironmentBlock: Equatable, Sendable {
    public private(set) var entries: [String]

    public init(entries: [String]) { self.entries = entries }

    public subscript(name: String) -> String? {
        get {
            entries.first { $0.hasPrefix(name + "=") }.map { String($0.dropFirst(name.count + 1)) }
        }
        set {
            let index = entries.firstIndex { $0.hasPrefix(name + "=") }
            switch (index, newValue) {
            case (let index?, let value?): entries[index] = "\(name)=\(value)"
            case (let index?, nil): entries.remove(at: index)
            case (nil, let value?): entries.append("\(name)=\(value)")
            case (nil, nil): break
            }
        }
    }

    /// Appends the entries that `name` does not hold yet to its `separator`-separated list, keeping what
    /// is there first: the user's own directories win.
    public mutating func appendListEntries(_ additions: [String], to name: String, separator: Character) {
        guard !additions.isEmpty else { return }
        var list = self[name].map { $0.split(separator: separator).map(String.init) } ?? []
        for addition in additions where !list.contains(addition) { list.append(addition) }
        self[name] = list.joined(separator: String(separator))
    }
}

/// A dotted numeric version such as `14.44.35207` or `10.0.26100.0`, compared number by number
/// (so `10.0.9` < `10.0.10`, which a string comparison gets wrong).
public struct DottedVersion: Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]
    public let description: String

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int($0) }
        guard !parts.isEmpty, numbers.count == parts.count else { return nil }
        components = numbers
        description = text
    }

    public static func < (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        for index in 0..<max(lhs.components.count, rhs.components.count) {
            let left = index < lhs.components.count ? lhs.components[index] : 0
            let right = index < rhs.components.count ? rhs.components[index] : 0
            if left != right { return left < right }
        }
        return lhs.components.count < rhs.components.count
    }

    public static func == (lhs: DottedVersion, rhs: DottedVersion) -> Bool {
        lhs.components == rhs.components
    }

    /// The highest version among the entries of `directory` that parse as one.
    static func highest(in directory: String, fileSystem: FileSystem) -> DottedVersion? {
        (fileSystem.contentsOfDirectory(directory) ?? []).compactMap(DottedVersion.init).max()
    }
}

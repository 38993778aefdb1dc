import XenvSystem

/// A dotted numeric version such as `14.44.35207` or `10.0.26100.0`, compared number by number
/// (so `10.0.9` < `10.0.10`, which a string comparison gets wrong).
public struct DottedVersion: Comparable, Sendable, CustomStringConvertible {
    public let components: [Int]
    public let description: String

    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        // Digits only: `Int("+1")` would parse, but no version directory is spelled that way.
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }) else {
            return nil
        }
        let numbers = parts.compactMap { Int($0) }
        guard numbers.count == parts.count else { return nil }
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
        (fileSystem.contentsOfDirectory(directory) ?? [])
            .filter { fileSystem.isDirectory(fileSystem.pathStyle.join(directory, $0)) }
            .compactMap(DottedVersion.init).max()
    }
}

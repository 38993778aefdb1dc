/// `\`-separated Windows paths, as xenv reads and prints them for Windows hosts (real or simulated).
public enum WindowsPath {
    /// `C:\a` + `b`, `c` → `C:\a\b\c`; a trailing `\` on the base is not doubled.
    public static func join(_ base: String, _ components: String...) -> String {
        components.reduce(normalized(base)) { path, component in
            let component = normalized(component)
            if path.isEmpty { return component }
            return path.hasSuffix("\\") ? path + component : path + "\\" + component
        }
    }

    /// Forward slashes turned into backslashes, which Windows accepts as one and the same.
    public static func normalized(_ path: String) -> String {
        path.replacingOccurrences(of: "/", with: "\\")
    }

    public static func isAbsolute(_ path: String) -> Bool {
        let scalars = Array(normalized(path).unicodeScalars)
        if scalars.count >= 3, scalars[0].properties.isAlphabetic, scalars[1] == ":", scalars[2] == "\\" { return true }
        return scalars.count >= 2 && scalars[0] == "\\" && scalars[1] == "\\"
    }

    /// `path` made absolute against `directory` (a relative path is taken as below it).
    public static func absolute(_ path: String, relativeTo directory: String) -> String {
        isAbsolute(path) ? normalized(path) : join(directory, path)
    }

    public static func parent(_ path: String) -> String {
        var path = normalized(path)
        while path.hasSuffix("\\") && path.count > 3 { path.removeLast() }
        guard let slash = path.lastIndex(of: "\\") else { return path }
        let parent = String(path[..<slash])
        return parent.hasSuffix(":") ? parent + "\\" : parent
    }

    public static func lastComponent(_ path: String) -> String {
        normalized(path).split(separator: "\\").last.map(String.init) ?? path
    }

    /// The path with exactly one trailing `\`, the form VsDevCmd gives directory variables.
    public static func withTrailingSeparator(_ path: String) -> String {
        var path = normalized(path)
        while path.hasSuffix("\\") { path.removeLast() }
        return path + "\\"
    }

    /// The path without trailing separators (a drive root keeps its `\`).
    public static func withoutTrailingSeparator(_ path: String) -> String {
        var path = normalized(path)
        while path.hasSuffix("\\") && path.count > 3 { path.removeLast() }
        return path
    }

    /// What makes two spellings of one directory equal on NTFS: case, `/` versus `\`, doubled and
    /// trailing separators.
    public static func comparisonKey(_ path: String) -> String {
        let lowered = normalized(path).lowercased()
        let uncPrefix = lowered.hasPrefix("\\\\") ? "\\\\" : ""
        return uncPrefix + lowered.dropFirst(uncPrefix.count).split(separator: "\\").joined(separator: "\\")
    }

    /// `entries` with later duplicates (by `comparisonKey`) and empty entries removed: the first one wins.
    public static func deduplicated(_ entries: [String]) -> [String] {
        var seen = Set<String>()
        return entries.filter { !$0.isEmpty && seen.insert(comparisonKey($0)).inserted }
    }
}

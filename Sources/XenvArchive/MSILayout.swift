// Typed access to the installer tables that say where files go and which cabinet holds them
// (Windows Installer "File", "Component", "Directory" and "Media" tables).

public struct MSIFileRow: Sendable, Equatable {
    /// The primary key; also the file's member name inside its cabinet.
    public let file: String
    public let component: String
    /// `short|long` or a single name.
    public let fileName: String
    public let fileSize: Int
    public let sequence: Int
    public var longName: String { MSIDatabase.longName(fileName) }
}

public struct MSIComponentRow: Sendable, Equatable {
    public let component: String
    public let directory: String
}

public struct MSIDirectoryRow: Sendable, Equatable {
    public let directory: String
    public let parent: String?
    /// `[targetShort|]targetLong[:[sourceShort|]sourceLong]`.
    public let defaultDir: String
}

public struct MSIMediaRow: Sendable, Equatable {
    public let diskId: Int
    public let lastSequence: Int
    /// An external cabinet's file name, `#name` for a cabinet stream inside the MSI, or nil.
    public let cabinet: String?
}

/// Where a File row ends up and where its data lives.
public struct MSIFileLocation: Sendable, Equatable {
    public let file: MSIFileRow
    /// Relative output path, '/'-separated, as msiextract lays it out.
    public let path: String
    /// The Media row holding the file, if any.
    public let media: MSIMediaRow?
    /// The cabinet name without a leading '#'.
    public var cabinetName: String? {
        guard let c = media?.cabinet else { return nil }
        return c.hasPrefix("#") ? String(c.dropFirst()) : c
    }
    /// True when the cabinet is a stream of the MSI itself.
    public var isEmbeddedCabinet: Bool { media?.cabinet?.hasPrefix("#") ?? false }
}

extension MSIDatabase {
    /// The long half of a `short|long` name (or the name itself).
    public static func longName(_ name: String) -> String {
        if let bar = name.firstIndex(of: "|") { return String(name[name.index(after: bar)...]) }
        return name
    }

    public func files() throws -> [MSIFileRow] {
        let t = try table("File")
        let (f, c, n, s, q) = (
            try t.columnIndex("File"), try t.columnIndex("Component_"), try t.columnIndex("FileName"),
            try t.columnIndex("FileSize"), try t.columnIndex("Sequence")
        )
        return try t.rows.indices.map { r in
            MSIFileRow(
                file: try t.string(r, f)!, component: try t.string(r, c)!, fileName: try t.string(r, n)!,
                fileSize: try t.int(r, s)!, sequence: try t.int(r, q)!)
        }
    }

    public func components() throws -> [MSIComponentRow] {
        let t = try table("Component")
        let (c, d) = (try t.columnIndex("Component"), try t.columnIndex("Directory_"))
        return try t.rows.indices.map { r in
            MSIComponentRow(component: try t.string(r, c)!, directory: try t.string(r, d)!)
        }
    }

    public func directories() throws -> [MSIDirectoryRow] {
        let t = try table("Directory")
        let (d, p, n) = (
            try t.columnIndex("Directory"), try t.columnIndex("Directory_Parent"), try t.columnIndex("DefaultDir")
        )
        return try t.rows.indices.map { r in
            MSIDirectoryRow(
                directory: try t.string(r, d)!, parent: try t.string(r, p, required: false),
                defaultDir: try t.string(r, n)!)
        }
    }

    public func media() throws -> [MSIMediaRow] {
        let t = try table("Media")
        let (d, l, c) = (try t.columnIndex("DiskId"), try t.columnIndex("LastSequence"), try t.columnIndex("Cabinet"))
        return try t.rows.indices.map { r in
            MSIMediaRow(
                diskId: try t.int(r, d)!, lastSequence: try t.int(r, l)!, cabinet: try t.string(r, c, required: false))
        }
    }

    /// Relative paths of all directories, keyed by Directory id. Each level uses the long
    /// target name of DefaultDir; like msiextract, a "." level adds nothing, a "SourceDir"
    /// level (TARGETDIR) or a missing parent ends the path, and ProgramFilesFolder becomes
    /// "Program Files".
    public func directoryPaths() throws -> [String: String] {
        let rows = try directories()
        var byId: [String: MSIDirectoryRow] = [:]
        for row in rows { byId[row.directory] = row }
        var paths: [String: String] = [:]
        for row in rows {
            var components: [String] = []
            var current: MSIDirectoryRow? = row
            var seen = Set<String>()
            while let dir = current, seen.insert(dir.directory).inserted {
                let target =
                    dir.defaultDir.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(
                        String.init) ?? ""
                var name = Self.longName(target)
                if dir.directory == "ProgramFilesFolder" { name = "Program Files" }
                if name == "SourceDir" || dir.directory == "TARGETDIR" && dir.parent == nil { break }
                if name != "." && !name.isEmpty { components.append(name) }
                guard let parent = dir.parent, parent != dir.directory else { break }
                current = byId[parent]
            }
            paths[row.directory] = components.reversed().joined(separator: "/")
        }
        return paths
    }

    /// Every File row with its relative path and its Media row: the first Media row, by
    /// LastSequence, whose LastSequence is >= the file's Sequence. Paths are checked to be
    /// relative and free of ".." so they can be joined to an output directory.
    public func fileLocations() throws -> [MSIFileLocation] {
        let dirs = try directoryPaths()
        var componentDir: [String: String] = [:]
        for c in try components() { componentDir[c.component] = c.directory }
        let media = try self.media().sorted { $0.lastSequence < $1.lastSequence }
        return try files().map { f in
            guard let dirId = componentDir[f.component], let dir = dirs[dirId] else {
                throw MSIError.badValue(
                    table: "File", row: 0, column: "Component_", reason: "file '\(f.file)' has no directory")
            }
            let path = dir.isEmpty ? f.longName : dir + "/" + f.longName
            if let reason = unsafePathReason(path) {
                throw MSIError.badValue(
                    table: "File", row: 0, column: "FileName",
                    reason: "file '\(f.file)' maps to unsafe path '\(path)': \(reason)")
            }
            return MSIFileLocation(file: f, path: path, media: media.first { $0.lastSequence >= f.sequence })
        }
    }
}

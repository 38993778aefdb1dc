import XenvArchive
import XenvSystem

/// A verified payload on disk, with the cabinets its MSI needs.
struct DownloadedPayload: Sendable {
    var selected: SelectedPayload
    /// Native path of the payload file.
    var path: String
    /// True when the file came from the cache: its bytes are hashed again before use.
    var fromCache: Bool
    /// Cabinet base name (as the Media table names it) -> its file and whether it came from the cache.
    var cabinets: [String: (path: String, payload: ManifestPayload, fromCache: Bool)] = [:]
}

/// Unpacks VSIX and MSI+CAB payloads straight into xwin's default layout under `root` (a staging directory
/// the caller renames into place). Three steps: a plan from the archives' directories alone (where every file
/// goes, which payload owns a path two payloads share, every name and size checked), then the extraction (each
/// zip and each cabinet decoded once, in parallel, files written as their bytes complete), then the links a
/// case-sensitive file system needs.
final class Splatter: @unchecked Sendable {
    let root: String
    let arches: [SysrootArch]
    let sdkVersion: String
    let caseLinks: Bool
    let width: Int

    let files: FetchFiles

    init(files: FetchFiles, root: String, arches: [SysrootArch], sdkVersion: String, caseLinks: Bool, width: Int = 2) {
        self.files = files
        self.root = root
        self.arches = arches
        self.sdkVersion = sdkVersion
        self.caseLinks = caseLinks
        self.width = width
    }

    /// A file the splat will hold.
    struct Output {
        var path: String
        var payload: Int
        var kind: PayloadKind
        /// Another payload holds the same header: both must be identical (xwin errors otherwise).
        var needsDigest = false
    }

    /// What one archive (a VSIX, or one cabinet of an MSI) contributes.
    struct Unit {
        enum Source {
            case zip(ZipArchive)
            case cabinet(Cabinet, name: String)
        }
        var payload: Int
        var source: Source
        /// Member name (zip entry or cabinet file key) -> the outputs it becomes and, for an MSI, its File size.
        var jobs: [String: Job] = [:]
        var expandedLimit: Int
    }

    struct Job {
        /// Indices into `outputs` this member is written to.
        var writes: [Int] = []
        /// Indices of outputs this member must equal (a duplicate header from a later payload).
        var compares: [Int] = []
        var expectedSize: Int?
    }

    private(set) var outputs: [Output] = []
    private var owners: [String: Int] = [:]
    private var units: [Unit] = []
    private var payloadNames: [String] = []
    private(set) var filesPerPayload: [Int] = []

    /// Mutable state of the parallel extraction.
    private let digests = Locked<[Int: [UInt8]]>([:])
    private let includes = Locked(IncludeScanner())

    /// Decompressed bytes one compressed byte may become before the payload counts as a decompression bomb:
    /// far above real payloads (headers compress about 8:1) and below what deflate allows (1032:1).
    static func expansionLimit(compressedSize: Int) -> Int {
        min(16 << 20 + compressedSize * 200, 8 << 30)
    }

    // MARK: - Plan

    func plan(_ payloads: [DownloadedPayload]) throws(FetchError) {
        for (index, payload) in payloads.enumerated() {
            payloadNames.append(payload.selected.displayName)
            filesPerPayload.append(0)
            let bytes = try load(
                payload.path, payload.selected.payload, name: payload.selected.displayName, verify: payload.fromCache)
            if payload.selected.kind.isMSI {
                try planMSI(payload, bytes: bytes, index: index)
            } else {
                try planVSIX(payload.selected, bytes: bytes, index: index)
            }
            let name = payload.selected.displayName
            let produced = Set(outputs.indices.filter { outputs[$0].payload == index }.map { outputs[$0].path })
                .union(duplicatePaths[index] ?? [])
            for directory in SplatLayout.requiredDirectories(
                kind: payload.selected.kind, arch: payload.selected.arch, arches: arches)
            where !produced.contains(where: { $0.hasPrefix(directory + "/") }) {
                throw .archive(payload: name, reason: "it has nothing for \(directory) (xwin's layout needs it)")
            }
        }
    }

    private var duplicatePaths: [Int: Set<String>] = [:]

    /// Reads a payload; one from the cache is hashed again here, so a damaged cache is never unpacked.
    private func load(
        _ path: String, _ payload: ManifestPayload, name: String, verify: Bool
    ) throws(FetchError) -> [UInt8] {
        let bytes = try files.read(path)
        guard bytes.count == payload.size else {
            throw .verification(
                payload: name,
                reason:
                    "the cached file \(path) has \(bytes.count) bytes, the VS manifest says \(payload.size); "
                    + "delete it and run again"
            )
        }
        if verify {
            let sha = SHA256.hex(SHA256.digest(bytes))
            guard sha == payload.sha256 else {
                files.remove(path)
                throw .verification(
                    payload: name,
                    reason:
                        "the cached file \(path) has SHA-256 \(sha), the VS manifest says \(payload.sha256); it "
                        + "was removed: run again"
                )
            }
        }
        return bytes
    }

    /// Registers `path` for `payload`'s member; returns the output index to write, or records a comparison.
    private func claim(_ path: String, payload: Int, kind: PayloadKind, job: inout Job) {
        let key = path.lowercased()
        if let owner = owners[key] {
            duplicatePaths[payload, default: []].insert(path)
            // Headers shared by two payloads must match; a library both carry is taken from the first.
            if path.hasSuffix(".h") || path.contains("/include/") {
                if outputs[owner].payload != payload {
                    outputs[owner].needsDigest = true
                    job.compares.append(owner)
                }
            }
            return
        }
        owners[key] = outputs.count
        job.writes.append(outputs.count)
        outputs.append(Output(path: path, payload: payload, kind: kind))
    }

    private func planVSIX(_ selected: SelectedPayload, bytes: [UInt8], index: Int) throws(FetchError) {
        let name = selected.displayName
        let archive: ZipArchive
        do { archive = try ZipArchive(bytes) } catch { throw .archive(payload: name, reason: "\(error)") }
        var unit = Unit(
            payload: index, source: .zip(archive), expandedLimit: Self.expansionLimit(compressedSize: bytes.count))
        var expanded = 0
        for entry in archive.entries {
            guard let inner = SplatLayout.vsixPath(entry.name) else { continue }
            if let reason = SplatLayout.unsafePath(inner) {
                throw .archive(payload: name, reason: "entry '\(entry.name)' has an unsafe name: \(reason)")
            }
            let destinations = SplatLayout.destinations(inner, kind: selected.kind, arch: selected.arch, arches: arches)
            guard !destinations.isEmpty else { continue }
            guard unit.jobs[entry.name] == nil else {
                throw .archive(payload: name, reason: "it lists entry '\(entry.name)' twice")
            }
            // Compared before it is added: a zip64 size may be anything up to 2^64 - 1.
            guard entry.uncompressedSize <= UInt64(unit.expandedLimit - expanded) else {
                throw .archive(
                    payload: name,
                    reason:
                        "its entries expand to more than \(unit.expandedLimit) bytes from \(bytes.count), the limit "
                        + "(a decompression bomb?)")
            }
            expanded += Int(entry.uncompressedSize)
            var job = Job()
            for destination in destinations { claim(destination, payload: index, kind: selected.kind, job: &job) }
            unit.jobs[entry.name] = job
        }
        units.append(unit)
    }

    private func planMSI(_ payload: DownloadedPayload, bytes: [UInt8], index: Int) throws(FetchError) {
        let selected = payload.selected
        let name = selected.displayName
        let locations: [(file: MSIFileRow, cabinet: String?)]
        let directories: [String: MSIDirectoryRow]
        let componentDirectory: [String: String]
        let database: MSIDatabase
        do {
            database = try MSIDatabase(bytes)
            locations = try database.fileLocationsWithoutPaths()
            directories = Dictionary(
                try database.directories().map { ($0.directory, $0) }, uniquingKeysWith: { a, _ in a })
            componentDirectory = Dictionary(
                try database.components().map { ($0.component, $0.directory) }, uniquingKeysWith: { a, _ in a })
        } catch {
            throw .archive(payload: name, reason: "\(error)")
        }
        // Files grouped by the cabinet that holds them.
        var byCabinet: [String: [String: Job]] = [:]
        var directoryCache: [String: String?] = [:]
        for location in locations {
            let file = location.file
            guard let directoryId = componentDirectory[file.component] else {
                throw .archive(
                    payload: name,
                    reason:
                        "File row '\(file.file)' names component '\(file.component)', which the Component table lacks")
            }
            let directory: String?
            if let cached = directoryCache[directoryId] {
                directory = cached
            } else {
                do throws(SplatLayout.LayoutError) {
                    directory = try SplatLayout.msiDirectory(directoryId, directories)
                } catch {
                    switch error {
                    case .unsafeName(let component, let reason):
                        throw .archive(payload: name, reason: "directory '\(component)' has an unsafe name: \(reason)")
                    }
                }
                directoryCache[directoryId] = directory
            }
            guard let directory else { continue }
            let fileName = file.longName
            if let reason = SplatLayout.unsafeComponent(fileName) {
                throw .archive(
                    payload: name, reason: "File row '\(file.file)' has an unsafe name '\(fileName)': \(reason)")
            }
            let destinations = SplatLayout.destinations(
                directory + "/" + fileName, kind: selected.kind, arch: selected.arch, arches: arches)
            guard !destinations.isEmpty else { continue }
            guard let cabinet = location.cabinet else {
                throw .archive(
                    payload: name,
                    reason: "file '\(fileName)' (sequence \(file.sequence)) is in no cabinet of the Media table")
            }
            var job = byCabinet[cabinet]?[file.file] ?? Job()
            job.expectedSize = file.fileSize
            for destination in destinations { claim(destination, payload: index, kind: selected.kind, job: &job) }
            byCabinet[cabinet, default: [:]][file.file] = job
        }
        for (cabinetName, jobs) in byCabinet.sorted(by: { $0.key < $1.key }) {
            let cabinetBytes: [UInt8]
            let label: String
            if let external = payload.cabinets[cabinetName] {
                label = "\(name) cabinet \(cabinetName)"
                cabinetBytes = try load(external.path, external.payload, name: label, verify: external.fromCache)
            } else if database.streamNames.contains(cabinetName) {
                label = "\(name) cabinet \(cabinetName)"
                do { cabinetBytes = try database.stream(named: cabinetName) } catch {
                    throw .archive(payload: label, reason: "\(error)")
                }
            } else {
                throw .archive(
                    payload: name,
                    reason:
                        "its Media table names cabinet \(cabinetName), which package \(selected.packageId) does "
                        + "not list"
                )
            }
            let cabinet: Cabinet
            do { cabinet = try Cabinet(cabinetBytes) } catch { throw .archive(payload: label, reason: "\(error)") }
            var members: Set<String> = []
            for file in cabinet.files where !members.insert(file.name).inserted {
                throw .archive(payload: label, reason: "it lists file '\(file.name)' twice")
            }
            for key in jobs.keys where !members.contains(key) {
                throw .archive(payload: label, reason: "it has no file '\(key)', which the MSI's File table puts in it")
            }
            // Each file is checked against its File table size as it is written, so the sum bounds what the
            // cabinet may put on disk, however its folders and files overlap.
            let limit = Self.expansionLimit(compressedSize: cabinetBytes.count)
            var expanded = 0
            for job in jobs.values {
                let size = job.expectedSize ?? 0
                guard size >= 0, size <= limit - expanded else {
                    throw .archive(
                        payload: label,
                        reason:
                            "the MSI's File table says its files hold more than \(limit) bytes, the limit for "
                            + "\(cabinetBytes.count) compressed bytes (a decompression bomb?)")
                }
                expanded += size
            }
            units.append(
                Unit(
                    payload: index, source: .cabinet(cabinet, name: cabinetName), jobs: jobs, expandedLimit: limit))
        }
    }

    // MARK: - Extract

    /// Creates every directory, then writes every file; each unit on its own worker.
    func extract() throws(FetchError) {
        var directories = Set<String>()
        for output in outputs {
            var parent = SplatLayout.parent(output.path)
            while !parent.isEmpty, directories.insert(parent).inserted { parent = SplatLayout.parent(parent) }
        }
        for directory in directories.sorted(by: { $0.count < $1.count }) {
            try files.makeDirectory(files.join(root, directory))
        }
        let written = Locked([Int](repeating: 0, count: filesPerPayload.count))
        try forEachConcurrently(units.count, width: width) { [self] index throws(FetchError) in
            let count = try extract(units[index])
            written.withLock { $0[units[index].payload] += count }
        }
        filesPerPayload = written.withLock { $0 }
        try verifyDuplicates()
    }

    private func extract(_ unit: Unit) throws(FetchError) -> Int {
        var scanner = IncludeScanner()
        var count = 0
        var comparisons: [(Int, [UInt8])] = []
        func deliver(_ job: Job, _ bytes: UnsafeRawBufferPointer) throws(FetchError) {
            for index in job.writes {
                let output = outputs[index]
                try files.write(files.join(root, output.path), bytes)
                count += 1
                if output.path.hasPrefix("sdk/include/") && output.kind == .sdkHeaders || output.kind == .crtHeaders {
                    scanner.scan(bytes)
                }
                if output.needsDigest { digests.withLock { $0[index] = SHA256.digest(bytes) } }
            }
            for index in job.compares { comparisons.append((index, SHA256.digest(bytes))) }
        }
        let name = payloadNames[unit.payload]
        switch unit.source {
        case .zip(let archive):
            for entry in archive.entries {
                guard let job = unit.jobs[entry.name] else { continue }
                let bytes: [UInt8]
                do { bytes = try archive.extract(entry, limit: unit.expandedLimit) } catch {
                    throw .archive(payload: name, reason: "\(error)")
                }
                try bytes.withUnsafeBytes { buffer in Result { () throws(FetchError) in try deliver(job, buffer) } }
                    .get()
            }
        case .cabinet(let cabinet, let cabinetName):
            let label = "\(name) cabinet \(cabinetName)"
            let folders = Set(cabinet.files.filter { unit.jobs[$0.name] != nil }.map(\.folderIndex))
            var failure: FetchError?
            for folder in folders.sorted() {
                do {
                    try cabinet.forEachFile(inFolder: folder, limit: unit.expandedLimit) { file, buffer in
                        guard let job = unit.jobs[file.name] else { return }
                        if let expected = job.expectedSize, expected != buffer.count {
                            failure = .archive(
                                payload: label,
                                reason:
                                    "file '\(file.name)' has \(buffer.count) bytes, the MSI's File table says "
                                    + "\(expected)"
                            )
                            throw failure!
                        }
                        do throws(FetchError) { try deliver(job, buffer) } catch {
                            failure = error
                            throw error
                        }
                    }
                } catch {
                    throw failure ?? .archive(payload: label, reason: "\(error)")
                }
            }
        }
        // Compared after the owners were written by whichever worker had them.
        if !comparisons.isEmpty {
            pendingComparisons.withLock { $0.append(contentsOf: comparisons.map { ($0.0, $0.1, unit.payload) }) }
        }
        includes.withLock { $0.merge(scanner) }
        return count
    }

    private let pendingComparisons = Locked<[(Int, [UInt8], Int)]>([])

    /// Checks duplicate headers against their owners (all written by now).
    func verifyDuplicates() throws(FetchError) {
        let known = digests.withLock { $0 }
        for (index, digest, payload) in pendingComparisons.withLock({ $0 }) where known[index] != digest {
            throw .archive(
                payload: payloadNames[payload],
                reason: "\(outputs[index].path) differs from the one in \(payloadNames[outputs[index].payload])")
        }
    }

    // MARK: - Links

    /// The case variants (when the file system is case-sensitive) and xwin's version and title-case links.
    func link() throws(FetchError) {
        if caseLinks {
            var headerFiles: [String: [String]] = [:]
            var wanted = includes.withLock { $0.names }
            for output in outputs {
                let name = SplatLayout.lastComponent(output.path)
                let directory = files.join(root, SplatLayout.parent(output.path))
                var links: [String] = []
                switch output.kind {
                case .crtDesktopLibs, .crtStoreLibs: links = SplatLayout.crtLibraryLinks(name)
                case .sdkLibs, .sdkStoreLibs: links = SplatLayout.sdkLibraryLinks(name)
                case .sdkHeaders:
                    guard output.path.hasPrefix("sdk/include/") else { break }
                    links = SplatLayout.extraHeaderLink(name).map { [$0] } ?? []
                    // Relative to the directory below include/ (um, shared, winrt...), as includes name them.
                    let relative = output.path.dropFirst("sdk/include/".count).split(separator: "/", maxSplits: 1)
                        .dropFirst().first.map(String.init)
                    if let relative {
                        headerFiles[relative.lowercased(), default: []].append(output.path)
                        if !relative.hasPrefix("gl/"), relative.contains(where: { $0.isASCII && $0.isUppercase }) {
                            wanted.insert(relative.lowercased())
                        }
                    }
                default: break
                }
                for link in links { try files.symlink(name, at: files.join(directory, link)) }
            }
            for include in wanted {
                guard let headers = headerFiles[include.lowercased()] else { continue }
                let linkName = SplatLayout.lastComponent(include)
                guard SplatLayout.unsafeComponent(linkName) == nil else { continue }
                for file in headers where SplatLayout.lastComponent(file) != linkName {
                    try files.symlink(
                        SplatLayout.lastComponent(file), at: files.join(root, SplatLayout.parent(file) + "/" + linkName)
                    )
                }
            }
            if files.isDirectory(files.join(root, "sdk/include/um/gl")) {
                try files.symlink("gl", at: files.join(root, "sdk/include/um/GL"))
            }
            if files.isDirectory(files.join(root, "sdk/include")) {
                try files.symlink("include", at: files.join(root, "sdk/Include"))
            }
            if files.isDirectory(files.join(root, "sdk/lib")) {
                try files.symlink("lib", at: files.join(root, "sdk/Lib"))
            }
        }
        // clang's /winsdkdir looks for a version directory: xwin links it on every file system.
        if SplatLayout.unsafeComponent(sdkVersion) == nil {
            if files.isDirectory(files.join(root, "sdk/include")) {
                try files.symlink(".", at: files.join(root, "sdk/include/" + sdkVersion))
            }
            if files.isDirectory(files.join(root, "sdk/lib")) {
                try files.symlink(".", at: files.join(root, "sdk/lib/" + sdkVersion))
            }
        }
    }
}

extension SplatLayout {
    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "" }
        return String(path[..<slash])
    }

    static func lastComponent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }
}

extension MSIDatabase {
    /// Every File row with the cabinet that holds it: the first Media row by LastSequence whose LastSequence is
    /// at least the file's Sequence. The name is unquoted as xwin does; `#name` is a stream of the MSI itself.
    func fileLocationsWithoutPaths() throws -> [(file: MSIFileRow, cabinet: String?)] {
        let media = try self.media().sorted { $0.lastSequence < $1.lastSequence }
        return try files().map { file in
            let cabinet = media.first { $0.lastSequence >= file.sequence }?.cabinet?.trimming("\"")
            return (file, cabinet.map { $0.hasPrefix("#") ? String($0.dropFirst()) : $0 })
        }
    }
}

extension String {
    func trimming(_ characters: String) -> String {
        var scalars = Substring(self)
        while let first = scalars.first, characters.contains(first) { scalars = scalars.dropFirst() }
        while let last = scalars.last, characters.contains(last) { scalars = scalars.dropLast() }
        return String(scalars)
    }
}

import XenvArchive
import XenvSystem

/// `xenv sysroot fetch`: the MSVC CRT and Windows SDK from Microsoft's package CDN, splatted in xwin's default
/// layout, with nothing but curl.
///
/// Verified here only against the fake CDN that Tests/Fixtures/cdn/make_fake_cdn.py builds with real tools; what only
/// the
/// real CDN can confirm is listed in the README ("The CRT and SDK on Linux and macOS").
public struct SysrootFetcher: Sendable {
    public var fileSystem: SystemFileSystem
    public var runner: any ProcessRunner
    /// curl's path (found on PATH by the caller).
    public var curl: String
    public var progress: @Sendable (FetchProgress) -> Void
    /// Workers unpacking archives at once.
    public var unpackWidth: Int

    /// The Visual Studio 2022 Build Tools license the channel's BuildTools entries name (xwin hard-codes the
    /// 2019 one, LinkId=2086102). Shown before anything is downloaded, so it cannot come from the manifest.
    public static let licenseURL = "https://go.microsoft.com/fwlink/?LinkId=2179911"

    public init(
        fileSystem: SystemFileSystem, runner: any ProcessRunner, curl: String, unpackWidth: Int = 2,
        progress: @escaping @Sendable (FetchProgress) -> Void = { _ in }
    ) {
        self.fileSystem = fileSystem
        self.runner = runner
        self.curl = curl
        self.unpackWidth = unpackWidth
        self.progress = progress
    }

    public func fetch(_ request: SysrootFetchRequest) throws(FetchError) -> FetchResult {
        let clock = ContinuousClock()
        let start = clock.now
        guard request.licenseAccepted else { throw .licenseNotAccepted(licenseURL: Self.licenseURL) }
        let arches = Array(Set(request.arches)).sorted()
        guard !arches.isEmpty else {
            throw .invalidRequest("no architecture requested; pass --arch aarch64,x86_64 (or x86, aarch)")
        }
        let output = try native(request.outputDirectory, what: "--out")
        let cache = try native(request.cacheDirectory, what: "--cache")
        var timings = FetchResult.Timings()

        func upToDate(_ record: SysrootRecord) -> FetchResult {
            timings.total = clock.now - start
            return FetchResult(
                crtVersion: record.crtVersion, sdkVersion: record.sdkVersion, arches: arches,
                outputDirectory: request.outputDirectory, upToDate: true, downloaded: [], reused: [],
                downloadedBytes: 0, timings: timings)
        }
        /// `record`, when it serves the request and its sysroot is there.
        func complete(_ record: SysrootRecord?) -> SysrootRecord? {
            guard let record, record.serves(request), files.isDirectory(files.join(output, "crt")),
                files.isDirectory(files.join(output, "sdk"))
            else { return nil }
            return record
        }
        func readRecord() -> SysrootRecord? { readSysrootRecord(at: request.outputDirectory, fileSystem: fileSystem) }
        if !request.checkForUpdates, let existing = complete(readRecord()) { return upToDate(existing) }
        // One fetch at a time into an output, and into a cache: a second waits, then most often finds the
        // first's sysroot complete. The lock file beside the output also proves, before any download, that the
        // output can be written.
        let locks = [try lock(beside: output), try lock(in: cache)].compactMap { $0 }
        defer { for lock in locks { lock.release() } }
        let existing = readRecord()
        if !request.checkForUpdates, let existing = complete(existing) { return upToDate(existing) }
        try refuseForeignOutput(output, record: existing)

        let downloader = PayloadDownloader(
            runner: runner, curl: curl, files: files, cacheDirectory: cache, retry: request.retry, progress: progress)
        let manifest = try loadManifests(request.manifest, downloader: downloader, cache: cache)
        let selection = try Selection(
            manifest: manifest, arches: arches, crtVersion: request.crtVersion, sdkVersion: request.sdkVersion)
        timings.manifests = clock.now - start
        for warning in selection.warnings { progress(.warning(warning)) }
        // With --update: the same payloads as the record lists mean the same sysroot.
        if let existing, existing.serves(request), files.isDirectory(files.join(output, "crt")),
            Set(selection.payloads.map(\.payload.sha256)).isSubset(of: Set(existing.payloads.map(\.sha256)))
        {
            return upToDate(existing)
        }
        progress(
            .selected(
                crtVersion: selection.crtVersion, sdkVersion: selection.sdkVersion, payloads: selection.payloads.count,
                bytes: selection.payloads.reduce(0) { $0 + $1.payload.size }))

        // Phase 1: VSIXs and MSIs; phase 2: the cabinets the MSIs' Media tables name.
        let downloadStart = clock.now
        let fetched = Locked<[Int: (path: String, reused: Bool)]>([:])
        let payloads = selection.payloads
        try forEachConcurrently(payloads.count, width: request.parallelDownloads) { index throws(FetchError) in
            let result = try downloader.fetch(payloads[index].payload, name: payloads[index].displayName)
            fetched.withLock { $0[index] = result }
        }
        var downloaded = payloads.indices.map { index in
            let file = fetched.withLock { $0[index]! }
            return DownloadedPayload(selected: payloads[index], path: file.path, fromCache: file.reused)
        }
        var cabinetJobs: [(payload: Int, name: String, cabinet: ManifestPayload)] = []
        for (index, payload) in downloaded.enumerated() where payload.selected.kind.isMSI {
            for name in try cabinetNames(payload) {
                guard let cabinet = payload.selected.cabinets[name] else { continue }
                cabinetJobs.append((index, name, cabinet))
            }
        }
        // Two MSIs may name one cabinet: each is downloaded once, never by two workers into one partial file.
        var downloadOf: [String: Int] = [:]
        var cabinetDownloads: [(payload: Int, name: String, cabinet: ManifestPayload)] = []
        for job in cabinetJobs where downloadOf[job.cabinet.sha256] == nil {
            downloadOf[job.cabinet.sha256] = cabinetDownloads.count
            cabinetDownloads.append(job)
        }
        let uniqueCabinets = cabinetDownloads
        let fetchedCabinets = Locked<[Int: (path: String, reused: Bool)]>([:])
        try forEachConcurrently(uniqueCabinets.count, width: request.parallelDownloads) { index throws(FetchError) in
            let job = uniqueCabinets[index]
            let result = try downloader.fetch(
                job.cabinet, name: "\(job.name) (for \(payloads[job.payload].payload.baseName))")
            fetchedCabinets.withLock { $0[index] = result }
        }
        var downloadedNames: [String] = [], reusedNames: [String] = [], downloadedBytes = 0
        for payload in downloaded {
            if payload.fromCache {
                reusedNames.append(payload.selected.payload.fileName)
            } else {
                downloadedNames.append(payload.selected.payload.fileName)
                downloadedBytes += payload.selected.payload.size
            }
        }
        for job in cabinetJobs {
            let download = downloadOf[job.cabinet.sha256]!
            let file = fetchedCabinets.withLock { $0[download]! }
            downloaded[job.payload].cabinets[job.name] = (file.path, job.cabinet, file.reused)
            guard uniqueCabinets[download].payload == job.payload, uniqueCabinets[download].name == job.name else {
                continue  // counted once, for the MSI that asked first
            }
            if file.reused {
                reusedNames.append(job.cabinet.fileName)
            } else {
                downloadedNames.append(job.cabinet.fileName)
                downloadedBytes += job.cabinet.size
            }
        }
        timings.downloads = clock.now - downloadStart

        let unpackStart = clock.now
        let record = SysrootRecord(
            format: SysrootRecord.currentFormat, crtVersion: selection.crtVersion, sdkVersion: selection.sdkVersion,
            sdkPackageId: selection.sdkPackageId, arches: arches, manifest: request.manifest.description,
            pinnedCRTVersion: request.crtVersion, pinnedSDKVersion: request.sdkVersion, caseLinks: false,
            payloads: downloaded.flatMap { payload in
                [
                    SysrootRecord.Payload(
                        fileName: payload.selected.payload.fileName, packageId: payload.selected.packageId,
                        sha256: payload.selected.payload.sha256, size: payload.selected.payload.size)
                ]
                    + payload.cabinets.values.sorted { $0.payload.fileName < $1.payload.fileName }.map {
                        SysrootRecord.Payload(
                            fileName: $0.payload.fileName, packageId: payload.selected.packageId,
                            sha256: $0.payload.sha256, size: $0.payload.size)
                    }
            })
        try install(
            downloaded, record: record, outputPath: request.outputDirectory, output: output, arches: arches,
            sdkVersion: selection.sdkVersion)
        timings.unpack = clock.now - unpackStart
        timings.total = clock.now - start
        return FetchResult(
            crtVersion: selection.crtVersion, sdkVersion: selection.sdkVersion, arches: arches,
            outputDirectory: request.outputDirectory, upToDate: false, downloaded: downloadedNames, reused: reusedNames,
            downloadedBytes: downloadedBytes, timings: timings)
    }

    // MARK: - Steps

    private func native(_ path: String, what: String) throws(FetchError) -> String {
        guard fileSystem.pathStyle.isAbsolute(path) else {
            throw .invalidRequest("\(what) \(path) is not an absolute path")
        }
        return path
    }

    /// An existing output directory is replaced only when it is a sysroot (ours, or an xwin splat) or empty:
    /// `--out $HOME` must not cost anyone their home directory.
    private func refuseForeignOutput(_ output: String, record: SysrootRecord?) throws(FetchError) {
        guard files.exists(output), record == nil else { return }
        guard files.isDirectory(output), let listed = fileSystem.contentsOfDirectory(output) else {
            throw .fileSystem(path: output, reason: "exists and is not a directory xenv can list; choose another --out")
        }
        let entries = Set(listed)
        if entries.isEmpty || entries.isSubset(of: ["crt", "sdk", "vcrd", "DONE", ".xwin-hash"]) { return }
        throw .fileSystem(
            path: output,
            reason: "exists and is not a sysroot (it holds \(entries.sorted().prefix(3).joined(separator: ", "))…); "
                + "choose another --out or remove it")
    }

    /// Locks `.<name>.lock` beside the output (where the staging directory goes too), creating the parent.
    private func lock(beside output: String) throws(FetchError) -> FileLock? {
        let parent = files.parent(output)
        let path = files.style.join(parent, ".\(SplatLayout.lastComponent(output)).lock")
        do throws(SystemError) {
            try fileSystem.createDirectories(parent)
            return try lock(path)
        } catch {
            throw .fileSystem(
                path: output, reason: "cannot write beside it in \(parent) (\(error.message)); choose another --out")
        }
    }

    /// Locks `.lock` in the cache directory, creating it.
    private func lock(in cache: String) throws(FetchError) -> FileLock? {
        do throws(SystemError) {
            try fileSystem.createDirectories(cache)
            return try lock(files.style.join(cache, ".lock"))
        } catch {
            throw .fileSystem(path: cache, reason: "cannot write in it (\(error.message)); choose another --cache")
        }
    }

    private func lock(_ path: String) throws(SystemError) -> FileLock? {
        switch try fileSystem.lock(path, wait: false) {
        case .held(let lock): return lock
        case .unsupported: return nil
        case .busy:
            progress(.waiting(lock: path))
            guard case .held(let lock) = try fileSystem.lock(path, wait: true) else { return nil }
            return lock
        }
    }

    private func loadManifests(
        _ source: ManifestSource, downloader: PayloadDownloader, cache: String
    ) throws(FetchError) -> PackageManifest {
        let channelBytes: [UInt8]
        switch source {
        case .file(let path):
            guard let bytes = fileSystem.readFile(path) else {
                throw .manifest(
                    source: path, reason: "cannot be read; pass a channel manifest file or URL to --manifest")
            }
            channelBytes = bytes
        case .url(let url):
            let destination = files.join(cache, "manifests/channel.json")
            try downloader.fetchUnverified(url, to: destination, name: "channel manifest")
            channelBytes = try files.read(destination)
        }
        let channel = try ChannelManifest.parse(channelBytes, source: source.description)
        let vsman = try channel.packageManifestPayload(source: source.description)
        // Kept under the channel's (unchecked) hash, which changes with every release, so a re-run within one
        // release reads it from disk; a file that does not parse is downloaded again.
        let name = vsman.hasWellFormedSHA256 ? vsman.sha256 : "latest"
        let destination = files.join(cache, "manifests/\(name).vsman")
        if let bytes = files.readIfPresent(destination),
            let manifest = try? PackageManifest.parse(bytes, source: vsman.url)
        {
            return manifest
        }
        try downloader.fetchUnverified(vsman.url, to: destination, name: "VS package manifest")
        return try PackageManifest.parse(try files.read(destination), source: vsman.url)
    }

    /// The external cabinets an MSI's Media table names (NULL and embedded ones skipped, as xwin does).
    private func cabinetNames(_ payload: DownloadedPayload) throws(FetchError) -> [String] {
        let name = payload.selected.displayName
        let bytes = try files.read(payload.path)
        if payload.fromCache, SHA256.hex(SHA256.digest(bytes)) != payload.selected.payload.sha256 {
            files.remove(payload.path)
            throw .verification(
                payload: name, reason: "the cached file \(payload.path) is damaged and was removed; run again")
        }
        do {
            let media = try MSIDatabase(bytes).media()
            return media.compactMap { $0.cabinet?.trimming("\"") }.filter { !$0.hasPrefix("#") && !$0.isEmpty }
        } catch {
            throw .archive(payload: name, reason: "\(error)")
        }
    }

    /// Unpacks into a staging directory beside the output, writes the record, and renames it into place; on any
    /// failure the staging directory goes and the output directory stays as it was.
    private func install(
        _ payloads: [DownloadedPayload], record: SysrootRecord, outputPath: String, output: String,
        arches: [SysrootArch],
        sdkVersion: String
    ) throws(FetchError) {
        let parent = files.parent(output)
        let name = SplatLayout.lastComponent(output)
        do {
            try fileSystem.createDirectories(fileSystem.pathStyle.parent(outputPath))
        } catch {
            throw .fileSystem(path: parent, reason: "cannot create it (\(error.message)); choose another --out")
        }
        // What an interrupted run left: its staging and old directories (no other run is writing: this one holds
        // the output's lock).
        for entry in files.entries(parent)
        where entry.hasPrefix(".\(name).staging-") || entry.hasPrefix(".\(name).old-") {
            files.removeTree(files.style.join(parent, entry))
        }
        let token = uniqueToken(processIdentifier: Self.processIdentifier)
        let staging = files.style.join(parent, ".\(name).staging-\(token)")
        do {
            try files.makeDirectory(staging)
        } catch {
            throw .fileSystem(
                path: output, reason: "cannot write beside it in \(parent) (\(error)); choose another --out")
        }
        do throws(FetchError) {
            var record = record
            record.caseLinks = try files.isCaseSensitive(staging)
            let splatter = Splatter(
                files: files, root: staging, arches: arches, sdkVersion: sdkVersion, caseLinks: record.caseLinks,
                width: unpackWidth)
            try splatter.plan(payloads)
            try splatter.extract()
            try splatter.link()
            for (index, payload) in payloads.enumerated() {
                progress(.unpacked(payload: payload.selected.displayName, files: splatter.filesPerPayload[index]))
            }
            try record.encoded().withUnsafeBytes { bytes in
                Result { () throws(FetchError) in
                    try files.write(files.style.join(staging, SysrootRecord.fileName), bytes)
                }
            }.get()
            let old = files.style.join(parent, ".\(name).old-\(token)")
            let hadOutput = files.exists(output)
            if hadOutput { try files.rename(output, to: old) }
            do {
                try files.rename(staging, to: output)
            } catch {
                if hadOutput { try? files.rename(old, to: output) }
                throw error
            }
            if hadOutput { files.removeTree(old) }
        } catch {
            files.removeTree(staging)
            throw error
        }
    }

    /// Temporary names carry 64 random bits (`uniqueToken`), which keep concurrent runs apart.
    static let processIdentifier: Int32 = 0

    var files: FetchFiles { FetchFiles(fileSystem: fileSystem) }
}

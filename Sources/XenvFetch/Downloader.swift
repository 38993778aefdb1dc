import XenvArchive
import XenvSystem

/// Downloads through the system's curl, which Linux, macOS and Windows 10+ all have: no TLS stack of our own,
/// and the user's proxy settings and CA store apply. Every payload lands in `<cache>/payloads/<sha256>`: written
/// as `<sha256>.partial` (resumed with an HTTP Range on the next try or run), checked against the VS manifest's
/// size and SHA-256, then renamed. So the cache never holds a file that was not verified.
struct PayloadDownloader: Sendable {
    var runner: any ProcessRunner
    var curl: String
    var files: FetchFiles
    /// The cache directory, in the host's path style.
    var cacheDirectory: String
    var retry: RetryPolicy
    var progress: @Sendable (FetchProgress) -> Void

    var payloadDirectory: String { files.join(cacheDirectory, "payloads") }

    func cachedPath(_ payload: ManifestPayload) -> String { files.join(payloadDirectory, payload.sha256) }

    /// The payload's verified file, from the cache when it is there (`reused`), else downloaded.
    func fetch(_ payload: ManifestPayload, name: String) throws(FetchError) -> (path: String, reused: Bool) {
        let final = cachedPath(payload)
        // A cached file was verified before it was renamed there; its bytes are hashed again when they are
        // unpacked, so a damaged cache is still caught before use.
        if files.fileSize(final) == payload.size {
            progress(.downloaded(payload: name, bytes: payload.size, reused: true))
            return (final, true)
        }
        files.remove(final)
        try files.makeDirectory(cacheDirectory)
        try files.makeDirectory(payloadDirectory)
        let partial = final + ".partial"
        progress(.downloading(payload: name, bytes: payload.size))
        var lastReason = ""
        for attempt in 1...max(1, retry.attempts) {
            if attempt > 1 {
                progress(.retrying(payload: name, attempt: attempt, reason: lastReason))
                pause(seconds: retry.initialDelaySeconds * Double(1 << min(attempt - 2, 6)))
            }
            let have = files.fileSize(partial) ?? 0
            if have > payload.size { files.remove(partial) }
            if have != payload.size {
                switch try runCurl(payload.url, to: partial, name: name) {
                case .done: break
                case .retry(let reason):
                    lastReason = reason
                    continue
                case .restart(let reason):
                    files.remove(partial)
                    lastReason = reason
                    continue
                }
            }
            let size = files.fileSize(partial) ?? 0
            guard size == payload.size else {
                // Fewer bytes: the next try resumes; more: the partial file is not this payload.
                if size > payload.size { files.remove(partial) }
                lastReason = "received \(size) bytes, the VS manifest says \(payload.size)"
                continue
            }
            let (sha, _) = try files.sha256(partial)
            guard sha == payload.sha256 else {
                files.remove(partial)
                lastReason = "SHA-256 is \(sha), the VS manifest says \(payload.sha256)"
                continue
            }
            try files.rename(partial, to: final)
            progress(.downloaded(payload: name, bytes: payload.size, reused: false))
            return (final, false)
        }
        if lastReason.hasPrefix("SHA-256") || lastReason.hasPrefix("received") {
            throw .verification(
                payload: name,
                reason: "\(lastReason) (after \(retry.attempts) tries from \(payload.url)); the download "
                    + "is not the file the manifest describes: try again later, or report it if it persists")
        }
        throw .download(payload: name, url: payload.url, reason: "\(lastReason) (after \(retry.attempts) tries)")
    }

    /// A file whose hash nobody publishes (the manifests themselves): downloaded afresh to `destination`.
    func fetchUnverified(_ url: String, to destination: String, name: String) throws(FetchError) {
        try files.makeDirectory(cacheDirectory)
        try files.makeDirectory(files.parent(destination))
        let partial = destination + ".partial"
        var lastReason = ""
        for attempt in 1...max(1, retry.attempts) {
            if attempt > 1 {
                progress(.retrying(payload: name, attempt: attempt, reason: lastReason))
                pause(seconds: retry.initialDelaySeconds * Double(1 << min(attempt - 2, 6)))
            }
            // Without a known size a partial file cannot be trusted to be a prefix of the current one.
            files.remove(partial)
            switch try runCurl(url, to: partial, name: name, resume: false) {
            case .done:
                try files.rename(partial, to: destination)
                return
            case .retry(let reason), .restart(let reason):
                lastReason = reason
            }
        }
        throw .download(payload: name, url: url, reason: "\(lastReason) (after \(retry.attempts) tries)")
    }

    enum Outcome {
        case done
        /// A transient failure: try again, resuming what arrived.
        case retry(String)
        /// Try again from the first byte.
        case restart(String)
    }

    /// One curl run. Failures that another try cannot fix (a 404, a refused protocol, a bad URL) throw.
    func runCurl(_ url: String, to output: String, name: String, resume: Bool = true) throws(FetchError) -> Outcome {
        let protocols = try Self.allowedProtocols(url, name: name)
        var arguments = [
            "--fail", "--location", "--silent", "--show-error",
            // Redirects may not leave HTTPS either (aka.ms answers with one to the CDN).
            "--proto", protocols, "--proto-redir", protocols,
            "--connect-timeout", String(retry.connectTimeoutSeconds),
            // A stalled transfer is abandoned and tried again rather than waited on forever.
            "--speed-limit", "1", "--speed-time", "60",
            "--output", output, "--write-out", "%{http_code} %{url_effective}",
        ]
        if resume { arguments += ["--continue-at", "-"] }
        arguments.append(url)
        let result: ProcessResult
        do {
            result = try runner.run(curl, arguments)
        } catch {
            throw .curl(path: curl, reason: error.message)
        }
        let written = String(decoding: result.standardOutput, as: UTF8.self).trimmingWhitespace
        let status = Int(written.prefix { $0 != " " }) ?? 0
        let effective = String(written.drop { $0 != " " }.dropFirst())
        let message =
            String(decoding: result.standardError, as: UTF8.self).trimmingWhitespace
            .split(separator: "\n").last.map(String.init) ?? ""
        let code: Int32
        switch result.status {
        case .exited(let c): code = c
        case .signaled(let s): return .retry("curl ended by signal \(s)")
        }
        if code == 0 {
            // A loopback http URL may redirect anywhere over http (curl's --proto-redir cannot tell hosts apart):
            // what did not end on https or a loopback host is thrown away.
            guard (try? Self.allowedProtocols(effective, name: name)) != nil else {
                files.remove(output)
                throw .download(
                    payload: name, url: url,
                    reason: "it redirected to \(effective) over plain http, which only loopback hosts may use")
            }
            return .done
        }
        let reason = message.isEmpty ? "curl exit code \(code)" : "\(message) (curl exit code \(code))"
        switch code {
        case 1, 2, 3, 4, 27, 43, 48:
            // Unsupported or refused protocol, bad URL or options: the same next time.
            throw .download(payload: name, url: url, reason: reason)
        case 22:
            if status == 416 { return .restart(reason) }
            if (400..<500).contains(status) && status != 408 && status != 429 {
                throw .download(
                    payload: name, url: url, reason: "HTTP \(status); the manifest may be out of date: run again")
            }
            return .retry(reason)
        case 33, 36:
            // The server cannot resume (no Range support): start over.
            return .restart(reason)
        case 23:
            throw .fileSystem(path: output, reason: "curl cannot write the download")
        default:
            return .retry(reason)
        }
    }

    /// `=https`, or `=http,https` for loopback hosts (the tests' local CDN). Plain http elsewhere is refused
    /// before curl runs.
    static func allowedProtocols(_ url: String, name: String) throws(FetchError) -> String {
        let lowered = url.lowercased()
        if lowered.hasPrefix("https://") { return "=https" }
        guard lowered.hasPrefix("http://") else {
            throw .download(payload: name, url: url, reason: "only https URLs are downloaded")
        }
        guard isLoopback(host(of: url)) else {
            throw .download(
                payload: name, url: url, reason: "plain http is refused (only loopback hosts may use it); use https")
        }
        return "=http,https"
    }

    static func host(of url: String) -> String {
        guard let schemeEnd = url.utf8.indices.first(where: { url.utf8[$0...].starts(with: "://".utf8) }) else {
            return ""
        }
        var rest = url[url.utf8.index(schemeEnd, offsetBy: 3)...]
        if let end = rest.firstIndex(where: { $0 == "/" || $0 == "?" || $0 == "#" }) { rest = rest[..<end] }
        if let at = rest.lastIndex(of: "@") { rest = rest[rest.index(after: at)...] }
        if rest.hasPrefix("["), let close = rest.firstIndex(of: "]") {
            return String(rest[rest.index(after: rest.startIndex)..<close])
        }
        if let colon = rest.firstIndex(of: ":") { rest = rest[..<colon] }
        return rest.lowercased()
    }

    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" || host == "::1" { return true }
        let octets = host.split(separator: ".", omittingEmptySubsequences: false)
        return octets.count == 4 && octets[0] == "127" && octets.allSatisfy { UInt8($0) != nil }
    }

    static func parent(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}

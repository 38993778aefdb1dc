/// Why `xenv sysroot fetch` stopped: one line naming the input (payload, URL, package id) and what to do.
public enum FetchError: Error, Equatable, Sendable, CustomStringConvertible {
    case licenseNotAccepted(licenseURL: String)
    case invalidRequest(String)
    /// The channel or VS manifest could not be read or is not what xwin reads.
    case manifest(source: String, reason: String)
    /// A package or payload the selection needs is not in the VS manifest.
    case selection(String)
    /// curl failed for good (after retries, or with an error a retry cannot fix).
    case download(payload: String, url: String, reason: String)
    /// A downloaded or cached payload is not the one the VS manifest describes.
    case verification(payload: String, reason: String)
    /// A payload's archive is damaged, lies about its contents or tries to escape the output directory.
    case archive(payload: String, reason: String)
    /// A file or directory operation failed.
    case fileSystem(path: String, reason: String)
    /// curl could not be started.
    case curl(path: String, reason: String)

    public var description: String {
        switch self {
        case .licenseNotAccepted(let url):
            "the Microsoft Visual Studio license must be accepted first: read \(url), then pass --accept-license "
                + "(or set XENV_ACCEPT_LICENSE=1)"
        case .invalidRequest(let reason): reason
        case .manifest(let source, let reason): "manifest \(source): \(reason)"
        case .selection(let reason): reason
        case .download(let payload, let url, let reason):
            "download of \(payload) from \(url) failed: \(reason)"
        case .verification(let payload, let reason): "payload \(payload): \(reason)"
        case .archive(let payload, let reason):
            "payload \(payload) cannot be unpacked: \(reason); nothing was written to the output directory"
        case .fileSystem(let path, let reason): "\(path): \(reason)"
        case .curl(let path, let reason): "cannot run curl (\(path)): \(reason); install curl or put it on PATH"
        }
    }
}

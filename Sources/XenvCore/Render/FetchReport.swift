import XenvFetch
import XenvSystem

/// `sysroot fetch`'s progress: on a terminal one line redrawn in place (payloads done of all, megabytes); in a
/// log one line a payload, as CI systems show them.
final class FetchReport: @unchecked Sendable {
    private let sink: @Sendable (String) -> Void
    private let quiet: Bool
    private let terminal: Bool
    private let state = Locked(State())

    private struct State {
        var total = 0
        var totalBytes = 0
        var done = 0
        var doneBytes = 0
        var drawn = false
    }

    /// - Parameter quiet: `-q`: nothing but errors.
    init(write: @escaping @Sendable (String) -> Void, quiet: Bool, terminal: Bool) {
        sink = write
        self.quiet = quiet
        self.terminal = terminal
    }

    private func write(_ text: String) { if !quiet { sink(text) } }

    var event: @Sendable (FetchProgress) -> Void { { [self] in handle($0) } }

    private func handle(_ event: FetchProgress) {
        let line: String? = state.withLock { state in
            switch event {
            case .selected(let crt, let sdk, let payloads, let bytes):
                state.total = payloads
                state.totalBytes = bytes
                return "xenv: CRT \(crt), SDK \(sdk): \(payloads) packages, \(Self.megabytes(bytes)) MB"
            case .downloading:
                return nil
            case .downloaded(let payload, let bytes, let reused):
                state.done += 1
                state.doneBytes += bytes
                if terminal { return nil }
                return "xenv: \(reused ? "reused" : "downloaded and verified") \(payload)"
            case .retrying(let payload, let attempt, let reason):
                return "xenv: \(payload): try \(attempt) after: \(reason)"
            case .unpacked:
                return nil
            case .warning(let text):
                return "xenv: warning: \(text)"
            case .waiting(let lock):
                return "xenv: waiting for another xenv sysroot fetch (it holds \(lock))"
            }
        }
        if terminal {
            let bar: String = state.withLock { state in
                let width = 30
                let filled = state.total == 0 ? 0 : min(width, state.done * width / state.total)
                state.drawn = true
                return "\r[" + String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
                    + "] \(state.done)/\(state.total) payloads, "
                    + "\(Self.megabytes(state.doneBytes))/\(Self.megabytes(state.totalBytes)) MB"
            }
            if let line { write("\r\u{1B}[K" + line + "\n") }
            write(bar)
        } else if let line {
            write(line + "\n")
        }
    }

    /// Ends the redrawn line, if one was drawn.
    func finish() {
        if terminal, state.withLock({ $0.drawn }) { write("\n") }
    }

    static func megabytes(_ bytes: Int) -> String { String(format1: Double(bytes) / 1_048_576) }
}

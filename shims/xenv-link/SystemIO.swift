/// How the linker ended, as the shim reports it.
enum LinkerStatus {
    case exited(Int32)
    /// POSIX only: the shim exits with 128 + the signal number, as shells do.
    case signaled(Int32)
    case failedToStart(Int32)
}

import XenvSystem

/// Carries out a command's effects, the only code that changes files. Each file is replaced in one atomic step,
/// and only when its bytes differ, so a re-run that changes nothing writes nothing; appends come after every
/// write. Everything that can be checked is checked before the first change.
public enum PlanApplier {
    public enum Outcome: Equatable, Sendable {
        case written
        case unchanged
    }

    /// Carries out `effects` on the context's file systems; returns each written file's path with what
    /// happened to it, in order.
    @discardableResult
    public static func apply(
        _ effects: Effects, in context: PlanningContext
    ) throws(XenvError) -> [(path: String, outcome: Outcome)] {
        let fileSystem = context.fileSystem
        // A CI system makes its files' directories; one that is missing means the path is wrong.
        for append in effects.appends where !fileSystem.isDirectory(fileSystem.pathStyle.parent(append.path)) {
            throw .invalidPath(
                what: append.origin, path: append.path,
                reason: "its directory does not exist; check the variable's value")
        }
        let outcomes = try apply(
            effects.writes, to: fileSystem, sourceFileSystem: context.installationFileSystem,
            linking: context.nativeFileCalls)
        for append in effects.appends {
            do {
                try fileSystem.appendToFile(append.path, bytes: append.bytes)
            } catch {
                throw .writeFailed(path: append.path, reason: "\(error)")
            }
        }
        return outcomes
    }

    /// Returns each file's path with what happened to it, in plan order.
    /// - Parameters:
    ///   - sourceFileSystem: where `.copy(of:)` sources are read (the machine xenv runs on, which differs from
    ///     `fileSystem` for a simulated Windows host).
    ///   - linking: this machine's file calls, to hard-link a copy when both files are on its disk; nil copies.
    @discardableResult
    public static func apply(
        _ files: [PlannedFile], to fileSystem: FileSystem, sourceFileSystem: FileSystem? = nil,
        linking: (any FileCalls)? = nil
    ) throws(XenvError) -> [(path: String, outcome: Outcome)] {
        let sourceFileSystem = sourceFileSystem ?? fileSystem
        // Check every source first: a missing one fails the run before anything is written.
        for file in files {
            switch file.contents {
            case .copy(let source) where !sourceFileSystem.isFile(source):
                throw .shimNotFound(lookedAt: source)
            case .symlink(let target) where !fileSystem.isFile(target):
                throw .writeFailed(path: file.path, reason: "\(target), which it would link to, is not a file")
            default: break
            }
        }
        var outcomes: [(path: String, outcome: Outcome)] = []
        for file in files {
            let bytes: [UInt8]
            switch file.contents {
            case .bytes(let given): bytes = given
            case .copy(let source):
                // A hard link installs the 7 MB shim without reading it, and a re-run sees it is the same file.
                if let linking,
                    let outcome = hardLink(
                        source, from: sourceFileSystem, to: file.path, on: fileSystem, calls: linking)
                {
                    outcomes.append((file.path, outcome))
                    continue
                }
                guard let read = sourceFileSystem.readFile(source) else { throw .shimNotFound(lookedAt: source) }
                bytes = read
            case .symlink(let target):
                if let linking,
                    let outcome = symbolicLink(file.path, to: target, on: fileSystem, calls: linking)
                        ?? hardLink(target, from: fileSystem, to: file.path, on: fileSystem, calls: linking)
                {
                    outcomes.append((file.path, outcome))
                    continue
                }
                // No links here (the simulated Windows host, a file system without them): a copy.
                guard let read = fileSystem.readFile(target) else {
                    throw .writeFailed(path: file.path, reason: "cannot read \(target), which it would link to")
                }
                bytes = read
            }
            let current = fileSystem.readFile(file.path)
            if current == bytes && (!file.executable || fileSystem.isExecutableFile(file.path)) {
                outcomes.append((file.path, .unchanged))
                continue
            }
            do {
                try fileSystem.writeFileAtomically(file.path, bytes: bytes, executable: file.executable)
            } catch {
                throw .writeFailed(path: file.path, reason: "\(error)")
            }
            outcomes.append((file.path, .written))
        }
        return outcomes
    }

    /// Makes `path` a symbolic link to `target` when this machine's file system holds one: made under a
    /// temporary name, then renamed over `path` in one step. Nil when that cannot be done, and the caller links
    /// or copies.
    static func symbolicLink(
        _ path: String, to target: String, on fileSystem: FileSystem, calls native: any FileCalls
    ) -> Outcome? {
        let token = uniqueToken(processIdentifier: 0)
        guard let destination = fileSystem.nativePath(target), let link = fileSystem.nativePath(path),
            let temporary = fileSystem.nativePath(fileSystem.pathStyle.temporarySibling(of: path, token: token))
        else { return nil }
        if native.symbolicLinkTarget(link) == destination { return .unchanged }
        guard (try? fileSystem.createDirectories(fileSystem.pathStyle.parent(path))) != nil else { return nil }
        guard (try? native.symbolicLink(destination, at: temporary)) != nil else { return nil }
        guard (try? native.rename(temporary, over: link)) != nil else {
            native.remove(temporary)
            return nil
        }
        return .written
    }

    /// Makes `path` a hard link to `source` when both are on this machine's disk and the file system allows
    /// (not across volumes, say): linked to a temporary name, then renamed over `path` in one step. Nil when
    /// that cannot be done, and the caller copies.
    static func hardLink(
        _ source: String, from sourceFileSystem: FileSystem, to path: String, on fileSystem: FileSystem,
        calls native: any FileCalls
    ) -> Outcome? {
        // 64 random bits keep the temporary name apart from a concurrent setup's.
        let token = uniqueToken(processIdentifier: 0)
        guard let from = sourceFileSystem.nativePath(source), let to = fileSystem.nativePath(path),
            let temporary = fileSystem.nativePath(fileSystem.pathStyle.temporarySibling(of: path, token: token))
        else { return nil }
        if native.isSameFile(from, to) { return .unchanged }
        guard (try? fileSystem.createDirectories(fileSystem.pathStyle.parent(path))) != nil else { return nil }
        guard (try? native.hardLink(from, at: temporary)) != nil else { return nil }
        let renamed = (try? native.rename(temporary, over: to)) != nil
        // When `path` is already a link to the same file (a concurrent setup got there first), rename succeeds
        // and does nothing, leaving the temporary name behind: remove it in every case.
        native.remove(temporary)
        return renamed ? .written : nil
    }
}

import XenvArchive

/// Where a payload's files go in xwin's default splat layout (xwin src/unpack.rs, src/splat.rs), as pure
/// functions of names, so they are tested without archives.
enum SplatLayout {
    /// The part of a VSIX entry name xwin keeps: entries under `Contents/` whose name contains `lib` or
    /// `include`, from the first `lib` or `include` component on
    /// (`Contents/VC/Tools/MSVC/14.44.35207/lib/x64/msvcrt.lib` -> `lib/x64/msvcrt.lib`).
    static func vsixPath(_ entry: String) -> String? {
        guard entry.hasPrefix("Contents/"), !entry.hasSuffix("/"), entry.contains("lib") || entry.contains("include")
        else {
            return nil
        }
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard let start = parts.firstIndex(where: { $0 == "lib" || $0 == "include" }), start < parts.count - 1 else {
            return nil
        }
        return parts[start...].joined(separator: "/")
    }

    /// The directory of an MSI component as xwin builds it: up the Directory table until a level named `Lib` or
    /// `Include` (which becomes `lib` or `include`), dropping levels that start with a digit (the `10.0.26100.0`
    /// under them): `Windows Kits/10/Lib/10.0.26100.0/um/x64` -> `lib/um/x64`. Nil for directories under
    /// neither, which hold nothing the splat takes. Every level is checked to be a plain name.
    static func msiDirectory(_ id: String, _ directories: [String: MSIDirectoryRow]) throws(LayoutError) -> String? {
        var levels: [String] = []
        var current = id
        for _ in 0..<64 {
            guard let row = directories[current] else { return nil }
            let target =
                row.defaultDir.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).first.map(
                    String.init) ?? ""
            let name = MSIDatabase.longName(target)
            if name == "Lib" || name == "lib" {
                return (["lib"] + levels.reversed()).joined(separator: "/")
            }
            if name == "Include" || name == "include" {
                return (["include"] + levels.reversed()).joined(separator: "/")
            }
            if name != "." && !name.isEmpty && !(name.first?.isNumber ?? false) {
                if let reason = unsafeComponent(name) { throw .unsafeName(name, reason) }
                levels.append(name)
            }
            guard let parent = row.parent, parent != current else { return nil }
            current = parent
        }
        throw .unsafeName(id, "the Directory table has a cycle")
    }

    enum LayoutError: Error {
        case unsafeName(String, String)
    }

    /// Why a single path component may not be used, or nil.
    static func unsafeComponent(_ name: String) -> String? {
        // Unicode scalars, as the file system sees the name: a combining mark after `/` or `:` makes one Swift
        // Character with it and would hide it from a Character comparison.
        let scalars = name.unicodeScalars
        if scalars.isEmpty { return "empty name" }
        if scalars.elementsEqual(".".unicodeScalars) || scalars.elementsEqual("..".unicodeScalars) {
            return "'\(name)' component"
        }
        if scalars.contains(where: { $0 == "/" || $0 == "\\" }) { return "contains a path separator" }
        if scalars.contains(where: { $0.value == 0 }) { return "contains NUL" }
        // `C:x` is drive-relative on Windows and `a:b` names an NTFS stream; no real payload name holds a colon.
        if scalars.contains(":") { return "contains ':' (a drive letter or a stream)" }
        return nil
    }

    /// Why a relative `/` path may not be joined to the output directory, or nil.
    static func unsafePath(_ path: String) -> String? {
        if path.unicodeScalars.first == "/" { return "absolute path" }
        for component in path.unicodeScalars.split(separator: "/", omittingEmptySubsequences: false) {
            if let reason = unsafeComponent(String(String.UnicodeScalarView(component))) { return reason }
        }
        return nil
    }

    /// Debug CRT libraries, which xwin leaves out by default (`*d.lib`, `*d_netcore.lib`, `*d<digit>.lib`).
    static func isDebugLibrary(_ name: String) -> Bool {
        guard name.hasSuffix(".lib") else { return false }
        let stem = name.dropLast(4)
        if stem.hasSuffix("d") || stem.hasSuffix("d_netcore") { return true }
        if let last = stem.last, last.isASCII, last.isNumber, stem.dropLast().hasSuffix("d") { return true }
        return false
    }

    /// Where one payload-relative path (after `vsixPath` or `msiDirectory`) goes in the splat, or nil when the
    /// splat does not take it.
    static func destinations(_ path: String, kind: PayloadKind, arch: SysrootArch?, arches: [SysrootArch]) -> [String] {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        if name.hasSuffix(".pdb") { return [] }
        func under(_ prefix: String) -> String? {
            path.hasPrefix(prefix) && path.count > prefix.count ? String(path.dropFirst(prefix.count)) : nil
        }
        switch kind {
        case .crtHeaders:
            return under("include/").map { ["crt/include/" + $0] } ?? []
        case .crtDesktopLibs, .crtStoreLibs:
            guard let arch, let rest = under("lib/\(arch.microsoftName)/"), !isDebugLibrary(name) else { return [] }
            // The Store package adds only the files directly in lib/<arch>, not its store/ and uwp/ trees.
            if kind == .crtStoreLibs && rest.contains("/") { return [] }
            return ["crt/lib/\(arch.rawValue)/" + rest]
        case .sdkHeaders:
            return under("include/").map { ["sdk/include/" + $0] } ?? []
        case .sdkLibs:
            guard let arch, let rest = under("lib/um/\(arch.microsoftName)/") else { return [] }
            return ["sdk/lib/um/\(arch.rawValue)/" + rest]
        case .sdkStoreLibs:
            return arches.compactMap { a in under("lib/um/\(a.microsoftName)/").map { "sdk/lib/um/\(a.rawValue)/" + $0 }
            }
        case .ucrt:
            if let rest = under("include/ucrt/") { return ["sdk/include/ucrt/" + rest] }
            if isDebugLibrary(name) { return [] }
            return arches.compactMap { a in
                under("lib/ucrt/\(a.microsoftName)/").map { "sdk/lib/ucrt/\(a.rawValue)/" + $0 }
            }
        }
    }

    /// The directories (in the splat) a payload must fill, as xwin requires each mapped subtree to exist.
    static func requiredDirectories(kind: PayloadKind, arch: SysrootArch?, arches: [SysrootArch]) -> [String] {
        switch kind {
        case .crtHeaders: ["crt/include"]
        case .crtDesktopLibs, .crtStoreLibs: arch.map { ["crt/lib/\($0.rawValue)"] } ?? []
        case .sdkHeaders: ["sdk/include"]
        case .sdkLibs: arch.map { ["sdk/lib/um/\($0.rawValue)"] } ?? []
        case .sdkStoreLibs: arches.map { "sdk/lib/um/\($0.rawValue)" }
        case .ucrt: ["sdk/include/ucrt"] + arches.map { "sdk/lib/ucrt/\($0.rawValue)" }
        }
    }

    /// The case variants of one SDK library (xwin src/splat.rs, SdkLibs): the lower-case name for any name with
    /// upper case (`kernel32.Lib` -> `kernel32.lib`), `Kernel32.lib` and `Iphlpapi.lib` for crates that link
    /// those spellings, and the upper-case stem with `.lib` (`KERNEL32.lib`, windows-rs).
    static func sdkLibraryLinks(_ name: String) -> [String] {
        var links: [String] = []
        var current = name
        if name.contains(where: { $0.isASCII && $0.isUppercase }) {
            current = name.lowercased()
            links.append(current)
        }
        if name == "kernel32.Lib" { current = "Kernel32.lib"; links.append(current) }
        if name == "iphlpapi.lib" { current = "Iphlpapi.lib"; links.append(current) }
        if current.hasSuffix(".lib") {
            let upper = name.uppercased()
            let stem = upper.lastIndex(of: ".").map { upper[..<$0] } ?? Substring(upper)
            links.append(stem + ".lib")
        }
        return links.filter { $0 != name }
    }

    /// `LIBCMT.lib`, `MSVCRT.lib`, `OLDNAMES.lib` beside the CRT's lower-case ones.
    static func crtLibraryLinks(_ name: String) -> [String] {
        switch name {
        case "libcmt.lib": ["LIBCMT.lib"]
        case "msvcrt.lib": ["MSVCRT.lib"]
        case "oldnames.lib": ["OLDNAMES.lib"]
        default: []
        }
    }

    /// Header spellings some projects use (xwin: zeromq's `Mstcpip.h`, ponyc's `BaseTsd.h`).
    static func extraHeaderLink(_ name: String) -> String? {
        switch name {
        case "mstcpip.h": "Mstcpip.h"
        case "basetsd.h": "BaseTsd.h"
        default: nil
        }
    }
}

/// Collects the names in `#include "x"` and `#include <x>` lines, as xwin's regex
/// `#include\s+(?:"|<)([^">]+)` finds them, without a regex engine: the headers are scanned as they are written.
struct IncludeScanner {
    private(set) var names: Set<String> = []

    mutating func scan(_ bytes: UnsafeRawBufferPointer) {
        let count = bytes.count
        guard count > 10, let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return }
        let keyword: [UInt8] = Array("include".utf8)
        var i = 0
        while i < count {
            // memchr-like skip to the next '#'.
            guard base[i] == 0x23 else { i += 1; continue }
            var j = i + 1
            guard j + 7 < count else { break }
            var matched = true
            for k in 0..<7 where base[j + k] != keyword[k] { matched = false; break }
            guard matched else { i += 1; continue }
            j += 7
            let afterKeyword = j
            while j < count, Self.isSpace(base[j]) { j += 1 }
            guard j > afterKeyword, j < count, base[j] == 0x22 || base[j] == 0x3C else { i = j; continue }
            j += 1
            let start = j
            while j < count, base[j] != 0x22, base[j] != 0x3E, base[j] != 0x0A { j += 1 }
            // Names are ASCII in practice; others could not be link names anyway.
            let name = UnsafeBufferPointer(start: base + start, count: j - start)
            if j > start, j - start < 512, name.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
                names.insert(String(decoding: name, as: UTF8.self))
            }
            i = j
        }
    }

    mutating func merge(_ other: IncludeScanner) { names.formUnion(other.names) }

    static func isSpace(_ byte: UInt8) -> Bool { byte == 0x20 || (0x09...0x0D).contains(byte) }
}

import XenvSystem

/// The fields of a PE/COFF image xenv reads: the machine it was built for and the DLLs it loads.
public struct PEImage: Equatable, Sendable {
    /// The COFF file header's machine field (`0xAA64` for ARM64, `0x8664` for x64).
    public var machine: UInt16
    /// The DLLs named by the import table and the delay-load import table, in table order, each once; empty when
    /// the tables are missing or unreadable.
    public var importedLibraries: [String]

    /// Reads the DOS header's `e_lfanew`, checks the `PE\0\0` signature there, takes the machine field that
    /// follows and, through the optional header's data directories and the section table, the names of the
    /// imported DLLs; nil when `bytes` is not a PE image. Every offset is checked against the file, so a
    /// truncated or lying image yields fewer names, never a crash.
    public init?(bytes: [UInt8]) {
        let reader = Reader(bytes: bytes)
        guard bytes.count >= 0x40, bytes[0] == UInt8(ascii: "M"), bytes[1] == UInt8(ascii: "Z"),
            let offset = reader.uint32(at: 0x3C).map(Int.init), offset >= 0x40, offset <= bytes.count - 24,
            bytes[offset..<offset + 4].elementsEqual([UInt8(ascii: "P"), UInt8(ascii: "E"), 0, 0]),
            let machine = reader.uint16(at: offset + 4)
        else { return nil }
        self.machine = machine
        importedLibraries = reader.importedLibraries(coffHeader: offset + 4) ?? []
    }

    /// `0xAA64`, as descriptors and tools print it.
    public var machineHex: String {
        let digits = String(machine, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Little-endian reads that answer nil outside the file.
    private struct Reader {
        let bytes: [UInt8]

        func uint16(at offset: Int) -> UInt16? {
            guard offset >= 0, offset + 2 <= bytes.count else { return nil }
            return UInt16(bytes[offset]) | UInt16(bytes[offset + 1]) << 8
        }

        func uint32(at offset: Int) -> UInt32? {
            guard let low = uint16(at: offset), let high = uint16(at: offset + 2) else { return nil }
            return UInt32(low) | UInt32(high) << 16
        }

        func uint64(at offset: Int) -> UInt64? {
            guard let low = uint32(at: offset), let high = uint32(at: offset + 4) else { return nil }
            return UInt64(low) | UInt64(high) << 32
        }

        /// A NUL-terminated ASCII name of at most 260 bytes.
        func name(at offset: Int) -> String? {
            guard offset >= 0, offset < bytes.count else { return nil }
            guard let end = bytes[offset..<min(bytes.count, offset + 260)].firstIndex(of: 0), end > offset else {
                return nil
            }
            let name = bytes[offset..<end]
            guard name.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return nil }
            return String(decoding: name, as: UTF8.self)
        }

        func importedLibraries(coffHeader: Int) -> [String]? {
            guard let sectionCount = uint16(at: coffHeader + 2).map(Int.init),
                let optionalSize = uint16(at: coffHeader + 16).map(Int.init)
            else { return nil }
            let optional = coffHeader + 20
            // PE32 (0x10B) and PE32+ (0x20B) place the image base and the data directories differently.
            let imageBase: UInt64
            let directories: Int, directoryCount: Int
            switch uint16(at: optional) {
            case 0x10B:
                guard let base = uint32(at: optional + 28), let count = uint32(at: optional + 92) else { return nil }
                (imageBase, directories, directoryCount) = (UInt64(base), optional + 96, Int(min(count, 16)))
            case 0x20B:
                guard let base = uint64(at: optional + 24), let count = uint32(at: optional + 108) else { return nil }
                (imageBase, directories, directoryCount) = (base, optional + 112, Int(min(count, 16)))
            default:
                return nil
            }
            var sections: [(address: UInt32, size: UInt32, rawSize: UInt32, offset: UInt32)] = []
            let table = optional + optionalSize
            for index in 0..<min(sectionCount, 96) {
                let entry = table + index * 40
                guard let virtualSize = uint32(at: entry + 8), let address = uint32(at: entry + 12),
                    let rawSize = uint32(at: entry + 16), let rawOffset = uint32(at: entry + 20)
                else { return nil }
                sections.append((address, virtualSize != 0 ? virtualSize : rawSize, rawSize, rawOffset))
            }
            /// Where an RVA lies in the file; nil when its section has no file data there (the loader sees zeros,
            /// not the next section's bytes).
            func fileOffset(_ rva: UInt32) -> Int? {
                guard let section = sections.first(where: { rva >= $0.address && rva - $0.address < $0.size }),
                    rva - section.address < section.rawSize
                else { return nil }
                return Int(section.offset) + Int(rva - section.address)
            }
            func directory(_ index: Int) -> Int? {
                // A data directory lies inside the optional header, or it is not there.
                guard index < directoryCount, directories + index * 8 + 8 <= optional + optionalSize,
                    let rva = uint32(at: directories + index * 8), rva != 0
                else { return nil }
                return fileOffset(rva)
            }
            var names: [String] = []
            var seen = Set<String>()
            func add(_ name: String?) {
                guard let name, seen.insert(name.lowercased()).inserted else { return }
                names.append(name)
            }
            // IMAGE_IMPORT_DESCRIPTOR: 20 bytes, the name's RVA at 12; an entry of zeros ends the table.
            if let imports = directory(1) {
                for entry in stride(from: imports, to: min(bytes.count, imports + 20 * 4096), by: 20) {
                    guard let nameRVA = uint32(at: entry + 12), let thunk = uint32(at: entry + 16) else { break }
                    if nameRVA == 0 && thunk == 0 { break }
                    add(fileOffset(nameRVA).flatMap(name(at:)))
                }
            }
            // ImgDelayDescr: 32 bytes, attributes at 0 and the name at 4, an RVA when attribute bit 0 is set and
            // a virtual address in images of old linkers.
            if let delayed = directory(13) {
                for entry in stride(from: delayed, to: min(bytes.count, delayed + 32 * 4096), by: 32) {
                    guard let attributes = uint32(at: entry), let nameField = uint32(at: entry + 4), nameField != 0
                    else { break }
                    let rva =
                        attributes & 1 == 1 ? nameField : UInt32(truncatingIfNeeded: UInt64(nameField) &- imageBase)
                    add(fileOffset(rva).flatMap(name(at:)))
                }
            }
            return names
        }
    }
}

/// The DLLs a Windows program needs from one directory: the Swift runtime beside `xenv.exe` and `xenv-link.exe`
/// in a release archive. System DLLs (`KERNEL32.dll`, `api-ms-win-*`) are not in that directory and stay out.
public enum RuntimeLibraries {
    /// The file names (as spelled in `directory`) of every DLL that `executables` import, directly or through
    /// another such DLL, and that `directory` holds; sorted, so the result is the same on every run.
    public static func closure(of executables: [String], in directory: String, fileSystem: FileSystem) -> [String] {
        let style = fileSystem.pathStyle
        let available = (fileSystem.contentsOfDirectory(directory) ?? []).filter { $0.lowercased().hasSuffix(".dll") }
        // No DLL to find (a Linux or macOS build, a Windows build with a static runtime): nothing is read.
        guard !available.isEmpty else { return [] }
        var found: [String: String] = [:]  // lower-cased name: spelling in the directory
        var pending = executables
        while let next = pending.popLast() {
            guard let bytes = fileSystem.readFile(next), let image = PEImage(bytes: bytes) else { continue }
            for library in image.importedLibraries {
                let key = library.lowercased()
                guard found[key] == nil, let spelling = available.first(where: { $0.lowercased() == key }) else {
                    continue
                }
                found[key] = spelling
                pending.append(style.join(directory, spelling))
            }
        }
        return found.values.sorted { $0.lowercased() < $1.lowercased() }
    }
}

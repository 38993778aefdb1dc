import XenvSystem
/// The header fields of a PE/COFF image that tell what it was built for.
public struct PEImage: Equatable, Sendable {
    /// The COFF file header's machine field (`0xAA64` for ARM64, `0x8664` for x64).
    public var machine: UInt16

    /// Reads the DOS header's `e_lfanew`, checks the `PE\0\0` signature there, and takes the machine field
    /// that follows; nil when `bytes` is not a PE image.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 0x40, bytes[0] == UInt8(ascii: "M"), bytes[1] == UInt8(ascii: "Z") else { return nil }
        let offset = Int(bytes[0x3C]) | Int(bytes[0x3D]) << 8 | Int(bytes[0x3E]) << 16 | Int(bytes[0x3F]) << 24
        guard offset >= 0x40, offset <= bytes.count - 6,
            bytes[offset..<offset + 4].elementsEqual([UInt8(ascii: "P"), UInt8(ascii: "E"), 0, 0])
        else { return nil }
        machine = UInt16(bytes[offset + 4]) | UInt16(bytes[offset + 5]) << 8
    }

    /// `0xAA64`, as descriptors and tools print it.
    public var machineHex: String {
        let digits = String(machine, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

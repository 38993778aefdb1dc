/// UTF-16 ↔ UTF-8 over plain byte arrays. The standard library's generic `String(validating:as:)` and
/// `String.utf16` paths run unspecialised in this module and took most of the time of rewriting a
/// 50,000-argument @file; these loops are simple, specialised and validate as strictly.
enum UnicodeTranscoding {
    /// The UTF-8 form of UTF-16 text in `bytes` (no BOM); nil for an odd byte count or an unpaired surrogate.
    static func utf8(fromUTF16 bytes: ArraySlice<UInt8>, littleEndian: Bool) -> [UInt8]? {
        guard bytes.count % 2 == 0 else { return nil }
        var valid = true
        // A unit gives at most 3 bytes (a surrogate pair 4 for 2), so the output fits; writing through a
        // buffer skips `append`'s uniqueness and capacity checks, which cost as much as the decoding.
        let output = bytes.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: input.count / 2 * 3) { output, written in
                let count = input.count / 2
                func unit(_ index: Int) -> UInt32 {
                    let first = UInt32(input[2 * index]), second = UInt32(input[2 * index + 1])
                    return littleEndian ? first | second << 8 : first << 8 | second
                }
                var index = 0
                while index < count {
                    // Four ASCII units at a time: rustc's @files are nearly all ASCII.
                    if index + 4 <= count && littleEndian {
                        let word = UInt64(
                            littleEndian: UnsafeRawPointer(input.baseAddress! + 2 * index).loadUnaligned(
                                as: UInt64.self))
                        if word & 0xFF80_FF80_FF80_FF80 == 0 {
                            for shift in stride(from: 0, to: 64, by: 16) {
                                output[written] = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                                written += 1
                            }
                            index += 4
                            continue
                        }
                    }
                    var scalar = unit(index)
                    index += 1
                    if scalar < 0x80 {
                        output[written] = UInt8(scalar)
                        written += 1
                        continue
                    }
                    if scalar & 0xF800 == 0xD800 {
                        // A high surrogate must be followed by a low one; anything else is not text.
                        guard scalar < 0xDC00, index < count, unit(index) & 0xFC00 == 0xDC00 else {
                            valid = false
                            break
                        }
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (unit(index) - 0xDC00)
                        index += 1
                    }
                    written = writeUTF8(scalar, to: output, at: written)
                }
            }
        }
        return valid ? output : nil
    }

    /// Whether `bytes` are well-formed UTF-8: no overlong forms, surrogates or values above U+10FFFF.
    static func isValidUTF8(_ bytes: ArraySlice<UInt8>) -> Bool {
        bytes.withUnsafeBufferPointer { input in
            var index = 0
            while index < input.count {
                let lead = input[index]
                if lead < 0x80 {
                    index += 1
                    continue
                }
                let length: Int
                var lower: UInt8 = 0x80, upper: UInt8 = 0xBF  // the allowed range of the second byte
                switch lead {
                case 0xC2...0xDF: length = 2
                case 0xE0: length = 3; lower = 0xA0
                case 0xE1...0xEC, 0xEE...0xEF: length = 3
                case 0xED: length = 3; upper = 0x9F
                case 0xF0: length = 4; lower = 0x90
                case 0xF1...0xF3: length = 4
                case 0xF4: length = 4; upper = 0x8F
                default: return false
                }
                guard index + length <= input.count, (lower...upper).contains(input[index + 1]) else { return false }
                for offset in 2..<length where input[index + offset] & 0xC0 != 0x80 { return false }
                index += length
            }
            return true
        }
    }

    /// Well-formed UTF-8 `text` as UTF-16LE, after `prefix`.
    static func utf16LittleEndian(fromUTF8 text: [UInt8], after prefix: [UInt8]) -> [UInt8] {
        // A byte gives at most 2 bytes: ASCII 1 → 2, 2 → 2, 3 → 2, 4 → 4.
        text.withUnsafeBufferPointer { input in
            [UInt8](unsafeUninitializedCapacity: prefix.count + input.count * 2) { output, written in
                for byte in prefix {
                    output[written] = byte
                    written += 1
                }
                func write(_ unit: UInt32) {
                    output[written] = UInt8(truncatingIfNeeded: unit)
                    output[written + 1] = UInt8(truncatingIfNeeded: unit >> 8)
                    written += 2
                }
                var index = 0
                while index < input.count {
                    // Eight ASCII bytes at a time.
                    if index + 8 <= input.count {
                        let eight = UInt64(
                            littleEndian: UnsafeRawPointer(input.baseAddress! + index).loadUnaligned(as: UInt64.self))
                        if eight & 0x8080_8080_8080_8080 == 0 {
                            for shift in stride(from: 0, to: 64, by: 8) {
                                output[written] = UInt8(truncatingIfNeeded: eight >> UInt64(shift))
                                output[written + 1] = 0
                                written += 2
                            }
                            index += 8
                            continue
                        }
                    }
                    let lead = UInt32(input[index])
                    var scalar: UInt32
                    if lead < 0x80 {
                        scalar = lead
                        index += 1
                    } else if lead < 0xE0 {
                        scalar = (lead & 0x1F) << 6 | UInt32(input[index + 1] & 0x3F)
                        index += 2
                    } else if lead < 0xF0 {
                        scalar =
                            (lead & 0x0F) << 12 | UInt32(input[index + 1] & 0x3F) << 6
                            | UInt32(input[index + 2] & 0x3F)
                        index += 3
                    } else {
                        scalar =
                            (lead & 0x07) << 18 | UInt32(input[index + 1] & 0x3F) << 12
                            | UInt32(input[index + 2] & 0x3F) << 6 | UInt32(input[index + 3] & 0x3F)
                        index += 4
                    }
                    if scalar >= 0x10000 {
                        scalar -= 0x10000
                        write(0xD800 | scalar >> 10)
                        scalar = 0xDC00 | scalar & 0x3FF
                    }
                    write(scalar)
                }
            }
        }
    }

    /// Writes `scalar` as UTF-8 at `offset`; returns the offset after it.
    private static func writeUTF8(_ scalar: UInt32, to output: UnsafeMutableBufferPointer<UInt8>, at offset: Int) -> Int
    {
        switch scalar {
        case ..<0x80:
            output[offset] = UInt8(scalar)
            return offset + 1
        case ..<0x800:
            output[offset] = UInt8(0xC0 | scalar >> 6)
            output[offset + 1] = UInt8(0x80 | scalar & 0x3F)
            return offset + 2
        case ..<0x10000:
            output[offset] = UInt8(0xE0 | scalar >> 12)
            output[offset + 1] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[offset + 2] = UInt8(0x80 | scalar & 0x3F)
            return offset + 3
        default:
            output[offset] = UInt8(0xF0 | scalar >> 18)
            output[offset + 1] = UInt8(0x80 | scalar >> 12 & 0x3F)
            output[offset + 2] = UInt8(0x80 | scalar >> 6 & 0x3F)
            output[offset + 3] = UInt8(0x80 | scalar & 0x3F)
            return offset + 4
        }
    }
}

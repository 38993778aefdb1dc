import Testing

@testable import XenvArchive

@Suite struct InflateTests {
    /// Raw deflate streams made by Python's zlib (wbits=-15) at levels 0-9, for random,
    /// compressible, all-zero, mixed and tiny inputs; plus a preset dictionary and a stream
    /// with full flushes (empty stored blocks).
    @Test func matchesZlib() throws {
        let rows = try Fixture.rows("deflate/expected.txt", fields: 3)
        #expect(rows.count == 62)
        for row in rows {
            let input = try Fixture.bytes(row[0])
            let dictionary = row[0] == "deflate/dict.raw" ? try Fixture.bytes("deflate/dict.dict") : []
            let out = try Inflate.decompress(input, limit: 1 << 24, dictionary: dictionary)
            #expect(out.count == Int(row[1]), "\(row[0])")
            #expect(hexDigest(out) == row[2], "\(row[0])")
        }
    }

    /// Decoding into a caller buffer after existing history, as MSZIP does.
    @Test func intoBufferWithHistory() throws {
        let zdict = try Fixture.bytes("deflate/dict.dict")
        let input = try Fixture.bytes("deflate/dict.raw")
        let expected = try Inflate.decompress(input, limit: 1 << 20, dictionary: zdict)
        var buffer = zdict + [UInt8](repeating: 0, count: expected.count)
        let (written, consumed) = try input.withUnsafeBytes { inBuf in
            try buffer.withUnsafeMutableBufferPointer { out in
                try Inflate.decompress(inBuf, into: out, at: zdict.count, maxOutput: expected.count)
            }
        }
        #expect(written == expected.count)
        #expect(consumed == input.count)
        #expect(Array(buffer[zdict.count...]) == expected)
    }

    @Test func outputLimitRefusesBombs() throws {
        let zeros = try Fixture.bytes("deflate/zeros.L9.raw")  // 200000 zero bytes
        let e = expectError(InflateError.self) { _ = try Inflate.decompress(zeros, limit: 199_999) }
        #expect(e == .outputLimitExceeded(limit: 199_999))
        #expect(try Inflate.decompress(zeros, limit: 200_000).count == 200_000)
        // Stored blocks respect the limit too.
        let stored = try Fixture.bytes("deflate/random.L0.raw")
        #expect(
            expectError(InflateError.self) { _ = try Inflate.decompress(stored, limit: 1000) }
                == .outputLimitExceeded(limit: 1000))
    }

    @Test func truncatedStreamsThrow() throws {
        for name in ["text.L6", "random.L0", "mixed.L1", "zeros.L9", "one.L6"] {
            let full = try Fixture.bytes("deflate/\(name).raw")
            for cut in Set([0, 1, full.count / 3, full.count / 2, full.count - 1]) where cut < full.count {
                let e = expectError(InflateError.self) {
                    _ = try Inflate.decompress(Array(full[..<cut]), limit: 1 << 22)
                }
                #expect(e == .truncated, "\(name) cut at \(cut): \(String(describing: e))")
            }
        }
    }

    @Test func hostileStreams() {
        // BFINAL=1, BTYPE=11 (reserved).
        #expect(expectError(InflateError.self) { _ = try Inflate.decompress([0x07], limit: 100) } == .invalidBlockType)
        // Stored block whose NLEN is not the complement of LEN.
        #expect(
            expectError(InflateError.self) {
                _ = try Inflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00, 1, 2, 3, 4, 5], limit: 100)
            }
                == .storedLengthMismatch(length: 5, complement: 0))
        // Fixed block: a match (length 3, distance 1) before any output.
        // bits: 1 (final) 10 (fixed, LSB first: 1,0) then code 257 = 0000001, then distance code 0 = 00000.
        var w = BitWriter()
        w.put(1, 1); w.put(1, 2)
        w.putHuffman(0b0000001, 7)
        w.putHuffman(0, 5)
        w.putHuffman(0, 7)  // end of block
        #expect(
            expectError(InflateError.self) { _ = try Inflate.decompress(w.bytes, limit: 100) }
                == .distanceTooFarBack(distance: 1, available: 0))
        // Fixed block using the reserved literal/length symbol 286 (11000110).
        var r = BitWriter()
        r.put(1, 1); r.put(1, 2)
        r.putHuffman(0b1100_0110, 8)
        #expect(
            expectError(InflateError.self) { _ = try Inflate.decompress(r.bytes, limit: 100) }
                == .invalidCode("literal/length"))
        // Fixed block using reserved distance code 30.
        var d = BitWriter()
        d.put(1, 1); d.put(1, 2)
        d.putHuffman(0b0011_0000 + 0x41, 8)  // literal 'A' (0x30 + 0x41)
        d.putHuffman(0b0000001, 7)  // length 3
        d.putHuffman(30, 5)
        #expect(
            expectError(InflateError.self) { _ = try Inflate.decompress(d.bytes, limit: 100) }
                == .invalidCode("distance"))
        // Dynamic block with an over-subscribed code-length code: all 19 lengths = 1.
        var o = BitWriter()
        o.put(1, 1); o.put(2, 2)
        o.put(0, 5); o.put(0, 5); o.put(15, 4)
        for _ in 0..<19 { o.put(1, 3) }
        if case .invalidCodeLengths = expectError(
            InflateError.self, { _ = try Inflate.decompress(o.bytes, limit: 100) })
        {
        } else {
            Issue.record("expected invalidCodeLengths")
        }
        // Empty input.
        #expect(expectError(InflateError.self) { _ = try Inflate.decompress([], limit: 100) } == .truncated)
    }

    /// Random garbage must fail cleanly or decode within the limit, never crash or hang.
    @Test func garbageNeverCrashes() {
        for seed in 0..<400 {
            let junk = prng(seed: seed + 10_000, count: 1 + seed % 300)
            _ = try? Inflate.decompress(junk, limit: 1 << 16)
        }
        // Bit flips in a valid stream.
        let valid = (try? Fixture.bytes("deflate/mixed.L6.raw")) ?? []
        for i in stride(from: 0, to: min(valid.count, 4000), by: 37) {
            var copy = valid
            copy[i] ^= 0x10
            _ = try? Inflate.decompress(copy, limit: 1 << 20)
        }
    }

    @Test func errorsRenderAsOneLine() {
        let all: [InflateError] = [
            .truncated, .invalidBlockType, .storedLengthMismatch(length: 1, complement: 2),
            .invalidCodeLengths("x"), .invalidCode("distance"),
            .distanceTooFarBack(distance: 9, available: 3), .outputLimitExceeded(limit: 5),
        ]
        for e in all { #expect(!e.description.isEmpty && !e.description.contains("\n")) }
    }
}

/// LSB-first bit writer for hand-made deflate streams.
struct BitWriter {
    var bytes: [UInt8] = []
    var bitCount = 0
    mutating func put(_ value: Int, _ n: Int) {
        for i in 0..<n {
            if bitCount % 8 == 0 { bytes.append(0) }
            if (value >> i) & 1 != 0 { bytes[bytes.count - 1] |= UInt8(1 << (bitCount % 8)) }
            bitCount += 1
        }
    }
    /// Huffman codes are sent most-significant bit first.
    mutating func putHuffman(_ code: Int, _ n: Int) {
        for i in stride(from: n - 1, through: 0, by: -1) { put((code >> i) & 1, 1) }
    }
}

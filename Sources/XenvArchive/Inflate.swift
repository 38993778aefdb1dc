// Raw DEFLATE decompression (RFC 1951): stored, fixed-Huffman and dynamic-Huffman blocks.
//
// Design: the whole output lives in one buffer, and back-references are resolved against it
// directly, so a preset dictionary (or MSZIP's previous-block history, MS-MCI 2.1) is simply
// bytes placed in the buffer before the decoding position. Huffman codes are decoded through
// a two-level lookup table; the bit buffer is refilled eight bytes at a time.

public enum InflateError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended before the final block did.
    case truncated
    /// Block type 3 is reserved (RFC 1951 3.2.3).
    case invalidBlockType
    /// A stored block's LEN and NLEN fields are not complements (3.2.4).
    case storedLengthMismatch(length: Int, complement: Int)
    /// A dynamic block's code lengths do not describe a usable prefix code (3.2.7).
    case invalidCodeLengths(String)
    /// A code that the current tables do not define, or a reserved symbol (286, 287, 30, 31).
    case invalidCode(String)
    /// A back-reference that reaches before the start of the available history.
    case distanceTooFarBack(distance: Int, available: Int)
    /// The stream expands beyond the caller's limit.
    case outputLimitExceeded(limit: Int)

    public var description: String {
        switch self {
        case .truncated: return "deflate stream is truncated"
        case .invalidBlockType: return "deflate stream uses the reserved block type 3"
        case .storedLengthMismatch(let l, let c):
            return "deflate stored block length \(l) does not match its complement \(c)"
        case .invalidCodeLengths(let what): return "deflate block has invalid code lengths: \(what)"
        case .invalidCode(let what): return "deflate stream has an invalid \(what) code"
        case .distanceTooFarBack(let d, let a):
            return "deflate back-reference distance \(d) exceeds the \(a) bytes of history"
        case .outputLimitExceeded(let limit): return "deflate stream expands beyond the limit of \(limit) bytes"
        }
    }
}

public enum Inflate {
    /// Decompresses a complete raw DEFLATE stream (no zlib or gzip header).
    /// - Parameters:
    ///   - limit: maximum number of output bytes; a stream that would produce more throws
    ///     `InflateError.outputLimitExceeded` (zip-bomb protection).
    ///   - dictionary: history that back-references may reach into (a preset dictionary, or
    ///     the previous MSZIP block's output); not part of the result.
    public static func decompress(_ input: [UInt8], limit: Int, dictionary: [UInt8] = []) throws -> [UInt8] {
        try input.withUnsafeBytes { inBuf in
            try dictionary.withUnsafeBytes { dict in
                try decompress(inBuf, limit: limit, dictionary: dict)
            }
        }
    }

    public static func decompress(
        _ input: UnsafeRawBufferPointer, limit: Int, dictionary: UnsafeRawBufferPointer? = nil
    ) throws -> [UInt8] {
        let history = dictionary?.count ?? 0
        let limit = max(0, limit)
        let (end, endOverflow) = history.addingReportingOverflow(limit)
        let outEnd = endOverflow ? Int.max - 16 : min(end, Int.max - 16)
        // First guess: 4x the input, at least 64 KB, never more than the limit allows.
        let guess = min(outEnd, history + max(1 << 16, min(input.count, Int.max / 8) * 4)) + slack
        var state = InflateState(
            input: input, output: .allocate(capacity: guess), capacity: guess,
            start: history, end: outEnd, growable: true)
        defer { state.out.deallocate() }
        if let dictionary, let base = dictionary.baseAddress, history > 0 {
            state.out.initialize(from: base.assumingMemoryBound(to: UInt8.self), count: history)
        }
        try state.run()
        let produced = state.outPos - history
        let source = state.out + history
        return [UInt8](unsafeUninitializedCapacity: produced) { buf, count in
            if produced > 0 { buf.baseAddress!.initialize(from: source, count: produced) }
            count = produced
        }
    }

    /// Decompresses into a caller-owned buffer: bytes `output[0..<start]` are history that
    /// back-references may use, output is written from `start` and never beyond
    /// `start + maxOutput` (nor the end of `output`). Returns the number of bytes written and
    /// the number of input bytes consumed (the stream's end rounded up to a byte).
    public static func decompress(
        _ input: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>,
        at start: Int, maxOutput: Int
    ) throws -> (written: Int, consumed: Int) {
        precondition(start >= 0 && start <= output.count, "start outside the output buffer")
        guard let base = output.baseAddress else {
            // Empty buffer: still decode, so that a stream producing nothing succeeds.
            var one: UInt8 = 0
            return try withUnsafeMutablePointer(to: &one) { p in
                var state = InflateState(input: input, output: p, capacity: 0, start: 0, end: 0, growable: false)
                try state.run()
                return (0, state.consumed)
            }
        }
        let end = min(output.count, start + max(0, min(maxOutput, output.count)))
        var state = InflateState(
            input: input, output: base, capacity: output.count, start: start, end: end, growable: false)
        try state.run()
        return (state.outPos - start, state.consumed)
    }

    /// Spare bytes kept past the logical end of growable buffers, so copies may overshoot.
    static let slack = 16
}

// MARK: - Decoding tables

// Table entry layout (UInt32):
//   bits 0-4   number of bits the code occupies (the whole code, for sub-table entries)
//   bit 5      literal byte (value = byte)
//   bit 6      end of block
//   bit 7      pointer to a sub-table (value = its offset, bits 10-14 = its index width)
//   bit 8      invalid / unused code
//   bits 10-14 extra bits to read after the code (length and distance codes)
//   bits 16-31 value: literal byte, length base or distance base
private let entryLiteral: UInt32 = 1 << 5
private let entryEnd: UInt32 = 1 << 6
private let entrySub: UInt32 = 1 << 7
private let entryInvalid: UInt32 = 1 << 8

private let litPrimaryBits = 10
private let distPrimaryBits = 8
private let codeLenPrimaryBits = 7
// Worst cases: every long code has its own prefix with a sub-table of 2^(15 - primary) entries.
private let litTableSize = (1 << litPrimaryBits) + 288 * (1 << (15 - litPrimaryBits))
private let distTableSize = (1 << distPrimaryBits) + 32 * (1 << (15 - distPrimaryBits))
private let codeLenTableSize = 1 << codeLenPrimaryBits

/// Per-symbol table payloads (everything but the code length), RFC 1951 3.2.5.
private let litSymbols: [UInt32] = {
    var s = [UInt32](repeating: entryInvalid, count: 288)
    for i in 0..<256 { s[i] = entryLiteral | UInt32(i) << 16 }
    s[256] = entryEnd
    let bases: [UInt32] = [
        3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227,
        258,
    ]
    let extra: [UInt32] = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0]
    for i in 0..<29 { s[257 + i] = bases[i] << 16 | extra[i] << 10 }
    return s
}()

private let distSymbols: [UInt32] = {
    var s = [UInt32](repeating: entryInvalid, count: 32)
    let bases: [UInt32] = [
        1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
        1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
    ]
    for i in 0..<30 {
        let extra = UInt32(i < 4 ? 0 : i / 2 - 1)
        s[i] = bases[i] << 16 | extra << 10
    }
    return s
}()

private let codeLenSymbols: [UInt32] = (0..<19).map { UInt32($0) << 16 }

/// Order in which code-length code lengths are sent (3.2.7).
private let codeLenOrder: [Int] = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15]

/// Builds a canonical-Huffman decoding table for LSB-first codes (RFC 1951 3.2.2).
/// An incomplete code is accepted only when it is a single one-bit code (as zlib does).
private func buildTable(
    lengths: UnsafePointer<UInt8>, count: Int, symbols: UnsafePointer<UInt32>,
    primaryBits: Int, table: UnsafeMutablePointer<UInt32>, capacity: Int,
    name: String, allowEmpty: Bool
) throws {
    var counts = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
    var maxLen = 0
    try withUnsafeMutableBytes(of: &counts) { raw in
        let c = raw.bindMemory(to: Int.self)
        for i in 0..<count {
            let l = Int(lengths[i])
            guard l <= 15 else { throw InflateError.invalidCodeLengths("\(name) code length \(l) > 15") }
            c[l] += 1
            maxLen = max(maxLen, l)
        }
        let primarySize = 1 << primaryBits
        if maxLen == 0 {
            guard allowEmpty else { throw InflateError.invalidCodeLengths("\(name) code has no symbols") }
            table.update(repeating: entryInvalid, count: primarySize)
            return
        }
        // Kraft inequality: over-subscribed codes are always invalid.
        var left = 1
        for len in 1...15 {
            left = left << 1 - c[len]
            if left < 0 { throw InflateError.invalidCodeLengths("\(name) code is over-subscribed") }
        }
        if left > 0 && maxLen != 1 {
            throw InflateError.invalidCodeLengths("\(name) code is incomplete")
        }
        // First canonical code of each length.
        var next = [Int](repeating: 0, count: 16)
        var code = 0
        for len in 1...15 {
            code = (code + c[len - 1] * (len > 1 ? 1 : 0)) << 1
            next[len] = code
        }
        // (c[0] counts unused symbols and must not shift codes; handled by the guard above.)
        let subBits = max(0, maxLen - primaryBits)
        table.update(repeating: entryInvalid, count: primarySize)
        var subNext = primarySize
        for sym in 0..<count {
            let len = Int(lengths[sym])
            if len == 0 { continue }
            let codeValue = next[len]
            next[len] += 1
            var rev = 0
            for b in 0..<len { rev |= ((codeValue >> b) & 1) << (len - 1 - b) }
            let entry = symbols[sym] | UInt32(len)
            if len <= primaryBits {
                var i = rev
                while i < primarySize { table[i] = entry; i += 1 << len }
            } else {
                let prefix = rev & (primarySize - 1)
                if table[prefix] & entrySub == 0 {
                    precondition(subNext + (1 << subBits) <= capacity, "Huffman table capacity")
                    (table + subNext).update(repeating: entryInvalid, count: 1 << subBits)
                    table[prefix] = entrySub | UInt32(subBits) << 10 | UInt32(subNext) << 16
                    subNext += 1 << subBits
                }
                let base = Int(table[prefix] >> 16)
                var i = rev >> primaryBits
                while i < 1 << subBits { table[base + i] = entry; i += 1 << (len - primaryBits) }
            }
        }
    }
}

// MARK: - Decoder state

private struct InflateState {
    let inp: UnsafePointer<UInt8>
    let inCount: Int
    var inPos = 0
    var bitBuf: UInt64 = 0
    var bitCount = 0
    /// Zero bytes fed to the bit buffer past the end of the input; consuming any is truncation.
    var virtualBytes = 0

    var out: UnsafeMutablePointer<UInt8>
    var capacity: Int
    var outPos: Int
    /// Absolute index output may not pass.
    let outEnd: Int
    let outStart: Int
    let growable: Bool

    let tables: UnsafeMutablePointer<UInt32>
    var fixedLoaded = false

    init(
        input: UnsafeRawBufferPointer, output: UnsafeMutablePointer<UInt8>, capacity: Int,
        start: Int, end: Int, growable: Bool
    ) {
        if let base = input.baseAddress {
            inp = base.assumingMemoryBound(to: UInt8.self)
            inCount = input.count
        } else {
            inp = UnsafePointer(bitPattern: 1)!  // never read: inCount is 0
            inCount = 0
        }
        out = output
        self.capacity = capacity
        outPos = start
        outStart = start
        outEnd = end
        self.growable = growable
        tables = .allocate(capacity: litTableSize + distTableSize + codeLenTableSize)
    }

    var litTable: UnsafeMutablePointer<UInt32> { tables }
    var distTable: UnsafeMutablePointer<UInt32> { tables + litTableSize }
    var codeLenTable: UnsafeMutablePointer<UInt32> { tables + litTableSize + distTableSize }

    /// Input bytes consumed, counting a partly used last byte.
    var consumed: Int {
        let unreadBytes = bitCount >> 3
        return inPos - max(0, unreadBytes - virtualBytes)
    }

    mutating func run() throws {
        defer { tables.deallocate() }
        while true {
            let header = try bits(3)
            switch header >> 1 {
            case 0: try storedBlock()
            case 1:
                if !fixedLoaded { try loadFixedTables() }
                try huffmanBlock()
            case 2:
                fixedLoaded = false
                try loadDynamicTables()
                try huffmanBlock()
            default: throw InflateError.invalidBlockType
            }
            if header & 1 != 0 { break }
        }
        // Padding bits of the last byte are discarded (3.2.3: the final block ends the data).
        dropBits(bitCount & 7)
        if virtualBytes * 8 > bitCount { throw InflateError.truncated }
    }

    // MARK: bit input (slow path, used for headers)

    mutating func refill() throws {
        while bitCount <= 56 {
            if inPos < inCount {
                bitBuf |= UInt64(inp[inPos]) << UInt64(bitCount)
                inPos += 1
            } else {
                virtualBytes += 1
            }
            bitCount += 8
        }
        if virtualBytes * 8 > bitCount { throw InflateError.truncated }
    }

    mutating func bits(_ n: Int) throws -> Int {
        if bitCount < n { try refill() }
        let v = Int(bitBuf & ((1 << UInt64(n)) - 1))
        dropBits(n)
        if virtualBytes * 8 > bitCount { throw InflateError.truncated }
        return v
    }

    mutating func dropBits(_ n: Int) {
        bitBuf >>= UInt64(n)
        bitCount -= n
    }

    /// Decodes one symbol with a table (slow path, used for code lengths).
    mutating func decode(_ table: UnsafePointer<UInt32>, primaryBits: Int) throws -> UInt32 {
        if bitCount < 15 { try refill() }
        var e = table[Int(bitBuf & ((1 << UInt64(primaryBits)) - 1))]
        if e & entrySub != 0 {
            let subBits = (e >> 10) & 31
            e = table[Int(e >> 16) + Int((bitBuf >> UInt64(primaryBits)) & ((1 << UInt64(subBits)) - 1))]
        }
        if e & entryInvalid != 0 { return e }
        dropBits(Int(e & 31))
        if virtualBytes * 8 > bitCount { throw InflateError.truncated }
        return e
    }

    // MARK: blocks

    /// 3.2.4: skip to a byte boundary, then LEN, NLEN and LEN raw bytes.
    mutating func storedBlock() throws {
        dropBits(bitCount & 7)
        if virtualBytes * 8 > bitCount { throw InflateError.truncated }
        // Give back whole bytes still in the bit buffer.
        inPos -= (bitCount >> 3) - virtualBytes
        bitBuf = 0
        bitCount = 0
        virtualBytes = 0
        guard inCount - inPos >= 4 else { throw InflateError.truncated }
        let len = Int(inp[inPos]) | Int(inp[inPos + 1]) << 8
        let nlen = Int(inp[inPos + 2]) | Int(inp[inPos + 3]) << 8
        inPos += 4
        guard len == nlen ^ 0xFFFF else { throw InflateError.storedLengthMismatch(length: len, complement: nlen) }
        guard inCount - inPos >= len else { throw InflateError.truncated }
        try reserve(len)
        (out + outPos).update(from: inp + inPos, count: len)
        outPos += len
        inPos += len
    }

    mutating func loadFixedTables() throws {
        var lengths = [UInt8](repeating: 8, count: 288)
        for i in 144..<256 { lengths[i] = 9 }
        for i in 256..<280 { lengths[i] = 7 }
        try lengths.withUnsafeBufferPointer { l in
            try litSymbols.withUnsafeBufferPointer { s in
                try buildTable(
                    lengths: l.baseAddress!, count: 288, symbols: s.baseAddress!, primaryBits: litPrimaryBits,
                    table: litTable, capacity: litTableSize, name: "literal/length", allowEmpty: false)
            }
        }
        // All 32 five-bit codes exist; 30 and 31 are reserved and decode as invalid.
        let dist = [UInt8](repeating: 5, count: 32)
        try dist.withUnsafeBufferPointer { l in
            try distSymbols.withUnsafeBufferPointer { s in
                try buildTable(
                    lengths: l.baseAddress!, count: 32, symbols: s.baseAddress!, primaryBits: distPrimaryBits,
                    table: distTable, capacity: distTableSize, name: "distance", allowEmpty: true)
            }
        }
        fixedLoaded = true
    }

    /// 3.2.7: HLIT, HDIST, HCLEN, the code-length code, then the run-length coded lengths.
    mutating func loadDynamicTables() throws {
        let hlit = try bits(5) + 257
        let hdist = try bits(5) + 1
        let hclen = try bits(4) + 4
        guard hlit <= 286, hdist <= 30 else {
            throw InflateError.invalidCodeLengths("\(hlit) literal/length or \(hdist) distance codes")
        }
        var clLengths = [UInt8](repeating: 0, count: 19)
        for i in 0..<hclen { clLengths[codeLenOrder[i]] = UInt8(try bits(3)) }
        let clTable = codeLenTable
        try clLengths.withUnsafeBufferPointer { l in
            try codeLenSymbols.withUnsafeBufferPointer { s in
                try buildTable(
                    lengths: l.baseAddress!, count: 19, symbols: s.baseAddress!, primaryBits: codeLenPrimaryBits,
                    table: clTable, capacity: codeLenTableSize, name: "code length", allowEmpty: false)
            }
        }
        var lengths = [UInt8](repeating: 0, count: hlit + hdist)
        var i = 0
        while i < lengths.count {
            let e = try decode(clTable, primaryBits: codeLenPrimaryBits)
            if e & entryInvalid != 0 { throw InflateError.invalidCode("code length") }
            let sym = Int(e >> 16)
            var repeatValue: UInt8 = 0
            var repeatCount = 0
            switch sym {
            case 0...15:
                lengths[i] = UInt8(sym)
                i += 1
                continue
            case 16:
                guard i > 0 else { throw InflateError.invalidCodeLengths("repeat with no previous length") }
                repeatValue = lengths[i - 1]
                repeatCount = 3 + (try bits(2))
            case 17: repeatCount = 3 + (try bits(3))
            default: repeatCount = 11 + (try bits(7))
            }
            guard i + repeatCount <= lengths.count else {
                throw InflateError.invalidCodeLengths("repeat runs past the last code")
            }
            for _ in 0..<repeatCount { lengths[i] = repeatValue; i += 1 }
        }
        guard lengths[256] != 0 else { throw InflateError.invalidCodeLengths("no end-of-block code") }
        let lit = litTable, dist = distTable
        try lengths.withUnsafeBufferPointer { l in
            try litSymbols.withUnsafeBufferPointer { s in
                try buildTable(
                    lengths: l.baseAddress!, count: hlit, symbols: s.baseAddress!, primaryBits: litPrimaryBits,
                    table: lit, capacity: litTableSize, name: "literal/length", allowEmpty: false)
            }
            try distSymbols.withUnsafeBufferPointer { s in
                try buildTable(
                    lengths: l.baseAddress! + hlit, count: hdist, symbols: s.baseAddress!, primaryBits: distPrimaryBits,
                    table: dist, capacity: distTableSize, name: "distance", allowEmpty: true)
            }
        }
    }

    /// Makes room for `n` more output bytes, growing the buffer if it is ours.
    mutating func reserve(_ n: Int) throws {
        guard n <= outEnd - outPos else { throw InflateError.outputLimitExceeded(limit: outEnd - outStart) }
        if outPos + n + Inflate.slack > capacity, growable { grow(minimum: outPos + n) }
    }

    mutating func grow(minimum: Int) {
        var newCapacity = max(capacity, 1 << 16)
        while newCapacity < minimum + Inflate.slack {
            newCapacity = newCapacity > Int.max / 2 ? Int.max : newCapacity * 2
        }
        newCapacity = min(newCapacity, outEnd + Inflate.slack)
        newCapacity = max(newCapacity, minimum + Inflate.slack)
        guard newCapacity > capacity else { return }
        let bigger = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        bigger.initialize(from: out, count: outPos)
        out.deallocate()
        out = bigger
        capacity = newCapacity
    }

    /// Output position up to which any single literal or match (<= 258 bytes, plus an
    /// 8-byte overshoot of the word copy) fits without checks.
    var fastLimit: Int { min(capacity - 8, outEnd) - 258 }

    /// The hot loop: literal/length and distance decoding (3.2.5) with table lookups.
    mutating func huffmanBlock() throws {
        let lit = UnsafePointer(litTable)
        let dist = UnsafePointer(distTable)
        let inp = self.inp
        let inCount = self.inCount
        var bb = bitBuf
        var bc = bitCount
        var ip = inPos
        var op = outPos
        var out = self.out
        var fast = fastLimit
        defer {
            bitBuf = bb
            bitCount = bc
            inPos = ip
            outPos = op
        }
        while true {
            if op >= fast, growable, capacity < outEnd + Inflate.slack {
                outPos = op
                grow(minimum: min(outEnd, op + 258))
                out = self.out
                fast = fastLimit
            }
            if bc < 48 {
                if inCount - ip >= 8 {
                    bb |= UInt64(littleEndian: UnsafeRawPointer(inp + ip).loadUnaligned(as: UInt64.self)) << UInt64(bc)
                    ip += (63 - bc) >> 3
                    bc |= 56
                } else {
                    while bc <= 56 {
                        if ip < inCount {
                            bb |= UInt64(inp[ip]) << UInt64(bc)
                            ip += 1
                        } else {
                            virtualBytes += 1
                        }
                        bc += 8
                    }
                    if virtualBytes * 8 > bc { throw InflateError.truncated }
                }
            }
            var e = lit[Int(bb & 0x3FF)]
            if e & entrySub != 0 {
                e = lit[Int(e >> 16) + Int((bb >> 10) & ((1 << UInt64((e >> 10) & 31)) - 1))]
            }
            bb >>= UInt64(e & 31)
            bc -= Int(e & 31)
            if e & entryLiteral != 0 {
                if op >= fast {
                    guard op < outEnd else { throw InflateError.outputLimitExceeded(limit: outEnd - outStart) }
                }
                out[op] = UInt8(truncatingIfNeeded: e >> 16)
                op += 1
                continue
            }
            if e & (entryEnd | entryInvalid) != 0 {
                if e & entryEnd != 0 {
                    if virtualBytes * 8 > bc { throw InflateError.truncated }
                    return
                }
                throw InflateError.invalidCode("literal/length")
            }
            let lenExtra = (e >> 10) & 31
            let length = Int(e >> 16) + Int(bb & ((1 << UInt64(lenExtra)) - 1))
            bb >>= UInt64(lenExtra)
            bc -= Int(lenExtra)

            var d = dist[Int(bb & 0xFF)]
            if d & entrySub != 0 {
                d = dist[Int(d >> 16) + Int((bb >> 8) & ((1 << UInt64((d >> 10) & 31)) - 1))]
            }
            if d & entryInvalid != 0 { throw InflateError.invalidCode("distance") }
            bb >>= UInt64(d & 31)
            bc -= Int(d & 31)
            let distExtra = (d >> 10) & 31
            let distance = Int(d >> 16) + Int(bb & ((1 << UInt64(distExtra)) - 1))
            bb >>= UInt64(distExtra)
            bc -= Int(distExtra)
            if virtualBytes * 8 > bc { throw InflateError.truncated }
            guard distance <= op else { throw InflateError.distanceTooFarBack(distance: distance, available: op) }

            var src = out + (op - distance)
            var dst = out + op
            if op < fast {
                let end = dst + length
                if distance >= 8 {
                    repeat {
                        UnsafeMutableRawPointer(dst).storeBytes(
                            of: UnsafeRawPointer(src).loadUnaligned(as: UInt64.self), as: UInt64.self)
                        src += 8
                        dst += 8
                    } while dst < end
                } else if distance == 1 {
                    dst.update(repeating: src.pointee, count: length)
                } else {
                    repeat {
                        dst.pointee = src.pointee
                        src += 1
                        dst += 1
                    } while dst < end
                }
            } else {
                guard length <= outEnd - op else { throw InflateError.outputLimitExceeded(limit: outEnd - outStart) }
                for _ in 0..<length {
                    dst.pointee = src.pointee
                    src += 1
                    dst += 1
                }
            }
            op += length
        }
    }
}

// LZX decompression as used in cabinets (typeCompress 3, window 2^15..2^21).
// Bitstream and block layout: [MS-PATCH] "LZX DELTA" 2.x minus the DELTA extensions, with the
// cabinet conventions: a one-time E8 header, 32 KB output frames whose input is re-aligned to
// 16 bits at each frame end, and E8 call translation on the first 32768 frames.
//
// The whole folder is decoded into one buffer (the "window" is simply the output so far),
// so back-references are plain copies; E8 translation is applied to the finished frames
// afterwards, since matches must see untranslated bytes.

public enum LZXError: Error, Equatable, Sendable, CustomStringConvertible {
    case unsupportedWindow(Int)
    case truncated
    case invalidBlockType(Int)
    case invalidTree(String)
    case invalidCode(String)
    case matchBeforeStart(offset: Int, position: Int)
    case matchBeyondWindow(offset: Int, window: Int)
    case matchCrossesFrame(position: Int)
    case blockOverrun(String)

    public var description: String {
        switch self {
        case .unsupportedWindow(let b): return "LZX window size 2^\(b) is outside 2^15...2^21"
        case .truncated: return "LZX stream is truncated"
        case .invalidBlockType(let t): return "LZX block type \(t) is invalid"
        case .invalidTree(let t): return "LZX \(t) tree has invalid code lengths"
        case .invalidCode(let t): return "LZX stream has an invalid \(t) code"
        case .matchBeforeStart(let o, let p):
            return "LZX match offset \(o) at position \(p) reaches before the start of the stream"
        case .matchBeyondWindow(let o, let w): return "LZX match offset \(o) exceeds the \(w)-byte window"
        case .matchCrossesFrame(let p): return "LZX match at position \(p) runs past its 32 KB frame or block"
        case .blockOverrun(let why): return "LZX \(why)"
        }
    }
}

enum LZXDecoder {
    static let frameSize = 32768
    static let minMatch = 2
    static let numChars = 256
    static let primaryLengths = 7
    static let secondaryLengths = 249
    static let pretreeSymbols = 20
    static let alignedSymbols = 8
    static let mainTableBits = 11
    static let lengthTableBits = 10

    /// Position slots per window size (2^15 ... 2^21): 30, 32, 34, 36, 38, 42, 50.
    static func positionSlots(_ windowBits: Int) -> Int {
        windowBits == 20 ? 42 : windowBits == 21 ? 50 : windowBits * 2
    }

    /// Extra bits and base offset per position slot ([MS-PATCH] 2.3.1.2 tables).
    static let extraBits: [Int] = (0..<51).map { $0 < 4 ? 0 : min(($0 >> 1) - 1, 17) }
    static let positionBase: [Int] = {
        var b = [0]
        for i in 0..<50 { b.append(b[i] + (1 << extraBits[i])) }
        return b
    }()

    /// Decodes a cabinet LZX folder. `blocks` are (offset, compressed size, uncompressed
    /// size) of its CFDATA blocks; their payloads form one bitstream.
    static func decompressCabinetFolder(_ bytes: [UInt8], blocks: [(Int, Int, Int)], windowBits: Int) throws -> [UInt8]
    {
        guard (15...21).contains(windowBits) else { throw LZXError.unsupportedWindow(windowBits) }
        var input: [UInt8] = []
        input.reserveCapacity(blocks.reduce(0) { $0 + $1.1 })
        var total = 0
        for (offset, size, out) in blocks {
            input.append(contentsOf: bytes[offset..<offset + size])
            total += out
        }
        var failure: Error?
        let result = input.withUnsafeBytes { inBuf in
            [UInt8](unsafeUninitializedCapacity: total) { out, count in
                var state = LZXState(input: inBuf, output: out.baseAddress!, total: total, windowBits: windowBits)
                do {
                    try state.run()
                    count = total
                } catch {
                    failure = error
                    count = 0
                }
            }
        }
        if let failure { throw failure }
        return result
    }
}

/// Canonical Huffman table for MSB-first codes: a primary table indexed by the next
/// `primaryBits` bits and sub-tables (all `subBits` wide) for longer codes.
/// Entry: symbol << 8 | code length; a sub-table pointer is offset << 8 | 0x80.
private struct HuffmanTable {
    var entries: [UInt32]
    let primaryBits: Int
    var empty = true

    init(primaryBits: Int) {
        self.primaryBits = primaryBits
        entries = []
    }

    /// Builds from code lengths (max 16). All-zero lengths give an empty table when allowed.
    mutating func build(_ lengths: ArraySlice<UInt8>, name: String, allowEmpty: Bool) throws {
        var counts = [Int](repeating: 0, count: 17)
        var maxLen = 0
        for l in lengths {
            guard l <= 16 else { throw LZXError.invalidTree(name) }
            counts[Int(l)] += 1
            maxLen = max(maxLen, Int(l))
        }
        if maxLen == 0 {
            guard allowEmpty else { throw LZXError.invalidTree(name) }
            empty = true
            entries = [UInt32](repeating: 0, count: 1 << primaryBits)
            return
        }
        var left = 1
        for len in 1...16 {
            left = left << 1 - counts[len]
            if left < 0 { throw LZXError.invalidTree(name) }
        }
        // Incomplete codes are refused (as libmspack does), so every bit pattern decodes.
        guard left == 0 else { throw LZXError.invalidTree(name) }
        empty = false
        var next = [Int](repeating: 0, count: 17)
        var code = 0
        for len in 1...16 {
            code = (code + (len > 1 ? counts[len - 1] : 0)) << 1
            next[len] = code
        }
        let p = primaryBits
        let subBits = max(0, maxLen - p)
        entries = [UInt32](repeating: 0, count: 1 << p)
        entries.reserveCapacity((1 << p) + (subBits > 0 ? lengths.count << subBits : 0))
        for (i, l) in lengths.enumerated() where l > 0 {
            let len = Int(l)
            let c = next[len]
            next[len] += 1
            let entry = UInt32(i) << 8 | UInt32(len)
            if len <= p {
                let start = c << (p - len)
                for k in start..<start + (1 << (p - len)) { entries[k] = entry }
            } else {
                let prefix = c >> (len - p)
                if entries[prefix] & 0x80 == 0 {
                    entries[prefix] = 0x80 | UInt32(entries.count) << 8
                    entries.append(contentsOf: repeatElement(0, count: 1 << subBits))
                }
                let base = Int(entries[prefix] >> 8)
                let low = c & ((1 << (len - p)) - 1)
                let start = low << (subBits - (len - p))
                for k in start..<start + (1 << (subBits - (len - p))) { entries[base + k] = entry }
            }
        }
        self.subBits = subBits
    }

    var subBits = 0
}

private struct LZXState {
    // Input: 16-bit little-endian words, bits taken most-significant first.
    let inp: UnsafePointer<UInt8>
    let inCount: Int
    var pos = 0
    var buf: UInt64 = 0
    var avail = 0
    var virtualBits = 0

    let out: UnsafeMutablePointer<UInt8>
    let total: Int
    var op = 0

    let windowSize: Int
    let mainSymbols: Int
    var mainLengths: [UInt8]
    var lengthLengths = [UInt8](repeating: 0, count: LZXDecoder.secondaryLengths + 32)
    var main = HuffmanTable(primaryBits: LZXDecoder.mainTableBits)
    var length = HuffmanTable(primaryBits: LZXDecoder.lengthTableBits)
    var aligned = HuffmanTable(primaryBits: 7)
    var pretree = HuffmanTable(primaryBits: 6)

    var r0 = 1, r1 = 1, r2 = 1
    var blockType = 0
    var blockLength = 0
    var blockRemaining = 0
    var headerRead = false
    var intelFileSize = 0
    var intelStarted = false
    /// Frames (by index) whose E8 translation must be undone once decoding is over.
    var translatedFrames: [Int] = []

    init(input: UnsafeRawBufferPointer, output: UnsafeMutablePointer<UInt8>, total: Int, windowBits: Int) {
        inp = input.baseAddress.map { $0.assumingMemoryBound(to: UInt8.self) } ?? UnsafePointer(bitPattern: 1)!
        inCount = input.count
        out = output
        self.total = total
        windowSize = 1 << windowBits
        mainSymbols = LZXDecoder.numChars + LZXDecoder.positionSlots(windowBits) * 8
        mainLengths = [UInt8](repeating: 0, count: mainSymbols + 32)
    }

    // MARK: bits

    @inline(__always)
    mutating func ensure(_ n: Int) throws {
        while avail < n {
            var word: UInt64 = 0
            if pos + 1 < inCount {
                word = UInt64(inp[pos]) | UInt64(inp[pos + 1]) << 8
            } else {
                if pos < inCount { word = UInt64(inp[pos]) }
                virtualBits += pos < inCount ? 8 : 16
            }
            pos += 2
            buf |= word << UInt64(48 - avail)
            avail += 16
        }
    }

    /// Consuming bits that were never in the input (past its end) is truncation.
    @inline(__always)
    mutating func consume(_ n: Int) throws {
        buf <<= UInt64(n)
        avail -= n
        if virtualBits > avail { throw LZXError.truncated }
    }

    mutating func bits(_ n: Int) throws -> Int {
        if n == 0 { return 0 }
        try ensure(n)
        let v = Int(buf >> UInt64(64 - n))
        try consume(n)
        return v
    }

    mutating func decode(_ t: HuffmanTable, _ name: String) throws -> Int {
        try ensure(16)
        let p = t.primaryBits
        var e = t.entries[Int(buf >> UInt64(64 - p))]
        if e & 0x80 != 0 {
            let index = Int(e >> 8) + Int((buf << UInt64(p)) >> UInt64(64 - t.subBits))
            e = t.entries[index]
        }
        let len = Int(e & 0x1F)
        guard len > 0 else { throw LZXError.invalidCode(name) }
        try consume(len)
        return Int(e >> 8)
    }

    /// Skips to the next 16-bit boundary of the input words.
    mutating func alignToWord() throws {
        try consume(avail & 15)
    }

    /// Leaves bit mode for raw bytes: returns the byte position of the first unread byte.
    mutating func enterByteMode() {
        pos -= (avail >> 4) * 2
        buf = 0
        avail = 0
        virtualBits = 0
    }

    // MARK: trees

    /// Reads lengths [first, last) via a pretree: 20 four-bit pretree lengths, then symbols
    /// 0-16 (delta from the previous length, mod 17), 17/18 (runs of zeros), 19 (a run of
    /// one delta-coded length) ([MS-PATCH] 2.3.1.1).
    mutating func readLengths(_ lengths: inout [UInt8], _ first: Int, _ last: Int, _ name: String) throws {
        var pre = [UInt8](repeating: 0, count: LZXDecoder.pretreeSymbols)
        for i in 0..<LZXDecoder.pretreeSymbols { pre[i] = UInt8(try bits(4)) }
        try pretree.build(pre[...], name: "\(name) pretree", allowEmpty: false)
        var x = first
        while x < last {
            let z = try decode(pretree, "pretree")
            var run = 1
            var value: Int
            switch z {
            case 17:
                run = 4 + (try bits(4))
                value = 0
            case 18:
                run = 20 + (try bits(5))
                value = 0
            case 19:
                run = 4 + (try bits(1))
                let d = try decode(pretree, "pretree")
                guard d <= 16 else { throw LZXError.invalidCode("pretree") }
                value = (Int(lengths[x]) - d + 17) % 17
            default:
                value = (Int(lengths[x]) - z + 17) % 17
            }
            // Runs may spill past `last` into the (padded) array, as in the reference decoder.
            for _ in 0..<run where x < lengths.count {
                lengths[x] = UInt8(value)
                x += 1
            }
        }
    }

    // MARK: driver

    mutating func run() throws {
        var frame = 0
        while op < total {
            let frameStart = op
            let frameEnd = min(op + LZXDecoder.frameSize, total)
            if !headerRead {
                // The E8 header, once per stream: 1 bit, then the 32-bit translation size.
                if try bits(1) == 1 {
                    let hi = try bits(16), lo = try bits(16)
                    intelFileSize = Int(Int32(bitPattern: UInt32(hi << 16 | lo)))
                }
                headerRead = true
            }
            while op < frameEnd {
                if blockRemaining == 0 { try readBlockHeader() }
                let run = min(blockRemaining, frameEnd - op)
                if blockType == 3 {
                    guard inCount - pos >= run else { throw LZXError.truncated }
                    (out + op).update(from: inp + pos, count: run)
                    pos += run
                    op += run
                } else {
                    try decodeRun(until: op + run)
                }
                blockRemaining -= run
            }
            // Each frame's input ends on a 16-bit boundary (no-op inside raw data).
            try alignToWord()
            if intelStarted && intelFileSize != 0 && frame < 32768 && frameEnd - frameStart > 10 {
                translatedFrames.append(frame)
            }
            frame += 1
        }
        undoE8()
    }

    mutating func readBlockHeader() throws {
        if blockType == 3 {
            // Back to bit mode after raw bytes; odd-length raw data is padded by one byte.
            if blockLength & 1 == 1 { pos += 1 }
        }
        let type = try bits(3)
        let hi = try bits(16), lo = try bits(8)
        blockLength = hi << 8 | lo
        blockRemaining = blockLength
        blockType = type
        switch type {
        case 2, 1:
            if type == 2 {
                var a = [UInt8](repeating: 0, count: 8)
                for i in 0..<8 { a[i] = UInt8(try bits(3)) }
                try aligned.build(a[...], name: "aligned offset", allowEmpty: false)
            }
            // Lengths are deltas from the previous block's, so the arrays persist.
            var lens = mainLengths
            try readLengths(&lens, 0, LZXDecoder.numChars, "main")
            try readLengths(&lens, LZXDecoder.numChars, mainSymbols, "main")
            mainLengths = lens
            try main.build(lens[0..<mainSymbols], name: "main", allowEmpty: false)
            if lens[0xE8] != 0 { intelStarted = true }
            var lengthLens = lengthLengths
            try readLengths(&lengthLens, 0, LZXDecoder.secondaryLengths, "length")
            lengthLengths = lengthLens
            try length.build(lengthLens[0..<LZXDecoder.secondaryLengths], name: "length", allowEmpty: true)
        case 3:
            intelStarted = true
            // 1-16 bits of padding to a 16-bit boundary, then R0, R1, R2 as raw bytes.
            if avail & 15 == 0 { try ensure(16); try consume(16) } else { try alignToWord() }
            enterByteMode()
            guard inCount - pos >= 12 else { throw LZXError.truncated }
            func le32(_ p: Int) -> Int {
                Int(inp[p]) | Int(inp[p + 1]) << 8 | Int(inp[p + 2]) << 16 | Int(inp[p + 3]) << 24
            }
            (r0, r1, r2) = (le32(pos), le32(pos + 4), le32(pos + 8))
            pos += 12
        default:
            throw LZXError.invalidBlockType(type)
        }
    }

    /// Verbatim and aligned-offset blocks ([MS-PATCH] 2.3.2.2-2.3.2.3).
    mutating func decodeRun(until end: Int) throws {
        let isAligned = blockType == 2
        while op < end {
            let sym = try decode(main, "main tree")
            if sym < LZXDecoder.numChars {
                out[op] = UInt8(sym)
                op += 1
                continue
            }
            let s = sym - LZXDecoder.numChars
            var matchLength = s & 7
            if matchLength == LZXDecoder.primaryLengths {
                guard !length.empty else { throw LZXError.invalidCode("length (empty length tree)") }
                matchLength += try decode(length, "length tree")
            }
            matchLength += LZXDecoder.minMatch
            let slot = s >> 3
            var offset: Int
            switch slot {
            case 0: offset = r0
            case 1: offset = r1; r1 = r0; r0 = offset
            case 2: offset = r2; r2 = r0; r0 = offset
            default:
                let extra = LZXDecoder.extraBits[slot]
                offset = LZXDecoder.positionBase[slot] - 2
                if isAligned && extra >= 3 {
                    if extra > 3 { offset += (try bits(extra - 3)) << 3 }
                    offset += try decode(aligned, "aligned offset tree")
                } else {
                    offset += try bits(extra)
                }
                r2 = r1; r1 = r0; r0 = offset
            }
            guard op + matchLength <= end else { throw LZXError.matchCrossesFrame(position: op) }
            // An uncompressed block's header may set R0 to 0: a match with no distance would copy a byte that was
            // never written.
            guard offset >= 1, offset <= op else { throw LZXError.matchBeforeStart(offset: offset, position: op) }
            guard offset <= windowSize else { throw LZXError.matchBeyondWindow(offset: offset, window: windowSize) }
            var src = out + (op - offset)
            var dst = out + op
            for _ in 0..<matchLength {
                dst.pointee = src.pointee
                dst += 1
                src += 1
            }
            op += matchLength
        }
    }

    /// Undoes the encoder's E8 call translation in each flagged frame: an E8 byte followed
    /// by an absolute 32-bit target becomes relative to the E8 byte's position.
    mutating func undoE8() {
        let fileSize = intelFileSize
        for frame in translatedFrames {
            let start = frame * LZXDecoder.frameSize
            let size = min(LZXDecoder.frameSize, total - start)
            var i = 0
            while i < size - 10 {
                if out[start + i] != 0xE8 { i += 1; continue }
                let p = start + i + 1
                let current = start + i
                let abs = Int(
                    Int32(
                        bitPattern: UInt32(out[p]) | UInt32(out[p + 1]) << 8 | UInt32(out[p + 2]) << 16 | UInt32(
                            out[p + 3]) << 24))
                if abs >= -current && abs < fileSize {
                    let rel = abs >= 0 ? abs - current : abs + fileSize
                    let v = UInt32(bitPattern: Int32(truncatingIfNeeded: rel))
                    out[p] = UInt8(truncatingIfNeeded: v)
                    out[p + 1] = UInt8(truncatingIfNeeded: v >> 8)
                    out[p + 2] = UInt8(truncatingIfNeeded: v >> 16)
                    out[p + 3] = UInt8(truncatingIfNeeded: v >> 24)
                }
                i += 5
            }
        }
    }
}

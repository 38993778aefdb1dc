import Testing

@testable import XenvArchive

@Suite struct SHA256Tests {
    // FIPS 180-4 / NIST CSRC example values.
    @Test func nistVectors() {
        #expect(SHA256.hex(SHA256.digest([])) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(
            SHA256.hex(SHA256.digest(Array("abc".utf8)))
                == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(
            SHA256.hex(SHA256.digest(Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)))
                == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let m896 =
            "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu"
        #expect(
            SHA256.hex(SHA256.digest(Array(m896.utf8)))
                == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1")
    }

    @Test func oneMillionAInPieces() {
        var s = SHA256()
        let chunk = [UInt8](repeating: 0x61, count: 1000)
        for _ in 0..<1000 { s.update(chunk) }
        #expect(SHA256.hex(s.finalize()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Digests of xorshift data of 0...300 bytes (every padding case) and a few MB, as
    /// computed by coreutils `sha256sum` when the fixtures were made.
    @Test func matchesSha256sum() throws {
        for row in try Fixture.rows("sha256/sha256sum.txt", fields: 2) {
            let n = Int(row[0])!
            let data = prng(seed: n, count: n)
            #expect(SHA256.hex(SHA256.digest(data)) == row[1], "length \(n)")
        }
    }

    /// Feeding the same data in odd-sized pieces gives the same digest.
    @Test func incrementalSplits() {
        let data = prng(seed: 5, count: 1000)
        let whole = SHA256.digest(data)
        for step in [1, 3, 63, 64, 65, 127, 500] {
            var s = SHA256()
            var i = 0
            while i < data.count {
                let end = min(i + step, data.count)
                data[i..<end].withUnsafeBytes { s.update($0) }
                i = end
            }
            #expect(s.finalize() == whole, "step \(step)")
        }
    }

    @Test func crc32() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([]) == 0)
        var c = CRC32()
        c.update(Array("1234".utf8))
        c.update(Array("56789".utf8))
        #expect(c.value == 0xCBF4_3926)
    }
}

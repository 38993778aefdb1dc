import Foundation
import Testing

@testable import XenvArchive

enum Fixture {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
        "Fixtures")

    static func bytes(_ path: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(path)))
    }

    static func text(_ path: String) throws -> String {
        String(decoding: try bytes(path), as: UTF8.self)
    }

    /// Lines of "a b c" fixture tables, split on the first `count - 1` spaces.
    static func rows(_ path: String, fields: Int) throws -> [[String]] {
        try text(path).split(separator: "\n").map { line in
            line.split(separator: " ", maxSplits: fields - 1).map(String.init)
        }
    }
}

/// The xorshift32 generator of scripts/make-archive-fixtures.py.
func prng(seed: Int, count: Int) -> [UInt8] {
    var x = UInt32(truncatingIfNeeded: seed &* 2654435761 &+ 1)
    if x == 0 { x = 1 }
    var out = [UInt8](repeating: 0, count: count)
    for i in 0..<count {
        x ^= x << 13
        x ^= x >> 17
        x ^= x << 5
        out[i] = UInt8(truncatingIfNeeded: x)
    }
    return out
}

func hexDigest(_ bytes: [UInt8]) -> String { SHA256.hex(SHA256.digest(bytes)) }
func hexDigest(_ bytes: ArraySlice<UInt8>) -> String { SHA256.hex(SHA256.digest(Array(bytes))) }

/// Runs `body` expecting it to throw an error of type E; returns the error.
func expectError<E: Error>(
    _ type: E.Type, _ body: () throws -> Void, sourceLocation: SourceLocation = #_sourceLocation
) -> E? {
    do {
        try body()
        Issue.record("expected \(E.self) but nothing was thrown", sourceLocation: sourceLocation)
    } catch let e as E {
        return e
    } catch {
        Issue.record("expected \(E.self), got \(error)", sourceLocation: sourceLocation)
    }
    return nil
}

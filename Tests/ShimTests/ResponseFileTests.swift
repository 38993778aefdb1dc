import Foundation
import Testing
import XenvShimCore
import XenvSystem

/// The @file rustc 1.95 wrote for aarch64-pc-windows-msvc (see Fixtures/README.md beside this file), located
/// next to this source file so that Package.swift needs no resource declaration.
enum RustcFixture {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/rustc-1.95-aarch64-msvc-linker-arguments.rsp").path

    static func bytes() throws -> [UInt8] {
        try [UInt8](#require(FileManager.default.contents(atPath: path)))
    }

    /// What lld-link makes of the file. rustc writes `C:\dir with space\` as `"...\"`, and `\"` is an
    /// escaped quote, so quoting goes on across the line break until the next line's opening `"` closes
    /// it; `/LIBPATH:C:\plain` then follows unquoted and its own `\"` is a literal quote, after which the
    /// line break ends the token.
    static let tokens: [String] = [
        "/NOLOGO",
        "/tmp/rsp/rustc2VmkOk/symbols.o",
        "out.main.235e3519f142be8b-cgu.0.rcgu.o",
        "kernel32.lib",
        "/NXCOMPAT",
        "/OUT:out.exe",
        "/OPT:REF,NOICF",
        "/DEBUG",
        "/PDBALTPATH:%_PDB%",
        "/arm64hazardfree",
        "/LIBPATH:C:\\dir with space\"\n/LIBPATH:C:\\plain\"",
        "quote\"inside",
        "\u{FC}n\u{EF}c\u{F6}d\u{E9}.lib",
        "-ARM64HAZARDFREE",
    ]
}

@Suite struct ResponseFileTests {
    @Test func rustcFixtureIsUTF16LittleEndianAndTokenizesLikeLLDLink() throws {
        let file = try #require(ResponseFile(bytes: RustcFixture.bytes()))
        #expect(file.encoding == .utf16LittleEndian)
        #expect(file.arguments == RustcFixture.tokens)
    }

    @Test func detectsEachByteOrderMark() {
        #expect(ResponseFileEncoding.detect([0xFF, 0xFE, 0x61, 0x00]) == .utf16LittleEndian)
        #expect(ResponseFileEncoding.detect([0xFE, 0xFF, 0x00, 0x61]) == .utf16BigEndian)
        #expect(ResponseFileEncoding.detect([0xEF, 0xBB, 0xBF, 0x61]) == .utf8WithBOM)
        #expect(ResponseFileEncoding.detect([0x61, 0x62]) == .utf8)
        #expect(ResponseFileEncoding.detect([0xFF]) == .utf8)
        #expect(ResponseFileEncoding.detect([]) == .utf8)
    }

    @Test func decodesBigEndianUTF16AndUTF8WithOrWithoutBOM() throws {
        // "a é" then a line break then 🙂 (a surrogate pair), big-endian.
        let bigEndian: [UInt8] = [0xFE, 0xFF, 0x00, 0x61, 0x00, 0x20, 0x00, 0xE9, 0x00, 0x0A, 0xD8, 0x3D, 0xDE, 0x42]
        #expect(ResponseFile(bytes: bigEndian) == ResponseFile(arguments: ["a", "é", "🙂"], encoding: .utf16BigEndian))
        #expect(
            ResponseFile(bytes: [0xEF, 0xBB, 0xBF] + Array("\"x y\" z".utf8))
                == ResponseFile(arguments: ["x y", "z"], encoding: .utf8WithBOM))
        #expect(ResponseFile(bytes: Array("x \"y\"".utf8)) == ResponseFile(arguments: ["x", "y"], encoding: .utf8))
    }

    @Test func rejectsBytesThatAreNotTextInTheDetectedEncoding() {
        #expect(ResponseFile(bytes: [0x61, 0xFF, 0x62]) == nil, "invalid UTF-8")
        #expect(ResponseFile(bytes: [0xEF, 0xBB, 0xBF, 0xC3]) == nil, "truncated UTF-8 after a BOM")
        #expect(ResponseFile(bytes: [0xFF, 0xFE, 0x61, 0x00, 0x62]) == nil, "odd UTF-16 length")
        #expect(ResponseFile(bytes: [0xFF, 0xFE, 0x3D, 0xD8, 0x61, 0x00]) == nil, "lone high surrogate")
    }

    @Test func writesOneQuotedArgumentALineInTheFilesEncoding() {
        let arguments = ["/NOLOGO", "a b", "é"]
        #expect(ResponseFile(arguments: arguments, encoding: .utf8).bytes == Array("/NOLOGO\n\"a b\"\né\n".utf8))
        #expect(
            ResponseFile(arguments: arguments, encoding: .utf8WithBOM).bytes
                == [0xEF, 0xBB, 0xBF] + Array("/NOLOGO\n\"a b\"\né\n".utf8))
        #expect(
            ResponseFile(arguments: ["é"], encoding: .utf16LittleEndian).bytes == [0xFF, 0xFE, 0xE9, 0x00, 0x0A, 0x00])
        // lld-link reads either byte order, so big-endian input is written back little-endian.
        #expect(
            ResponseFile(arguments: ["é"], encoding: .utf16BigEndian).bytes == [0xFF, 0xFE, 0xE9, 0x00, 0x0A, 0x00])
        #expect(ResponseFile(arguments: [], encoding: .utf16LittleEndian).bytes == [0xFF, 0xFE])
    }
}

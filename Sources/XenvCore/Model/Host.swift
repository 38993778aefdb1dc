import XenvSystem

/// The machine xenv runs on.
public struct Host: Equatable, Sendable, CustomStringConvertible {
    public enum OS: String, Sendable { case linux, macOS, windows }
    public enum Arch: String, Sendable { case x86_64, arm64 }

    public var os: OS
    public var arch: Arch

    public init(os: OS, arch: Arch) {
        self.os = os
        self.arch = arch
    }

    /// The host this binary was built for, which is the host it runs on.
    public static var current: Host {
        #if os(Windows)
        let os = OS.windows
        #elseif os(macOS)
        let os = OS.macOS
        #else
        let os = OS.linux
        #endif
        #if arch(arm64)
        return Host(os: os, arch: .arm64)
        #else
        return Host(os: os, arch: .x86_64)
        #endif
    }

    /// The Rust host triple, which names rustc's `lib/rustlib/<triple>/bin` directory.
    public var rustTriple: String {
        let cpu = arch == .x86_64 ? "x86_64" : "aarch64"
        switch os {
        case .linux: return "\(cpu)-unknown-linux-gnu"
        case .macOS: return "\(cpu)-apple-darwin"
        case .windows: return "\(cpu)-pc-windows-msvc"
        }
    }

    public var description: String { "\(os.rawValue)-\(arch.rawValue)" }

    /// How this host spells paths.
    public var pathStyle: PathStyle { os == .windows ? .windows : .posix }

    /// A program's file name on this host: `rustc.exe` on Windows.
    public func executableName(_ name: String) -> String { os == .windows ? name + ".exe" : name }
}

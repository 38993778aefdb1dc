import XenvSystem
import XenvToolchains

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// What xenv knows about one Windows MSVC target, read from `toolchains/<triple>.json`.
public struct TargetDescriptor: Codable, Equatable, Sendable {
    public struct ShimRules: Codable, Equatable, Sendable {
        /// Flags lld rejects; the shim removes them from arguments and @files.
        public var dropFlags: [String]
        /// Flags the shim adds for lld linkers.
        public var addFlags: [String]
    }

    /// The Rust target triple, e.g. `aarch64-pc-windows-msvc`.
    public var triple: String
    /// Other names accepted by `--target`.
    public var aliases: [String]
    /// Visual Studio's name for the architecture (`vcvarsall` target, `VSCMD_ARG_TGT_ARCH`).
    public var vsArch: String
    /// The Visual Studio component that installs the MSVC libraries for this target.
    public var vsComponent: String
    /// The directory under an MSVC toolset's `lib\`.
    public var msvcLibDir: String
    /// The `lib\` directory of the developer prompt this target builds in, when it is not `msvcLibDir`: arm64ec
    /// builds start from an arm64 prompt (VsDevCmd knows no arm64ec), and `lib\arm64ec` goes before that
    /// prompt's `LIB`, as cc-rs searches it.
    public var msvcPromptLibDir: String?

    /// The `lib\` directory a developer prompt for this target lists.
    public var promptLibDir: String { msvcPromptLibDir ?? msvcLibDir }
    /// Why an xwin sysroot (Linux and macOS hosts) cannot serve this target; nil when it can.
    public var sysrootUnavailable: String?
    /// The architecture directory under the Windows SDK's `Lib\<version>\{um,ucrt}\`.
    public var sdkLibArch: String
    /// xwin's architecture directory in its own notation (default splat)...
    public var xwinArch: String
    /// ...and in Microsoft's, as splatted with `--preserve-ms-arch-notation`.
    public var xwinMsArch: String
    /// clang's `--target`.
    public var clangTarget: String
    /// lld-link's `/machine:` value.
    public var lldMachine: String
    /// The PE/COFF machine field of binaries built for this target, as hex (`0xAA64`).
    public var peMachine: String
    /// CMake's `CMAKE_SYSTEM_PROCESSOR`.
    public var cmakeProcessor: String
    public var shim: ShimRules

    /// `aarch64-pc-windows-msvc` → `aarch64_pc_windows_msvc`, as cc-rs spells per-target variables.
    public var environmentSuffix: String {
        triple.replacingAll("-", with: "_").replacingAll(".", with: "_")
    }

    /// The architecture part of the target's Visual Studio component (`ARM64`, `x86.x64`), which side-by-side
    /// toolset components share: `Microsoft.VisualStudio.Component.VC.14.29.16.11.ARM64`.
    public var vsComponentArch: String {
        let marker = "VC.Tools."
        guard let range = vsComponent.firstRange(of: marker) else { return vsComponent }
        return String(vsComponent[range.upperBound...])
    }

    /// The PE machine field as a number.
    public var peMachineValue: UInt16? {
        let digits = peMachine.lowercased().hasPrefix("0x") ? String(peMachine.dropFirst(2)) : peMachine
        return UInt16(digits, radix: 16)
    }
}

/// All target descriptors embedded in the binary, looked up by triple or alias.
public struct TargetCatalog: Sendable {
    public let descriptors: [TargetDescriptor]

    public init(descriptors: [TargetDescriptor]) {
        self.descriptors = descriptors
    }

    /// Decodes descriptor files, checking that each is named after its triple and that no name is taken twice.
    public init(files: [(name: String, bytes: [UInt8])]) throws(XenvError) {
        var descriptors: [TargetDescriptor] = []
        var names: [String: String] = [:]
        for file in files {
            let descriptor: TargetDescriptor
            do {
                descriptor = try JSONDecoder().decode(TargetDescriptor.self, from: Data(file.bytes))
            } catch {
                throw .invalidDescriptor(file: file.name, reason: "\(error)")
            }
            guard file.name == descriptor.triple + ".json" else {
                throw .invalidDescriptor(
                    file: file.name, reason: "it describes '\(descriptor.triple)'; name it \(descriptor.triple).json")
            }
            guard descriptor.peMachineValue != nil else {
                throw .invalidDescriptor(
                    file: file.name, reason: "peMachine '\(descriptor.peMachine)' is not a hex number")
            }
            for name in [descriptor.triple] + descriptor.aliases {
                if let owner = names[name.lowercased()], owner != descriptor.triple {
                    throw .invalidDescriptor(file: file.name, reason: "the name '\(name)' is taken by \(owner)")
                }
                names[name.lowercased()] = descriptor.triple
            }
            descriptors.append(descriptor)
        }
        self.descriptors = descriptors.sorted { $0.triple < $1.triple }
    }

    /// The descriptors built into this binary from `toolchains/`.
    public static func embedded() throws(XenvError) -> TargetCatalog {
        try TargetCatalog(files: EmbeddedToolchains.files)
    }

    /// The descriptor for a triple or alias, matched without regard to case.
    public func descriptor(named name: String) throws(XenvError) -> TargetDescriptor {
        let lowered = name.lowercased()
        if let match = descriptors.first(where: {
            $0.triple.lowercased() == lowered || $0.aliases.contains { $0.lowercased() == lowered }
        }) {
            return match
        }
        throw .unknownTarget(name, accepted: acceptedNames)
    }

    /// Every name `--target` accepts: each triple followed by its aliases.
    public var acceptedNames: [String] {
        descriptors.flatMap { [$0.triple] + $0.aliases }
    }
}

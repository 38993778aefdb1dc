// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "xenv",
    // macOS 13: the standard library's `ContinuousClock`.
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "xenv", targets: ["xenv"]),
        .executable(name: "xenv-link", targets: ["xenv-link"]),
    ],
    targets: [
        // Target descriptors: every toolchains/*.json is embedded by the plugin, so adding a target is a data change.
        .target(name: "XenvToolchains", path: "toolchains", plugins: ["EmbedToolchains"]),
        .plugin(name: "EmbedToolchains", capability: .buildTool(), dependencies: ["toolchain-embedder"]),
        .executableTarget(name: "toolchain-embedder"),

        // The system layer xenv and the shim share, Foundation-free: Windows path algebra, environments, command
        // lines, PATH search, file and process calls (POSIX, Win32, and the simulated Windows host's twin).
        .target(name: "XenvSystem"),

        // The linker shim: a pure core (no Foundation) and a tiny executable. It never links XenvCore.
        .target(name: "XenvShimCore", dependencies: ["XenvSystem"], path: "shims/XenvShimCore"),
        .executableTarget(
            name: "xenv-link", dependencies: ["XenvShimCore", "XenvSystem"], path: "shims/xenv-link",
            // It runs once per link and is copied per target: a fully static, stripped executable skips the
            // dynamic loader (~1 ms less a start) and is a third smaller.
            linkerSettings: [
                .unsafeFlags(
                    ["-static-executable", "-Xlinker", "-s"], .when(platforms: [.linux], configuration: .release))
            ]
        ),

        // Archive readers, standard library only: SHA-256, inflate, zip, OLE compound files, MSI tables, cabinets
        // (MSZIP and LZX).
        .target(name: "XenvArchive"),
        // `xenv sysroot fetch`: Microsoft's channel and package manifests, curl downloads, unpacking and the splat.
        .target(name: "XenvFetch", dependencies: ["XenvSystem", "XenvArchive"]),

        .target(name: "XenvCore", dependencies: ["XenvToolchains", "XenvShimCore", "XenvSystem", "XenvFetch"]),
        .executableTarget(
            name: "xenv", dependencies: ["XenvCore"],
            // Fully static and stripped on Linux for the same reason: the dynamic loader's relocations were
            // two thirds of `xenv --version`'s 5 ms, and `eval "$(xenv env ...)"` runs in every shell.
            linkerSettings: [
                .unsafeFlags(
                    ["-static-executable", "-Xlinker", "-s"], .when(platforms: [.linux], configuration: .release))
            ]
        ),

        // `make bench`: unpacking and splatting against msiextract + unzip on the same payloads, and a warm re-run.
        .executableTarget(name: "fetch-bench", dependencies: ["XenvFetch", "XenvSystem", "XenvArchive"]),

        // Release tooling, not shipped: copies the Swift runtime DLLs a Windows build needs beside it.
        .executableTarget(name: "runtime-dlls", dependencies: ["XenvCore", "XenvSystem"]),

        // Test support shared by the test targets: the simulated runners of Tests/Fixtures/runners, the seeded
        // generator of the property tests, the fake package CDN of Tests/Fixtures/cdn.
        .target(name: "XenvTestSupport", dependencies: ["XenvSystem"], path: "Tests/XenvTestSupport"),

        .testTarget(name: "XenvSystemTests", dependencies: ["XenvSystem"]),
        .testTarget(name: "XenvArchiveTests", dependencies: ["XenvArchive"], exclude: ["Fixtures"]),
        .testTarget(
            name: "XenvFetchTests", dependencies: ["XenvFetch", "XenvSystem", "XenvArchive", "XenvTestSupport"]),
        .testTarget(name: "XenvCoreTests", dependencies: ["XenvCore", "XenvSystem", "XenvTestSupport"]),
        .testTarget(
            name: "ShimTests", dependencies: ["XenvShimCore", "XenvSystem", "XenvTestSupport"], exclude: ["Fixtures"]),
        .testTarget(
            name: "EndToEndTests",
            dependencies: [
                "XenvCore", "XenvShimCore", "XenvSystem", "XenvTestSupport", "xenv", "xenv-link", "runtime-dlls",
            ]),
    ]
)

/// The target descriptors in this directory, embedded at build time: each file's name and its bytes,
/// sorted by name. Decoding and validation live in XenvCore (`TargetCatalog`).
public enum EmbeddedToolchains {
    public static var files: [(name: String, bytes: [UInt8])] { embeddedDescriptorFiles }
}

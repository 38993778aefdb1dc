import XenvSystem

/// The .NET Framework SDK that ext\netfxsdk.bat finds: the first version with a `KitsInstallationFolder` under
/// `SOFTWARE\Microsoft\Microsoft SDKs\NETFXSDK\<version>` (HKLM then HKCU, the 32-bit view first), and its tools'
/// `InstallationFolder`s.
struct NETFrameworkSDK: Equatable {
    /// `NETFXSDKDir`: `C:\Program Files (x86)\Windows Kits\NETFXSDK\4.8\`, as the registry spells it.
    var directory: String
    var x64Tools: String?
    var x86Tools: String?

    /// The versions netfxsdk.bat tries, in order. VS 2022's script knows 4.8 and older only, so its prompts say
    /// 4.8 where 4.8.1 is installed too; a VS 2026 runner's prompt shows 4.8.1, so its script tries that first
    /// (inferred from that prompt: no copy of VS 2026's netfxsdk.bat is public).
    static func versions(visualStudioMajor major: Int?) -> [String] {
        let classic = ["4.8", "4.7.2", "4.7.1", "4.7", "4.6.2", "4.6.1", "4.6"]
        return (major ?? 17) >= 18 ? ["4.8.1"] + classic : classic
    }

    static func find(registry: WindowsRegistry?, visualStudioMajor: Int?) -> NETFrameworkSDK? {
        guard let registry else { return nil }
        for version in versions(visualStudioMajor: visualStudioMajor) {
            let key = #"SOFTWARE\Microsoft\Microsoft SDKs\NETFXSDK\"# + version
            guard let directory = registry.string(key, "KitsInstallationFolder") else { continue }
            return NETFrameworkSDK(
                directory: directory,
                x64Tools: registry.string(key + #"\WinSDK-NetFx40Tools-x64"#, "InstallationFolder"),
                x86Tools: registry.string(key + #"\WinSDK-NetFx40Tools-x86"#, "InstallationFolder"))
        }
        return nil
    }
}

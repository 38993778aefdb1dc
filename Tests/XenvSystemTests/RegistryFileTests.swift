import Testing

@testable import XenvSystem

@Suite struct RegistryFileTests {
    static let export = #"""
        Windows Registry Editor Version 5.00

        ; the 32-bit view of a 64-bit machine
        [HKEY_LOCAL_MACHINE\SOFTWARE\WOW6432Node\Microsoft\Windows Kits\Installed Roots]
        "KitsRoot10"="C:\\Program Files (x86)\\Windows Kits\\10\\"
        "Count"=dword:00000002
        "Blob"=hex:00,01,\
          02
        @="default \"quoted\""

        [HKEY_CURRENT_USER\Software\Microsoft\Microsoft SDKs\Windows\v10.0]
        "InstallationFolder"="D:\\Kits\\10\\"

        [HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Control\Session Manager\Environment]
        "PROCESSOR_ARCHITECTURE"="ARM64"

        """#

    /// regedit writes UTF-16LE with a byte order mark.
    static var utf16: [UInt8] {
        [0xFF, 0xFE] + export.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    }

    @Test func readsStringValuesOfAnExportInEitherEncoding() throws {
        for bytes in [Array(Self.export.utf8), Self.utf16] {
            let file = try RegistryFile(parsing: bytes)
            let key = #"hkey_local_machine\software\wow6432node\microsoft\windows kits\installed roots"#
            #expect(file.string(key, "kitsroot10") == #"C:\Program Files (x86)\Windows Kits\10\"#)
            #expect(file.string(key, "") == #"default "quoted""#)
            // Other types are passed over, as RegGetValueW with RRF_RT_REG_SZ passes them over.
            #expect(file.string(key, "Count") == nil)
            #expect(file.string(key, "Blob") == nil)
        }
    }

    /// Finding 5: HKLM's 32-bit view is the export's WOW6432Node; HKCU is one key for both views.
    @Test func viewsMapAsTheRegistryRedirectorMapsThem() throws {
        let file = try RegistryFile(parsing: Array(Self.export.utf8))
        let roots = #"SOFTWARE\Microsoft\Windows Kits\Installed Roots"#
        #expect(
            file.string(RegistryKey(.localMachine, roots, view: .registry32), value: "KitsRoot10")
                == #"C:\Program Files (x86)\Windows Kits\10\"#)
        #expect(file.string(RegistryKey(.localMachine, roots, view: .registry64), value: "KitsRoot10") == nil)
        let sdk = #"SOFTWARE\Microsoft\Microsoft SDKs\Windows\v10.0"#
        #expect(
            file.string(RegistryKey(.currentUser, sdk, view: .registry32), value: "InstallationFolder")
                == #"D:\Kits\10\"#)
        #expect(
            file.string(RegistryKey(.currentUser, sdk, view: .registry64), value: "InstallationFolder")
                == #"D:\Kits\10\"#)
    }

    @Test func aBrokenExportNamesItsLine() {
        func error(_ text: String) -> String? {
            do {
                _ = try RegistryFile(parsing: Array(text.utf8))
                return nil
            } catch {
                return error.description
            }
        }
        #expect(
            error("REGEDIT5\n")
                == "line 1: not a registry export: the first line must be 'Windows Registry Editor Version 5.00'")
        #expect(error("Windows Registry Editor Version 5.00\n\"A\"=\"b\"\n") == "line 2: a value before any [key] line")
        #expect(
            error("Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\X\n")
                == "line 2: a key line must end in ']'")
        #expect(
            error("Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\X]\n\"A\"=\"b\n")
                == "line 3: a string without its closing quote")
        #expect(
            error("Windows Registry Editor Version 5.00\n[HKEY_CURRENT_USER\\X]\nA=\"b\"\n")
                == "line 3: a value name must be quoted or '@'")
    }

    /// The order winsdk.bat tries: HKLM then HKCU, the 32-bit view before the 64-bit view.
    @Test func theRegistryTriesEachHiveAndViewInWinsdkBatsOrder() throws {
        let calls = RecordingWindowsCalls()
        calls.registry = [
            #"HKEY_CURRENT_USER\Software\K|64|V"#: "user64", #"HKEY_LOCAL_MACHINE\Software\K|64|V"#: "machine64",
        ]
        #expect(WindowsRegistry(calls: calls).string(#"Software\K"#, "V") == "machine64")
        #expect(
            calls.registryQueries == [
                #"HKEY_LOCAL_MACHINE\Software\K|32|V"#, #"HKEY_CURRENT_USER\Software\K|32|V"#,
                #"HKEY_LOCAL_MACHINE\Software\K|64|V"#,
            ])
        calls.registry[#"HKEY_CURRENT_USER\Software\K|32|V"#] = "user32"
        #expect(WindowsRegistry(calls: calls).string(#"Software\K"#, "V") == "user32")
    }
}

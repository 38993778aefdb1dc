#!/usr/bin/env python3
"""Builds a fake Visual Studio package CDN in the real formats, for `xenv sysroot fetch` tests.

    make_fake_cdn.py OUT                 # the CDN: OUT/channel.json, OUT/VisualStudio.vsman, OUT/payloads/...
    make_fake_cdn.py OUT --hostile KIND  # then replace one payload with a hostile one (manifest updated)
    make_fake_cdn.py OUT --scale N       # N x (300 SDK headers, 150 CRT headers, 40 import libraries an arch): for the bench

Everything is made by real tools (Debian: zip, msitools (wixl, msibuild), gcab, llvm (llvm-dlltool,
llvm-lib), clang): VSIX payloads are zip files with the real internal layout
(Contents/VC/Tools/MSVC/<toolset>/{include,lib/<arch>}); SDK and UCRT payloads are MSIs whose Directory table
mirrors the installed tree (ProgramFilesFolder/Windows Kits/10/{Include,Lib}/<sdk version>/...) with external
MSZIP cabinets whose members are named by File key; libraries are real COFF import libraries (llvm-dlltool) and
one static library (clang + llvm-lib). Manifest URLs start with @BASE@, which fake_cdn_server.py replaces with
its own address; every payload's sha256 and size are correct, the channel's sha256 of the VS manifest is wrong
on purpose (as Microsoft's is). Real-CDN facts this mirrors but could not be checked here are listed in
README.md.
"""
import hashlib, json, os, shutil, struct, subprocess, sys, warnings, zipfile, zlib

CRT_LINE, CRT_OLD_LINE, TOOLSET = "14.44.17.14", "14.43.17.13", "14.44.35207"
SDK_ID, SDK_OLD_ID, SDK_DIR = "Win11SDK_10.0.26100", "Win10SDK_10.0.22621", "10.0.26100.0"
ARCHES = {"x64": "i386:x86-64", "arm64": "arm64", "x86": "i386"}
CLANG_TARGETS = {"x64": "x86_64-pc-windows-msvc", "arm64": "aarch64-pc-windows-msvc", "x86": "i686-pc-windows-msvc"}


def run(*args, cwd=None):
    subprocess.run(args, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


def tool(name):
    for candidate in (name, name + "-14", name + "-15", name + "-16"):
        path = shutil.which(candidate)
        if path:
            return path
    sys.exit(f"make_fake_cdn.py: {name} is missing; install it (apt-get install zip msitools gcab llvm clang)")


def sha(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def fresh(path):
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    return path


# ------------------------------------------------------------------ libraries (llvm-dlltool, clang, llvm-lib)
def import_lib(work, arch, dll, exports, out):
    """A real COFF import library for `dll`."""
    d = os.path.join(work, "def")
    os.makedirs(d, exist_ok=True)
    deffile = os.path.join(d, f"{os.path.basename(out)}.{arch}.def")
    with open(deffile, "w") as f:
        f.write(f"LIBRARY {dll}\nEXPORTS\n" + "".join(f"  {e}\n" for e in exports))
    run(tool("llvm-dlltool"), "-m", ARCHES[arch], "-d", deffile, "-l", out)


def static_lib(work, arch, name, source, out):
    """A real static library: one COFF object compiled by clang for the target, archived by llvm-lib."""
    obj = os.path.join(work, "obj", arch, name + ".obj")
    os.makedirs(os.path.dirname(obj), exist_ok=True)
    src = obj[:-4] + ".c"
    with open(src, "w") as f:
        f.write(source)
    run(tool("clang"), "--target=" + CLANG_TARGETS[arch], "-c", "-O1", "-o", obj, src)
    run(tool("llvm-lib"), "/machine:" + {"x64": "x64", "arm64": "arm64", "x86": "x86"}[arch], "/out:" + out, obj)


def headers_text(name, includes, size=2000):
    lines = [f"/* {name}: stand-in header made by make_fake_cdn.py */", "#pragma once"]
    lines += [f"#include <{inc}>" for inc in includes]
    body = "\n".join(lines) + "\n"
    filler = "".join(f"#define XENV_{name.upper().replace('.', '_').replace('/', '_')}_{i} {i}\n" for i in range(size // 40))
    return (body + filler).encode()


# ------------------------------------------------------------------ CRT VSIX (zip)
def vsix(work, out, files):
    """A VSIX as Microsoft ships it: zip with the package metadata and the files under Contents/."""
    root = fresh(os.path.join(work, "vsix-" + os.path.basename(out)))
    meta = {
        "[Content_Types].xml": b'<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        "extension.vsixmanifest": b'<?xml version="1.0" encoding="utf-8"?><PackageManifest Version="2.0.0"/>',
        "manifest.json": b'{"id":"stand-in","version":"' + CRT_LINE.encode() + b'"}',
        "catalog.json": b'{"manifestVersion":"1.1"}',
    }
    for rel, data in list(meta.items()) + [(f"Contents/VC/Tools/MSVC/{TOOLSET}/{rel}", data) for rel, data in files.items()]:
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as f:
            f.write(data)
    if os.path.exists(out):
        os.remove(out)
    names = sorted(os.path.relpath(os.path.join(d, n), root) for d, _, ns in os.walk(root) for n in ns)
    run(tool("zip"), "-q", "-X", "-9", out, *names, cwd=root)


# ------------------------------------------------------------------ SDK / UCRT MSI (wixl, msibuild, gcab)
def msi(work, out, tree, cabs):
    """An MSI like the SDK's: `tree` maps 'Include/um/Windows.h' (below Windows Kits/10, the version level
    added under Include/Lib/Source) to bytes; `cabs` is a list of (cabinet name, number of files) splitting the
    files, in File sequence order, over external cabinets; a NULL-cabinet Media row comes first, as xwin
    reports of the real ones."""
    w = fresh(os.path.join(work, "msi-" + os.path.basename(out)))
    src = os.path.join(w, "src")
    os.makedirs(src)
    dirs = {}
    keys = []
    for i, rel in enumerate(sorted(tree)):
        parts = rel.split("/")
        top, rest, name = parts[0], parts[1:-1], parts[-1]
        chain = [top, SDK_DIR] + rest if top in ("Include", "Lib", "Source") else [top] + rest
        key = "fil" + hashlib.md5(rel.encode()).hexdigest()
        keys.append((key, chain, name, tree[rel]))
        with open(os.path.join(src, key), "wb") as f:
            f.write(tree[rel])
        node = dirs
        for c in chain:
            node = node.setdefault(c, {})
        node.setdefault("\0files", []).append((key, name))

    counter = [0]

    def emit(node, depth):
        xml = []
        for name, child in sorted((k, v) for k, v in node.items() if k != "\0files"):
            counter[0] += 1
            did = f"D{counter[0]}"
            xml.append(f'{"  " * depth}<Directory Id="{did}" Name="{name}">')
            xml.extend(emit(child, depth + 1))
            xml.append(f'{"  " * depth}</Directory>')
        if "\0files" in node:
            counter[0] += 1
            files = "".join(f'<File Id="{k}" Name="{n}" Source="src/{k}"/>' for k, n in node["\0files"])
            xml.append(f'{"  " * depth}<Component Id="C{counter[0]}" Guid="*">{files}</Component>')
            components.append(f"C{counter[0]}")
        return xml

    components = []
    body = "\n".join(emit(dirs, 5))
    refs = "".join(f'<ComponentRef Id="{c}"/>' for c in components)
    wxs = f"""<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="{os.path.basename(out)}" Language="1033" Version="10.0.26100.1" Manufacturer="xenv fixture"
           UpgradeCode="8f1ac2a1-2f3e-4c4e-9d3c-0a1b2c3d4e5f">
    <Package InstallerVersion="500" Compressed="yes"/>
    <Media Id="1" Cabinet="{cabs[0][0]}" EmbedCab="no"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="KitsRoot" Name="Windows Kits">
          <Directory Id="KitsRoot10" Name="10">
{body}
          </Directory>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1">{refs}</Feature>
  </Product>
</Wix>
"""
    with open(os.path.join(w, "p.wxs"), "w") as f:
        f.write(wxs)
    if os.path.exists(out):
        os.remove(out)
    run(tool("wixl"), "-o", out, "p.wxs", cwd=w)
    # wixl numbers files in its own order: read it back, then split them over the cabinets by sequence.
    table = subprocess.run([tool("msiinfo"), "export", out, "File"], check=True, capture_output=True, text=True).stdout
    rows = [line.split("\t") for line in table.splitlines()[3:] if line.strip()]
    by_sequence = sorted((int(r[7]), r[0]) for r in rows)
    q = lambda s: run(tool("msibuild"), out, "-q", s)
    start = 0
    cab_files = []
    for n, (cab, count) in enumerate(cabs):
        count = len(by_sequence) - start if n == len(cabs) - 1 else count
        members = [k for _, k in by_sequence[start:start + count]]
        last = by_sequence[start + count - 1][0]
        if n == 0:
            q(f"UPDATE `Media` SET `LastSequence`={last} WHERE `DiskId`=1")
        else:
            q(f"INSERT INTO `Media` (`DiskId`, `LastSequence`, `Cabinet`) VALUES ({n + 1}, {last}, '{cab}')")
        cab_files.append((cab, members))
        start += count
    q("INSERT INTO `Media` (`DiskId`, `LastSequence`) VALUES (99, 0)")
    outs = []
    for cab, members in cab_files:
        path = os.path.join(os.path.dirname(out), cab)
        if os.path.exists(path):
            os.remove(path)
        run(tool("gcab"), "-c", "-z", path, *members, cwd=src)
        outs.append(path)
    return outs


# ------------------------------------------------------------------ the CDN
def build(out, scale=0):
    work = os.path.join(out, ".work")
    pay = os.path.join(out, "payloads")
    os.makedirs(work, exist_ok=True)
    os.makedirs(pay, exist_ok=True)
    libs = os.path.join(work, "libs")
    os.makedirs(libs, exist_ok=True)

    def lib(arch, name, dll=None, exports=None, source=None):
        path = os.path.join(libs, arch, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if source:
            static_lib(work, arch, name.replace(".", "_"), source, path)
        else:
            import_lib(work, arch, dll, exports, path)
        with open(path, "rb") as f:
            return f.read()

    packages = []

    def payload_entry(path, file_name):
        return {"fileName": file_name, "sha256": sha(path), "size": os.path.getsize(path),
                "url": "@BASE@/payloads/" + os.path.basename(path).replace(" ", "%20")}

    # CRT headers and libraries.
    crt_headers = {
        "include/vcruntime.h": headers_text("vcruntime.h", ["sal.h", "vadefs.h"]),
        "include/sal.h": headers_text("sal.h", []),
        "include/vadefs.h": headers_text("vadefs.h", []),
        # MSVC's headers name SDK headers in mixed case; the splat adds the spellings they use.
        "include/comdef.h": headers_text("comdef.h", ["Ole2.h", "WinDef.h"]),
        "include/CodeAnalysis/Warnings.h": headers_text("Warnings.h", []),
    }
    for i in range(scale * 150):
        crt_headers[f"include/xenv_bench/crt_{i}.h"] = headers_text(f"crt_{i}.h", ["vcruntime.h"], size=4000 + (i * 7919) % 16000)
    path = os.path.join(pay, "Microsoft.VC.14.44.17.14.CRT.Headers.base.vsix")
    vsix(work, path, crt_headers)
    packages.append({"id": f"Microsoft.VC.{CRT_LINE}.CRT.Headers.base", "version": CRT_LINE, "type": "Vsix",
                     "chip": "neutral", "payloads": [payload_entry(path, "Microsoft.VC.14.44.17.14.CRT.Headers.base.vsix")]})
    for arch, pkg_arch in (("x64", "x64"), ("arm64", "ARM64"), ("x86", "x86")):
        desktop = {
            f"lib/{arch}/msvcrt.lib": lib(arch, "msvcrt.lib", "vcruntime140.dll", ["__C_specific_handler", "memcpy", "memset"]),
            f"lib/{arch}/vcruntime.lib": lib(arch, "vcruntime.lib", "vcruntime140.dll", ["__CxxFrameHandler3", "memmove"]),
            f"lib/{arch}/libcmt.lib": lib(arch, "libcmt.lib", source="int xenv_libcmt_stand_in(void) { return 42; }\n"),
            # Debug libraries: left out of the splat, as xwin does.
            f"lib/{arch}/msvcrtd.lib": lib(arch, "msvcrtd.lib", "vcruntime140d.dll", ["memcpy"]),
            f"lib/{arch}/msvcrt.pdb": b"Microsoft C/C++ MSF 7.00\r\n\x1aDS\0\0\0stand-in",
        }
        name = f"Microsoft.VC.{CRT_LINE}.CRT.{pkg_arch}.Desktop.base.vsix"
        path = os.path.join(pay, name)
        vsix(work, path, desktop)
        packages.append({"id": f"Microsoft.VC.{CRT_LINE}.CRT.{pkg_arch}.Desktop.base", "version": CRT_LINE,
                         "type": "Vsix", "chip": "neutral", "payloads": [payload_entry(path, name)]})
        store = {
            f"lib/{arch}/oldnames.lib": lib(arch, "oldnames.lib", source="int xenv_oldnames_stand_in(void) { return 7; }\n"),
            f"lib/{arch}/store/msvcrt.lib": lib(arch, "store-msvcrt.lib", "vcruntime140_app.dll", ["memcpy"]),
            f"lib/{arch}/uwp/vccorlib.lib": lib(arch, "vccorlib.lib", "vccorlib140_app.dll", ["memcpy"]),
        }
        name = f"Microsoft.VC.{CRT_LINE}.CRT.{pkg_arch}.Store.base.vsix"
        path = os.path.join(pay, name)
        vsix(work, path, store)
        packages.append({"id": f"Microsoft.VC.{CRT_LINE}.CRT.{pkg_arch}.Store.base", "version": CRT_LINE,
                         "type": "Vsix", "chip": "neutral", "payloads": [payload_entry(path, name)]})

    # The Windows SDK: its MSIs and their cabinets are all payloads of the one SDK package.
    sdk_payloads = []

    def sdk_msi(file_name, tree, cab_counts):
        cab_names = [hashlib.md5((file_name + str(i)).encode()).hexdigest() + ".cab" for i in range(len(cab_counts))]
        msi_path = os.path.join(pay, file_name.replace(" ", "_"))
        cabs = msi(work, msi_path, tree, list(zip(cab_names, cab_counts)))
        sdk_payloads.append(payload_entry(msi_path, "Installers\\" + file_name))
        for c in cabs:
            sdk_payloads.append(payload_entry(c, "Installers\\" + os.path.basename(c)))

    um = {
        "Include/um/Windows.h": headers_text("Windows.h", ["winapifamily.h", "sdkddkver.h", "WinDef.h", "winbase.h"]),
        "Include/um/winbase.h": headers_text("winbase.h", ["minwinbase.h"]),
        "Include/um/minwinbase.h": headers_text("minwinbase.h", []),
        "Include/um/WinSock2.h": headers_text("WinSock2.h", ["windows.h", "Mstcpip.h"]),
        "Include/um/mstcpip.h": headers_text("mstcpip.h", []),
        "Include/um/Ole2.h": headers_text("Ole2.h", []),
        "Include/um/gl/GL.h": headers_text("GL.h", []),
        "Include/shared/windef.h": headers_text("windef.h", ["BaseTsd.h"]),
        "Include/shared/basetsd.h": headers_text("basetsd.h", []),
        "Include/shared/winapifamily.h": headers_text("winapifamily.h", []),
        "Include/shared/sdkddkver.h": headers_text("sdkddkver.h", []),
        # Not taken by the splat: the MSI's other trees.
        "bin/x64/stand-in.txt": b"tools live here\n",
        "Catalogs/stand-in.cat": b"catalog\n",
    }
    for i in range(scale * 300):
        um[f"Include/um/xenv_bench/Bench{i}.h"] = headers_text(f"Bench{i}.h", ["Windows.h", f"bench{i + 1}.h"], size=2000 + (i * 104729) % 30000)
    sdk_msi("Windows SDK Desktop Headers x86-x86_en-us.msi", um, [6 + scale * 150, 7])
    sdk_msi("Windows SDK Desktop Headers x64-x86_en-us.msi", {"Include/um/ksamd64.inc": b"; x64 assembler include\n"}, [1])
    sdk_msi("Windows SDK Desktop Headers arm64-x86_en-us.msi", {"Include/um/ksarm64.h": headers_text("ksarm64.h", [])}, [1])
    sdk_msi("Windows SDK Desktop Headers x86-x86_en-us.msi".replace("Desktop Headers x86", "Desktop Headers arm"),
            {"Include/um/ksarm.h": headers_text("ksarm.h", [])}, [1])
    sdk_msi("Windows SDK for Windows Store Apps Headers-x86_en-us.msi", {
        "Include/winrt/wrl.h": headers_text("wrl.h", ["WinString.h"]),
        "Include/winrt/winstring.h": headers_text("winstring.h", []),
        "Include/cppwinrt/winrt/base.h": headers_text("base.h", []),
        # The same header as the Desktop MSI, byte for byte: written once.
        "Include/shared/basetsd.h": um["Include/shared/basetsd.h"],
    }, [4])
    for arch in ("x64", "arm64", "x86", "arm"):
        tree = {}
        if arch != "arm":
            tree[f"Lib/um/{arch}/ws2_32.lib"] = lib(arch, "ws2_32.lib", "WS2_32.dll", ["WSAStartup", "WSACleanup"])
            tree[f"Lib/um/{arch}/AdvAPI32.Lib"] = lib(arch, "AdvAPI32.Lib", "ADVAPI32.dll", ["RegOpenKeyExW"])
            tree[f"Lib/um/{arch}/iphlpapi.lib"] = lib(arch, "iphlpapi.lib", "IPHLPAPI.DLL", ["GetAdaptersAddresses"])
        else:
            tree["Lib/um/arm/ws2_32.lib"] = b"!<arch>\n"
        sdk_msi(f"Windows SDK Desktop Libs {arch}-x86_en-us.msi", tree, [len(tree)])
    store_libs = {}
    for arch in ("x64", "arm64", "x86"):
        store_libs[f"Lib/um/{arch}/kernel32.Lib"] = lib(arch, "kernel32.Lib", "KERNEL32.dll",
                                                       ["ExitProcess", "GetStdHandle", "WriteFile", "GetLastError"])
        store_libs[f"Lib/um/{arch}/Uuid.lib"] = lib(arch, "Uuid.lib", source="int xenv_uuid_stand_in = 1;\n")
    store_libs["Lib/um/arm/kernel32.Lib"] = b"!<arch>\n"
    for arch in ("x64", "arm64", "x86"):
        for i in range(scale * 40):
            store_libs[f"Lib/um/{arch}/Bench{i}.Lib"] = lib(arch, f"Bench{i}.Lib", f"BENCH{i}.dll", [f"BenchFunction{i}_{k}" for k in range(40)])
    sdk_msi("Windows SDK for Windows Store Apps Libs-x86_en-us.msi", store_libs, [4 + scale * 60, 5])
    packages.append({"id": SDK_ID, "version": "10.0.26100.1742", "type": "Component", "chip": "neutral",
                     "payloads": sdk_payloads, "dependencies": {}})
    # An older SDK, also listed: the newest (Win11 before Win10) is picked unless pinned.
    packages.append({"id": SDK_OLD_ID, "version": "10.0.22621.3233", "type": "Component", "payloads": []})

    # The Universal CRT: one MSI (headers, libraries of every arch, sources) with its cabinets.
    ucrt_tree = {"Include/ucrt/stdio.h": headers_text("stdio.h", ["corecrt.h"]),
                 "Include/ucrt/corecrt.h": headers_text("corecrt.h", ["vcruntime.h"]),
                 "Source/ucrt/stand-in.cpp": b"// sources are not splatted\n"}
    for arch in ("x64", "arm64", "x86", "arm"):
        if arch == "arm":
            ucrt_tree["Lib/ucrt/arm/ucrt.lib"] = b"!<arch>\n"
            continue
        ucrt_tree[f"Lib/ucrt/{arch}/ucrt.lib"] = lib(arch, "ucrt.lib", "api-ms-win-crt-stdio-l1-1-0.dll",
                                                     ["puts", "__stdio_common_vfprintf", "__acrt_iob_func"])
        ucrt_tree[f"Lib/ucrt/{arch}/ucrtd.lib"] = lib(arch, "ucrtd.lib", "ucrtbased.dll", ["puts"])
        ucrt_tree[f"Lib/ucrt/{arch}/libucrt.lib"] = lib(arch, "libucrt.lib", source="int xenv_libucrt_stand_in(void) { return 3; }\n")
    cab_name = hashlib.md5(b"ucrt").hexdigest() + ".cab"
    msi_path = os.path.join(pay, "Universal_CRT_Headers_Libraries_and_Sources-x86_en-us.msi")
    cabs = msi(work, msi_path, ucrt_tree, [(cab_name, len(ucrt_tree))])
    packages.append({"id": "Microsoft.Windows.UniversalCRT.HeadersLibsSources.Msi", "version": "10.0.26100.1742",
                     "type": "Msi", "chip": "neutral",
                     "payloads": [payload_entry(msi_path, "Universal CRT Headers Libraries and Sources-x86_en-us.msi")]
                     + [payload_entry(c, os.path.basename(c)) for c in cabs]})

    # BuildTools names the toolsets; components and workloads that are not read are there as in the real one.
    packages.insert(0, {"id": "Microsoft.VisualStudio.Product.BuildTools", "version": "17.14.36623.8", "type": "Product",
                        "dependencies": {
                            f"Microsoft.VisualStudio.Component.VC.{CRT_OLD_LINE}.x86.x64": {"version": "17.14.36623.8", "type": "Optional"},
                            f"Microsoft.VisualStudio.Component.VC.{CRT_LINE}.x86.x64": "17.14.36623.8",
                            "Microsoft.VisualStudio.Component.VC.Tools.x86.x64": {"version": "17.14.36623.8"},
                            "Microsoft.VisualStudio.Component.Windows11SDK.26100": {"version": "17.14.36623.8", "type": "Recommended"},
                        }})
    packages.append({"id": "Microsoft.VisualStudio.Workload.VCTools", "version": "17.14.36623.8", "type": "Workload",
                     "language": "neutral", "installSizes": {"targetDrive": 1}})
    # A duplicate id in another language: the first one is the one used.
    packages.append({"id": f"Microsoft.VC.{CRT_LINE}.CRT.Headers.base", "version": CRT_LINE, "type": "Vsix",
                     "language": "de-DE", "payloads": []})

    write_manifests(out, packages)
    shutil.rmtree(work, ignore_errors=True)


def write_manifests(out, packages):
    vsman = os.path.join(out, "VisualStudio.vsman")
    with open(vsman, "w") as f:
        json.dump({"manifestVersion": "1.1", "info": {"id": "VisualStudio/17.14.10+36623.8", "productDisplayVersion": "17.14.10"},
                   "packages": packages}, f, indent=1)
    channel = {
        "manifestVersion": "1.1",
        "info": {"id": "VisualStudio.17.Release/17.14.10+36623.8", "productDisplayVersion": "17.14.10", "manifestType": "channel"},
        "channelItems": [
            {"id": "Microsoft.VisualStudio.Manifests.VisualStudio", "version": "17.14.36623.8", "type": "Manifest",
             # Wrong on purpose, as Microsoft's is: the fetch must not check it.
             "payloads": [{"fileName": "VisualStudio.vsman", "sha256": "0" * 64, "size": os.path.getsize(vsman),
                           "url": "@BASE@/VisualStudio.vsman"}]},
            {"id": "Microsoft.VisualStudio.Product.BuildTools", "version": "17.14.36623.8", "type": "ChannelProduct",
             "localizedResources": [{"language": "en-us", "title": "Visual Studio Build Tools 2022",
                                     "license": "https://go.microsoft.com/fwlink/?LinkId=2179911"}]},
        ],
        "signature": {"sign": "stand-in"},
    }
    with open(os.path.join(out, "channel.json"), "w") as f:
        json.dump(channel, f, indent=1)


# ------------------------------------------------------------------ hostile payloads
def claim_zip64_size(path, name, size):
    """Makes the central directory say that entry `name` expands to `size` bytes: 0xFFFFFFFF in its size field
    and a zip64 extra field holding `size`, as an archive over 4 GiB would have."""
    data = bytearray(open(path, "rb").read())
    eocd = data.rfind(b"PK\x05\x06")
    entries, directory_size, directory_offset = struct.unpack_from("<HII", data, eocd + 10)
    at = directory_offset
    while at < directory_offset + directory_size:
        assert data[at:at + 4] == b"PK\x01\x02"
        name_length, extra_length, comment_length = struct.unpack_from("<HHH", data, at + 28)
        if bytes(data[at + 46:at + 46 + name_length]) == name.encode():
            extra = struct.pack("<HHQ", 1, 8, size)
            struct.pack_into("<I", data, at + 24, 0xFFFFFFFF)
            struct.pack_into("<H", data, at + 30, extra_length + len(extra))
            end = at + 46 + name_length + extra_length
            data[end:end] = extra
            struct.pack_into("<I", data, eocd + len(extra) + 12, directory_size + len(extra))
            open(path, "wb").write(data)
            return
        at += 46 + name_length + extra_length + comment_length
    raise SystemExit("no central directory entry " + name)


def hostile(out, kind):
    """Replaces one payload with a hostile one and updates the VS manifest's sha256 and size for it, so only
    the archive checks can stop it."""
    with open(os.path.join(out, "VisualStudio.vsman")) as f:
        manifest = json.load(f)
    pay = os.path.join(out, "payloads")
    work = fresh(os.path.join(out, ".hostile"))

    def entry_for(suffix):
        for p in manifest["packages"]:
            for e in p.get("payloads", []):
                if e["fileName"].endswith(suffix):
                    return e
        raise SystemExit("no payload " + suffix)

    def path_of(e):
        return os.path.join(pay, e["url"].rsplit("/", 1)[1].replace("%20", " "))

    if kind in ("zip-dotdot", "zip-absolute", "zip-bomb"):
        e = entry_for("CRT.Headers.base.vsix")
        name = {"zip-dotdot": f"Contents/VC/Tools/MSVC/{TOOLSET}/include/../../../../../../../evil.h",
                "zip-absolute": "/Contents/include/evil.h",
                "zip-bomb": f"Contents/VC/Tools/MSVC/{TOOLSET}/include/bomb.h"}[kind]
        with zipfile.ZipFile(path_of(e), "a", compression=zipfile.ZIP_DEFLATED) as z:
            if kind == "zip-bomb":
                info = zipfile.ZipInfo(name)
                info.compress_type = zipfile.ZIP_DEFLATED
                with z.open(info, "w", force_zip64=True) as w:
                    block = bytes(1 << 20)
                    for _ in range(400):
                        w.write(block)
            else:
                z.writestr(name, b"#error escaped\n")
    elif kind in ("zip-duplicate", "zip64-huge"):
        e = entry_for("CRT.Headers.base.vsix")
        with zipfile.ZipFile(path_of(e)) as z:
            first = next(n for n in z.namelist() if "/include/" in n and not n.endswith("/"))
        if kind == "zip-duplicate":
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")  # zipfile warns about the duplicate name, which is the point
                with zipfile.ZipFile(path_of(e), "a") as z:
                    z.writestr(first, b"#error the second copy\n")
        else:
            name = f"Contents/VC/Tools/MSVC/{TOOLSET}/include/huge.h"
            with zipfile.ZipFile(path_of(e), "a") as z:
                z.writestr(name, b"/* claims 2^64 - 16 bytes */\n")
            claim_zip64_size(path_of(e), name, (1 << 64) - 16)
    elif kind in ("msi-dotdot", "msi-lying-size"):
        e = entry_for("Windows SDK Desktop Libs x64-x86_en-us.msi")
        q = lambda s: run(tool("msibuild"), path_of(e), "-q", s)
        if kind == "msi-dotdot":
            q("UPDATE `Directory` SET `DefaultDir`='..' WHERE `DefaultDir`='um'")
        else:
            q("UPDATE `File` SET `FileSize`=12345 WHERE `FileName`='ws2_32.lib'")
    elif kind == "cab-truncated":
        e = entry_for(".cab")
        # The first cabinet of the Desktop Headers MSI: keep its header, cut its data.
        for p in manifest["packages"]:
            if p["id"] == SDK_ID:
                cabs = [x for x in p["payloads"] if x["fileName"].endswith(".cab")]
                e = cabs[0]
        with open(path_of(e), "rb") as f:
            data = f.read()
        with open(path_of(e), "wb") as f:
            f.write(data[: len(data) // 2])
    else:
        raise SystemExit("unknown hostile kind " + kind)
    e["sha256"] = sha(path_of(e))
    e["size"] = os.path.getsize(path_of(e))
    write_manifests(out, manifest["packages"])
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 2:
        build(os.path.abspath(sys.argv[1]))
    elif len(sys.argv) == 4 and sys.argv[2] == "--scale":
        build(os.path.abspath(sys.argv[1]), int(sys.argv[3]))
    elif len(sys.argv) == 4 and sys.argv[2] == "--hostile":
        hostile(os.path.abspath(sys.argv[1]), sys.argv[3])
    else:
        sys.exit(__doc__)

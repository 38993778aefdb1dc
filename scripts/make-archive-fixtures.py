#!/usr/bin/env python3
"""Regenerates Tests/XenvArchiveTests/Fixtures with the real tools.

Needs: python3 (zlib, zipfile), sha256sum, zip, wixl + msibuild + msiinfo + msiextract
(msitools), gcab, cabextract, and wine's cabarc.exe (optional, for reserve/multi-cabinet sets).
Deterministic inputs come from xorshift32 (the tests regenerate the same bytes).
"""
import hashlib, io, os, shutil, struct, subprocess, sys, zipfile, zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(ROOT, "Tests", "XenvArchiveTests", "Fixtures")
WORK = "/tmp/xenv-fixtures-work"


def run(*args, cwd=None, **kw):
    return subprocess.run(args, cwd=cwd, check=True, capture_output=True, **kw).stdout


def prng(seed, n):
    """xorshift32; the Swift tests implement the same generator."""
    x = (seed * 2654435761 + 1) & 0xFFFFFFFF or 1
    out = bytearray(n)
    for i in range(n):
        x ^= (x << 13) & 0xFFFFFFFF
        x ^= x >> 17
        x ^= (x << 5) & 0xFFFFFFFF
        out[i] = x & 0xFF
    return bytes(out)


def text(seed, n):
    words = [b"include", b"windows", b"kernel32", b"lib", b"HANDLE", b"DWORD", b"#define", b"typedef",
             b"struct", b"_In_", b"_Out_", b"WINAPI", b"\n", b"    ", b"0x0000", b"LPCWSTR", b"(", b")", b";"]
    r = prng(seed, n)
    out = bytearray()
    i = 0
    while len(out) < n:
        out += words[r[i % len(r)] % len(words)] + b" "
        i += 1
    return bytes(out[:n])


def sha(b):
    return hashlib.sha256(b).hexdigest()


def write(rel, data):
    path = os.path.join(FIX, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(data)
    return path


def fresh(d):
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    return d


# ---------------------------------------------------------------- SHA-256 vs sha256sum
def sha_vectors():
    lines = []
    lengths = list(range(0, 301)) + [1 << 20, 3 * (1 << 20) + 17]
    tmp = os.path.join(WORK, "sha")
    for n in lengths:
        with open(tmp, "wb") as f:
            f.write(prng(n, n))
        digest = run("sha256sum", tmp).split()[0].decode()
        lines.append(f"{n} {digest}")
    write("sha256/sha256sum.txt", ("\n".join(lines) + "\n").encode())


# ---------------------------------------------------------------- DEFLATE vs zlib
def deflate_vectors():
    inputs = {
        "empty": b"",
        "one": b"x",
        "random": prng(1000, 40000),
        "text": text(7, 150000),
        "zeros": bytes(200000),
        "mixed": b"".join(prng(i, 3000) + bytes(5000) + text(i, 7000) for i in range(6)),
    }
    lines = []
    for name, data in inputs.items():
        for level in range(10):
            c = zlib.compressobj(level, zlib.DEFLATED, -15)
            raw = c.compress(data) + c.flush()
            rel = f"deflate/{name}.L{level}.raw"
            write(rel, raw)
            lines.append(f"{rel} {len(data)} {sha(data)}")
    # Preset dictionary (zlib's zdict with raw deflate).
    zdict = text(99, 32768)
    data = text(99, 32768)[1000:9000] + text(5, 20000)
    c = zlib.compressobj(9, zlib.DEFLATED, -15, zdict=zdict)
    write("deflate/dict.raw", c.compress(data) + c.flush())
    write("deflate/dict.dict", zdict)
    lines.append(f"deflate/dict.raw {len(data)} {sha(data)}")
    # Stream made of many flushed blocks (Z_FULL_FLUSH emits empty stored blocks).
    c = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = text(3, 100000)
    raw = b"".join(c.compress(data[i:i + 9000]) + c.flush(zlib.Z_FULL_FLUSH) for i in range(0, len(data), 9000)) + c.flush()
    write("deflate/flushed.raw", raw)
    lines.append(f"deflate/flushed.raw {len(data)} {sha(data)}")
    write("deflate/expected.txt", ("\n".join(lines) + "\n").encode())


# ---------------------------------------------------------------- ZIP
def make_tree(root):
    fresh(root)
    files = {
        "tree/empty.txt": b"",
        "tree/small.txt": b"hello, zip\n",
        "tree/random.bin": prng(42, 100000),
        "tree/text.h": text(11, 120000),
        "tree/sub/deeper/file.txt": text(12, 5000),
        "tree/\u00fcn\u00efc\u00f6d\u00e9/\u540d\u524d.txt": "non-ASCII name\n".encode(),
    }
    for rel, data in files.items():
        p = os.path.join(root, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    os.makedirs(os.path.join(root, "tree/emptydir"))
    return files


class Unseekable(io.RawIOBase):
    def __init__(self):
        self.buf = bytearray()
    def writable(self):
        return True
    def write(self, b):
        self.buf += b
        return len(b)


def zip_vectors():
    root = os.path.join(WORK, "zip")
    files = make_tree(root)
    out = os.path.join(FIX, "zip")
    os.makedirs(out, exist_ok=True)
    for name, opts in (("infozip-deflate.zip", []), ("infozip-stored.zip", ["-0"])):
        target = os.path.join(out, name)
        if os.path.exists(target):
            os.remove(target)
        run("zip", "-r", "-X", "-q", *opts, target, "tree", cwd=root)
    manifest = [f"{rel} {len(data)} {sha(data)}" for rel, data in sorted(files.items())]
    write("zip/expected.txt", ("\n".join(manifest) + "\n").encode())
    # unzip's own listing, for the test to compare names with.
    write("zip/infozip-deflate.unzip-Z1.txt", run("unzip", "-Z1", os.path.join(out, "infozip-deflate.zip")))

    # Python zipfile: mixed methods, ZIP64 records, data descriptors.
    with zipfile.ZipFile(os.path.join(out, "python-mixed.zip"), "w") as z:
        z.writestr(zipfile.ZipInfo("stored.bin"), prng(1, 5000), compress_type=zipfile.ZIP_STORED)
        z.writestr(zipfile.ZipInfo("deflated.txt"), text(2, 50000), compress_type=zipfile.ZIP_DEFLATED)
        z.writestr(zipfile.ZipInfo("dir/"), b"")
        z.writestr(zipfile.ZipInfo("caf\u00e9.txt"), b"utf-8 flagged\n", compress_type=zipfile.ZIP_DEFLATED)
    with zipfile.ZipFile(os.path.join(out, "python-zip64.zip"), "w", compression=zipfile.ZIP_DEFLATED) as z:
        for i, data in enumerate((text(20, 30000), prng(21, 7000), b"")):
            with z.open(f"zip64/{i}.dat", "w", force_zip64=True) as f:
                f.write(data)
    stream = Unseekable()
    with zipfile.ZipFile(stream, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("streamed.txt", text(30, 40000))
        z.writestr("streamed.bin", prng(31, 3000))
    write("zip/python-descriptor.zip", bytes(stream.buf))
    with zipfile.ZipFile(os.path.join(out, "python-bzip2.zip"), "w") as z:
        z.writestr("b.txt", text(40, 2000), compress_type=zipfile.ZIP_BZIP2)
    # Hostile names, one archive each.
    hostile = {"dotdot": "a/../../evil.txt", "absolute": "/etc/evil", "drive": "C:\\evil.txt",
               "unc": "\\\\server\\share\\evil.txt", "backslash": "dir\\evil.txt"}
    for tag, name in hostile.items():
        with zipfile.ZipFile(os.path.join(out, f"hostile-{tag}.zip"), "w") as z:
            z.writestr("fine.txt", b"ok")
            z.writestr(zipfile.ZipInfo(name), b"evil")


# ---------------------------------------------------------------- MSI (wixl, msibuild)
WXS = """<?xml version="1.0" encoding="utf-8"?>
<Wix xmlns="http://schemas.microsoft.com/wix/2006/wi">
  <Product Id="*" Name="XenvFixture" Language="1033" Version="1.0.0" Manufacturer="xenv"
           UpgradeCode="12345678-1234-1234-1234-123456789012">
    <Package InstallerVersion="200" Compressed="yes"/>
    <Media Id="1" Cabinet="{cab}" EmbedCab="{embed}"/>
    <Directory Id="TARGETDIR" Name="SourceDir">
      <Directory Id="ProgramFilesFolder">
        <Directory Id="KITS" Name="Windows Kits">
          <Directory Id="TEN" Name="10">
{dirs}
          </Directory>
        </Directory>
      </Directory>
    </Directory>
    <Feature Id="Main" Level="1">
{refs}
    </Feature>
  </Product>
</Wix>
"""


def msi_vectors(name, embed, count, big=False):
    work = fresh(os.path.join(WORK, "msi-" + name))
    dirs, refs, files = [], [], {}
    groups = [("Include", "um"), ("Include", "shared"), ("Lib", "um"), ("Lib", "ucrt")]
    for g, (top, leaf) in enumerate(groups):
        comp_files = []
        for i in range(count):
            key = f"f{g}_{i}"
            if big:
                data = prng(g * 1000 + i, 400000) if i % 3 == 0 else text(g * 1000 + i, 600000)
            else:
                data = text(g * 1000 + i, (i * 7919) % 70000) if i % 4 else prng(g * 1000 + i, (i * 104729) % 50000)
            fname = f"file {i} of {leaf}.{'h' if top == 'Include' else 'lib'}"
            src = os.path.join(work, "src", key)
            os.makedirs(os.path.dirname(src), exist_ok=True)
            with open(src, "wb") as f:
                f.write(data)
            comp_files.append(f'                <File Id="{key}" Name="{fname}" Source="src/{key}"/>')
            files[key] = (top, leaf, fname, data)
        dirs.append(f'''            <Directory Id="D{g}" Name="{top}"><Directory Id="V{g}" Name="10.0.22621.0"><Directory Id="L{g}" Name="{leaf}">
              <Component Id="C{g}" Guid="*">
{chr(10).join(comp_files)}
              </Component>
            </Directory></Directory></Directory>''')
        refs.append(f'      <ComponentRef Id="C{g}"/>')
    wxs = WXS.format(cab=f"{name}.cab", embed="yes" if embed else "no", dirs="\n".join(dirs), refs="\n".join(refs))
    with open(os.path.join(work, "p.wxs"), "w") as f:
        f.write(wxs)
    msi = os.path.join(work, f"{name}.msi")
    run("wixl", "-o", msi, "p.wxs", cwd=work)
    if not embed:
        # wixl does not write external cabinets: build the one the Media row names with gcab,
        # members named by File key as Windows Installer expects.
        keys = os.path.join(work, "bykey")
        os.makedirs(keys)
        for key in files:
            shutil.copy(os.path.join(work, "src", key), os.path.join(keys, key))
        run("gcab", "-c", "-z", os.path.join(work, f"{name}.cab"), *sorted(files), cwd=keys)
    # short|long names and a target:source DefaultDir, written by msibuild.
    if not big:
        q = lambda s: run("msibuild", msi, "-q", s)
        q("UPDATE `Directory` SET `DefaultDir`='WINDOW~1|Windows Kits' WHERE `Directory`='KITS'")
        q("UPDATE `Directory` SET `DefaultDir`='INCLUDE|Include:SRCINC|SourceInclude' WHERE `Directory`='D0'")
        q("UPDATE `File` SET `FileName`='FILE0O~1.H|file 0 of um.h' WHERE `File`='f0_0'")
    return work, msi, files


def msi_all():
    out = os.path.join(FIX, "msi")
    fresh(out)
    for name, embed in (("embedded", True), ("external", False)):
        work, msi, files = msi_vectors(name, embed, 12)
        shutil.copy(msi, out)
        if not embed:
            shutil.copy(os.path.join(work, f"{name}.cab"), out)
        for table in ("File", "Component", "Directory", "Media", "_Columns"):
            with open(os.path.join(out, f"{name}.{table}.idt"), "wb") as f:
                f.write(run("msiinfo", "export", os.path.join(out, f"{name}.msi"), table))
        with open(os.path.join(out, f"{name}.msiextract-list.txt"), "wb") as f:
            f.write(run("msiextract", "--list", os.path.join(out, f"{name}.msi")))
        if embed:
            # What msiextract actually writes, with digests.
            dest = fresh(os.path.join(work, "extracted"))
            run("msiextract", "-C", dest, os.path.join(out, f"{name}.msi"))
            lines = []
            for dp, _, fns in os.walk(dest):
                for fn in fns:
                    p = os.path.join(dp, fn)
                    lines.append(f"{sha(open(p, 'rb').read())} {os.path.relpath(p, dest)}")
            write(f"msi/{name}.msiextract-sha256.txt", ("\n".join(sorted(lines)) + "\n").encode())
    # A database with more than 65535 strings: msibuild switches to 3-byte string references.
    work = fresh(os.path.join(WORK, "msi-many"))
    idt = ["Key\tValue", "s72\tS255", "Many\tKey"] + [f"k{i}\tvalue number {i}" for i in range(70000)]
    with open(os.path.join(work, "Many.idt"), "w") as f:
        f.write("\n".join(idt) + "\n")
    shutil.copy(os.path.join(out, "embedded.msi"), os.path.join(work, "many.msi"))
    run("msibuild", os.path.join(work, "many.msi"), "-i", os.path.join(work, "Many.idt"))
    # Add a string over 64 KB too (the long-string pool entry).
    run("msibuild", os.path.join(work, "many.msi"), "-q", "CREATE TABLE `Long` (`Key` CHAR(72) NOT NULL, `Text` LONGCHAR PRIMARY KEY `Key`)")
    longval = "L" * 70000
    idt2 = ["Key\tText", "s72\tl0", "Long\tKey", f"big\t{longval}"]
    with open(os.path.join(work, "Long.idt"), "w") as f:
        f.write("\n".join(idt2) + "\n")
    run("msibuild", os.path.join(work, "many.msi"), "-i", os.path.join(work, "Long.idt"))
    shutil.copy(os.path.join(work, "many.msi"), out)


# ---------------------------------------------------------------- CAB (gcab, wine cabarc)
def cab_all():
    out = fresh(os.path.join(FIX, "cab"))
    src = fresh(os.path.join(WORK, "cab"))
    files = {
        "empty.txt": b"",
        "small.txt": b"cabinet\n",
        "random.bin": prng(77, 100000),
        "text.h": text(78, 250000),
        "exact32k.bin": text(79, 32768),
        "dir/nested.txt": text(80, 40000),
    }
    for rel, data in files.items():
        p = os.path.join(src, rel)
        os.makedirs(os.path.dirname(p), exist_ok=True)
        with open(p, "wb") as f:
            f.write(data)
    names = sorted(files)
    run("gcab", "-c", os.path.join(out, "gcab-none.cab"), *names, cwd=src)
    run("gcab", "-c", "-z", os.path.join(out, "gcab-mszip.cab"), *names, cwd=src)
    manifest = [f"{rel} {len(data)} {sha(data)}" for rel, data in sorted(files.items())]
    write("cab/expected.txt", ("\n".join(manifest) + "\n").encode())
    for cab in ("gcab-none.cab", "gcab-mszip.cab"):
        write(f"cab/{cab}.cabextract-l.txt", run("cabextract", "-l", os.path.join(out, cab)))
    # Wine's cabarc: header reserve (-s) and a multi-cabinet set (-d).
    env = dict(os.environ, WINEDEBUG="-all", WINEPREFIX="/tmp/wineprefix")
    wine = "/usr/lib/wine/wine64"
    if os.path.exists(wine):
        flat = fresh(os.path.join(WORK, "cabflat"))
        for rel in names:
            shutil.copy(os.path.join(src, rel), os.path.join(flat, os.path.basename(rel)))
        flatnames = sorted(os.listdir(flat))
        run(wine, "cabarc.exe", "-m", "mszip", "-s", "24", "N", "reserve.cab", *flatnames, cwd=flat, env=env)
        shutil.copy(os.path.join(flat, "reserve.cab"), out)
        run(wine, "cabarc.exe", "-m", "mszip", "-d", "120000", "N", "set*.cab", *flatnames, cwd=flat, env=env)
        for fn in sorted(os.listdir(flat)):
            if fn.startswith("set") and fn.endswith(".cab"):
                shutil.copy(os.path.join(flat, fn), out)
        write("cab/reserve.cabextract-l.txt", run("cabextract", "-l", os.path.join(out, "reserve.cab")))


if __name__ == "__main__":
    os.makedirs(WORK, exist_ok=True)
    os.makedirs(FIX, exist_ok=True)
    steps = sys.argv[1:] or ["sha", "deflate", "zip", "msi", "cab"]
    for step in steps:
        {"sha": sha_vectors, "deflate": deflate_vectors, "zip": zip_vectors, "msi": msi_all, "cab": cab_all}[step]()
        print("done", step)

"""Trim the ICU data inside the Linux bundle's libicudata.so (PySide6 wheels carry ICU 73 for
libQt6Core: 32 MB, a fifth of the download).

Qt calls ICU for four things only (``nm -D --undefined-only libQt6Core.so.6``): collation
(ucol_*), code-page converters (ucnv_*), upper/lower case (u_strTo*: its tables are compiled into
libicuuc) and time-zone ids/names (ucal_*). So the data keeps the collation, zone and locale
bundles of the languages the app speaks (root, en, zh) and every small structural item
(supplementalData, zoneinfo64, normalization, names, …), and drops what Qt never asks for:
break iterators and their dictionaries, transliterators, number spell-out rules, unit, currency,
language and region display names, other languages' bundles, and the legacy code-page converter
tables (.cnv: Qt asks for them only when the app decodes a non-Unicode encoding by name, and this
app decodes with Python). A sort or a zone name in another language falls back to root, as ICU
does for any locale it lacks.

How: the library holds one ICU "common data" package (symbol icudtNN_dat): a header, a table of
contents sorted by name, then the items. The kept items are packed into a new package at the same
place; the segment holding it keeps its size in memory (the loader zero-fills the rest, as for
.bss) but ends in the file where the data ends, so the library shrinks from 32 MB to under 5 MB.
If a future wheel lays the library out differently, the dropped items are only zeroed in place
(the download still shrinks, the file does not). Tested with Qt itself in
tests/platform/test_packaging.py. Standard library only.
"""

from __future__ import annotations

import re
import struct
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

KEPT_LANGUAGES = frozenset({"root", "en", "zh"})
DROPPED_TREES = frozenset({"brkitr", "translit", "rbnf", "unit", "curr", "lang", "region"})
# Locale bundles are named like en, en_GB, zh_Hans_CN; res_index and pool are structural.
_LOCALE = re.compile(r"^(root|[a-z]{2,3})(_[A-Za-z0-9]+)*$")
_STRUCTURAL = frozenset({"res_index", "pool"})
# Code pages kept: the Chinese ones (GB18030, GBK, GB2312, Big5), about 0.5 MB, for files a
# Chinese Windows or an old editor wrote; Unicode and Latin-1 need no table.
KEPT_CONVERTERS = frozenset(
    {
        "gb18030",
        "windows-936-2000",
        "ibm-1386_P100-2001",
        "ibm-1383_P110-1999",
        "ibm-5478_P100-1995",
        "windows-950-2000",
        "ibm-950_P110-1999",
        "ibm-1373_P100-2002",  # Big5
    }
)
ICU_MAGIC = (0xDA, 0x27)


@dataclass(frozen=True)
class TrimResult:
    items_before: int
    items_after: int
    bytes_before: int
    bytes_zeroed: int


def keep_item(name: str) -> bool:
    """name: an item of the package, e.g. icudt73l/coll/zh.res or icudt73l/ibm-943_P15A-2003.cnv."""
    parts = name.split("/")
    inner = parts[1:] if len(parts) > 1 else parts
    if len(inner) > 1 and inner[0] in DROPPED_TREES:
        return False
    leaf = inner[-1]
    if leaf.endswith(".cnv"):
        return leaf[: -len(".cnv")] in KEPT_CONVERTERS
    if not leaf.endswith(".res"):
        return True  # ucadata.icu, nfkc.nrm, unames.icu, cnvalias.icu, …: the structure
    stem = leaf[: -len(".res")]
    if stem in _STRUCTURAL:
        return True
    match = _LOCALE.match(stem)
    if match is None:
        return True  # supplementalData, zoneinfo64, metaZones, likelySubtags, …
    return match.group(1) in KEPT_LANGUAGES


def _data_symbol(library: Path) -> tuple[int, int]:
    """File offset and size of the icudtNN_dat symbol (readelf: binutils is on every build box
    that strips; the data sits in a segment whose file offset equals its address)."""
    out = subprocess.run(
        ["readelf", "-W", "--dyn-syms", "--segments", str(library)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    symbol = re.search(
        r"\s([0-9a-f]+)\s+(0x[0-9a-f]+|\d+)\s+OBJECT\s+GLOBAL\s+\S+\s+\d+\s+icudt\d+_dat", out
    )
    if symbol is None:
        raise ValueError(f"{library.name}: no icudt*_dat symbol")
    address, size = int(symbol.group(1), 16), int(symbol.group(2), 0)
    for load in re.finditer(
        r"LOAD\s+0x([0-9a-f]+)\s+0x([0-9a-f]+)\s+0x[0-9a-f]+\s+0x([0-9a-f]+)", out
    ):
        offset, vaddr, filesz = (int(g, 16) for g in load.groups())
        if vaddr <= address < vaddr + filesz:
            return address - vaddr + offset, size
    raise ValueError(f"{library.name}: the data symbol is in no loaded segment")


def _read_table(blob: bytes | bytearray) -> tuple[int, list[tuple[int, int, str]], dict[int, int]]:
    """Where an ICU common-data package's table of contents starts (right after its header),
    the table's entries as (name offset, data offset, name), and where each item's data ends
    (by data offset; offsets count from the table's start)."""
    toc = struct.unpack_from("<H", blob, 0)[0]
    if tuple(blob[2:4]) != ICU_MAGIC:
        raise ValueError("not ICU data (magic)")
    count = struct.unpack_from("<I", blob, toc)[0]
    entries = []
    for i in range(count):
        name_offset, data_offset = struct.unpack_from("<II", blob, toc + 4 + 8 * i)
        start = toc + name_offset
        name = bytes(blob[start : blob.index(b"\0", start)]).decode("ascii")
        entries.append((name_offset, data_offset, name))
    starts = sorted(data_offset for _, data_offset, _ in entries)
    ends = {
        a: (starts[i + 1] if i + 1 < len(starts) else len(blob) - toc) for i, a in enumerate(starts)
    }
    return toc, entries, ends


def trim_package(blob: bytearray) -> TrimResult:
    """Trim one ICU common-data package in place."""
    toc, entries, ends = _read_table(blob)
    kept = [
        (name_offset, data_offset) for name_offset, data_offset, name in entries if keep_item(name)
    ]
    zeroed = 0
    for _, data_offset, name in entries:
        if not keep_item(name):
            start, end = toc + data_offset, toc + ends[data_offset]
            blob[start:end] = bytes(end - start)
            zeroed += end - start
    table = struct.pack("<I", len(kept)) + b"".join(struct.pack("<II", *e) for e in kept)
    old_table_size = 4 + 8 * len(entries)
    blob[toc : toc + old_table_size] = table + bytes(old_table_size - len(table))
    return TrimResult(len(entries), len(kept), len(blob), zeroed)


def compact_package(blob: bytes) -> bytes:
    """The kept items of an ICU common-data package, packed: header, table of contents (sorted
    by name, as ICU binary-searches it), names, then each item 16-byte aligned."""
    toc, entries, ends = _read_table(blob)
    kept = [
        (name.encode("ascii"), blob[toc + data_offset : toc + ends[data_offset]])
        for _, data_offset, name in entries
        if keep_item(name)
    ]
    names = b""
    name_offsets = []
    table_size = 4 + 8 * len(kept)
    for name, _ in kept:
        name_offsets.append(table_size + len(names))
        names += name + b"\0"
    body = bytearray()
    data_start = _align(toc + table_size + len(names), 16) - toc
    data_offsets = []
    for _, item in kept:
        offset = _align(data_start + len(body), 16)
        body += bytes(offset - data_start - len(body)) + item
        data_offsets.append(offset)
    table = struct.pack("<I", len(kept)) + b"".join(
        struct.pack("<II", n, d) for n, d in zip(name_offsets, data_offsets, strict=True)
    )
    out = bytes(blob[:toc]) + table + names
    out += bytes(toc + data_start - len(out))
    return out + bytes(body)


def _align(value: int, to: int) -> int:
    return (value + to - 1) // to * to


def shrink_library(library: Path) -> TrimResult | None:
    """Rewrite the library with the packed data and nothing after it: the segment holding the
    data keeps its size in memory (the loader fills the rest with zeros, as for .bss) but not
    in the file; the segment after it (.dynamic) moves down; the section table, which nothing
    reads at run time, is dropped. None when the file is not laid out as expected (then
    trim_library's in-place zeroing is used)."""
    data = library.read_bytes()
    if data[:4] != b"\x7fELF" or data[4] != 2 or data[5] != 1:
        return None  # only 64-bit little-endian
    offset, size = _data_symbol(library)
    (phoff,) = struct.unpack_from("<Q", data, 0x20)
    phentsize, phnum = struct.unpack_from("<HH", data, 0x36)
    headers = [
        list(struct.unpack_from("<IIQQQQQQ", data, phoff + i * phentsize)) for i in range(phnum)
    ]
    loads = [h for h in headers if h[0] == 1]  # PT_LOAD
    if len(loads) != 2:
        return None
    first, second = loads
    # p_type, p_flags, p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align
    if not (first[2] <= offset and offset + size == first[2] + first[5] <= second[2]):
        return None
    package = data[offset : offset + size]
    packed = compact_package(package)
    before = struct.unpack_from("<I", package, struct.unpack_from("<H", package, 0)[0])[0]
    after = struct.unpack_from("<I", packed, struct.unpack_from("<H", packed, 0)[0])[0]
    page = 0x1000
    data_end = offset + _align(len(packed), page)
    new_first_filesz = data_end - first[2]
    moved_from, moved_size = second[2], second[5]
    new_second_offset = _align(data_end, page) + second[3] % page
    delta = new_second_offset - moved_from
    out = bytearray(data[:offset]) + packed
    out += bytes(data_end - len(out))
    out += bytes(new_second_offset - len(out))
    out += data[moved_from : moved_from + moved_size]
    for i, header in enumerate(headers):
        if header is first:
            header[5] = new_first_filesz
        elif moved_from <= header[2] < moved_from + max(moved_size, 1):
            header[2] += delta
        struct.pack_into("<IIQQQQQQ", out, phoff + i * phentsize, *header)
    struct.pack_into("<Q", out, 0x28, 0)  # e_shoff: no section table
    struct.pack_into("<HHH", out, 0x3A, 0, 0, 0)  # e_shentsize, e_shnum, e_shstrndx
    temporary = library.with_name(library.name + ".trim")
    temporary.write_bytes(bytes(out))
    temporary.chmod(library.stat().st_mode & 0o7777)
    temporary.replace(library)
    return TrimResult(before, after, size, size - len(packed))


def trim_library(library: Path) -> TrimResult:
    shrunk = shrink_library(library)
    if shrunk is not None:
        return shrunk
    offset, size = _data_symbol(library)
    data = bytearray(library.read_bytes())
    package = bytearray(data[offset : offset + size])
    result = trim_package(package)
    data[offset : offset + size] = package
    _write_sparse(library, bytes(data))
    return result


def _write_sparse(path: Path, data: bytes, block: int = 1 << 16) -> None:
    zero = bytes(block)
    temporary = path.with_name(path.name + ".trim")
    with temporary.open("wb") as out:
        for start in range(0, len(data), block):
            chunk = data[start : start + block]
            if chunk == zero:
                out.seek(len(chunk), 1)
            else:
                out.write(chunk)
        out.truncate(len(data))
    temporary.chmod(path.stat().st_mode & 0o7777)
    temporary.replace(path)


def main(argv: list[str]) -> int:
    for name in argv or []:
        result = trim_library(Path(name))
        print(
            f"{name}: ICU items {result.items_before} -> {result.items_after}, "
            f"{result.bytes_zeroed / 1e6:.1f} of {result.bytes_before / 1e6:.1f} MB dropped"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

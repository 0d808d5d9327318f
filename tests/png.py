"""Checking PNG files with the standard library: chunk structure, CRCs, size and content."""
import struct
import zlib
from pathlib import Path

SIGNATURE = b"\x89PNG\r\n\x1a\n"
CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # colour type -> samples per pixel


def read_png(path: Path) -> dict:
    """Width, height and the decompressed scan lines of a PNG; AssertionError if it is not a valid one."""
    data = Path(path).read_bytes()
    assert data[:8] == SIGNATURE, "not a PNG signature"
    pos, chunks = 8, []
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        (crc,) = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])
        assert zlib.crc32(kind + body) == crc, f"bad CRC in chunk {kind!r}"
        chunks.append((kind, body))
        pos += 12 + length
    assert chunks[0][0] == b"IHDR" and chunks[-1][0] == b"IEND", "IHDR first and IEND last"
    width, height, depth, colour = struct.unpack(">IIBB", chunks[0][1][:10])
    raw = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    row_bytes = 1 + (width * CHANNELS[colour] * depth + 7) // 8
    assert len(raw) == height * row_bytes, "pixel data does not match the header's size"
    return {"width": width, "height": height, "bytes": len(data), "rows": raw, "row_bytes": row_bytes}


def distinct_sample_values(png: dict) -> int:
    """How many different byte values the scan lines hold (filter bytes left out): 1-2 for a blank image."""
    rows, step = png["rows"], png["row_bytes"]
    return len(set().union(*(set(rows[i + 1:i + step]) for i in range(0, len(rows), step))))

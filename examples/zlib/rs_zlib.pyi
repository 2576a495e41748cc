"""Type stubs for rs_zlib: CPython's zlib module on zlib-rs."""

import sys
from typing import Any, Final, Optional, TypeVar

if sys.version_info >= (3, 12):
    from collections.abc import Buffer as ReadableBuffer
else:
    from typing import Any as ReadableBuffer

_C = TypeVar("_C", bound="Compress")
_D = TypeVar("_D", bound="Decompress")

DEFLATED: Final = 8
DEF_BUF_SIZE: Final = 16384
DEF_MEM_LEVEL: Final = 8
MAX_WBITS: Final = 15
Z_NO_COMPRESSION: Final = 0
Z_BEST_SPEED: Final = 1
Z_BEST_COMPRESSION: Final = 9
Z_DEFAULT_COMPRESSION: Final = -1
Z_FILTERED: Final = 1
Z_HUFFMAN_ONLY: Final = 2
Z_RLE: Final = 3
Z_FIXED: Final = 4
Z_DEFAULT_STRATEGY: Final = 0
Z_NO_FLUSH: Final = 0
Z_PARTIAL_FLUSH: Final = 1
Z_SYNC_FLUSH: Final = 2
Z_FULL_FLUSH: Final = 3
Z_FINISH: Final = 4
Z_BLOCK: Final = 5
Z_TREES: Final = 6
ZLIB_VERSION: Final[str]
"""The zlib API version zlib-rs implements, e.g. "1.3.0"."""
ZLIB_RUNTIME_VERSION: Final[str]
"""Same as ZLIB_VERSION: the engine is linked statically."""
ZLIB_RS_VERSION: Final[str]
"""zlib-rs' own version string, e.g. "1.3.0-zlib-rs-0.6.8"."""
DETACH_THRESHOLD: Final[int]
"""Immutable inputs at least this long are processed with the GIL released."""

def _panic(message: str, /) -> None: ...

class error(Exception): ...

class Compress:
    def compress(self, data: ReadableBuffer, /) -> bytes: ...
    def flush(self, mode: int = 4, /) -> bytes: ...
    def copy(self: _C) -> _C: ...
    def __copy__(self: _C) -> _C: ...
    def __deepcopy__(self: _C, memo: Any, /) -> _C: ...

class Decompress:
    @property
    def unused_data(self) -> bytes: ...
    @property
    def unconsumed_tail(self) -> bytes: ...
    @property
    def eof(self) -> bool: ...
    def decompress(self, data: ReadableBuffer, /, max_length: int = 0) -> bytes: ...
    def flush(self, length: int = 16384, /) -> bytes: ...
    def copy(self: _D) -> _D: ...
    def __copy__(self: _D) -> _D: ...
    def __deepcopy__(self: _D, memo: Any, /) -> _D: ...

def adler32(data: ReadableBuffer, value: int = 1, /) -> int: ...
def crc32(data: ReadableBuffer, value: int = 0, /) -> int: ...
def compress(data: ReadableBuffer, /, level: int = -1, wbits: int = 15) -> bytes: ...
def compressobj(
    level: int = -1,
    method: int = 8,
    wbits: int = 15,
    memLevel: int = 8,
    strategy: int = 0,
    zdict: Optional[ReadableBuffer] = None,
) -> Compress: ...
def decompress(data: ReadableBuffer, /, wbits: int = 15, bufsize: int = 16384) -> bytes: ...
def decompressobj(wbits: int = 15, zdict: ReadableBuffer = b"") -> Decompress: ...

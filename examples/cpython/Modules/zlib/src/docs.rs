//! Docstrings. Each starts with the text signature of the C module's function (the line
//! `inspect.signature` reads), so the Rust module's signatures are the C module's.

use std::ffi::CStr;

pub const MODULE: &CStr =
    c"The functions in this module allow compression and decompression using the
zlib library, which is based on GNU zip. This module is written in Rust, on zlib-rs.

adler32(string[, start]) -- Compute an Adler-32 checksum.
compress(data[, level]) -- Compress data, with compression level 0-9 or -1.
compressobj([level[, ...]]) -- Return a compressor object.
crc32(string[, start]) -- Compute a CRC-32 checksum.
decompress(string,[wbits],[bufsize]) -- Decompresses a compressed string.
decompressobj([wbits[, zdict]]) -- Return a decompressor object.

'wbits' is window buffer size and container format.
Compressor objects support compress() and flush() methods; decompressor
objects support decompress() and flush().";

pub const COMPRESS: &CStr =
    c"compress($module, data, /, level=Z_DEFAULT_COMPRESSION, wbits=MAX_WBITS)
--

Returns a bytes object containing compressed data.";

pub const DECOMPRESS: &CStr = c"decompress($module, data, /, wbits=MAX_WBITS, bufsize=DEF_BUF_SIZE)
--

Returns a bytes object containing the uncompressed data.";

pub const COMPRESSOBJ: &CStr =
    c"compressobj($module, /, level=Z_DEFAULT_COMPRESSION, method=DEFLATED,
            wbits=MAX_WBITS, memLevel=DEF_MEM_LEVEL,
            strategy=Z_DEFAULT_STRATEGY, zdict=None)
--

Return a compressor object.";

pub const DECOMPRESSOBJ: &CStr = c"decompressobj($module, /, wbits=MAX_WBITS, zdict=b'')
--

Return a decompressor object.";

pub const ADLER32: &CStr = c"adler32($module, data, value=1, /)
--

Compute an Adler-32 checksum of data.";

pub const CRC32: &CStr = c"crc32($module, data, value=0, /)
--

Compute a CRC-32 checksum of data.";

pub const COMPRESS_COMPRESS: &CStr = c"compress($self, data, /)
--

Returns a bytes object containing compressed data.";

pub const COMPRESS_FLUSH: &CStr = c"flush($self, mode=zlib.Z_FINISH, /)
--

Return a bytes object containing any remaining compressed data.";

pub const COPY: &CStr = c"copy($self, /)
--

Return a copy of the object.";

pub const DUNDER_COPY: &CStr = c"__copy__($self, /)
--

";

pub const DEEPCOPY: &CStr = c"__deepcopy__($self, memo, /)
--

";

pub const DECOMPRESS_DECOMPRESS: &CStr = c"decompress($self, data, /, max_length=0)
--

Return a bytes object containing the decompressed version of the data.";

pub const DECOMPRESS_FLUSH: &CStr = c"flush($self, length=zlib.DEF_BUF_SIZE, /)
--

Return a bytes object containing any remaining decompressed data.";

pub const DECOMPRESSOR: &CStr = c"_ZlibDecompressor(wbits=15, zdict=b'')
--

Create a decompressor object for decompressing data incrementally.";

pub const DECOMPRESSOR_DECOMPRESS: &CStr = c"decompress($self, /, data, max_length=-1)
--

Decompress *data*, returning uncompressed data as bytes.";

pub const COMPRESS_TYPE: &CStr = c"Compression object (zlib.compressobj()).";
pub const DECOMPRESS_TYPE: &CStr = c"Decompression object (zlib.decompressobj()).";

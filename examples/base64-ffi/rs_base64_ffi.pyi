"""Type stubs for rs_base64_ffi: binascii's base64 functions on raw C-API bindings."""

import sys
from typing import Union

if sys.version_info >= (3, 12):
    from collections.abc import Buffer as _Buffer
else:
    from typing import Any as _Buffer

def b2a_base64(data: _Buffer, /, *, newline: bool = True) -> bytes: ...
def a2b_base64(data: Union[str, _Buffer], /, *, strict_mode: bool = False) -> bytes: ...

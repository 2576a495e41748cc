# The project's addition to CPython's Lib/base64.py (inserted at an anchor
# named in ../tool/edits.py): the Rust module replaces the six functions when
# the build has it; otherwise the Python definitions above stay, on binascii.

# ANCHOR: fallback

# rust-for-cpython: the _base64 module (Rust) when this build has it
try:
    from _base64 import (b64encode, b64decode, standard_b64encode,
                         standard_b64decode, urlsafe_b64encode,
                         urlsafe_b64decode)
except ImportError:
    pass
# ANCHOR_END: fallback

"""rs_base64's binascii functions: types, bad input, huge input, threads, leaks."""

import pytest

import rs_base64
from b64_common_tests import *  # noqa: F401,F403 - shared tests run for this module


@pytest.fixture(params=["simd", "scalar"])
def mod(request):
    rs_base64._set_backend(request.param)
    yield rs_base64
    rs_base64._set_backend("simd")

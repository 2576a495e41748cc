/* What cpython-sys binds: the public C API of the tree being built. */
#define PY_SSIZE_T_CLEAN
#include "Python.h"

dnl The project's additions to CPython's configure.ac. Each block between
dnl ANCHOR and ANCHOR_END lines is inserted at an anchor named in ../tool/edits.py;
dnl configure is then regenerated with autoconf 2.71.

dnl ANCHOR: with-rust
dnl rust-for-cpython: --with-rust, Cargo, the Rust target triple and profile
AC_ARG_VAR([CARGO], [Cargo, which builds the Rust extension modules])
AC_ARG_VAR([RUSTC], [the Rust compiler (default: the rustc beside cargo)])
AC_ARG_VAR([CARGO_TARGET], [Rust target triple (default: derived from the host triple)])
AC_MSG_CHECKING([for --with-rust])
AC_ARG_WITH([rust],
  [AS_HELP_STRING([--with-rust@<:@=auto|yes|no@:>@],
                  [build the Rust extension modules with Cargo (default is auto: only when cargo is found)])],
  [], [with_rust=auto])
AS_CASE([$with_rust],
  [auto|yes|no], [],
  [AC_MSG_ERROR([--with-rust=$with_rust: expected auto, yes or no])])
AC_MSG_RESULT([$with_rust])

AS_VAR_IF([with_rust], [no], [CARGO=], [
  AC_PATH_PROG([CARGO], [cargo], [], [$PATH$PATH_SEPARATOR${CARGO_HOME:-$HOME/.cargo}/bin])
  AS_IF([test -n "$CARGO"], [
    AC_PATH_PROG([RUSTC], [rustc], [], [`dirname "$CARGO"`$PATH_SEPARATOR$PATH])
  ])
  AS_IF([test -n "$CARGO" && test -n "$RUSTC"], [
    AC_MSG_CHECKING([for the Rust target triple])
    AS_IF([test -z "$CARGO_TARGET"], [
      dnl CPython and Rust spell some targets differently (armv7l/armv7, riscv64/riscv64gc).
      AS_CASE([$host],
        [x86_64-*-linux-gnu], [CARGO_TARGET=x86_64-unknown-linux-gnu],
        [aarch64-*-linux-gnu], [CARGO_TARGET=aarch64-unknown-linux-gnu],
        [i?86-*-linux-gnu], [CARGO_TARGET=i686-unknown-linux-gnu],
        [armv7*-*-linux-gnueabihf], [CARGO_TARGET=armv7-unknown-linux-gnueabihf],
        [powerpc64le-*-linux-gnu], [CARGO_TARGET=powerpc64le-unknown-linux-gnu],
        [s390x-*-linux-gnu], [CARGO_TARGET=s390x-unknown-linux-gnu],
        [riscv64-*-linux-gnu], [CARGO_TARGET=riscv64gc-unknown-linux-gnu],
        [x86_64-*-linux-musl], [CARGO_TARGET=x86_64-unknown-linux-musl],
        [aarch64-*-linux-musl], [CARGO_TARGET=aarch64-unknown-linux-musl],
        [x86_64-*-freebsd*], [CARGO_TARGET=x86_64-unknown-freebsd],
        [x86_64-apple-darwin*], [CARGO_TARGET=x86_64-apple-darwin],
        [aarch64-apple-darwin*|arm64-apple-darwin*], [CARGO_TARGET=aarch64-apple-darwin],
        [AC_MSG_ERROR([no Rust target is known for $host: pass CARGO_TARGET=<triple> (rustc --print target-list)])])
    ])
    AC_MSG_RESULT([$CARGO_TARGET])

    dnl Optimized C goes with optimized Rust: only a --with-pydebug build uses Cargo's dev profile.
    AC_MSG_CHECKING([for the Cargo profile])
    AS_VAR_IF([Py_DEBUG], [true],
      [CARGO_PROFILE=dev; CARGO_PROFILE_DIR=debug],
      [CARGO_PROFILE=release; CARGO_PROFILE_DIR=release])
    AC_MSG_RESULT([$CARGO_PROFILE])
    AS_VAR_IF([ac_sys_system], [Darwin], [CARGO_DYLIB_SUFFIX=.dylib], [CARGO_DYLIB_SUFFIX=.so])

    dnl rustc names the system libraries a Rust static library needs; this also checks
    dnl that the standard library for CARGO_TARGET is installed.
    AC_MSG_CHECKING([for the libraries a Rust static library links])
    AS_IF([echo "" | "$RUSTC" --target "$CARGO_TARGET" --crate-type staticlib --crate-name conftest \
             --print native-static-libs -o conftest-rust.a - >conftest-rust.out 2>&1],
      [RUST_STATICLIB_LDFLAGS=`sed -n 's/^note: native-static-libs: //p' conftest-rust.out`
       AC_MSG_RESULT([$RUST_STATICLIB_LDFLAGS])],
      [AC_MSG_RESULT([failed])
       cat conftest-rust.out >&AS_MESSAGE_LOG_FD
       AS_VAR_IF([with_rust], [yes],
         [AC_MSG_ERROR([rustc cannot build for $CARGO_TARGET (see config.log): rustup target add $CARGO_TARGET])])
       AC_MSG_WARN([rustc cannot build for $CARGO_TARGET: the Rust extension modules are not built])
       CARGO=])
    rm -f conftest-rust.a conftest-rust.out
  ], [
    AS_VAR_IF([with_rust], [yes],
      [AC_MSG_ERROR([--with-rust=yes, but cargo or rustc was not found: install Rust or set CARGO and RUSTC])])
    AC_MSG_WARN([cargo not found: the Rust extension modules are not built (--with-rust=no silences this)])
    CARGO=
  ])
])
AC_SUBST([CARGO_PROFILE])
AC_SUBST([CARGO_PROFILE_DIR])
AC_SUBST([CARGO_DYLIB_SUFFIX])
AC_SUBST([RUST_STATICLIB_LDFLAGS])
dnl rust-for-cpython: end

dnl ANCHOR_END: with-rust

dnl ANCHOR: module
dnl rust-for-cpython: _base64 is written in Rust and needs Cargo; _testrustapi, the tests of
dnl the Rust API (as _testcapi is the C API's), is a test module as well
PY_STDLIB_MOD([_base64], [test "$with_rust" != no], [test -n "$CARGO"])
PY_STDLIB_MOD([_testrustapi], [test "$with_rust" != no && test "$TEST_MODULES" = yes],
  [test -n "$CARGO"])
dnl ANCHOR_END: module

dnl ANCHOR: zlib
dnl compression libs
dnl rust-for-cpython: with Cargo, zlib is the Rust module (Modules/zlib, on zlib-rs: it needs
dnl no libz); without it, zlibmodule.c with the system libz exactly as upstream. One
dnl PY_STDLIB_MOD keeps MODULE_ZLIB_STATE for check_extension_modules; MODULE_ZLIB_RUST picks
dnl the Setup.stdlib line. binascii still uses libz for crc32 when it is found (unchanged).
AS_IF([test -n "$CARGO"],
  [py_zlib_rust=yes; py_zlib_cflags=; py_zlib_libs=],
  [py_zlib_rust=no; py_zlib_cflags=$ZLIB_CFLAGS; py_zlib_libs=$ZLIB_LIBS])
PY_STDLIB_MOD([zlib], [], [test "$py_zlib_rust" = yes || test "$have_zlib" = yes],
  [$py_zlib_cflags], [$py_zlib_libs])
AM_CONDITIONAL([MODULE_ZLIB_RUST], [test "$py_zlib_rust" = yes])
dnl ANCHOR_END: zlib

# The project's additions to CPython's Makefile.pre.in (blocks between the
# ANCHOR and ANCHOR_END lines, inserted at anchors named in ../tool/edits.py).

# ANCHOR: vars
# === Rust extension modules (rust-for-cpython) ===
# configure finds Cargo and derives the target triple and profile; each Rust
# module line of Modules/Setup* becomes a rule that runs CARGO_BUILD for the
# module (see Modules/makesetup). Cargo's output stays in this build directory.
CARGO=		@CARGO@
CARGO_TARGET=	@CARGO_TARGET@
CARGO_PROFILE=	@CARGO_PROFILE@
CARGO_TARGET_DIR=$(abs_builddir)/target
CARGO_OUT=	$(CARGO_TARGET_DIR)/$(CARGO_TARGET)/@CARGO_PROFILE_DIR@
CARGO_DYLIB_SUFFIX=@CARGO_DYLIB_SUFFIX@
CARGO_BUILD=	CARGO_TARGET_DIR=$(CARGO_TARGET_DIR) PYTHON_BUILD_DIR=$(abs_builddir) \
		$(CARGO) build --lib --locked --target $(CARGO_TARGET) --profile $(CARGO_PROFILE) \
		--manifest-path $(abs_srcdir)/Cargo.toml
# Static builds link every Rust module through one archive: one copy of std.
RUST_STATICLIB=	$(CARGO_OUT)/libcpython_rust_staticlib.a
RUST_STATICLIB_LDFLAGS=@RUST_STATICLIB_LDFLAGS@

# ANCHOR_END: vars
# ANCHOR: rules
# rust-for-cpython: Cargo decides what is up to date, so its rules always run it.
.PHONY: FORCE_CARGO
FORCE_CARGO:

$(RUST_STATICLIB): FORCE_CARGO
	$(CARGO_BUILD) --package cpython-rust-staticlib

# Cargo's output is all under CARGO_TARGET_DIR.
.PHONY: clean-rust
clean-rust:
	-rm -rf $(CARGO_TARGET_DIR)

# ANCHOR_END: rules
# ANCHOR: clean
clean: clean-retain-profile clean-bolt clean-rust
# ANCHOR_END: clean

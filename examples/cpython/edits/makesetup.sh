# The project's additions to CPython's Modules/makesetup (blocks between the
# ANCHOR and ANCHOR_END lines, inserted at anchors named in ../tool/edits.py).
# A Setup line `NAME NAME/Cargo.toml` declares a Rust module built by Cargo.

# ANCHOR: reset
		cargo=
# ANCHOR_END: reset
# ANCHOR: word
			*/Cargo.toml)	cargo=$arg;; # rust-for-cpython
# ANCHOR_END: word
# ANCHOR: libs
		# rust-for-cpython: a static Rust module links the Rust static library
		case $cargo,$doconfig in
		?*,yes)	libs="$libs \$(RUST_STATICLIB) \$(RUST_STATICLIB_LDFLAGS)"; RUST_STATIC=yes;;
		esac
# ANCHOR_END: libs
# ANCHOR: rule
		# rust-for-cpython: Cargo builds a shared Rust module as a cdylib
		case $cargo in
		?*)
			for mod in $mods
			do
				case $doconfig in
				no)
					file="$srcdir/$mod\$(EXT_SUFFIX)"
					SHAREDMODS="$SHAREDMODS $file"
					BUILT_SHARED="$BUILT_SHARED $mod"
					rule="$file: FORCE_CARGO; \$(CARGO_BUILD) --package $mod"
					rule="$rule && cp \$(CARGO_OUT)/lib$mod\$(CARGO_DYLIB_SUFFIX) $file"
					echo "$rule" >>$rulesf
					;;
				esac
			done
			continue;;
		esac
# ANCHOR_END: rule
# ANCHOR: static
	# rust-for-cpython: config.c calls the PyInit_ of static Rust modules
	case $RUST_STATIC in
	yes)	echo "Modules/config.o: \$(RUST_STATICLIB)" >>$rulesf;;
	esac

# ANCHOR_END: static

// The project's addition to CPython's Python/stdlib_module_names.h, which
// `make regen-stdlib-module-names` would write from Modules/Setup.stdlib.in.

// ANCHOR: name
"_base64",
// ANCHOR_END: name

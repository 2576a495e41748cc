# Shared by ci/test and ci/serve: installs the pinned tools when they are
# missing and exports the environment every step uses. Source it from the
# repository root.

MDBOOK_VERSION=0.5.4
CARGO_FUZZ_VERSION=0.13.2
ROOT=$(pwd)
# Physical paths: a checkout whose .venv and .tools are links to another's
# (ci/run_page.py's temporary copy) then hands pyo3 the same interpreter path,
# so its build scripts see no change and nothing is rebuilt.
VENV=$(cd "$ROOT/.venv" 2>/dev/null && pwd -P || echo "$ROOT/.venv")
TOOLS=$(cd "$ROOT/.tools" 2>/dev/null && pwd -P || echo "$ROOT/.tools")
# The interpreter the venv, the examples and the book's pyo3 snippets use.
PYTHON=${PYTHON:-python3}

log() { printf '%s\n' "$*" >&2; }

# .venv with the exact pins of ci/requirements.txt; reinstalled when the pins
# change.
ensure_venv() {
    local stamp="$VENV/.requirements.sha256"
    local want
    want=$(sha256sum ci/requirements.txt | cut -d' ' -f1)
    if [ ! -x "$VENV/bin/python" ]; then
        log "creating $VENV with $($PYTHON --version)"
        "$PYTHON" -m venv "$VENV" || return 1
    fi
    if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
        log "installing ci/requirements.txt into .venv"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            -r ci/requirements.txt || return 1
        echo "$want" >"$stamp"
    fi
    # The examples' shared test tools (examples/tools), editable: their code
    # is used in place; pip runs again only when their pyproject.toml changes.
    local tools_stamp="$VENV/.examples-tools.sha256" tools_want
    tools_want=$(sha256sum examples/tools/pyproject.toml | cut -d' ' -f1)
    if [ "$(cat "$tools_stamp" 2>/dev/null)" != "$tools_want" ]; then
        log "installing examples/tools (rust-ext-testing) into .venv"
        "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check \
            --no-deps -e examples/tools || return 1
        echo "$tools_want" >"$tools_stamp"
    fi
}

# mdBook at the pinned version, built from crates.io with its own lockfile
# into .tools/ (about two minutes the first time, then nothing).
ensure_mdbook() {
    if [ "$("$TOOLS/bin/mdbook" --version 2>/dev/null)" != "mdbook v$MDBOOK_VERSION" ]; then
        log "installing mdbook $MDBOOK_VERSION into .tools/"
        cargo install mdbook --version "$MDBOOK_VERSION" --locked --quiet \
            --root "$TOOLS" --target-dir "$ROOT/target/tools" || return 1
    fi
}

# cargo-fuzz (libFuzzer driver) at the pinned version into .tools/, like
# mdBook: built with its own lockfile the first time, then nothing.
ensure_cargo_fuzz() {
    if [ "$("$TOOLS/bin/cargo-fuzz" --version 2>/dev/null)" != "cargo-fuzz $CARGO_FUZZ_VERSION" ]; then
        log "installing cargo-fuzz $CARGO_FUZZ_VERSION into .tools/"
        cargo install cargo-fuzz --version "$CARGO_FUZZ_VERSION" --locked --quiet \
            --root "$TOOLS" --target-dir "$ROOT/target/tools" || return 1
    fi
}

# Debian packages, installed with apt-get when a command is missing.
ensure_apt() {
    local cmd=$1 pkg=$2
    command -v "$cmd" >/dev/null 2>&1 && return 0
    log "installing Debian package $pkg"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
}

# A Debian package that provides no command (libclang-dev), by its dpkg state.
ensure_apt_package() {
    local pkg=$1
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" && return 0
    log "installing Debian package $pkg"
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$pkg" >/dev/null
}

# Everything after this runs inside the venv. The book's pyo3 snippets and
# the examples' Rust tests link and load the venv interpreter's libpython,
# not whatever libpython the system has (Debian ships its own 3.11).
python_env() {
    export VIRTUAL_ENV="$VENV"
    export PATH="$VENV/bin:$TOOLS/bin:$PATH"
    export PYO3_PYTHON="$VENV/bin/python"
    local libdir
    libdir=$("$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_config_var("LIBDIR"))')
    export LIBRARY_PATH="$libdir${LIBRARY_PATH:+:$LIBRARY_PATH}"
    export LD_LIBRARY_PATH="$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
}

# The examples: every folder of examples/ with a pyproject.toml and a
# Cargo.toml (examples/tools has only the first: it is the Python test tools).
examples() {
    local d
    for d in examples/*/pyproject.toml; do
        [ -e "$(dirname "$d")/Cargo.toml" ] && dirname "$d"
    done
}

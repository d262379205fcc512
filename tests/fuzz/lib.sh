# shellcheck shell=bash
# Builds for clang with sanitizers, shared by scripts/test (stages sanitize and fuzz) and scripts/fuzz.
# Source it after scripts/common.sh (it uses NP_TOP, np_log, np_die). Every function is prefixed np_.
#
# The source tree is built in-tree by scripts/test (gcc), and automake refuses a second, out-of-tree
# build of a configured tree ("source directory already configured"). So a clang build copies the
# sources (the files git knows, plus the generated configure and Makefile.in) into DIR/src and builds
# in DIR/build; the in-tree gcc build is never touched.

# The sanitizer build of scripts/test: every undefined behaviour and memory error is fatal.
NP_SANITIZE_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -g -O1"
# scripts/fuzz adds coverage instrumentation of the libraries, which libFuzzer's search needs.
NP_FUZZ_CFLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -g -O1"

# The fuzz targets: the names NAME of tests/fuzz/fuzz_NAME.c, one a line, sorted. Found by the glob,
# so that a new target is built and replayed without being listed anywhere.
np_fuzz_targets() {
    local f n
    for f in "$NP_TOP"/tests/fuzz/fuzz_*.c; do
        [ -f "$f" ] || continue
        n=${f##*/fuzz_}
        printf '%s\n' "${n%.c}"
    done | sort
}

# np_clang_tree DIR CFLAGS: copy the sources into DIR/src and configure DIR/build with clang and CFLAGS
# (again only when CFLAGS changed). The project's warning flags, -Werror included, stay on.
np_clang_tree() {
    local dir=$1 cflags=$2 f
    command -v clang >/dev/null || np_die "clang is not installed (apt-get install clang libclang-rt-14-dev)"
    mkdir -p "$dir/src" "$dir/build"
    (
        cd "$NP_TOP" || exit 1
        {
            git ls-files -co --exclude-standard 2>/dev/null || np_die "$NP_TOP is not a git checkout"
            for f in configure aclocal.m4 mod_nethprov/np_config.h.in; do [ -f "$f" ] && printf '%s\n' "$f"; done
            find build-aux m4 -type f 2>/dev/null
            find . -name Makefile.in -not -path './run/*' 2>/dev/null | sed 's|^\./||'
        } | sort -u | while IFS= read -r f; do [ -f "$f" ] && printf '%s\n' "$f"; done |
            tar -cf - -T - | tar -xpf - -C "$dir/src"
    ) || np_die "copying the sources to $dir/src failed"
    (
        cd "$dir/src" || exit 1
        if [ ! -x configure ] || [ configure.ac -nt configure ]; then
            autoreconf -fi >"$dir/autoreconf.log" 2>&1 || np_die "autoreconf failed (see $dir/autoreconf.log)"
        fi
    ) || return 1
    if [ ! -f "$dir/build/Makefile" ] || [ "$(cat "$dir/build/cflags" 2>/dev/null)" != "$cflags" ] ||
        [ "$dir/src/configure" -nt "$dir/build/config.status" ]; then
        (cd "$dir/build" && ../src/configure -q CC=clang CFLAGS="$cflags" >"$dir/configure.log" 2>&1) || {
            tail -n 30 "$dir/configure.log" >&2
            np_die "configure with clang failed (see $dir/build/config.log)"
        }
        printf '%s\n' "$cflags" >"$dir/build/cflags"
    fi
}

# np_clang_libs DIR [MORE-TARGETS...]: make the core and RPS libraries (and MORE-TARGETS of
# mod_nethprov/) in DIR/build. The httpd module is left out: its files are another change's to make
# clang-clean, and the unit tests and fuzz targets do not need it.
np_clang_libs() {
    local dir=$1
    shift
    make -C "$dir/build/mod_nethprov" -j2 libnethprov.la libnprps.la "$@"
}

# np_fuzz_link DIR NAME OUT [EXTRA-FLAGS...]: link tests/fuzz/fuzz_NAME.c into OUT with libFuzzer against
# the libraries of DIR/build, with the project's warnings (-Werror), less -Wmissing-prototypes: the
# entry point LLVMFuzzerTestOneInput is libFuzzer's to declare, and a target need not include np_fuzz.h.
np_fuzz_link() {
    local dir=$1 name=$2 out=$3 warn
    shift 3
    warn=$(sed -n 's/^NP_WARN_CFLAGS = //p' "$dir/build/mod_nethprov/Makefile")
    # shellcheck disable=SC2046,SC2086
    clang -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1 $warn -Wno-missing-prototypes "$@" \
        -I "$dir/src/mod_nethprov" -I "$dir/build/mod_nethprov" \
        $(pkg-config --cflags apr-1 apr-util-1 libxml-2.0 libpq) \
        "$dir/src/tests/fuzz/fuzz_$name.c" \
        "$dir/build/mod_nethprov/.libs/libnprps.a" "$dir/build/mod_nethprov/.libs/libnethprov.a" \
        $(pkg-config --libs apr-1 apr-util-1 libxml-2.0 libpq libcrypto libcurl) -o "$out"
}

# np_sanitize_build DIR: the sanitizer build of the libraries, the CLI and the unit tests' libraries.
np_sanitize_build() {
    np_clang_tree "$1" "$NP_SANITIZE_CFLAGS" && np_clang_libs "$1" nethprov
}

# How sanitizers report: abort at the first error with a stack; leaks are not checked (APR pools
# and libxml2's globals outlive a test, and valgrind is the tool for leaks).
np_sanitizer_env() {
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:detect_stack_use_after_return=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
    if command -v llvm-symbolizer >/dev/null; then
        ASAN_SYMBOLIZER_PATH=$(command -v llvm-symbolizer)
        export ASAN_SYMBOLIZER_PATH
    fi
}

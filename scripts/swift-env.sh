# Sourced by the scripts: makes the Swift toolchain reachable on machines where it is installed but not on PATH.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "swift not found: install the Swift 6.3 toolchain" >&2; exit 1; }
# The SMTP sender links libcurl: its headers are needed to build (Debian: libcurl4-openssl-dev).
if [ ! -f /usr/include/curl/curl.h ] && [ ! -f /usr/include/x86_64-linux-gnu/curl/curl.h ] && ! pkg-config --exists libcurl 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing libcurl headers (apt-get install libcurl4-openssl-dev)…" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get install -y -qq --no-install-recommends libcurl4-openssl-dev >&2 \
            || { apt-get update -qq >&2 && apt-get install -y -qq --no-install-recommends libcurl4-openssl-dev >&2; }
    else
        echo "libcurl headers not found: install libcurl4-openssl-dev (or your system's libcurl development package)" >&2
        exit 1
    fi
fi

# Sourced by the scripts: makes the Swift toolchain reachable on machines where it is installed but not on PATH.
if ! command -v swift >/dev/null 2>&1 && [ -x /opt/swift/usr/bin/swift ]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
command -v swift >/dev/null 2>&1 || { echo "swift not found: install the Swift 6.3 toolchain" >&2; exit 1; }

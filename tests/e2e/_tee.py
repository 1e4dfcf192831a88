"""Run a command with stdin/stdout passed through, and a raw copy of its stdout in a file.

Used by the end-to-end tests to check every byte the real server writes to stdout.
Usage: python _tee.py COPY_PATH COMMAND [ARGS...]
"""

from __future__ import annotations

import subprocess
import sys
import threading


def main() -> int:
    copy_path, *command = sys.argv[1:]
    proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert proc.stdin is not None
    assert proc.stdout is not None
    child_in, child_out = proc.stdin, proc.stdout

    def pump_in() -> None:
        for chunk in iter(lambda: sys.stdin.buffer.read1(65536), b""):
            child_in.write(chunk)
            child_in.flush()
        child_in.close()

    threading.Thread(target=pump_in, daemon=True).start()
    with open(copy_path, "wb") as copy:
        for chunk in iter(lambda: child_out.read1(65536), b""):
            copy.write(chunk)
            copy.flush()
            sys.stdout.buffer.write(chunk)
            sys.stdout.buffer.flush()
    return proc.wait()


if __name__ == "__main__":
    raise SystemExit(main())

#!/usr/bin/env bash
# Prints a TCP port on 127.0.0.1 that nothing is listening on, chosen by the
# kernel (bind to port 0). The test and bench scripts use it instead of a
# random number, which could land on a port another server or an outgoing
# connection already holds (a failed bind, or health checks answered by the
# wrong server).
set -euo pipefail
python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'

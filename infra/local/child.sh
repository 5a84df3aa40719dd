# Sourced by the scripts that run a local server for the platform (dynalite, Trino).
#
# run_as_child COMMAND...: runs the server so that it does not outlive the platform that started
# it. The platform holds this script's standard input open (a pipe); when the platform exits, even
# killed with SIGKILL or by the kernel's OOM killer, the pipe closes and the server is stopped
# (SIGTERM). Without this a crashed `up` would leave its servers running, holding their ports and
# data directories, and the next `up` could not start. A SIGTERM or SIGINT to this script is passed
# on to the server, and the script exits with the server's status once it has stopped.
run_as_child() {
  exec 3<&0
  "$@" </dev/null &
  server=$!
  trap 'kill -TERM "$server" 2>/dev/null || true' TERM INT
  { cat <&3 >/dev/null; kill -TERM "$server" 2>/dev/null; } &
  exec 3<&-
  local status=0
  wait "$server" || status=$?
  # a trapped signal ends the wait early: wait again until the server has stopped
  while kill -0 "$server" 2>/dev/null; do
    status=0
    wait "$server" || status=$?
  done
  exit "$status"
}

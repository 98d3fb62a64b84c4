#!/usr/bin/env bash
# Prepares a Debian machine to run Berth and its tests, idempotently: installs what is missing (git, Docker Engine,
# a static busybox for images built FROM scratch, iptables, sshd, Debian's docker-registry for the registry test) and
# starts a Docker Engine when none answers.
# Needs root (apt-get, dockerd). Used by .ci/run and by the README's quick start.
set -euo pipefail

log() { printf '\n== %s\n' "$*"; }

# Debian packages, installed only when missing (a fresh machine has none of them).
need=()
command -v git >/dev/null || need+=(git)
command -v dockerd >/dev/null || need+=(docker.io)
[ -x /bin/busybox ] || need+=(busybox-static)
command -v iptables >/dev/null || need+=(iptables)
[ -x /usr/sbin/sshd ] || need+=(openssh-server)
command -v docker-registry >/dev/null || need+=(docker-registry)
if [ ${#need[@]} -gt 0 ]; then
  log "apt-get install ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
  # The package's own registry service is not wanted: the registry test runs its own, on its own port.
  if [[ " ${need[*]} " == *" docker-registry "* ]] && command -v systemctl >/dev/null; then
    systemctl disable --now docker-registry >/dev/null 2>&1 || true
  fi
fi

# A Docker Engine for the agent's tests: start one when none answers, and wait for it (bounded).
if ! docker info >/dev/null 2>&1; then
  log "starting dockerd"
  (setsid dockerd >/tmp/berth-dockerd.log 2>&1 &)
  for _ in $(seq 1 60); do docker info >/dev/null 2>&1 && break; sleep 0.5; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start:"; tail -20 /tmp/berth-dockerd.log; exit 1; }
fi
log "docker $(docker version --format '{{.Server.Version}}')"


#!/usr/bin/env bash
# install-deps.sh: installs the Debian packages tmpld needs to build, test and benchmark,
# when any is missing. Run as root (apt-get); otherwise it says what to install.
set -euo pipefail

build_pkgs="build-essential pkg-config libevent-dev libcjson-dev liblmdb-dev libcrypt-dev libyaml-dev libxml2-dev libssl-dev libmimalloc-dev"
test_pkgs="libcmocka-dev python3 curl systemd"
# the real clients that test/clients/ drives (suites clients-ansible and clients-pyzabbix)
test_pkgs="$test_pkgs ansible python3-pyzabbix"
case "${1:-test}" in
  build) want="$build_pkgs" ;;
  bench) want="$build_pkgs wrk" ;;
  fuzz)  want="$build_pkgs clang" ;;
  *)     want="$build_pkgs $test_pkgs" ;;
esac

missing=""
for p in $want; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
  echo "tmpld: missing Debian packages:$missing" >&2
  echo "tmpld: install them as root: apt-get install -y$missing" >&2
  exit 1
fi
echo "tmpld: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing >/dev/null

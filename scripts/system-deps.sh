#!/usr/bin/env bash
# The system packages the test tiers need, from Debian: chromium and CJK/emoji fonts for the
# browser tier, PostgreSQL's server binaries for the postgres tier. Called by `make test` and
# .ci/run. As root with apt-get it installs whatever is missing (refreshing the package lists
# only when the install needs it); otherwise it prints one line naming what to install. It
# never stops the build itself: a tier whose packages are missing then fails its own tests.
set -uo pipefail

have_pkg() {
  if command -v dpkg-query >/dev/null 2>&1; then
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"
  else
    return 1
  fi
}

have_font() {  # $1: Debian package, $2: fontconfig pattern it provides
  have_pkg "$1" || { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list "$2" 2>/dev/null)" ]; }
}

have_postgres() {
  compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null \
    || { command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; }
}

missing=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || missing+=(chromium)
have_font fonts-noto-cjk ":lang=ja" || missing+=(fonts-noto-cjk)
have_font fonts-noto-color-emoji "Noto Color Emoji" || missing+=(fonts-noto-color-emoji)
have_postgres || missing+=(postgresql)

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  echo "system-deps: installing ${missing[*]}"
  # An empty or stale package list makes the install fail: refresh it then, and only then.
  if apt-get install -y -qq "${missing[@]}" >/dev/null 2>&1 \
     || { apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
    exit 0
  fi
  echo "system-deps: apt-get could not install ${missing[*]}; the browser and postgres" \
       "test tiers will fail until they are installed." >&2
  exit 0
fi

echo "system-deps: missing ${missing[*]}: install them with" \
     "\`sudo apt-get install ${missing[*]}\` (the browser and postgres test tiers fail without them)." >&2
exit 0

#!/usr/bin/env bash
# Installs what OpenEM's tests and demo need on a fresh Debian machine of this kind (Swift is already there).
# Idempotent: quick when everything is present.
set -euo pipefail

# Debian packages: Leaflet and Chart.js (served by the portal), Chromium and its driver (browser tests).
need_deb=()
[ -f /usr/share/javascript/leaflet/leaflet.js ] || need_deb+=(libjs-leaflet)
[ -d /usr/share/javascript/chart.js ] || need_deb+=(libjs-chart.js)
command -v chromium >/dev/null || need_deb+=(chromium)
command -v chromedriver >/dev/null || need_deb+=(chromium-driver)
# PostgreSQL and PostGIS: the second store's tests run against a local server (scripts/postgres.sh starts it).
[ -x /usr/lib/postgresql/15/bin/postgres ] || need_deb+=(postgresql-15)
[ -f /usr/share/postgresql/15/extension/postgis.control ] || need_deb+=(postgresql-15-postgis-3)
if [ ${#need_deb[@]} -gt 0 ]; then
  echo "== apt-get install ${need_deb[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need_deb[@]}" >/dev/null
fi

need_py=()
for mod in openapi_spec_validator selenium axe_selenium_python; do
  python3 -c "import $mod" 2>/dev/null || need_py+=("$mod")
done
if [ ${#need_py[@]} -gt 0 ]; then
  echo "== pip install ${need_py[*]}"
  pip install --quiet --disable-pip-version-check openapi-spec-validator selenium axe-selenium-python
fi
# schemathesis for the fuzz step (scripts/test-fuzz.py), pinned: its checks and generation change between releases.
python3 -c "import schemathesis, sys; sys.exit(schemathesis.__version__ != '4.32.5')" 2>/dev/null ||
  pip install --quiet --disable-pip-version-check schemathesis==4.32.5
# axe-core 4.x for the browser tests' accessibility checks: only the axe.min.js this package carries is used
# (through Selenium), so it is installed without its Playwright dependency.
python3 -c "import axe_playwright_python" 2>/dev/null ||
  pip install --quiet --disable-pip-version-check --no-deps axe-playwright-python

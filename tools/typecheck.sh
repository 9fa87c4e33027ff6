#!/usr/bin/env bash
# mypy --strict on the installed layout: hookspecs/ and wizard/ live inside
# caddie_mail_plugin only once installed (package-dir mapping), so type-check
# a copy arranged that way.
set -euo pipefail
cd "$(dirname "$0")/.."
tree=build/typecheck
rm -rf "$tree" && mkdir -p "$tree"
cp -r caddie_mail_plugin "$tree/caddie_mail_plugin"
cp -r hookspecs "$tree/caddie_mail_plugin/hookspecs"
cp -r wizard "$tree/caddie_mail_plugin/wizard"
root=$PWD
cd "$tree"
"${PYTHON:-$root/.venv/bin/python}" -m mypy --config-file ../../pyproject.toml -p caddie_mail_plugin \
  | sed -e 's#^caddie_mail_plugin/hookspecs/#hookspecs/#' -e 's#^caddie_mail_plugin/wizard/#wizard/#'

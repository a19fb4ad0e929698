#!/bin/sh
# Unpacks the HTML documentation of five Debian packages of scientific software into
# one folder each, for bench/garble_eval.py's technical-prose measure (garble findings
# per 10,000 words of correct technical writing). None of these packages went into the
# technical word-pair counts of tools/build_tech_bigrams.py, so the measure is held out
# from them. Needs apt-get and dpkg-deb (Debian); nothing is copied into the project.
# The garble detector's settings were chosen looking at these five; --held-out fetches
# three others instead, which were looked at only after the settings were fixed.
# Usage: bench/fetch_tech_docs.sh [--held-out] [FOLDER]
#        (default FOLDER: /tmp/copylint-tech-docs, or /tmp/copylint-tech-heldout)
set -eu
packages="python-lmfit-doc python-skbio-doc python-mdanalysis-doc grass-doc python-sympy-doc"
out=/tmp/copylint-tech-docs
if [ "${1:-}" = "--held-out" ]; then
    packages="python-xarray-doc python-cogent-doc python-pint-doc"
    out=/tmp/copylint-tech-heldout
    shift
fi
out=${1:-$out}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$out"
cd "$work"
apt-get download $packages
for deb in *.deb; do
    name=${deb%%_*}
    rm -rf "$out/$name"
    dpkg-deb -x "$deb" "$out/$name"
done
echo "unpacked into $out: $packages"

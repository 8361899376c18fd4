#!/usr/bin/env bash
# Makes the DejaVu Sans fonts shipped in src/main/resources/fonts: DejaVu Sans 2.37 (Debian's
# fonts-dejavu-core) cut down to the scripts and symbols an invoice uses. OpenPDF copies a font's
# whole glyph index (loca, hmtx) into every PDF that subsets it, so the full 6,253-glyph font cost
# about 0.6 ms more per invoice than these ~3,700 glyphs. Dropped: Arabic and Hebrew (the template
# does not lay out right-to-left text), N'Ko, Tifinagh, Lao, Canadian syllabics, Ogham, Runic,
# Braille, mathematical alphanumerics and other blocks no invoice needs.
#
#   apt-get install fonts-dejavu-core python3-fonttools && src/main/fonts/subset-dejavu.sh
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../resources/fonts"
ranges="U+0000-024F,U+0250-02FF,U+0300-036F,U+0370-03FF,U+0400-052F,U+0530-058F,U+10A0-10FF,\
U+1D00-1DBF,U+1DC0-1DFF,U+1E00-1EFF,U+1F00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+20D0-20FF,\
U+2100-214F,U+2150-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+2460-24FF,U+2500-257F,U+2580-259F,\
U+25A0-25FF,U+2600-26FF,U+2700-27BF,U+2C60-2C7F,U+2DE0-2DFF,U+2E00-2E7F,U+A640-A69F,U+A720-A7FF,\
U+FB00-FB06,U+FE20-FE2F,U+FFFD"
for font in DejaVuSans DejaVuSans-Bold; do
  /usr/bin/python3 -m fontTools.subset "/usr/share/fonts/truetype/dejavu/$font.ttf" \
    --unicodes="$ranges" --layout-features='*' --glyph-names --name-IDs='*' \
    --name-languages='*' --notdef-outline --output-file="$out/$font.ttf"
done

#!/usr/bin/env bash
# Regenerates the committed fixtures of the format loaders and OCR (test/fixtures/formats, test/fixtures/ocr).
# Needs Debian's libreoffice-writer-nogui, poppler-utils, imagemagick, libtiff-tools and qpdf:
#   apt-get install -y --no-install-recommends libreoffice-writer-nogui poppler-utils imagemagick libtiff-tools qpdf
# Run from the project root: bash scripts/make-loader-fixtures.sh
set -euo pipefail
cd "$(dirname "$0")/.."
FORMATS=test/fixtures/formats
OCR=test/fixtures/ocr
CONVERT=$([ -x /usr/bin/convert ] && echo /usr/bin/convert || echo convert)
mkdir -p "$FORMATS" "$OCR"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
soffice() { command soffice -env:UserInstallation="file://$work/profile" --headless "$@" >/dev/null 2>&1; }

# 1. One small plan with a heading, numbered items and an annex table, saved by LibreOffice as .doc, .rtf and .odt.
cat > "$work/plan.html" <<'HTML'
<html><head><meta charset="utf-8"></head><body>
<p>ỦY BAN NHÂN DÂN HUYỆN VẠN NINH</p>
<p>Số: 25/KH-UBND</p>
<h1>KẾ HOẠCH</h1>
<p>Hoạt động thông tin đối ngoại năm 2019</p>
<p>I. MỤC ĐÍCH, YÊU CẦU</p>
<p>1. Nâng cao nhận thức của cán bộ, đảng viên.</p>
<p>II. NHIỆM VỤ</p>
<p>1. Phòng Văn hóa và Thông tin chủ trì, báo cáo trước ngày 15/12/2019.</p>
<table border="1">
<tr><td>STT</td><td>Nội dung nhiệm vụ</td><td>Cơ quan chủ trì</td></tr>
<tr><td>1</td><td>Tuyên truyền về biển, đảo</td><td>Phòng Văn hóa và Thông tin</td></tr>
<tr><td>2</td><td>Thông tin đối ngoại định kỳ</td><td>Công an huyện</td></tr>
</table>
<p>Trên đây là Kế hoạch của UBND huyện.</p>
</body></html>
HTML
for target in "doc:MS Word 97" "rtf:Rich Text Format" "odt:writer8"; do
  soffice --infilter="HTML (StarWriter)" --convert-to "$target" --outdir "$work" "$work/plan.html"
  cp "$work/plan.${target%%:*}" "$FORMATS/plan.${target%%:*}"
done

# 2. An encrypted PDF (user password "secret") from the text-layer fixture.
qpdf --encrypt secret secret 256 -- test/fixtures/vietnamese-text.pdf "$FORMATS/encrypted.pdf"

# 3. A scanned sample plan (trieu-son-2022: 200 dpi, skewed, noisy, 1-bit G4) for the OCR tests.
node scripts/make-format-set.mjs --one data/plans/trieu-son-2022.txt --scan-to "$OCR/trieu-son-2022.scan.pdf"

# 4. A phone photo of the top of a page: grayscale JPEG, slightly rotated, 150 dpi.
printf 'ỦY BAN NHÂN DÂN HUYỆN VẠN NINH\nSố: 25/KH-UBND\n\nKẾ HOẠCH\nHoạt động thông tin đối ngoại năm 2019\n\nI. MỤC ĐÍCH, YÊU CẦU\n1. Nâng cao nhận thức của cán bộ, đảng viên và Nhân dân.\n2. Phòng Văn hóa và Thông tin chủ trì, báo cáo trước ngày 15/12/2019.\nII. NHIỆM VỤ\n' > "$work/photo.txt"
soffice --infilter="Text (encoded):UTF8,LF,DejaVu Serif,vi-VN" --convert-to pdf --outdir "$work" "$work/photo.txt"
pdftoppm -r 150 -gray -png -f 1 -l 1 -singlefile "$work/photo.pdf" "$work/photo"
$CONVERT "$work/photo.png" -crop 100%x45%+0+0 +repage -background white -rotate -1.2 -flatten -attenuate 0.2 +noise Gaussian -quality 55 "$OCR/photo-page.jpg"

# 5. A picture without any text (a drawn cat) for the "no text recognized" error.
$CONVERT -size 400x300 xc:'#d8c8a8' -fill '#806040' -draw 'ellipse 200,170 110,90 0,360' \
  -draw 'polygon 110,110 130,30 170,90' -draw 'polygon 290,110 270,30 230,90' \
  -fill '#202020' -draw 'circle 160,150 172,150' -draw 'circle 240,150 252,150' \
  -stroke '#202020' -draw 'line 120,200 60,190' -draw 'line 280,200 340,190' -quality 70 "$OCR/cat.jpg"

ls -la "$FORMATS" "$OCR"

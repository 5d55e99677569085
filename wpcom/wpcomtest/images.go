package wpcomtest

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"sync"
	"time"
)

// The simulator's pictures. With Options.ImageBase, every image URL of the
// seeded data moves to /images/ on the simulator, which answers with real
// bytes in the format the original URL names, at a size like the real
// one: site icons 512 px square, photos 2000×1500 (JPEG), 1200×800 (PNG),
// 480×360 (GIF), 800×600 (WebP). A few URLs of the seed are hostile
// instead (hostileImages): what the service's image proxy must survive.

// photo.webp is a fixed 800×600 WebP: Go has no WebP encoder, so it was
// made once from drawPicture's 800×600 PNG with `cwebp -q 75`.
//
//go:embed testdata/photo.webp
var webpPhoto []byte

// Heavy pictures, made once with ImageMagick: 5400×5400 gradients as
// progressive JPEGs without chroma subsampling, one YCbCr (-sampling-
// factor 1x1 -interlace JPEG), one CMYK (-colorspace CMYK as well). Small
// files whose decoding takes hundreds of megabytes.
var (
	//go:embed testdata/progressive-444-5400.jpg
	progressive444 []byte
	//go:embed testdata/progressive-cmyk-5400.jpg
	progressiveCMYK []byte
)

// Hostile pictures, by the name the simulator serves them under.
const (
	HostileBomb     = "bomb.png" // a PNG claiming 20,000×20,000 pixels: 50 MB of zeros in 315 KB
	HostileHTML     = "page.jpg" // an HTML page (text/html) under an image name
	HostileHuge     = "huge.jpg" // a 50 MB body that starts like a JPEG
	HostileRedirect = "away.jpg" // a redirect to the cloud metadata address
	hostileRedirect = "http://169.254.169.254/latest/meta-data/iam/security-credentials/"
)

// Heavy pictures: what a member who follows and likes on purpose could
// put in front of the image proxy, each served under any number of names
// (HeavyPicture), so many distinct keys can be asked at once; only with
// Options.HeavyPictures.
const (
	HeavyProgressive = "progressive" // 5400×5400 progressive JPEG, no chroma subsampling: about 420 MiB to decode
	HeavyCMYK        = "cmyk"        // 5400×5400 progressive CMYK JPEG: about 670 MiB
	HeavyPaletted    = "paletted"    // 7000×7000 paletted PNG: 49 MB of pixels, seconds of scaling
	HeavyStall       = "stall"       // a small JPEG's header, 10 MiB less a little, then nothing until the client leaves
)

// HeavyKinds are the heavy pictures.
var HeavyKinds = []string{HeavyProgressive, HeavyCMYK, HeavyPaletted, HeavyStall}

// HeavyPicture is the path, under the simulator's base URL, of heavy
// picture kind under the name n.
func HeavyPicture(kind string, n int) string {
	ext := ".jpg"
	if kind == HeavyPaletted {
		ext = ".png"
	}
	return "/images/hostile/heavy-" + kind + "-" + strconv.Itoa(n) + ext
}

// hostileImages are the seed's image URLs the simulator serves hostile
// bytes for (with ImageBase set): the demo member shows each of them, as
// a placeholder.
var hostileImages = map[string]string{
	"https://longwinding.files.wordpress.com/2023/05/icon.png": HostileBomb,
	"https://longwinding.files.wordpress.com/2026/10/road.jpg": HostileHTML,
	"https://photojournal.files.wordpress.com/2026/10/fog.jpg": HostileHuge,
	"https://secure.gravatar.com/blavatar/7b1e0c2f9a":          HostileRedirect,
}

// img returns an image URL as the simulator serves it: unchanged, or, with
// Options.ImageBase, moved to the simulator's own /images/ so that a demo
// without internet access still shows pictures. Non-http(s) URLs (the
// hostile ones) are never moved: they must reach the client as they are.
func (s *Simulator) img(u string) string {
	if u == "" || s.opts.ImageBase == "" || !(strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://")) {
		return u
	}
	base := strings.TrimRight(s.opts.ImageBase, "/") + "/images/"
	if name, ok := hostileImages[u]; ok {
		return base + "hostile/" + name
	}
	return base + pictureName(u)
}

// pictureName is the /images/ name for an original URL:
// {hash}-{width}x{height}.{ext}, the format from the URL's extension
// (PNG where it has none, as Gravatar's blavatars are).
func pictureName(u string) string {
	p := u
	if pu, err := url.Parse(u); err == nil {
		p = pu.Path
	}
	ext := strings.TrimPrefix(strings.ToLower(path.Ext(p)), ".")
	switch ext {
	case "jpeg":
		ext = "jpg"
	case "jpg", "png", "gif", "webp":
	default:
		ext = "png"
	}
	size := photoSizes[ext]
	if ext != "webp" && (strings.Contains(p, "icon") || strings.Contains(p, "cropped") || strings.Contains(p, "avatar")) {
		size = [2]int{512, 512}
	}
	return fmt.Sprintf("%s-%dx%d.%s", hash(u), size[0], size[1], ext)
}

// photoSizes are the sizes of pictures that are not icons, by format (the
// WebP is always the embedded one).
var photoSizes = map[string][2]int{"jpg": {2000, 1500}, "png": {1200, 800}, "gif": {480, 360}, "webp": {800, 600}}

// pictures keeps what image made, as drawing a 2000×1500 photo takes a
// while; bounded, as anyone can ask for any name.
var pictures struct {
	sync.Mutex
	made map[string][]byte
}

const keepPictures = 256

// image serves the picture named in the path: drawn from its name, so
// every site looks different and the same on every run.
func (s *Simulator) image(w http.ResponseWriter, r *http.Request) {
	s.count(EndpointImages, "")
	name := r.PathValue("name")
	stem, ext, _ := strings.Cut(name, ".")
	id, size, ok := strings.Cut(stem, "-")
	wd, ht, ok2 := strings.Cut(size, "x")
	width, err1 := strconv.Atoi(wd)
	height, err2 := strconv.Atoi(ht)
	if !ok || !ok2 || err1 != nil || err2 != nil || len(id) < 6 || width < 1 || height < 1 || width > 2000 || height > 2000 {
		http.NotFound(w, r)
		return
	}
	ctype := map[string]string{"jpg": "image/jpeg", "png": "image/png", "gif": "image/gif", "webp": "image/webp"}[ext]
	if ctype == "" {
		http.NotFound(w, r)
		return
	}
	body, err := picture(name, id, ext, width, height)
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", ctype)
	w.Header().Set("Cache-Control", "public, max-age=86400")
	w.Header().Set("Content-Length", strconv.Itoa(len(body)))
	w.Write(body)
}

func picture(name, id, ext string, width, height int) ([]byte, error) {
	pictures.Lock()
	defer pictures.Unlock()
	if b, ok := pictures.made[name]; ok {
		return b, nil
	}
	if ext == "webp" {
		return webpPhoto, nil
	}
	m := drawPicture(id, width, height)
	var buf bytes.Buffer
	var err error
	switch ext {
	case "jpg":
		// Quality 92 with grain, as a camera's JPEG: a 2000×1500 photo
		// is well over a megabyte, like the featured images of real blogs.
		err = jpeg.Encode(&buf, m, &jpeg.Options{Quality: 92})
	case "png":
		err = png.Encode(&buf, m)
	case "gif":
		err = gif.Encode(&buf, m, nil)
	}
	if err != nil {
		return nil, err
	}
	if pictures.made == nil {
		pictures.made = map[string][]byte{}
	}
	if len(pictures.made) < keepPictures {
		pictures.made[name] = buf.Bytes()
	}
	return buf.Bytes(), nil
}

// drawPicture paints a soft colour field with two rings and a little
// grain, its colours taken from id.
func drawPicture(id string, width, height int) *image.NRGBA {
	sum := sha256.Sum256([]byte(id))
	m := image.NewNRGBA(image.Rect(0, 0, width, height))
	base := hsl(float64(sum[0])*360/256, .45, .62)
	ring := hsl(float64(sum[1])*360/256, .55, .78)
	dot := hsl(float64(sum[0])*360/256, .40, .40)
	unit := float64(min(width, height))
	cx1, cy1 := float64(width)*(.3+float64(sum[2]%40)/100), float64(height)*(.3+float64(sum[3]%40)/100)
	cx2, cy2 := float64(width)*(.25+float64(sum[4]%50)/100), float64(height)*(.25+float64(sum[5]%50)/100)
	seed := binary.BigEndian.Uint32(sum[8:12]) | 1
	// The four colours a pixel can take (in a ring, a dot, both, neither),
	// mixed once; the loop writes Pix directly, as drawing 3 megapixels
	// through SetNRGBA took seconds under the race detector.
	var colours [4]color.NRGBA
	for k := range colours {
		c := base
		if k&1 != 0 {
			c = mix(c, ring, .8)
		}
		if k&2 != 0 {
			c = mix(c, dot, .55)
		}
		colours[k] = c
	}
	r1, r2 := unit*.35*unit*.35, unit*.19*unit*.19
	for y := range height {
		row := m.Pix[y*m.Stride : y*m.Stride+4*width]
		dy1, dy2 := float64(y)-cy1, float64(y)-cy2
		for x := range width {
			k := 0
			if dx := float64(x) - cx1; dx*dx+dy1*dy1 < r1 {
				k |= 1
			}
			if dx := float64(x) - cx2; dx*dx+dy2*dy2 < r2 {
				k |= 2
			}
			c := colours[k]
			// xorshift grain: cheap, deterministic, and enough to make
			// the bytes as costly as a real photo's.
			seed ^= seed << 13
			seed ^= seed >> 17
			seed ^= seed << 5
			g := int(seed%25) - 12
			px := row[4*x : 4*x+4]
			px[0], px[1], px[2], px[3] = clamp(int(c.R)+g), clamp(int(c.G)+g), clamp(int(c.B)+g), 255
		}
	}
	return m
}

func clamp(v int) uint8 { return uint8(max(0, min(255, v))) }

func mix(a, b color.NRGBA, t float64) color.NRGBA {
	f := func(x, y uint8) uint8 { return uint8(float64(x)*(1-t) + float64(y)*t) }
	return color.NRGBA{f(a.R, b.R), f(a.G, b.G), f(a.B, b.B), 255}
}

func hsl(h, s, l float64) color.NRGBA {
	c := (1 - abs(2*l-1)) * s
	hp := h / 60
	x := c * (1 - abs(mod2(hp)-1))
	var r, g, b float64
	switch {
	case hp < 1:
		r, g = c, x
	case hp < 2:
		r, g = x, c
	case hp < 3:
		g, b = c, x
	case hp < 4:
		g, b = x, c
	case hp < 5:
		r, b = x, c
	default:
		r, b = c, x
	}
	m := l - c/2
	return color.NRGBA{uint8((r + m) * 255), uint8((g + m) * 255), uint8((b + m) * 255), 255}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}

func mod2(v float64) float64 { return v - 2*float64(int(v/2)) }

// hostileImage serves the hostile pictures.
func (s *Simulator) hostileImage(w http.ResponseWriter, r *http.Request) {
	switch r.PathValue("name") {
	case HostileBomb:
		w.Header().Set("Content-Type", "image/png")
		w.Write(pngBomb())
	case HostileHTML:
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, "<!doctype html><title>Not found</title><h1>This is not the picture you are looking for</h1>")
	case HostileHuge:
		// 50 MB, sent without a length so only the reader's cap stops it.
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(jpegStart()) // a real header, so only the size gives it away
		chunk := make([]byte, 1<<20)
		for range 50 {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	case HostileRedirect:
		http.Redirect(w, r, hostileRedirect, http.StatusFound)
	default:
		if !s.opts.HeavyPictures {
			http.NotFound(w, r)
			return
		}
		s.heavyImage(w, r)
	}
}

// heavyImage serves HeavyPicture's names.
func (s *Simulator) heavyImage(w http.ResponseWriter, r *http.Request) {
	rest, ok := strings.CutPrefix(r.PathValue("name"), "heavy-")
	kind, _, _ := strings.Cut(rest, "-")
	if !ok {
		http.NotFound(w, r)
		return
	}
	switch kind {
	case HeavyProgressive:
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(progressive444)
	case HeavyCMYK:
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(progressiveCMYK)
	case HeavyPaletted:
		w.Header().Set("Content-Type", "image/png")
		w.Write(palettedPNG())
	case HeavyStall:
		w.Header().Set("Content-Type", "image/jpeg")
		w.Write(jpegStart())
		for range 10<<20/len(zeroChunk) - 1 { // 10 MiB less a chunk
			if _, err := w.Write(zeroChunk[:]); err != nil {
				return
			}
		}
		w.(http.Flusher).Flush()
		select { // until the client gives up (bounded, should it never)
		case <-r.Context().Done():
		case <-time.After(15 * time.Second):
		}
	default:
		http.NotFound(w, r)
	}
}

var zeroChunk [64 << 10]byte

// jpegStart is a small JPEG without its end marker.
func jpegStart() []byte {
	var b bytes.Buffer
	jpeg.Encode(&b, image.NewGray(image.Rect(0, 0, 16, 16)), nil)
	return b.Bytes()[:b.Len()-2]
}

// pngBomb is a valid PNG of 20,000×20,000 one-bit pixels: its header
// alone tells a careful decoder to stop.
var pngBomb = sync.OnceValue(func() []byte { return blankPNG(20000, 1, 0, nil) })

// palettedPNG is a valid 7000×7000 PNG of one palette colour.
var palettedPNG = sync.OnceValue(func() []byte { return blankPNG(7000, 8, 3, []byte{0x33, 0x55, 0x77}) })

// blankPNG is a valid PNG of side×side pixels, all zero (black, or the
// palette's first colour), of the bit depth and colour type given.
func blankPNG(side, depth, colourType int, palette []byte) []byte {
	var b bytes.Buffer
	b.WriteString("\x89PNG\r\n\x1a\n")
	ihdr := make([]byte, 13)
	binary.BigEndian.PutUint32(ihdr[0:], uint32(side))
	binary.BigEndian.PutUint32(ihdr[4:], uint32(side))
	ihdr[8], ihdr[9] = byte(depth), byte(colourType)
	chunk(&b, "IHDR", ihdr)
	if palette != nil {
		chunk(&b, "PLTE", palette)
	}
	chunk(&b, "IDAT", zeros(side*(1+(side*depth+7)/8))) // every row: filter 0, then zeros
	chunk(&b, "IEND", nil)
	return b.Bytes()
}

// zeros is a zlib stream of n zero bytes, written by hand: one fixed-
// Huffman deflate block of a literal zero, then copies of 258 bytes at
// distance 1 (13 bits each). Compressing 50 MB of zeros took seconds
// under the race detector, longer than the image fetcher waits.
func zeros(n int) []byte {
	var out []byte
	var acc uint64
	var bits uint
	put := func(v uint64, width uint) { // LSB first, as deflate packs bits
		acc |= v << bits
		bits += width
		for bits >= 8 {
			out = append(out, byte(acc))
			acc >>= 8
			bits -= 8
		}
	}
	code := func(c uint64, width uint) { // Huffman codes go most significant bit first
		var r uint64
		for i := range width {
			r |= (c >> i & 1) << (width - 1 - i)
		}
		put(r, width)
	}
	out = append(out, 0x78, 0x01)
	put(1, 1)     // BFINAL
	put(1, 2)     // BTYPE 01: fixed Huffman codes
	code(0x30, 8) // literal 0
	left := n - 1
	for ; left >= 258; left -= 258 {
		code(0xC5, 8) // length 258 (symbol 285)
		code(0, 5)    // distance 1
	}
	for ; left > 0; left-- {
		code(0x30, 8)
	}
	code(0, 7) // end of block (symbol 256)
	if bits > 0 {
		put(0, 8-bits)
	}
	// Adler-32 of n zeros: a stays 1, b adds it n times.
	return binary.BigEndian.AppendUint32(out, uint32(n%65521)<<16|1)
}

func chunk(b *bytes.Buffer, kind string, data []byte) {
	binary.Write(b, binary.BigEndian, uint32(len(data)))
	b.WriteString(kind)
	b.Write(data)
	crc := crc32.NewIEEE()
	crc.Write([]byte(kind))
	crc.Write(data)
	binary.Write(b, binary.BigEndian, crc.Sum32())
}

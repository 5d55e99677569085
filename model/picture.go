package model

import (
	"crypto/sha256"
	"encoding/base32"
	"strconv"
	"strings"
)

// Picture is one picture a widget shows at one size: the address of the
// original (an item's cleaned image URL, never one from a request), the
// side of the square thumbnail, and the key that names the two in the
// widget's image path. Made once with a rendering, so serving one costs
// no hashing; the image proxy keeps thumbnails under the same key.
type Picture struct {
	Key  string
	URL  string
	Side int
}

// NewPicture is the picture at url, side pixels square.
func NewPicture(url string, side int) Picture {
	return Picture{Key: PictureKey(url, side), URL: url, Side: side}
}

// PictureKey names the thumbnail of the picture at url, side pixels
// square: what a widget's markup puts in its image path, and what the
// server matches against the widget's own pictures. pictureKeyVersion
// changes when thumbnails are made differently, so none made the old way
// is served again.
func PictureKey(url string, side int) string {
	sum := sha256.Sum256([]byte(pictureKeyVersion + "\n" + strconv.Itoa(side) + "\n" + url))
	return strings.ToLower(keyEncoding.EncodeToString(sum[:15]))
}

// PictureKeyLen is the length of every PictureKey.
const PictureKeyLen = 24

const pictureKeyVersion = "1"

var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

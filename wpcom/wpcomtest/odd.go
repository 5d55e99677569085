package wpcomtest

// Odd is a set of the odd shapes WordPress.com's answers take, as the real
// clients of these endpoints handle them (WordPress-Android's ReaderBlog,
// ReaderPost and ReaderUpdateLogic, WordPressKit's ReaderSiteServiceRemote
// and RemoteReaderPost, Calypso's following/mine data layer and
// post-normalizer). A Follow or Post with Odd set is sent that way.
type Odd uint32

const (
	// IconArray: meta.data.site.icon is [] (an empty PHP array).
	IconArray Odd = 1 << iota
	// SiteFalse: meta.data.site is false.
	SiteFalse
	// MetaArray: meta is [], so nothing but the top-level fields is known.
	MetaArray
	// NullBefore: a null item comes before this one in its page.
	NullBefore
	// Repeated: the item is sent again at the start of the next page (as
	// after a follow made while paging), or at the end of the last one.
	Repeated
	// Gone: the item counts in total_subscriptions but is never sent (a
	// deleted or suspended site), so its page comes back short.
	Gone
	// Unreadable: the item's ID is true, which no client can use; it must
	// be skipped, and the rest of the page kept.
	Unreadable
	// ThumbnailFalse: post_thumbnail is false.
	ThumbnailFalse
	// MediaArray: featured_media is [].
	MediaArray
	// AuthorArray: author is [].
	AuthorArray
	// SiteMetaArray: a post's meta.data.site is [].
	SiteMetaArray
	// MetadataObject: metadata is {} and attachments is false.
	MetadataObject
	// SiteError: meta.data.site is an error object, as for a private blog
	// the member can no longer read.
	SiteError
)

// has reports whether o includes every shape in x.
func (o Odd) has(x Odd) bool { return o&x == x }

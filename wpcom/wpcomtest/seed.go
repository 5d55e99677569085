package wpcomtest

import (
	"fmt"
	"strings"
	"time"
)

// The demo members' usernames.
const (
	// DemoUser follows and likes a handful of blogs and posts (some on
	// private sites, which widgets must never show), including
	// every awkward and hostile case the service must survive.
	DemoUser = "demoreader"
	// AvidUser follows 420 blogs and liked 300 posts, so paging is exercised.
	AvidUser = "avidreader"
	// WorldUser reads in Japanese, Arabic, Russian and Greek.
	WorldUser = "yukiyamada"
	// NewUser follows nothing and likes nothing yet.
	NewUser = "newcomer"
	// QuirkyUser's lists come in every odd shape the real WordPress.com
	// sends (odd.go): fields of the wrong type, null and repeated items,
	// short pages, plain feeds known only through meta.data.feed, double-
	// encoded titles, "Continue reading" tails, one unreadable item.
	QuirkyUser = "quirkyreader"
)

// QuirkyFollows and QuirkyLikes are the items of QuirkyUser's lists a
// widget may show: each once, whatever shape it came in. (Of the thirteen
// follows, two are gone, one is unreadable, two come without
// meta.data.site and one with an error in its place, so nobody can tell
// they are public; of the six likes, one is unreadable.) QuirkyHidden
// counts the three follows left out as not known to be public.
const (
	QuirkyFollows = 7
	QuirkyLikes   = 5
	QuirkyHidden  = 3
)

// Counts in AvidUser's lists.
const (
	AvidFollows = 420
	AvidLikes   = 300
)

// seedEpoch anchors every seeded date, so data (and golden files built on
// it) is the same on every run.
var seedEpoch = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

func zone(name string, hours int) *time.Location { return time.FixedZone(name, hours*3600) }

// DemoMembers returns fresh copies of the seeded members.
func DemoMembers() []*Member {
	return []*Member{demoMember(), avidMember(), worldMember(), newMember(), quirkyMember()}
}

func demoMember() *Member {
	news := &Site{ID: 3584907, FeedID: 25823, Name: "WordPress.com News",
		Description: "The latest news on WordPress.com and the WordPress community.",
		URL:         "http://en.blog.wordpress.com", FeedURL: "http://en.blog.wordpress.com/feed/",
		Icon: "https://secure.gravatar.com/blavatar/4d5d4c4006d86ff465780ec0d2671c0231c8536cc2fa8167aca8a4dd76811795"}
	animals := &Site{ID: 133536339, FeedID: 70092010, Name: "Animals of the Pacific Northwest ",
		Description: "Critters &amp; creatures of Oregon and Washington", URL: "https://animalsofpnw.com",
		FeedURL: "http://animalsofpnw.com", Icon: "https://animalsofpnw.files.wordpress.com/2020/01/cropped-otter.png"}
	kitchen := &Site{ID: 90210455, FeedID: 4411872, Name: "Tom &amp; Jerry&#8217;s <em>Kitchen</em>",
		Description: "Recipes, &ldquo;mostly&rdquo; tested", URL: "https://tomandjerrykitchen.wordpress.com",
		FeedURL: "https://tomandjerrykitchen.wordpress.com/feed/", Icon: "https://tomandjerrykitchen.files.wordpress.com/2024/02/cropped-pan.jpg"}
	quiet := &Site{ID: 77120931, FeedID: 5120333, Name: "Quiet Corner",
		Description: "A blog with no site icon", URL: "https://quietcorner.blog", FeedURL: "https://quietcorner.blog/feed/"}
	photos := &Site{ID: 48213344, FeedID: 2903311, Name: "Photo Journal",
		Description: "Film photography since 2009", URL: "http://photojournal.wordpress.com",
		FeedURL: "http://photojournal.wordpress.com/feed/", Icon: "https://secure.gravatar.com/blavatar/7b1e0c2f9a"}
	nyt := &Site{FeedID: 67436808,
		URL:     "http://www.nytimes.com/svc/collections/v1/publish/https://www.nytimes.com/section/magazine/rss.xml",
		FeedURL: "http://www.nytimes.com/svc/collections/v1/publish/https://www.nytimes.com/section/magazine/rss.xml"}
	xkcd := &Site{FeedID: 1180221, URL: "https://xkcd.com/rss.xml", FeedURL: "https://xkcd.com/rss.xml"}
	hostile := &Site{ID: 66600666, FeedID: 6660666,
		Name:        `<script>alert("name")</script><img src=x onerror=alert(1)>Totally Normal Blog`,
		Description: `<a href="javascript:alert('desc')">click</a>`,
		URL:         "javascript:alert(document.cookie)//hostile.example", FeedURL: "javascript:alert(2)",
		Icon: "javascript:alert('icon')"}
	long := &Site{ID: 31415926, FeedID: 2718281,
		Name:        "The Extremely Long and Winding Name of a Blog That Somebody Thought Was a Good Idea at the Time, Including Subtitles, Taglines, and a Short Manifesto About Slow Living",
		Description: strings.Repeat("Slow living, slowly written. ", 12),
		URL:         "https://longwinding.blog", FeedURL: "https://longwinding.blog/feed/",
		Icon: "https://longwinding.files.wordpress.com/2023/05/icon.png"}
	jetpack := &Site{ID: 201120112, FeedID: 99120112, Name: "Garden Notes", Description: "A Jetpack-connected garden diary",
		URL: "https://gardennotes.example.org", FeedURL: "https://gardennotes.example.org/feed/", Jetpack: true,
		Icon: "https://gardennotes.example.org/wp-content/uploads/2022/03/cropped-leaf-192x192.png"}
	// Private sites: only their members may read them, so nothing of them
	// may reach a public widget (is_private / site_is_private are true).
	family := &Site{ID: 190441207, FeedID: 88310442, Name: "The Hendersons", Private: true,
		Description: "Family news, for family", URL: "https://hendersonsathome.wordpress.com",
		FeedURL: "https://hendersonsathome.wordpress.com/feed/", Icon: "https://secure.gravatar.com/blavatar/5e2c1d0b7a"}
	teamP2 := &Site{ID: 170220331, FeedID: 77002231, Name: "Team Orbit P2", Private: true,
		Description: "Where the team writes things down", URL: "https://orbitteam.wordpress.com",
		FeedURL: "https://orbitteam.wordpress.com/feed/"}

	at := func(days int) time.Time { return seedEpoch.AddDate(0, 0, -days) }
	m := &Member{ID: 152748359, Username: DemoUser, DisplayName: "Demo Reader", Email: "demo@example.com",
		PrimaryBlogID: 106707880, PrimaryBlogURL: "https://demoreader.wordpress.com", Joined: at(2400),
		Follows: []Follow{
			{SubID: 764146175, Site: news, Subscribed: at(1), Shape: Current},
			{SubID: 764146101, Site: animals, Subscribed: at(3), Shape: Current},
			{SubID: 764145990, Site: kitchen, Subscribed: at(9), Shape: Current},
			{SubID: 764145870, Site: family, Subscribed: at(12), Shape: Current},
			{SubID: 764145801, Site: quiet, Subscribed: at(15), Shape: Current},
			{SubID: 764145777, Site: hostile, Subscribed: at(20), Shape: Current},
			{SubID: 764145600, Site: long, Subscribed: at(33), Shape: Current},
			{SubID: 764145512, Site: jetpack, Subscribed: at(40), Shape: Current, NoName: true},
			{SubID: 549397853, Site: xkcd, Subscribed: at(200), Shape: FeedZero},
			{SubID: 449397853, Site: nyt, Subscribed: at(900), Shape: FeedFalse},
			{SubID: 312004411, Site: photos, Subscribed: at(1500), Shape: Old},
		},
	}
	pnw := zone("PDT", -7)
	m.Likes = []Like{
		{Liked: at(0).Add(-2 * time.Hour), Post: &Post{ID: 2646, Site: animals, Title: "Talking with Your Dog or&nbsp;Cat.",
			URL:     "https://animalsofpnw.com/2020/09/30/talking-with-your-dog-or-cat/",
			Content: "\n<p>Bunny, a young sheepadoodle dog, has gained popularity on TikTok for her ability to talk with her owner.</p>",
			Excerpt: "<p>Bunny, a young sheepadoodle dog, has gained popularity on TikTok for her ability to talk with her owner. [&hellip;]</p>\n",
			Date:    time.Date(2020, 9, 30, 10, 30, 0, 0, pnw), Author: Author{125805650, "animalsofpnw", "Andrea Merrill", "http://animalsofpnw.com"},
			FeaturedImage: "https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg",
			FeaturedMedia: map[string]any{"uri": "https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg", "width": 1920, "height": 1080, "type": "image"},
			Thumbnail:     "https://animalsofpnw.files.wordpress.com/2020/09/talking-with-your-pets.jpg"}},
		{Liked: at(1), Post: &Post{ID: 88213, Site: kitchen, Title: "<em>Crispy</em> &amp; tender: the &#8220;no-fail&#8221; roast potatoes",
			URL: "https://tomandjerrykitchen.wordpress.com/2026/10/30/roast-potatoes/", Content: "<p>Parboil, rough up, roast hot.</p>",
			Excerpt: "<p>Parboil, rough up, <strong>roast hot</strong>.</p>", Date: at(2), Author: Author{2201, "tom", "Tom", ""},
			FeaturedImage: "https://tomandjerrykitchen.files.wordpress.com/2026/10/potatoes.webp", FeaturedMedia: map[string]any{}}},
		{Liked: at(1).Add(-3 * time.Hour), Post: &Post{ID: 77, Site: family, Title: "We moved!",
			URL:     "https://hendersonsathome.wordpress.com/2026/10/30/we-moved/",
			Content: "<p>The boxes are in: we moved to 12 Private Lane. Come round on Sunday.</p>",
			Excerpt: "<p>The boxes are in: we moved to 12 Private Lane. Come round on Sunday.</p>", Date: at(2),
			Author: Author{190441, "jhenderson", "Jo Henderson", ""}, FeaturedMedia: map[string]any{}}},
		{Liked: at(2).Add(-1 * time.Hour), Post: &Post{ID: 5120, Site: teamP2, Title: "Q4 plans (internal)",
			URL:     "https://orbitteam.wordpress.com/2026/10/29/q4-plans/",
			Content: "<p>Launch moves to January; do not share outside the team.</p>",
			Excerpt: "<p>Launch moves to January; do not share outside the team.</p>", Date: at(3),
			Author: Author{170220, "orbitlead", "Orbit Lead", ""}, FeaturedMedia: map[string]any{}}},
		{Liked: at(2), Post: &Post{ID: 4410, Site: quiet, Title: "",
			URL: "https://quietcorner.blog/2026/10/28/4410/", Content: "<p>Rain on the window. Tea going cold. A good morning to read and do nothing else.</p>",
			Excerpt: "<p>Rain on the window. Tea going cold. A good morning to read and do nothing else.</p>\n", Date: at(3),
			Author: Author{7712, "quietly", "Q.", ""}, FeaturedMedia: map[string]any{}}},
		{Liked: at(3), Post: &Post{ID: 1201, Site: long,
			Title: "A Very Long Title " + strings.Repeat("That Keeps Going and Going ", 14) + "Until It Finally Stops",
			URL:   "https://longwinding.blog/2026/10/20/a-very-long-title/", Content: "<p>" + strings.Repeat("Words. ", 400) + "</p>",
			Excerpt: "<p>" + strings.Repeat("Words. ", 80) + "</p>", Date: at(12), Author: Author{31, "winding", "W. Inding", ""},
			FeaturedMedia: map[string]any{}, Thumbnail: "https://longwinding.files.wordpress.com/2026/10/road.jpg"}},
		{Liked: at(4), Post: &Post{ID: 666, Site: hostile,
			Title:         `<script>alert("title")</script>Click <b>me</b>`,
			URL:           "javascript:alert('post')",
			Content:       `<p onclick="alert(1)">Hi</p><script>alert("content")</script><img src="javascript:alert(3)"><iframe src="https://evil.example/"></iframe>`,
			Excerpt:       `<img src=x onerror=alert("excerpt")>Nothing to see`,
			Date:          at(5),
			Author:        Author{666, "mallory", `<script>alert("author")</script>Mallory`, "javascript:alert(4)"},
			FeaturedImage: "javascript:alert('image')", FeaturedMedia: map[string]any{"uri": "data:image/svg+xml,<svg onload=alert(5)>", "type": "image"}}},
		{Liked: at(5), Post: &Post{ID: 3303, Site: jetpack, Title: "Tomatoes, finally",
			URL: "https://gardennotes.example.org/2026/10/25/tomatoes-finally/", External: true,
			Content: `<p>First ripe one of the year.</p><figure><img src="https://gardennotes.example.org/wp-content/uploads/2026/10/tomato.jpg" width="1024" height="768" alt="A red tomato"></figure>`,
			Excerpt: "<p>First ripe one of the year.</p>", Date: at(6).In(zone("CEST", 2)), Author: Author{99, "gardener", "Pat Gardener", ""},
			FeaturedMedia:   map[string]any{"uri": "https://videopress.com/v/abc123", "type": "video", "width": 640, "height": 360},
			SiteNameMissing: true}},
		{Liked: at(6), Post: &Post{ID: 9001, Site: news, Title: "🌻 What&#8217;s new on WordPress.com: October",
			URL: "https://wordpress.com/blog/2026/10/24/whats-new-october/", Content: "<p>New themes, a faster editor.</p>",
			Excerpt: "<p>New themes, a faster editor.</p>", Date: at(7), Author: Author{1, "wordpressdotcom", "WordPress.com", ""},
			FeaturedImage: "", FeaturedMedia: map[string]any{}, Thumbnail: "https://en-blog.files.wordpress.com/2026/10/october.gif"}},
		{Liked: at(8), Post: &Post{ID: 512, Site: photos, Title: "Portra 400 in the fog",
			URL: "http://photojournal.wordpress.com/2026/10/20/portra-fog/", Content: "<p>Shot at box speed.</p>",
			Excerpt: "<p>Shot at box speed.</p>", Date: at(9).In(zone("JST", 9)), Author: Author{48, "lens", "Lena Lens", ""},
			FeaturedImage: "https://photojournal.files.wordpress.com/2026/10/fog.jpg", FeaturedMedia: map[string]any{}}},
	}
	return m
}

func worldMember() *Member {
	jp := &Site{ID: 55100001, FeedID: 8810001, Name: "東京の朝ごはん", Description: "毎朝の記録", Lang: "ja",
		URL: "https://asagohan.wordpress.com", FeedURL: "https://asagohan.wordpress.com/feed/",
		Icon: "https://asagohan.files.wordpress.com/2025/01/cropped-rice.png"}
	ar := &Site{ID: 55100002, FeedID: 8810002, Name: "مدونة القهوة العربية", Description: "عن القهوة والناس", Lang: "ar",
		URL: "https://qahwa.blog", FeedURL: "https://qahwa.blog/feed/"}
	ru := &Site{ID: 55100003, FeedID: 8810003, Name: "Заметки о Петербурге", Description: "Город &laquo;белых ночей&raquo;", Lang: "ru",
		URL: "https://piter-notes.wordpress.com", FeedURL: "https://piter-notes.wordpress.com/feed/",
		Icon: "https://piter-notes.files.wordpress.com/2024/06/cropped-bridge.jpg"}
	el := &Site{ID: 55100004, FeedID: 8810004, Name: "Ελληνικά Γράμματα", Description: "Ποίηση", Lang: "el",
		URL: "https://grammata.blog", FeedURL: "https://grammata.blog/feed/", Icon: "https://grammata.blog/icon.png"}
	at := func(days int) time.Time { return seedEpoch.AddDate(0, 0, -days) }
	m := &Member{ID: 201900042, Username: WorldUser, DisplayName: "山田 由紀", Email: "yuki@example.jp",
		PrimaryBlogID: 55100001, PrimaryBlogURL: "https://asagohan.wordpress.com", Joined: at(900),
		Follows: []Follow{
			{SubID: 900001, Site: jp, Subscribed: at(2), Shape: Current},
			{SubID: 900002, Site: ar, Subscribed: at(4), Shape: Current},
			{SubID: 900003, Site: ru, Subscribed: at(6), Shape: Old},
			{SubID: 900004, Site: el, Subscribed: at(8), Shape: Current},
		},
	}
	m.Likes = []Like{
		{Liked: at(1), Post: &Post{ID: 31, Site: jp, Title: "納豆と卵かけご飯", URL: "https://asagohan.wordpress.com/2026/10/31/natto/",
			Content: "<p>今日の朝ごはん。</p>", Excerpt: "<p>今日の朝ごはん。</p>", Date: at(1).In(zone("JST", 9)),
			Author: Author{5511, "asagohan", "朝ごはん係", ""}, FeaturedImage: "https://asagohan.files.wordpress.com/2026/10/natto.jpg", FeaturedMedia: map[string]any{}}},
		{Liked: at(2), Post: &Post{ID: 77, Site: ar, Title: "القهوة في الصباح", URL: "https://qahwa.blog/2026/10/29/morning/",
			Content: "<p>فنجان واحد يكفي.</p>", Excerpt: "<p>فنجان واحد يكفي.</p>", Date: at(3).In(zone("AST", 3)),
			Author: Author{5512, "qahwa", "سارة", ""}, FeaturedMedia: map[string]any{}}},
		{Liked: at(3), Post: &Post{ID: 12, Site: ru, Title: "Разводные мосты &mdash; ночью", URL: "https://piter-notes.wordpress.com/2026/10/28/mosty/",
			Content: "<p>Мосты разводят в час ночи.</p>", Excerpt: "<p>Мосты разводят в час ночи.</p>", Date: at(4).In(zone("MSK", 3)),
			Author: Author{5513, "piter", "Иван", ""}, FeaturedMedia: map[string]any{}, Thumbnail: "https://piter-notes.files.wordpress.com/2026/10/most.jpg"}},
	}
	return m
}

func newMember() *Member {
	return &Member{ID: 230011001, Username: NewUser, DisplayName: "New Member", Email: "new@example.com",
		PrimaryBlogID: 230011999, PrimaryBlogURL: "https://newcomer.wordpress.com", Joined: seedEpoch.AddDate(0, 0, -2)}
}

// avidMember follows AvidFollows blogs and liked AvidLikes posts. Every 39th
// and 40th like share a second: a tie at the end of a 40-post page, which an
// inclusive before= returns again on the next page.
func avidMember() *Member {
	m := &Member{ID: 98765432, Username: AvidUser, DisplayName: "Avid Reader", Email: "avid@example.com",
		PrimaryBlogID: 98765000, PrimaryBlogURL: "https://avidreader.wordpress.com", Joined: seedEpoch.AddDate(-8, 0, 0)}
	sites := make([]*Site, AvidFollows)
	for i := range sites {
		n := i + 1
		sites[i] = &Site{ID: int64(40000000 + n), FeedID: int64(7000000 + n), Name: fmt.Sprintf("Blog number %d", n),
			Description: fmt.Sprintf("Posts from blog %d", n), URL: fmt.Sprintf("https://blog%d.wordpress.com", n),
			FeedURL: fmt.Sprintf("https://blog%d.wordpress.com/feed/", n)}
		if n%5 != 0 { // every fifth blog has no icon
			sites[i].Icon = fmt.Sprintf("https://secure.gravatar.com/blavatar/%s", hash(sites[i].URL))
		}
		shape := Current
		if n%7 == 0 {
			shape = Old
		}
		m.Follows = append(m.Follows, Follow{SubID: int64(800000000 - n), Site: sites[i],
			Subscribed: seedEpoch.Add(-time.Duration(n) * 5 * time.Hour), Shape: shape})
	}
	liked := seedEpoch
	for i := range AvidLikes {
		n := i + 1
		if n%40 != 0 { // the 39th and 40th likes share a timestamp
			liked = liked.Add(-time.Duration(37+n%11) * time.Minute)
		}
		site := sites[i%len(sites)]
		m.Likes = append(m.Likes, Like{Liked: liked, Post: &Post{ID: int64(100000 + n), Site: site,
			Title: fmt.Sprintf("Post %d of the avid reader&#8217;s likes", n),
			URL:   fmt.Sprintf("%s/2026/10/%02d/post-%d/", site.URL, 1+n%28, n), Content: fmt.Sprintf("<p>Body of post %d.</p>", n),
			Excerpt: fmt.Sprintf("<p>Body of post %d.</p>", n), Date: liked.Add(-48 * time.Hour),
			Author:        Author{int64(600000 + n%50), fmt.Sprintf("author%d", n%50), fmt.Sprintf("Author %d", n%50), ""},
			FeaturedImage: fmt.Sprintf("%s/files/2026/10/image-%d.jpg", site.URL, n), FeaturedMedia: map[string]any{}}})
	}
	return m
}

func quirkyMember() *Member {
	site := func(id int64, name, host string, icon bool) *Site {
		s := &Site{ID: id, FeedID: id + 1000, Name: name, Description: "Notes from " + host,
			URL: "https://" + host, FeedURL: "https://" + host + "/feed/"}
		if icon {
			s.Icon = "https://" + host + "/wp-content/uploads/icon.png"
		}
		return s
	}
	bakery := site(61000001, "It&amp;#8217;s Baking Season", "itsbakingseason.wordpress.com", true)
	stitch := site(61000002, "Stitch &amp; Story", "stitchandstory.blog", true)
	hiking := site(61000003, "Ridge Walkers", "ridgewalkers.wordpress.com", true)
	rails := site(61000004, "Rails &amp; Roads", "railsandroads.blog", true)
	gone1 := site(61000005, "A Deleted Blog", "deleted-blog.wordpress.com", false)
	pottery := site(61000006, "Muddy Hands Pottery", "muddyhands.blog", true)
	junk := site(61000007, "Unreadable Blog", "unreadable.wordpress.com", false)
	chess := site(61000008, "Endgame Notes", "endgamenotes.wordpress.com", false)
	gone2 := site(61000009, "A Suspended Blog", "suspended.wordpress.com", false)
	tea := site(61000010, "Second Flush", "secondflush.blog", true)
	locked := site(61000011, "Members Only", "membersonly.wordpress.com", false)
	kottke := &Site{FeedID: 61001011, Name: "kottke.org", Description: "Home of fine hypertext products",
		URL: "https://feeds.kottke.org/main", FeedURL: "https://feeds.kottke.org/main", Home: "https://kottke.org/",
		Image: "https://secure.gravatar.com/blavatar/0a1b2c3d?s=96&d=https%3A%2F%2Fs0.wp.com%2Fi%2Fbuttonw-com.png"}
	fireball := &Site{FeedID: 61001012, Name: "Daring Fireball", Description: "By John Gruber",
		URL: "https://daringfireball.net/feeds/main", FeedURL: "https://daringfireball.net/feeds/main"}

	at := func(days int) time.Time { return seedEpoch.AddDate(0, 0, -days) }
	m := &Member{ID: 310770101, Username: QuirkyUser, DisplayName: "Quinn Quirk", Email: "quinn@example.com",
		PrimaryBlogID: 61000999, PrimaryBlogURL: "https://quinnquirk.wordpress.com", Joined: at(1200),
		Follows: []Follow{
			{SubID: 830001, Site: bakery, Subscribed: at(1), Shape: Current, Odd: IconArray},
			{SubID: 830002, Site: stitch, Subscribed: at(2), Shape: Old, Odd: IconArray},
			{SubID: 830003, Site: hiking, Subscribed: at(3), Shape: Current, Odd: SiteFalse},
			{SubID: 830004, Site: rails, Subscribed: at(4), Shape: Current, Odd: MetaArray},
			{SubID: 830005, Site: gone1, Subscribed: at(5), Shape: Current, Odd: Gone},
			{SubID: 830006, Site: pottery, Subscribed: at(6), Shape: Current, Odd: NullBefore},
			{SubID: 830007, Site: junk, Subscribed: at(7), Shape: Current, Odd: Unreadable},
			{SubID: 830008, Site: chess, Subscribed: at(8), Shape: Current, Odd: Repeated},
			{SubID: 830009, Site: kottke, Subscribed: at(9), Shape: FeedFalse},
			{SubID: 830010, Site: gone2, Subscribed: at(10), Shape: Current, Odd: Gone},
			{SubID: 830011, Site: fireball, Subscribed: at(11), Shape: FeedZero},
			{SubID: 830012, Site: tea, Subscribed: at(12), Shape: Current, Odd: NullBefore | Repeated},
			{SubID: 830013, Site: locked, Subscribed: at(13), Shape: Current, Odd: SiteError},
		},
		StaleTotal: 250, // total_subscriptions says 263
	}
	more := func(title string) string {
		return `<a class="more-link" href="https://example.com/">Continue reading <span class="screen-reader-text">` + title +
			`</span> <span class="meta-nav">&rarr;</span></a>`
	}
	m.Likes = []Like{
		{Liked: at(1), Post: &Post{ID: 101, Site: bakery, Title: "It&amp;#8217;s finally bread weather",
			URL: "https://itsbakingseason.wordpress.com/2026/10/30/bread-weather/", Content: "<p>Crust, crumb, patience.</p>",
			Excerpt: "<p>Crust, crumb, patience. " + more("It’s finally bread weather") + "</p>", Date: at(2),
			Author: Author{61001, "baker", "Bea Baker", ""}, FeaturedImage: "https://itsbakingseason.files.wordpress.com/2026/10/loaf.jpg",
			Odd: ThumbnailFalse | MediaArray}},
		{Liked: at(2), Post: &Post{ID: 202, Site: stitch, Title: "Blanket stitch, again",
			URL: "https://stitchandstory.blog/2026/10/29/blanket-stitch/", Content: "<p>Twelve inches a night.</p>",
			Excerpt: "<p>Twelve inches a night.</p>", Date: at(3), Author: Author{61002, "stitcher", "Sam Stitch", ""},
			FeaturedMedia: map[string]any{}, Odd: AuthorArray | MetadataObject | NullBefore}},
		{Liked: at(3), Post: &Post{ID: 303, Site: hiking, Title: "Up the Ridge",
			URL: "https://ridgewalkers.wordpress.com/2026/10/28/up-the-ridge/", Content: "<p>Fog, then sun.</p>",
			Excerpt: "<p>Fog, then sun.</p>", Date: at(4), Author: Author{61003, "walker", "Rue Walker", ""},
			FeaturedMedia: map[string]any{}, Thumbnail: "https://ridgewalkers.files.wordpress.com/2026/10/ridge.jpg", Odd: SiteMetaArray}},
		{Liked: at(4), Post: &Post{ID: 404, Site: junk, Title: "An item no client can read",
			URL: "https://unreadable.wordpress.com/2026/10/27/x/", Content: "<p>x</p>", Excerpt: "<p>x</p>", Date: at(5),
			Author: Author{61004, "x", "X", ""}, FeaturedMedia: map[string]any{}, Odd: Unreadable}},
		{Liked: at(5), Post: &Post{ID: 505, Site: rails, Title: "Night train to Vienna",
			URL: "https://railsandroads.blog/2026/10/26/night-train/", Content: "<p>Couchette, upper bunk.</p>",
			Excerpt: "<p>Couchette, upper bunk.</p>", Date: at(6), Author: Author{61005, "rail", "Ray Rail", ""},
			FeaturedMedia: map[string]any{}, Odd: Repeated}},
		{Liked: at(6), Post: &Post{ID: 606, Site: chess, Title: "",
			URL: "https://endgamenotes.wordpress.com/2026/10/25/606/", Content: "<p>Played the Sicilian again and lost again.</p>",
			Excerpt: "<p>Played the Sicilian again and lost again. Still fun. " + more("") + "</p>", Date: at(7),
			Author: Author{61006, "rook", "Rook", ""}, FeaturedMedia: map[string]any{}}},
	}
	return m
}

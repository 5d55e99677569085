package clean

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Talking with Your Dog or&nbsp;Cat.", "Talking with Your Dog or Cat."},
		{"Tom &amp; Jerry&#8217;s <em>Kitchen</em>", "Tom & Jerry’s Kitchen"},
		{`<script>alert("name")</script><img src=x onerror=alert(1)>Totally Normal Blog`, "Totally Normal Blog"},
		{"<em>Crispy</em> &amp; tender: the &#8220;no-fail&#8221; roast potatoes", "Crispy & tender: the “no-fail” roast potatoes"},
		{"Animals of the Pacific Northwest ", "Animals of the Pacific Northwest"},
		{"  many\n\n spaces\t here ", "many spaces here"},
		{"&lt;script&gt;alert(1)&lt;/script&gt;", "<script>alert(1)</script>"}, // text, escaped again on output
		{"&amp;amp;", "&amp;"}, // text is decoded once (titles twice: TestTitle)
		{"AT&T", "AT&T"},
		{"東京の朝ごはん", "東京の朝ごはん"},
		{"Разводные мосты &mdash; ночью", "Разводные мосты — ночью"},
		{"a\u202eevil\u202c b", "aevil b"},
		{"bad \xff byte", "bad byte"},
		{"<style>p{color:red}</style>Styled", "Styled"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := Text(tt.in); got != tt.want {
			t.Errorf("Text(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTitle(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"It&amp;#8217;s", "It’s"},             // encoded twice: decoded twice, as Calypso does
		{"&amp;amp;amp;", "&amp;"},             // at most twice
		{"Tom &amp;amp; Jerry", "Tom & Jerry"}, // twice
		{"<em>Crispy</em> &amp; tender", "Crispy & tender"},
		{"AT&T", "AT&T"},
	} {
		if got := Title(tt.in); got != tt.want {
			t.Errorf("Title(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestExcerptCutsByRunesAtWords(t *testing.T) {
	tests := []struct {
		in   string
		max  int
		want string
	}{
		{"<p>Bunny, a young sheepadoodle dog, has gained popularity on TikTok. [&hellip;]</p>\n", 200,
			"Bunny, a young sheepadoodle dog, has gained popularity on TikTok."},
		{"<p>Rain on the window. Tea going cold.</p>", 20, "Rain on the window…"},
		{"納豆と卵かけご飯と味噌汁と焼き魚", 8, "納豆と卵かけご…"},
		{"short", 10, "short"},
		{`<p>Crust, crumb, patience. <a class="more-link" href="https://x.example/">Continue reading <span class="screen-reader-text">It’s bread</span> <span class="meta-nav">&rarr;</span></a></p>`, 200,
			"Crust, crumb, patience."},
		{"Played the Sicilian again. Still fun. Continue reading →", 200, "Played the Sicilian again. Still fun."},
		{"Lost again… Read More »", 200, "Lost again"},
		{"How to continue reading when tired: tea, a lamp, and a good chair for a long evening of it.", 200,
			"How to continue reading when tired: tea, a lamp, and a good chair for a long evening of it."},
		{"Let's spread more love…", 200, "Let's spread more love…"},
		{"The thread more or less died…", 200, "The thread more or less died…"},
		{"I want to read more about history and the things that…", 200, "I want to read more about history and the things that…"},
		{"A long walk. Continue reading “The Ridge at Dawn”", 200, "A long walk."},
		{"Short. Read more…", 200, "Short."},
		{strings.Repeat("word ", 2000) + "end. Continue reading →", 20000, strings.TrimSpace(strings.Repeat("word ", 2000)) + " end."},
		{"anything", 0, ""},
	}
	for _, tt := range tests {
		got := Excerpt(tt.in, tt.max)
		if got != tt.want || utf8.RuneCountInString(got) > tt.max {
			t.Errorf("Excerpt(%q, %d) = %q, want %q", tt.in, tt.max, got, tt.want)
		}
	}
}

func TestURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://animalsofpnw.com/2020/09/30/x/", "https://animalsofpnw.com/2020/09/30/x/"},
		{"HTTP://Example.COM/Path?q=1", "http://example.com/Path?q=1"},
		{"javascript:alert('post')", ""},
		{"JavaScript:alert(1)", ""},
		{"javascript:alert(document.cookie)//hostile.example", ""},
		{"data:image/svg+xml,<svg onload=alert(5)>", ""},
		{"//evil.example/x", ""},
		{"/relative", ""},
		{"https://user:pw@example.com/", ""},
		{"https://example.com/a b", ""},
		{`https://example.com/"onmouseover="x`, ""},
		{"mailto:x@example.com", ""},
		{"", ""},
	}
	for _, tt := range tests {
		if got := URL(tt.in); got != tt.want {
			t.Errorf("URL(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzText(f *testing.F) {
	for _, s := range []string{"Tom &amp; Jerry", "<script>x</script>y", "&#0;", "\xff\xfe", "<a href='javascript:x'>t</a>", "&lt;b&gt;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := Text(s)
		if !utf8.ValidString(out) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if strings.TrimSpace(out) != out || strings.Contains(out, "  ") {
			t.Fatalf("unfolded space in %q", out)
		}
		for _, r := range out {
			if r < 0x20 || r == 0x7f {
				t.Fatalf("control character %U in %q", r, out)
			}
		}
		if !strings.ContainsAny(s, "<>&") && utf8.ValidString(s) && len(out) > len(s) {
			t.Fatalf("plain text grew: %q -> %q", s, out)
		}
		if got := Excerpt(s, 40); utf8.RuneCountInString(got) > 40 {
			t.Fatalf("excerpt too long: %q", got)
		}
	})
}

func FuzzURL(f *testing.F) {
	for _, s := range []string{"https://example.com/", "javascript:alert(1)", "HTTP://X", "//x", "data:,x", "https://a@b/"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := URL(s)
		if out == "" {
			return
		}
		if !strings.HasPrefix(out, "http://") && !strings.HasPrefix(out, "https://") {
			t.Fatalf("URL(%q) = %q is not http(s)", s, out)
		}
		if strings.ContainsAny(out, " \"'<>`") {
			t.Fatalf("URL(%q) = %q holds a character that breaks attributes", s, out)
		}
		if URL(out) != out {
			t.Fatalf("URL not stable: %q -> %q -> %q", s, out, URL(out))
		}
	})
}

func TestBytes(t *testing.T) {
	for _, tt := range []struct {
		in   string
		n    int
		want string
	}{
		{"en", 32, "en"},
		{"abcdef", 3, "abc"},
		{"héllo", 2, "h"}, // é is two bytes: not split
		{"日本語", 7, "日本"},
		{"x", 0, ""},
		{"x", -1, ""},
	} {
		if got := Bytes(tt.in, tt.n); got != tt.want {
			t.Errorf("Bytes(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

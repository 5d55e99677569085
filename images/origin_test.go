package images

import "testing"

func TestSmaller(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"https://secure.gravatar.com/blavatar/4d5d4c?s=96&d=identicon", "https://secure.gravatar.com/blavatar/4d5d4c?d=identicon&s=80"},
		{"https://0.gravatar.com/avatar/abc", "https://0.gravatar.com/avatar/abc?s=80"},
		{"https://animalsofpnw.files.wordpress.com/2020/09/pets.jpg?w=1024", "https://animalsofpnw.files.wordpress.com/2020/09/pets.jpg?resize=80%2C80"},
		{"https://i0.wp.com/example.org/wp-content/uploads/a.jpg?fit=1200%2C800&ssl=1", "https://i0.wp.com/example.org/wp-content/uploads/a.jpg?resize=80%2C80&ssl=1"},
		{"https://example.wordpress.com/files/2020/01/a.png", "https://example.wordpress.com/files/2020/01/a.png?resize=80%2C80"},
		{"https://example.wordpress.com/2020/01/a-post/", "https://example.wordpress.com/2020/01/a-post/"}, // a page, not media
		{"https://evilgravatar.com/avatar/x", "https://evilgravatar.com/avatar/x"},
		{"https://example.org/wp-content/uploads/a.jpg", "https://example.org/wp-content/uploads/a.jpg"},
		{"https://notwp.com.example/a.jpg", "https://notwp.com.example/a.jpg"},
		{"::not a url", "::not a url"},
	} {
		if got := Smaller(tc.in, 80); got != tc.want {
			t.Errorf("Smaller(%q)\n got %s\nwant %s", tc.in, got, tc.want)
		}
	}
}
